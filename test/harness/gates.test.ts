/** Gate evaluation on synthetic results: ratios, bounds, skips, headline. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGates, evaluateHeadline, shortfall } from '../../harness/gates/evaluate.ts';
import type { LatencySummary, TargetResult } from '../../harness/results/types.ts';
import { emptyTargetResult } from '../../harness/runner/run-target.ts';
import type { GateSpec } from '../../harness/scenario/types.ts';

function summary(p99Us: number, meanUs = p99Us / 2, count = 100): LatencySummary {
  return { count, errors: 0, timeouts: 0, p50Us: meanUs, p90Us: p99Us, p99Us, p999Us: p99Us, maxUs: p99Us, meanUs, histogram: '' };
}

function target(name: string, heartbeatP99Us: number, lockWaitMeanUs: number, roundTripMeanUs: number): TargetResult {
  const t = emptyTargetResult(name, '');
  delete t.error;
  t.ops.heartbeat = summary(heartbeatP99Us);
  t.lockWait.heartbeat = summary(lockWaitMeanUs * 2, lockWaitMeanUs);
  t.roundTrip.heartbeat = summary(roundTripMeanUs * 2, roundTripMeanUs);
  return t;
}

const results = { targets: [target('legacy', 2_000_000, 900, 100), target('sqlite', 30_000, 0, 50)] };

test('ratio gates pass and fail with the measured ratio as actual', () => {
  const specs: GateSpec[] = [
    { kind: 'ratio', name: 'x50', smaller: { target: 'sqlite', op: 'heartbeat', metric: 'p99' }, larger: { target: 'legacy', op: 'heartbeat', metric: 'p99' }, factor: 50 },
    { kind: 'ratio', name: 'x100', smaller: { target: 'sqlite', op: 'heartbeat', metric: 'p99' }, larger: { target: 'legacy', op: 'heartbeat', metric: 'p99' }, factor: 100 },
  ];
  const { results: out, skipped } = evaluateGates(specs, results);
  assert.deepEqual(skipped, []);
  assert.equal(out[0].passed, true);
  assert.equal(out[0].actual, 66.667);
  assert.equal(out[1].passed, false);
  assert.equal(out[0].description.startsWith('sqlite heartbeat p99 × 50 ≤ legacy heartbeat p99'), true);
  assert.equal(shortfall(out[1], specs[1]), 'needs ratio ≥ 100, measured 66.667 (1.5× short)');
});

test('bounds apply per target, lock-wait share is wait ÷ (wait + wire), absent targets are skipped', () => {
  const specs: GateSpec[] = [
    { kind: 'bound', name: 'share', metric: { metric: 'lockWaitShare' }, targets: ['legacy', 'sqlite', 'postgres'], cmp: '>=', value: 0.5 },
  ];
  const { results: out, skipped } = evaluateGates(specs, results);
  assert.deepEqual(out.map((g) => [g.name, g.passed, g.actual]), [
    ['share[legacy]', true, 0.9],
    ['share[sqlite]', false, 0],
  ]);
  assert.deepEqual(skipped, ['share[postgres]: skipped (postgres did not run)']);
});

test('headline: the first candidate whose targets both ran', () => {
  const h = evaluateHeadline(
    [
      { label: 'vs postgres', numerator: { target: 'legacy', op: 'heartbeat', metric: 'p99' }, denominator: { target: 'postgres', op: 'heartbeat', metric: 'p99' } },
      { label: 'vs sqlite', numerator: { target: 'legacy', op: 'heartbeat', metric: 'p99' }, denominator: { target: 'sqlite', op: 'heartbeat', metric: 'p99' } },
    ],
    results,
  );
  assert.deepEqual(h, { label: 'vs sqlite', ratio: 66.667, numerator: 'legacy heartbeat p99', denominator: 'sqlite heartbeat p99' });
});
