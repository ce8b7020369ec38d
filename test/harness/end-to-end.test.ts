/**
 * End to end through piscina on the noop target: a results.json that
 * validates against harness/results.schema.json, gates evaluated, re-checked
 * by `npm run gate`; unreachable servers give an error result for a named
 * target.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetDefinition } from '../../harness/contract/target.ts';
import { main as gateMain } from '../../harness/gates/cli.ts';
import { evaluateGates } from '../../harness/gates/evaluate.ts';
import { noopTarget } from '../../harness/noop/target.ts';
import { checkSchema, loadResultsSchema } from '../../harness/results/schema-check.ts';
import type { ResultsFile } from '../../harness/results/types.ts';
import { runScenario } from '../../harness/runner/run-scenario.ts';
import type { RunScenarioOutput } from '../../harness/runner/run-scenario.ts';
import { loadScenario } from '../../harness/scenario/registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'harness-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('noop-smoke end to end', () => {
  let out: RunScenarioOutput;
  const lines: string[] = [];
  before(async () => {
    out = await runScenario(loadScenario('noop-smoke'), { overrides: {}, outDir: join(dir, 'run'), log: (l) => lines.push(l), noReport: true });
  });

  test('writes a results.json that matches the published schema', () => {
    const written = JSON.parse(readFileSync(out.resultsPath, 'utf8')) as unknown;
    assert.deepEqual(checkSchema(written, loadResultsSchema()), []);
    // The checker does catch a violation.
    const bad = structuredClone(written) as ResultsFile;
    (bad.targets[0].ops.job_status as unknown as Record<string, unknown>).p99Us = 'fast';
    assert.match(checkSchema(bad, loadResultsSchema())[0], /\$\.targets\[0\]\.ops\.job_status\.p99Us: must be number/);
  });

  test('every measured operation is in the histograms, the ledger balances, the gates pass', () => {
    const r = out.results;
    assert.equal(r.targets.length, 1);
    const t = r.targets[0];
    assert.equal(t.error, undefined, t.error);
    assert.deepEqual(r.loadModel, { kind: 'open', arrival: 'poisson', ratePerSec: 550 });
    const counted = Object.values(t.ops).reduce((a, s) => a + (s?.count ?? 0), 0);
    assert.equal(counted, t.events.total);
    // ~550/s for 1 s: the seeded schedule, give or take Poisson noise.
    assert.ok(t.events.total > 400 && t.events.total < 700, `${t.events.total} operations`);
    assert.equal(t.unservedArrivals, 0);
    assert.ok(t.ledger.submitted > 0);
    assert.equal(t.ledger.completed, t.ledger.submitted);
    assert.equal(t.ledger.lost + t.ledger.duplicated + t.ledger.pending, 0);
    assert.ok(r.gates.length === 3 && r.gates.every((g) => g.passed), JSON.stringify(r.gates));
    assert.equal(t.lanes.threads, 4);
    assert.ok(t.timeline.buckets.length > 0);
  });

  test('npm run gate re-evaluates: exit 0, and 1 with the shortfall when a gate fails', () => {
    const printed: string[] = [];
    assert.equal(gateMain([out.resultsPath], (l) => printed.push(l)), 0);
    assert.match(printed.join('\n'), /3 passed, 0 failed/);
    const failing = structuredClone(out.results);
    failing.targets[0].ledger.lost = 3;
    const path = join(dir, 'failing.json');
    writeFileSync(path, JSON.stringify(failing));
    printed.length = 0;
    assert.equal(gateMain([path], (l) => printed.push(l)), 1);
    assert.match(printed.join('\n'), /FAIL {2}no lost jobs\[noop\].*needs == 0, measured 3 \(off by \+3\)/);
    assert.equal(gateMain(['--bogus'], () => undefined), 2);
  });
});

describe('closed model', () => {
  test('N users with think time, labelled closed, bounded by time', async () => {
    const base = loadScenario('noop-smoke');
    const scenario = { ...base, phases: { warmupSec: 0.1, measureSec: 0.5 }, load: { model: 'closed' as const, users: 2, thinkSec: 0.01, mix: { job_status: 3, queue_job: 1 } } };
    const out = await runScenario(scenario, { overrides: {}, outDir: join(dir, 'closed'), log: () => undefined, noReport: true });
    assert.deepEqual(out.results.loadModel, { kind: 'closed', users: 2, thinkMs: 10 });
    const t = out.results.targets[0];
    assert.equal(t.unservedArrivals, undefined);
    // 2 users × 500 ms ÷ (10 ms think + a call): at most 100, and well above nothing.
    assert.ok(t.events.total > 20 && t.events.total <= 102, `${t.events.total} operations`);
    assert.deepEqual(checkSchema(out.results, loadResultsSchema()), []);
    // Only the two users' threads did anything.
    assert.deepEqual(t.lanes.segments.length <= 4, true);
    assert.ok(new Set(t.events.sampled.map((e) => e.thread)).size <= 2);
  });
});

describe('targets that cannot run', () => {
  const ghost: TargetDefinition = { name: 'ghost', summary: 'needs a server that is not there', needs: ['postgres'], start: () => Promise.reject(new Error('never started')) };
  const resolveTarget = async (name: string) => (name === 'ghost' ? ghost : noopTarget);
  let saved: string | undefined;
  before(() => {
    saved = process.env.PGPORT;
    process.env.PGPORT = '1'; // nothing listens on port 1
  });
  after(() => {
    if (saved === undefined) delete process.env.PGPORT;
    else process.env.PGPORT = saved;
  });

  test('a named target whose server is down becomes an error result; the others go on', async () => {
    const lines: string[] = [];
    const scenario = { ...loadScenario('noop-smoke'), phases: { warmupSec: 0, measureSec: 0.2 } };
    const out = await runScenario(scenario, { overrides: { targets: ['ghost', 'noop'] }, outDir: join(dir, 'ghost'), log: (l) => lines.push(l), noReport: true, resolveTarget });
    assert.deepEqual(out.results.targets.map((t) => t.name), ['ghost', 'noop']);
    assert.match(out.results.targets[0].error ?? '', /postgres is not reachable at 127\.0\.0\.1:1/);
    assert.equal(out.results.targets[1].error, undefined);
    assert.ok(lines.some((l) => l.startsWith('error: ghost: postgres is not reachable')));
    assert.deepEqual(checkSchema(out.results, loadResultsSchema()), []);
    // A gate on a target that errored is skipped (said so), never passed.
    const g = evaluateGates([{ kind: 'bound', name: 'x', metric: { metric: 'lost' }, targets: ['ghost'], cmp: '==', value: 0 }], out.results);
    assert.equal(g.results.length, 0);
    assert.match(g.skipped[0], /ghost did not run/);
  });
});
