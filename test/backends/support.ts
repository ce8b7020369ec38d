/** Start a backend target for a test with small settings; build services in this thread. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobService } from '../../harness/contract/job-service.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { Durability, TargetDefinition, TargetHandle, TargetStartOptions } from '../../harness/contract/target.ts';
import { loadJobService } from '../../harness/contract/load-service.ts';

export interface TestTarget {
  handle: TargetHandle;
  runId: string;
  runDir: string;
  service(): Promise<JobService>;
  stop(): Promise<void>;
}

export async function startForTest(
  definition: TargetDefinition,
  overrides: Partial<TargetStartOptions> & { durability?: Durability } = {},
): Promise<TestTarget> {
  const runDir = mkdtempSync(join(tmpdir(), `backends-${definition.name}-`));
  const runId = `t_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const handle = await definition.start({
    runId,
    runDir,
    scale: 0.01,
    durability: 'relaxed',
    seed: 1,
    historicalJobs: 50,
    threads: 4,
    engines: { fast: 1, slow: 1 },
    log: () => {},
    ...overrides,
  });
  const gate = PrometheusGate.create(handle.heartbeatPolicy);
  const services: JobService[] = [];
  return {
    handle,
    runId,
    runDir,
    async service() {
      const connection = handle.connection(services.length);
      const service = await loadJobService(connection.serviceModule, connection.info, { threadIndex: services.length, prometheus: gate });
      services.push(service);
      return service;
    },
    async stop() {
      await Promise.all(services.map((s) => s.close()));
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** A TCP port nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Run `fn` with environment variables set, restoring them after. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
