/**
 * A callback endpoint on 127.0.0.1 that answers after a fixed (scaled)
 * delay: the slow client the legacy collector's `store` blocks on (LEGACY.md
 * "Collector actions": a blocking HTTP request with no timeout). Port 0, so
 * tests and runs never collide.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackServer {
  url: string;
  /** Requests answered so far. */
  readonly hits: number;
  close(): Promise<void>;
}

export async function startCallbackServer(delayMs: number): Promise<CallbackServer> {
  let hits = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        hits++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }, delayMs);
      timers.add(timer);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    get hits() {
      return hits;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
