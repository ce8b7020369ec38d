import { createLegacyTarget } from '../target.ts';
import { PRE_MITIGATION } from '../options.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { JobServiceFactory } from '../../harness/contract/job-service.ts';
const t = createLegacyTarget({ name: 'x', summary: '', options: { printRequests: true, mitigations: PRE_MITIGATION } });
const lines: string[] = [];
const h = await t.start({ runId: 'x', runDir: '/tmp/smoke-run', scale: 0.01, durability: 'relaxed', seed: 1, historicalJobs: 200, threads: 2, engines: { fast: 1, slow: 1 }, log: (l) => { lines.push(l.slice(0, 160)); } });
const c = h.connection(0);
const mod = (await import(c.serviceModule)) as { createJobService: JobServiceFactory };
const s = await mod.createJobService(c.info, { threadIndex: 0, prometheus: PrometheusGate.create(h.heartbeatPolicy) });
let bad = 0;
for (let k = 0; k < 20; k++) {
  lines.length = 0;
  const a = await s.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'fast' });
  const b = await s.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'slow' });
  let st = null;
  for (let i = 0; i < 200; i++) { st = await s.jobStatus(a.jobid); if (st === 'completed') break; await new Promise(r => setTimeout(r, 1)); }
  if (st !== 'completed') { bad++; console.log('STUCK', st); console.log(lines.filter(l => !l.includes('job_status')).join('\n')); break; }
  void b;
}
console.log('bad', bad);
await s.close(); await h.stop();
