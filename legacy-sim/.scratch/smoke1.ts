import { startBackend } from '/work/main/legacy-sim/backend.ts';
import { Dealer } from 'zeromq';
const t0 = performance.now();
const b = await startBackend({ staticPorts: false, engines: { fast: 1, slow: 1 }, collector: { shelvesDir: '/tmp/smoke-shelves', scale: 0.01, statusCache: true, fsync: false, shelveLatencyMs: 0, crashOnBadFrame: false, perReplyCostMs: 1.8, printRequests: false }, log: (l) => console.error('LOG', l) });
console.log('started in', performance.now() - t0, b.ports);
const d = new Dealer({ routingId: 'client9.collect.DEALER' }); d.connect(b.ports.collect_pull_url);
const e = new Dealer({ routingId: 'client9.engine.DEALER' }); e.connect(b.ports.engine_pull_url);
async function ask(s: Dealer, m: unknown) { const t = performance.now(); await s.send(JSON.stringify(m)); const [r] = await s.receive(); return [JSON.parse(r.toString()), (performance.now() - t).toFixed(2)]; }
console.log(await ask(d, { action: 'job_id_list' }));
console.log(await ask(d, { action: 'job_status', jobid: 'abc' }));
console.log(await ask(d, { action: 'job_status', jobid: 'a b' }));
console.log(await ask(d, { action: 'nope' }));
const q = await ask(e, { action: 'helloworld', args: [], kwargs: { time_: 1 }, callback_url: null, callback_method: null, request: {}, lane: 'fast' });
console.log(q);
const jobid = (q[0] as { jobid: string }).jobid;
for (let i = 0; i < 20; i++) { const s = await ask(d, { action: 'job_status', jobid }); console.log(s); if ((s[0] as {jobstatus:string}).jobstatus === 'completed' || (s[0] as {jobstatus:string}).jobstatus === 'exception') break; await new Promise(r => setTimeout(r, 20)); }
console.log(JSON.stringify(await ask(d, { action: 'job_result', jobid })));
console.log(JSON.stringify(await ask(d, { action: 'job_input', jobid })));
console.log(JSON.stringify(await ask(d, { action: 'job_status_dict' })));
console.log(await b.supervisor.collectorStats());
d.close(); e.close();
await b.supervisor.stop();
console.log('stopped');
