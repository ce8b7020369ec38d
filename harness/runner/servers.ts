/**
 * Does the server a target needs answer? Addresses from the usual
 * environment (PGHOST/PGPORT, REDIS_URL), one TCP connect each. The runner
 * and the tests' skip-or-fail check (test/support/servers.ts) both ask here.
 */
import { Socket } from 'node:net';
import type { ServerKind } from '../contract/target.ts';

export function serverAddress(kind: ServerKind): { host: string; port: number } {
  if (kind === 'postgres') return { host: process.env.PGHOST || '127.0.0.1', port: Number(process.env.PGPORT || 5432) };
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  return { host: url.hostname, port: Number(url.port || 6379) };
}

export function reachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** null when every needed server answers, else one line saying what was tried. */
export async function missingServer(needs: readonly ServerKind[], timeoutMs = 1000): Promise<string | null> {
  for (const kind of needs) {
    const { host, port } = serverAddress(kind);
    if (!(await reachable(host, port, timeoutMs))) return `${kind} is not reachable at ${host}:${port} (set ${kind === 'postgres' ? 'PGHOST/PGPORT' : 'REDIS_URL'} or start the server)`;
  }
  return null;
}
