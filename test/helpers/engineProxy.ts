// A unix socket that forwards to the real engine, which a test can take away mid-operation (every open
// connection cut, as when the daemon dies) and bring back, as a daemon restart would.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class EngineProxy {
  private server: Server | undefined;
  private readonly open = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly target: string,
  ) {}

  start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.open.add(socket);
        socket.on('close', () => this.open.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((resolve) => this.server!.listen(this.path, resolve));
  }

  /** Stops listening and cuts every connection in flight. */
  stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
