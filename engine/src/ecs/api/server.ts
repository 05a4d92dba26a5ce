// `dockside ecs serve`: an HTTP endpoint that speaks the ECS API as AWS does (AWS JSON 1.1), with the
// CloudWatch Logs subset ECS users read their tasks with and STS GetCallerIdentity, so the AWS CLI, the
// SDKs and deploy scripts drive the local engine. It runs everything through the one local cluster
// model the sidebar uses (cluster.ts). It listens on loopback unless told otherwise, accepts any SigV4
// signature without checking it, caps request bodies, and answers every bad request with an AWS-shaped
// error: no input stops it serving.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Docker from 'dockerode';
import type { LocalCluster } from '../cluster';
import { clusterOperations } from './clusters';
import { ec2ErrorXml, ec2Operations } from './ec2';
import type { ApiContext, Handler } from './context';
import { logOperations, LOGS_SHAPES } from './logs';
import {
  AwsError,
  callerOf,
  ECS_TARGET_PREFIX,
  JSON_CONTENT_TYPE,
  LOGS_TARGET_PREFIX,
  parseBody,
  parseTarget,
  STS_TARGET_PREFIX,
  toAwsError,
  toWire,
  type Caller,
} from './protocol';
import { serviceOperations } from './services';
import { checkInput, ECS_OPERATIONS, ECS_SHAPES, type ShapeSet } from './shapes';
import { callerIdentity, callerIdentityXml, queryErrorXml } from './sts';
import { tagOperations } from './tags';
import { taskDefinitionOperations } from './taskDefinitions';
import { taskOperations } from './tasks';

export const DEFAULT_ENDPOINT_PORT = 4566;
/** Requests are small JSON documents: a megabyte holds the largest task definition ECS accepts many times over. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** A body past this is not even read to its end: the connection is closed. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export interface EcsEndpointOptions {
  readonly cluster: LocalCluster;
  readonly docker: Docker;
  readonly host?: string;
  /** 0 takes a free port. */
  readonly port?: number;
  readonly maxBodyBytes?: number;
  /** Narrows what is read from the engine (`key=value`), as the cluster's labels do. */
  readonly labels?: readonly string[];
  /** One line per request (operation, status, time). */
  readonly log?: (line: string) => void;
}

interface Service {
  readonly handlers: Readonly<Record<string, Handler>>;
  readonly shapes: ShapeSet;
  readonly inputShape: (operation: string) => string;
}

const ECS: Service = {
  handlers: { ...clusterOperations, ...taskDefinitionOperations, ...taskOperations, ...serviceOperations, ...tagOperations },
  shapes: ECS_SHAPES,
  inputShape: (operation) => ECS_OPERATIONS[operation]!.input,
};

const LOGS: Service = { handlers: logOperations, shapes: LOGS_SHAPES, inputShape: (operation) => `${operation}Request` };

/** The operations this endpoint serves, by service, for the README and the usage text. */
export const SERVED_OPERATIONS = {
  ecs: Object.keys(ECS.handlers).sort(),
  logs: Object.keys(LOGS.handlers).sort(),
  sts: ['GetCallerIdentity'],
  ec2: Object.keys(ec2Operations).sort(),
};

export class EcsEndpoint {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(options: EcsEndpointOptions): Promise<EcsEndpoint> {
    const server = createServer();
    const endpoint = new Handling(options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void endpoint.handle(request, response));
    // A broken client connection is the client's business: never the server's end.
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_ENDPOINT_PORT, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new EcsEndpoint(server, `http://${host}:${address.port}`);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops accepting requests and closes the connections clients keep open. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

class Handling {
  private readonly maxBody: number;

