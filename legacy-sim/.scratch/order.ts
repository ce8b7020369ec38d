import { createLegacyTarget } from '../target.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { JobServiceFactory } from '../../harness/contract/job-service.ts';
const t = createLegacyTarget({ name: 'x', summary: '', options: { printRequests: true } });
const h = await t.start({ runId: 'x', runDir: '/tmp/smoke-run', scale: 0.01, durability: 'relaxed', seed: 1, historicalJobs: 0, threads: 2, engines: { fast: 1, slow: 1 }, log: (l) => { if (l.includes('on_collect')) console.error(l.slice(0, 140)); } });
const c = h.connection(0);
const mod = (await import(c.serviceModule)) as { createJobService: JobServiceFactory };
const s = await mod.createJobService(c.info, { threadIndex: 0, prometheus: PrometheusGate.create(h.heartbeatPolicy) });
for (let k = 0; k < 3; k++) {
const q = await s.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'fast' });
await new Promise(r => setTimeout(r, 300));
console.error('status', await s.jobStatus(q.jobid), JSON.stringify((await s.jobMetadata(q.jobid))?.times));
}
await s.close(); await h.stop();
