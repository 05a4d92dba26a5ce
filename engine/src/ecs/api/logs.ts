// The CloudWatch Logs subset ECS users read their tasks' output with (`Logs_20140328.*` on the same
// endpoint): CreateLogGroup, DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents. The
// streams are those of `awslogs` containers, read from the engine's logs (awslogs.ts); groups are those
// the containers name plus those created here.
import { LOCAL_ACCOUNT } from '../arn';
import { listAwslogsStreams, readLogEvents, type AwslogsStream, type LogEvent } from '../awslogs';
import type { ApiContext, Handler, Input } from './context';
import { AwsError, invalidParameter, paginate } from './protocol';
import type { ShapeSet } from './shapes';

/** The request shapes of the operations served (from the CloudWatch Logs API), to check requests with. */
export const LOGS_SHAPES: ShapeSet = {
  CreateLogGroupRequest: {
    type: 'structure',
    required: ['logGroupName'],
    members: {
      logGroupName: { shape: 'String' },
      kmsKeyId: { shape: 'String' },
      tags: { shape: 'Tags' },
      logGroupClass: { shape: 'String' },
    },
  },
  DescribeLogGroupsRequest: {
    type: 'structure',
    members: {
      logGroupNamePrefix: { shape: 'String' },
      logGroupNamePattern: { shape: 'String' },
      nextToken: { shape: 'String' },
      limit: { shape: 'Integer' },
    },
  },
  DescribeLogStreamsRequest: {
    type: 'structure',
    members: {
      logGroupName: { shape: 'String' },
      logGroupIdentifier: { shape: 'String' },
      logStreamNamePrefix: { shape: 'String' },
      orderBy: { shape: 'OrderBy' },
      descending: { shape: 'Boolean' },
      nextToken: { shape: 'String' },
      limit: { shape: 'Integer' },
    },
  },
  GetLogEventsRequest: {
    type: 'structure',
    required: ['logStreamName'],
    members: {
      logGroupName: { shape: 'String' },
      logGroupIdentifier: { shape: 'String' },
      logStreamName: { shape: 'String' },
      startTime: { shape: 'Long' },
      endTime: { shape: 'Long' },
      nextToken: { shape: 'String' },
      limit: { shape: 'Integer' },
      startFromHead: { shape: 'Boolean' },
      unmask: { shape: 'Boolean' },
    },
  },
  FilterLogEventsRequest: {
    type: 'structure',
    members: {
      logGroupName: { shape: 'String' },
      logGroupIdentifier: { shape: 'String' },
      logStreamNames: { shape: 'StringList' },
      logStreamNamePrefix: { shape: 'String' },
      startTime: { shape: 'Long' },
      endTime: { shape: 'Long' },
      filterPattern: { shape: 'String' },
      nextToken: { shape: 'String' },
      limit: { shape: 'Integer' },
      interleaved: { shape: 'Boolean' },
      unmask: { shape: 'Boolean' },
    },
  },
  String: { type: 'string' },
  StringList: { type: 'list', member: { shape: 'String' } },
  Integer: { type: 'integer' },
  Long: { type: 'long' },
  Boolean: { type: 'boolean' },
  OrderBy: { type: 'string', enum: ['LogStreamName', 'LastEventTime'] },
  Tags: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' } },
};

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const MAX_EVENTS = 10_000;
/** CloudWatch answers at most 1 MB of events at a time. */
const MAX_BYTES = 1024 * 1024;

