/**
 * The port dict (WBIA `JobBackend._initialize_job_ports`): five keys on
 * tcp://127.0.0.1, static from 51381 in this key order, or random free ports.
 */
import { createServer } from 'node:net';
import { STATIC_PORT_ROOT } from './constants.ts';

export const PORT_KEYS = ['collect_pull_url', 'collect_push_url', 'engine_pull_url', 'engine_fast_push_url', 'engine_slow_push_url'] as const;
export type PortKey = (typeof PORT_KEYS)[number];
export type PortDict = Record<PortKey, string>;

const HOST = '127.0.0.1';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function makePortDict(staticPorts: boolean): Promise<PortDict> {
  const ports: number[] = [];
  if (staticPorts) {
    for (let i = 0; i < PORT_KEYS.length; i += 1) ports.push(STATIC_PORT_ROOT + i);
  } else {
    while (ports.length < PORT_KEYS.length) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    ports.sort((a, b) => a - b);
  }
  return Object.fromEntries(PORT_KEYS.map((k, i) => [k, `tcp://${HOST}:${ports[i]}`])) as PortDict;
}

export function lanePushKey(lane: 'fast' | 'slow'): PortKey {
  return lane === 'fast' ? 'engine_fast_push_url' : 'engine_slow_push_url';
}
