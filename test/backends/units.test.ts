/** Pure pieces of the new backends: WBIA times, the Redis record codec, seeded history, BullMQ state mapping. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historicalBatches } from '../../new-backends/common/historical.ts';
import { parseWbiaTimestamp } from '../../new-backends/common/submit.ts';
import { wbiaSpan, wbiaTimestamp } from '../../harness/contract/wbia-times.ts';
import { finishTimes } from '../../new-backends/common/times.ts';
import { hashToRow, rowToHash } from '../../new-backends/bullmq/keys.ts';
import { statusOfState } from '../../new-backends/bullmq/state.ts';
import { JOB_COLUMNS } from '../../new-backends/common/job-row.ts';

describe('WBIA times', () => {
  test('timestamps are US/Pacific with the zone abbreviation, and parse back', () => {
    const winter = Date.UTC(2026, 0, 15, 18, 4, 5); // 10:04:05 PST
    const summer = Date.UTC(2026, 6, 15, 17, 4, 5); // 10:04:05 PDT
    assert.equal(wbiaTimestamp(winter), '2026-01-15 10:04:05 PST');
    assert.equal(wbiaTimestamp(summer), '2026-07-15 10:04:05 PDT');
    assert.equal(parseWbiaTimestamp(wbiaTimestamp(winter)), winter);
    assert.equal(parseWbiaTimestamp(wbiaTimestamp(summer)), summer);
    assert.ok(Number.isNaN(parseWbiaTimestamp('yesterday')));
  });

  test('spans are whole seconds, as calculate_timedelta truncates', () => {
    assert.deepEqual(wbiaSpan(1_000, 3_723_999), { hours: 1, minutes: 2, seconds: 2, totalSeconds: 3722, text: '1 hours 2 min. 2 sec. (total: 3722 sec.)' });
    assert.deepEqual(wbiaSpan(5_999, 6_001), { hours: 0, minutes: 0, seconds: 1, totalSeconds: 1, text: '0 hours 0 min. 1 sec. (total: 1 sec.)' });
    const t = finishTimes(0, 10_000, 70_000);
    assert.equal(t.time_runtime_sec, 60);
    assert.equal(t.time_turnaround_sec, 70);
    assert.equal(t.time_completed, t.time_updated);
  });
});

describe('historical jobs', () => {
  test('same seed, same jobs; counters 1..N; one in a hundred an exception', () => {
    const a = [...historicalBatches({ seed: 3, total: 250, nowMs: 1_700_000_000_000 }, 100)];
    const b = [...historicalBatches({ seed: 3, total: 250, nowMs: 1_700_000_000_000 }, 100)];
    assert.deepEqual(a, b);
    assert.deepEqual(a.map((batch) => batch.length), [100, 100, 50]);
    const rows = a.flat();
    assert.deepEqual(rows.map((r) => r.jobcounter), Array.from({ length: 250 }, (_, i) => i + 1));
    assert.equal(new Set(rows.map((r) => r.jobid)).size, 250);
    assert.equal(rows.filter((r) => r.status === 'exception').length, 2);
    for (const r of rows) assert.ok((r.time_turnaround_sec ?? -1) >= (r.time_runtime_sec ?? 0));
  });
});

describe('bullmq record codec and states', () => {
  test('a row survives the hash round trip (nulls absent, numbers and booleans restored)', () => {
    const [row] = [...historicalBatches({ seed: 1, total: 1, nowMs: 1_700_000_000_000 }, 1)][0];
    const withCallback = { ...row, callback_url: 'http://127.0.0.1:9/cb', callback_method: 'PUT', callback_detailed: true };
    const hash = rowToHash(withCallback);
    assert.equal(hash.callback_detailed, '1');
    assert.equal('engine' in hash, false);
    const back = hashToRow(JOB_COLUMNS, JOB_COLUMNS.map((c) => hash[c] ?? null));
    assert.deepEqual(back, withCallback);
    assert.equal(hashToRow(JOB_COLUMNS, JOB_COLUMNS.map(() => null)), null);
  });

  test('BullMQ states map onto WBIA statuses', () => {
    assert.equal(statusOfState('completed', true), 'completed');
    assert.equal(statusOfState('failed', true), 'exception');
    assert.equal(statusOfState('active', true), 'working');
    assert.equal(statusOfState('waiting', true), 'queued');
    assert.equal(statusOfState('prioritized', true), 'queued');
    assert.equal(statusOfState('unknown', true), 'received');
    assert.equal(statusOfState('unknown', false), null);
  });
});
