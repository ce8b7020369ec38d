/**
 * Tests that need PostgreSQL or Redis ask here first. Without the server they
 * are skipped with a message that says so, except under CI (CI=true), where
 * a missing server is a failure: CI refuses to skip them.
 */
import { Socket } from 'node:net';

export type ServerName = 'postgres' | 'redis';

const DEFAULTS: Record<ServerName, () => { host: string; port: number }> = {
  postgres: () => ({ host: process.env.PGHOST || '127.0.0.1', port: Number(process.env.PGPORT || 5432) }),
  redis: () => {
    const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    return { host: url.hostname, port: Number(url.port || 6379) };
  },
};

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
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

/**
 * Resolve to `false` (run the tests) when the server answers, or to a skip
 * message when it does not. Throws under CI=true.
 */
export async function skipUnlessServer(name: ServerName): Promise<string | false> {
  const { host, port } = DEFAULTS[name]();
  if (await reachable(host, port)) return false;
  const message = `${name} is not reachable at ${host}:${port}: tests that need it were SKIPPED`;
  if (process.env.CI === 'true') throw new Error(`${message.replace(' were SKIPPED', '')} and CI=true refuses to skip them`);
  console.warn(`# ${message}`);
  return message;
}
