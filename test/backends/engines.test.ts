/** Engine processes: callbacks never hold up the next job, and no engine outlives a harness that died. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sqliteTarget } from '../../new-backends/sqlite/target.ts';
import { startForTest } from './support.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('engines', () => {
  test('a callback receiver that never answers does not hold up the next job', async () => {
    let hangingOpen = false;
    let hangingArrived: () => void = () => {};
    const hangingSeen = new Promise<void>((resolve) => (hangingArrived = resolve));
    let okBody: (body: string) => void = () => {};
    const okSeen = new Promise<string>((resolve) => (okBody = resolve));
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/hang') {
        hangingOpen = true;
        req.socket.once('close', () => (hangingOpen = false));
        hangingArrived();
        return; // never answer
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.end('ok');
        okBody(body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const target = await startForTest(sqliteTarget, { engines: { fast: 1, slow: 0 } });
    try {
      const service = await target.service();
      await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'fast', callback: { url: `http://127.0.0.1:${port}/hang`, method: 'POST', detailed: false } });
      await hangingSeen;
      const b = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0, echo: 'b' }, lane: 'fast', callback: { url: `http://127.0.0.1:${port}/ok`, method: 'POST', detailed: true } });
      const body = new URLSearchParams(await okSeen);
      assert.equal(hangingOpen, true, 'the first callback is still hanging while the next job completed and called back');
      assert.equal(body.get('jobid'), b.jobid);
      assert.equal(body.get('status'), 'completed');
      assert.deepEqual(JSON.parse(body.get('json_result') ?? 'null'), { helloworld: true, echo: 'b' });
      assert.equal(await service.jobStatus(b.jobid), 'completed');
    } finally {
      await target.stop();
      server.closeAllConnections();
      server.close();
    }
  });

  test('faults: a paused engine takes no job until it resumes; a killed one is gone for good', async () => {
    const target = await startForTest(sqliteTarget, { engines: { fast: 1, slow: 1 } });
    try {
      const service = await target.service();
      const paused = target.handle.faults.pause('engine.fast.0', 300);
      const queued = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'fast' });
      for (let i = 0; i < 5; i++) {
        assert.equal(await service.jobStatus(queued.jobid), 'queued', 'nothing runs the fast lane while its engine is stopped');
        await new Promise((resolve) => setImmediate(resolve));
      }
      await paused;
      const deadline = Date.now() + 10_000;
      while ((await service.jobStatus(queued.jobid)) !== 'completed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      assert.equal(await service.jobStatus(queued.jobid), 'completed', 'done once resumed');

      await target.handle.faults.kill('engine.slow.0');
      await target.handle.faults.kill('engine.slow.0');
      const orphan = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'slow' });
      assert.equal(await service.jobStatus(orphan.jobid), 'queued', 'no slow engine left to take it');
    } finally {
      await target.stop();
    }
  });

  test('engines exit when the harness that started them is SIGKILLed', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'orphan-'));
    try {
      const fixture = fileURLToPath(new URL('./fixtures/orphan-parent.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, runDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
      assert.equal(signal, 'SIGKILL');
      const { pids } = JSON.parse(out.trim()) as { pids: number[] };
      assert.equal(pids.length, 2, `two engines: ${out}`);
      const deadline = Date.now() + 10_000;
      while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(pids.filter(alive), [], 'no orphaned engine');
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