export const logOperations: Record<string, Handler> = {
  async CreateLogGroup(input, context) {
    const name = String(input['logGroupName']);
    if (!GROUP_NAME.test(name))
      throw invalidParameter(`Log group names hold 1 to 512 of a-z, A-Z, 0-9, '_', '-', '/', '.' and '#'; "${name}" does not.`);
    if ((await groupNames(context)).has(name))
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    context.cluster.state.update((state) => void (state.logGroups[name] = { createdAt: new Date().toISOString() }));
    return {};
  },

  async DescribeLogGroups(input, context) {
    const prefix = String(input['logGroupNamePrefix'] ?? '');
    const pattern = String(input['logGroupNamePattern'] ?? '');
    const created = context.cluster.state.read().logGroups;
    const streams = await listAwslogsStreams(context.docker, context.labels);
    const names = [...(await groupNames(context, streams))].filter((n) => n.startsWith(prefix) && n.includes(pattern)).sort();
    const { page, nextToken } = paginate(
      names,
      { nextToken: input['nextToken'], maxResults: input['limit'] },
      { defaultSize: 50, maxSize: 50 },
    );
    return {
      logGroups: page.map((name) => {
        const creationTime = created[name]
          ? Date.parse(created[name].createdAt)
          : Math.min(...streams.filter((s) => s.group === name).map((s) => s.createdAt));
        return {
          logGroupName: name,
          creationTime,
          retentionInDays: created[name]?.retentionInDays,
          metricFilterCount: 0,
          arn: `${groupArn(context, name)}:*`,
          logGroupArn: groupArn(context, name),
          storedBytes: 0,
          logGroupClass: 'STANDARD',
        };
      }),
      nextToken,
    };
  },

  async DescribeLogStreams(input, context) {
    const group = groupOf(input);
    const streams = (await streamsOf(context, group)).filter((s) => s.stream.startsWith(String(input['logStreamNamePrefix'] ?? '')));
    if (input['orderBy'] === 'LastEventTime' && input['logStreamNamePrefix'] !== undefined)
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const described = await Promise.all(streams.map((s) => describeStream(context, s)));
    const byTime = input['orderBy'] === 'LastEventTime';
    described.sort((a, b) =>
      byTime ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) : a.logStreamName.localeCompare(b.logStreamName),
    );
    if (input['descending'] === true) described.reverse();
    const { page, nextToken } = paginate(
      described,
      { nextToken: input['nextToken'], maxResults: input['limit'] },
      { defaultSize: 50, maxSize: 50 },
    );
    return { logStreams: page, nextToken };
  },

  async GetLogEvents(input, context) {
    const group = groupOf(input);
    const name = String(input['logStreamName']);
    const stream = (await streamsOf(context, group)).find((s) => s.stream === name);
    if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = eventLimit(input);
    const events = inWindow(await readLogEvents(context.docker, stream.containerId), input);
    const token = input['nextToken'] === undefined ? undefined : parseEventToken(String(input['nextToken']), events.length);
    let start: number;
    let end: number;
    if (token?.direction === 'b') {
      end = token.index;
      start = Math.max(0, end - limit);
    } else if (token?.direction === 'f') {
      start = token.index;
      end = Math.min(events.length, start + limit);
    } else if (input['startFromHead'] === true) {
      start = 0;
      end = Math.min(events.length, limit);
    } else {
      end = events.length;
      start = Math.max(0, end - limit);
    }
    const page = withinBytes(events.slice(start, end));
    return {
      events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp })),
      // At the end the forward token comes back unchanged: the way callers know to stop.
      nextForwardToken: `f/${String(start + page.length).padStart(20, '0')}`,
      nextBackwardToken: `b/${String(start).padStart(20, '0')}`,
    };
  },

  async FilterLogEvents(input, context) {
    const group = groupOf(input);
    const names = Array.isArray(input['logStreamNames']) ? new Set(input['logStreamNames'] as string[]) : undefined;
    if (names && input['logStreamNamePrefix'] !== undefined)
      throw invalidParameter('Give logStreamNames or logStreamNamePrefix, not both.');
    const prefix = String(input['logStreamNamePrefix'] ?? '');
    const matches = compileFilterPattern(String(input['filterPattern'] ?? ''));
    const streams = (await streamsOf(context, group)).filter((s) => (names ? names.has(s.stream) : s.stream.startsWith(prefix)));
    const perStream = await Promise.all(
      streams.map(async (s) =>
        inWindow(await readLogEvents(context.docker, s.containerId), input).map((event, index) => ({ ...event, stream: s.stream, index })),
      ),
    );
    const events = perStream
      .flat()
      .filter((e) => matches(e.message))
      .sort((a, b) => a.timestamp - b.timestamp || a.stream.localeCompare(b.stream) || a.index - b.index);
    const { page, nextToken } = paginate(
      events,
      { nextToken: input['nextToken'], maxResults: input['limit'] },
      { defaultSize: MAX_EVENTS, maxSize: MAX_EVENTS },
    );
    return {
      events: withinBytes(page).map((e) => ({
        logStreamName: e.stream,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp,
        eventId: eventId(e.stream, e.index, e.timestamp),
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.stream, searchedCompletely: true })),
      nextToken,
    };
  },
};

function groupArn(context: ApiContext, name: string): string {
  return `arn:aws:logs:${context.caller.region}:${LOCAL_ACCOUNT}:log-group:${name}`;
}

