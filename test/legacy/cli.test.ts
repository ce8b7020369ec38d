/**
 * `npm run legacy` (issue 2 item 9): one JSON line of ports on stdout, a
 * working engine behind it, SIGTERM stops every child and exits 0; a bad
 * option exits 2.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PORT_KEYS } from '../../legacy-sim/ports.ts';
import { RawClient } from './support.ts';

const CLI = fileURLToPath(new URL('../../legacy-sim/cli.ts', import.meta.url));

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Running (a zombie waiting for its new parent to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

test('a bad option prints a message and exits 2', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--scale', 'fast'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--scale must be a positive number/);
  assert.equal(result.stdout, '');
});

test('prints the port dict as one JSON line, serves it, and SIGTERM stops every child with exit 0', async () => {
  const cli = spawn(process.execPath, ['--import', 'tsx', CLI, '--scale', '0.01', '--jobs', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  cli.stderr.resume();
  const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: cli.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    cli.once('exit', (code) => reject(new Error(`cli exited ${code} before printing the ports`)));
  });
  const ports = JSON.parse(first) as Record<string, string>;
  assert.deepEqual(Object.keys(ports), [...PORT_KEYS]);
  for (const url of Object.values(ports)) assert.match(url, /^tcp:\/\/127\.0\.0\.1:\d+$/);

  const client = new RawClient(ports.collect_pull_url, 'client3.collect.DEALER');
  const reply = await client.ask({ action: 'job_id_list' });
  assert.equal((reply.jobid_list as string[]).length, 3);
  client.close();

  const children = childrenOf(cli.pid!);
  assert.equal(children.length, 7, `children ${children.join(' ')}`);
  cli.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.deepEqual(children.filter(alive), [], 'no child outlives the CLI');
});

test('when the CLI is killed outright (SIGKILL), every child exits, even a collector blocked in a callback', async () => {
  // A callback endpoint that never answers: the collector blocks in `store` for good.
  let arrived: () => void = () => undefined;
  const callbackArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer(() => arrived());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Our own shelves folder: a SIGKILLed CLI cannot remove its temporary one.
  const shelves = mkdtempSync(join(tmpdir(), 'legacy-cli-test-'));
  const cli = spawn(process.execPath, ['--import', 'tsx', CLI, '--scale', '0.01', '--shelves', shelves], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const lines = createInterface({ input: cli.stdout });
    const ports = JSON.parse(
      await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        cli.once('exit', (code) => reject(new Error(`cli exited ${code} before printing the ports`)));
      }),
    ) as Record<string, string>;
    const children = childrenOf(cli.pid!);
    assert.equal(children.length, 7);
    const engine = new RawClient(ports.collect_pull_url, 'engine.test.collect.DEALER');
    await engine.sendFrames([JSON.stringify({ action: 'store', jobid: 'blocked_job', engine_result: { exec_status: 'completed', json_result: '1', jobid: 'blocked_job' }, callback_url: `http://127.0.0.1:${port}/hang` })]);
    await callbackArrived;
    engine.close();
    const exited = new Promise((resolve) => cli.once('exit', resolve));
    cli.kill('SIGKILL');
    await exited;
    // Orphans are not our children: their exit cannot be awaited, only observed. Bounded look.
    const deadline = performance.now() + 15_000;
    while (children.some(alive) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const left = children.filter(alive).map((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((a) => a.endsWith('-main.ts')) ?? '?';
        return `${pid} ${cmd.split('/').pop()} ${readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.slice(0, 1)}`;
      } catch {
        return `${pid} (gone)`;
      }
    });
    assert.deepEqual(left, [], 'orphaned children');
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(shelves, { recursive: true, force: true });
  }
});
