import { BlockingCallback } from '../collector/callback.ts';
import { createServer } from 'node:http';
const server = createServer((req, res) => { console.log('got', req.method, req.url); res.end('ok'); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const { fork } = await import('node:child_process');
void fork;
const cb = await BlockingCallback.start();
setTimeout(() => { console.log('main alive'); }, 10);
// Run in a child so blocking doesn't prevent our server from answering
if (process.argv[2] === 'child') {
  console.log('status', cb.call(process.argv[3], 'POST', { jobid: 'x' }));
  process.exit(0);
} else {
  const c = fork(new URL(import.meta.url), ['child', `http://127.0.0.1:${port}/cb`], { execArgv: ['--import', 'tsx'] });
  c.on('exit', (code) => { console.log('child exit', code); server.close(); });
}