/** `logGroupName`, or `logGroupIdentifier` (a name or an ARN); one of them, not both. */
function groupOf(input: Input): string {
  const name = input['logGroupName'] as string | undefined;
  const identifier = input['logGroupIdentifier'] as string | undefined;
  if (name !== undefined && identifier !== undefined) throw invalidParameter('Give logGroupName or logGroupIdentifier, not both.');
  const given = name ?? identifier;
  if (given === undefined) throw invalidParameter('Missing required parameter logGroupName (or logGroupIdentifier).');
  const arn = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(given);
  return arn ? arn[1]! : given;
}

async function groupNames(context: ApiContext, streams?: readonly AwslogsStream[]): Promise<Set<string>> {
  const found = streams ?? (await listAwslogsStreams(context.docker, context.labels));
  return new Set([...Object.keys(context.cluster.state.read().logGroups), ...found.map((s) => s.group)]);
}

async function streamsOf(context: ApiContext, group: string): Promise<AwslogsStream[]> {
  const streams = await listAwslogsStreams(context.docker, context.labels);
  if (!streams.some((s) => s.group === group) && !context.cluster.state.read().logGroups[group])
    throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
  return streams.filter((s) => s.group === group);
}

async function describeStream(context: ApiContext, stream: AwslogsStream) {
  const [last] = await readLogEvents(context.docker, stream.containerId, { tail: 1 }).catch((): LogEvent[] => []);
  return {
    logStreamName: stream.stream,
    creationTime: stream.createdAt,
    firstEventTimestamp: last ? stream.createdAt : undefined,
    lastEventTimestamp: last?.timestamp,
    lastIngestionTime: last?.timestamp,
    arn: `${groupArn(context, stream.group)}:log-stream:${stream.stream}`,
    storedBytes: 0,
  };
}

function eventLimit(input: Input): number {
  const limit = input['limit'] === undefined ? MAX_EVENTS : Number(input['limit']);
  if (limit < 1 || limit > MAX_EVENTS) throw invalidParameter(`limit must be between 1 and ${MAX_EVENTS}.`);
  return limit;
}

/** `startTime` inclusive, `endTime` exclusive, in milliseconds. */
function inWindow(events: readonly LogEvent[], input: Input): LogEvent[] {
  const start = input['startTime'] as number | undefined;
  const end = input['endTime'] as number | undefined;
  return events.filter((e) => (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp < end));
}

function parseEventToken(token: string, count: number): { direction: 'f' | 'b'; index: number } {
  const match = /^([fb])\/(\d{1,20})$/.exec(token);
  if (!match) throw invalidParameter('The specified nextToken is invalid.');
  return { direction: match[1] as 'f' | 'b', index: Math.min(Number(match[2]), count) };
}

function withinBytes<T extends LogEvent>(events: readonly T[]): T[] {
  let bytes = 0;
  const kept: T[] = [];
  for (const event of events) {
    bytes += Buffer.byteLength(event.message) + 26;
    if (bytes > MAX_BYTES && kept.length > 0) break;
    kept.push(event);
  }
  return kept;
}

/** CloudWatch's event ids are long digit strings; these are stable for one line of one stream. */
function eventId(stream: string, index: number, timestamp: number): string {
  let hash = 0;
  for (const char of stream) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${String(timestamp).padStart(15, '0')}${String(hash).padStart(10, '0')}${String(index).padStart(10, '0')}`;
}

/**
 * CloudWatch's term patterns: every term must appear (`ERROR timeout`), a quoted phrase as written
 * (`"connection refused"`), `-term` must not appear, and `?a ?b` matches either. JSON (`{ $.x = 1 }`)
 * and space-delimited (`[ip, user, ...]`) patterns are not read here, and say so.
 */
export function compileFilterPattern(pattern: string): (message: string) => boolean {
  const text = pattern.trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('['))
    throw invalidParameter(
      'The local endpoint reads term patterns only (words, "quoted phrases", -excluded, ?either); JSON and space-delimited patterns are not supported.',
    );
  const terms = [...text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map((m) => ({
    kind: m[1] === '?' ? 'any' : m[1] === '-' ? 'not' : 'all',
    text: (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'),
  }));
  const anyOf = terms.filter((t) => t.kind === 'any');
  return (message) =>
    terms.every((t) => (t.kind === 'all' ? message.includes(t.text) : t.kind === 'not' ? !message.includes(t.text) : true)) &&
    (anyOf.length === 0 || anyOf.some((t) => message.includes(t.text)));
}
