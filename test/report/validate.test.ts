/** The report's input check names the first bad field; a failed target needs only its name and error. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ReportInputError } from '../../harness/report/errors.ts';
import { validateResults } from '../../harness/report/validate.ts';
import { writeReport } from '../../harness/report/write.ts';
import { buildFixture } from './fixtures/results-fixture.ts';

function broken(edit: (r: Record<string, unknown> & { targets: Record<string, unknown>[] }) => void): unknown {
  const r = JSON.parse(JSON.stringify(buildFixture({ opsPerTarget: 50 }))) as Record<string, unknown> & { targets: Record<string, unknown>[] };
  edit(r);
  return r;
}

function whereOf(value: unknown): string {
  try {
    validateResults(value);
  } catch (error) {
    assert.ok(error instanceof ReportInputError);
    assert.equal(error.code, 'E_REPORT_INPUT');
    return error.where;
  }
  return '(valid)';
}

describe('validateResults', () => {
  test('the fixture is valid', () => {
    assert.equal(whereOf(buildFixture({ opsPerTarget: 50 })), '(valid)');
  });

  test('names the first bad field', () => {
    assert.equal(whereOf(null), '(top level)');
    assert.equal(whereOf(broken((r) => (r.schemaVersion = 99))), 'schemaVersion');
    assert.equal(whereOf(broken((r) => delete r.runId)), 'runId');
    assert.equal(whereOf(broken((r) => (r.loadModel = { kind: 'sideways' }))), 'loadModel.kind');
    assert.equal(whereOf(broken((r) => ((r.targets[0].ledger as Record<string, unknown>).lost = '0'))), 'targets[0].ledger.lost');
    assert.equal(whereOf(broken((r) => ((r.targets[1].lanes as Record<string, unknown>).segments = [[], 3]))), 'targets[1].lanes.segments[1]');
    assert.equal(whereOf(broken((r) => (r.gatesSkipped = [1]))), 'gatesSkipped[0]');
    assert.equal(whereOf(broken((r) => (r.targets[0].unservedArrivals = null))), 'targets[0].unservedArrivals');
  });

  test('a target with `error` needs nothing else, and renders', async () => {
    const minimal = broken((r) => (r.targets[2] = { name: 'bullmq', error: 'down' }));
    assert.equal(whereOf(minimal), '(valid)');
    const dir = mkdtempSync(join(tmpdir(), 'report-validate-'));
    try {
      const { htmlPath } = await writeReport(validateResults(minimal), join(dir, 'run'), { refreshIndex: false });
      assert.ok(readFileSync(htmlPath, 'utf8').includes('Failed: down'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
