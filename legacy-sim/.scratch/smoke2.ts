import { legacyTarget } from '../target.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { JobServiceFactory } from '../../harness/contract/job-service.ts';
const t0 = performance.now();
const h = await legacyTarget.start({ runId: 'x', runDir: '/tmp/smoke-run', scale: 0.01, durability: 'relaxed', seed: 1, historicalJobs: 50, threads: 2, engines: { fast: 1, slow: 1 }, log: (l) => console.error('LOG', l) });
console.log('start', (performance.now() - t0).toFixed(0), h.startup);
const gate = PrometheusGate.create(h.heartbeatPolicy);
const c = h.connection(0);
const mod = (await import(c.serviceModule)) as { createJobService: JobServiceFactory };
const s = await mod.createJobService(c.info, { threadIndex: 0, prometheus: gate });
console.log((await s.jobIdList()).length);
const q = await s.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 1 }, lane: 'fast' });
console.log(q, s.trace);
for (let i = 0; i < 50; i++) { const st = await s.jobStatus(q.jobid); if (st === 'completed') break; await new Promise(r => setTimeout(r, 10)); }
console.log(await s.jobResult(q.jobid), await s.jobMetadata(q.jobid));
console.log(await s.heartbeat());
console.log(Object.keys(await s.jobStatusDict({ limit: 5 })).length);
try { await s.jobStatus('bad id'); } catch (e) { console.log('err', (e as Error).name); }
console.log(JSON.stringify(await h.collectStats!()).slice(0, 600));
await s.close();
await h.stop();
console.log('done');