  constructor(private readonly options: EcsEndpointOptions) {
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    const target = request.headers['x-amz-target'];
    let label = typeof target === 'string' ? target : `${request.method ?? '?'} ${request.url ?? ''}`;
    try {
      response.setHeader('x-amzn-RequestId', requestId);
      const body = await readBody(request, this.maxBody);
      if (body === 'too-large') {
        sendError(
          response,
          new AwsError(
            'RequestEntityTooLargeException',
            `The request body is larger than ${this.maxBody} bytes, the most this endpoint reads.`,
            413,
          ),
        );
      } else if (request.method === 'GET' && (request.url === '/' || request.url === '/health')) {
        sendJson(response, 200, { service: 'dockside ecs', status: 'running', operations: SERVED_OPERATIONS });
      } else if (request.method !== 'POST') {
        sendError(
          response,
          new AwsError(
            'UnknownOperationException',
            `${request.method ?? 'This method'} is not an AWS API call; send POST / with X-Amz-Target.`,
            405,
          ),
        );
      } else if (typeof target === 'string') {
        await this.answerJson(target, body, request, response);
      } else {
        label = await this.answerQuery(body, request, response, requestId);
      }
    } catch (error) {
      // Whatever happened, the client gets an answer and the server keeps serving.
      if (!response.headersSent) sendError(response, toAwsError(error));
      else response.destroy();
    }
    this.options.log?.(`${label} ${response.statusCode} ${Date.now() - started} ms`);
  }

  private async answerJson(target: string, body: Buffer, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = parseTarget(target);
    const caller = callerOf(request.headers.authorization);
    if (parsed?.prefix === STS_TARGET_PREFIX && parsed.operation === 'GetCallerIdentity') {
      sendJson(response, 200, callerIdentity(caller));
      return;
    }
    const service = parsed?.prefix === ECS_TARGET_PREFIX ? ECS : parsed?.prefix === LOGS_TARGET_PREFIX ? LOGS : undefined;
    const handler = parsed && service && Object.hasOwn(service.handlers, parsed.operation) ? service.handlers[parsed.operation] : undefined;
    if (!parsed || !service || !handler) {
      const served = service ? ` It serves ${Object.keys(service.handlers).sort().join(', ')}.` : '';
      throw new AwsError('UnknownOperationException', `Dockside's local endpoint does not serve ${target}.${served}`);
    }
    const input = parseBody(body);
    checkInput(service.shapes, service.inputShape(parsed.operation), input);
    const output = await handler(input, this.context(caller));
    sendJson(response, 200, toWire(output ?? {}));
  }

  /** The AWS query protocols (a form in, XML out), which STS (GetCallerIdentity) and EC2 (the pickers' Describe calls) speak. */
  private async answerQuery(body: Buffer, request: IncomingMessage, response: ServerResponse, requestId: string): Promise<string> {
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action');
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (!isForm || action === null)
      throw new AwsError('UnknownOperationException', 'Send POST / with an X-Amz-Target header (AWS JSON 1.1).');
    const caller = callerOf(request.headers.authorization);
    const ec2 = Object.hasOwn(ec2Operations, action) ? ec2Operations[action] : undefined;
    if (action === 'GetCallerIdentity') {
      sendXml(response, 200, callerIdentityXml(caller, requestId));
    } else if (ec2) {
      try {
        sendXml(response, 200, await ec2(form, this.context(caller), requestId));
      } catch (error) {
        const failure = toAwsError(error);
        sendXml(response, failure.status, ec2ErrorXml(failure, requestId));
      }
    } else {
      const served = `of STS it serves GetCallerIdentity; of EC2 ${SERVED_OPERATIONS.ec2.join(', ')}.`;
      const message = `Dockside's local endpoint does not serve ${action}; ${served}`;
      if (caller.service === 'ec2') sendXml(response, 400, ec2ErrorXml(new AwsError('InvalidAction', message), requestId));
      else sendXml(response, 400, queryErrorXml('InvalidAction', message, requestId));
    }
    return `Action=${action}`;
  }

  private context(caller: Caller): ApiContext {
    return { cluster: this.options.cluster, docker: this.options.docker, caller, labels: this.options.labels ?? [] };
  }
}

/** The body, or 'too-large' once it passes `max` (the rest is read and dropped, so the client hears the answer). */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > max;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      if (size > DRAIN_LIMIT_BYTES) {
        request.destroy();
        resolve('too-large');
      }
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendXml(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** `{"__type": "ClusterNotFoundException", "message": "…"}`, with the type in a header too, as AWS sends both. */
function sendError(response: ServerResponse, error: AwsError): void {
  response.setHeader('x-amzn-ErrorType', error.type);
  if (error.status === 413) response.setHeader('Connection', 'close');
  sendJson(response, error.status, { __type: error.type, message: error.message });
}
