// A stand-in socket in front of the real engine that holds back the answers to chosen paths, so a test
// can make one engine call slow (the disk-usage walk, say) while every other call goes straight through.
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SlowEngine {
  readonly socketPath: string;
  close(): Promise<void>;
}

export async function slowEngine(upstreamSocket: string, slowPath: RegExp, delayMs: number): Promise<SlowEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'dockside-slow-engine-'));
  const socketPath = join(dir, 'docker.sock');
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((incoming, answer) => {
    const forward = () => {
      const upstream = request(
        { socketPath: upstreamSocket, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (response) => {
          answer.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(answer);
        },
      );
      upstream.on('error', () => answer.destroy());
      incoming.pipe(upstream);
    };
    if (!slowPath.test(incoming.url ?? '')) return forward();
    const timer = setTimeout(() => {
      timers.delete(timer);
      forward();
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
