/**
 * Helper thread of the collector's blocking callback (see callback.ts): does
 * one HTTP request with no timeout, then wakes the collector's main thread.
 */
import { request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import type { CallbackJob } from './callback.ts';

function perform(job: CallbackJob): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(job.url);
    const form = new URLSearchParams(job.data).toString();
    if (job.method === 'GET') url.search = form;
    const body = job.method === 'GET' ? null : form;
    const req = request(
      url,
      {
        method: job.method,
        headers: body === null ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(-1));
      },
    );
    req.on('error', () => resolve(-1));
    if (body !== null) req.write(body);
    req.end();
  });
}

parentPort?.postMessage('ready');
parentPort?.on('message', (job: CallbackJob) => {
  void perform(job).then((status) => {
    const cells = new Int32Array(job.cells);
    Atomics.store(cells, 1, status);
    Atomics.store(cells, 0, 1);
    Atomics.notify(cells, 0);
  });
});
