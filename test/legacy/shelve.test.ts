/**
 * The blocking shelve store (LEGACY.md "The shelve store"): per-call
 * open/close, lock files, the give-up, swallowed errors, fsync switch.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SHELVE_LOCK_GIVE_UP_MS } from '../../legacy-sim/constants.ts';
import { ShelveStore } from '../../legacy-sim/store/shelve.ts';

const dir = mkdtempSync(join(tmpdir(), 'legacy-shelve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('set then get, one key per call, the lock file gone after each call', () => {
  const store = new ShelveStore({ scale: 0.001, fsync: true, latencyMs: 0 });
  const path = join(dir, 'a.input.shelve');
  assert.equal(store.set(path, 'metadata', { jobcounter: 1 }), true);
  assert.equal(store.set(path, 'other', 'x'), true);
  assert.deepEqual(store.get(path, 'metadata'), { jobcounter: 1 });
  assert.equal(store.get(path, 'other'), 'x');
  assert.equal(existsSync(`${path}.lock`), false);
  assert.deepEqual(store.counters, { gets: 2, sets: 2, lockWaits: 0, lockGiveUps: 0 });
});

test('errors are swallowed: a missing file gets nothing, an unwritable shelve sets false', () => {
  const store = new ShelveStore({ scale: 0.001, fsync: false, latencyMs: 0 });
  assert.equal(store.get(join(dir, 'missing.output.shelve'), 'result'), undefined);
  const notAFile = join(dir, 'a-directory.shelve');
  mkdirSync(notAFile);
  assert.equal(store.set(notAFile, 'result', 1), false);
  assert.equal(existsSync(`${notAFile}.lock`), false);
  writeFileSync(join(dir, 'garbage.shelve'), '\u0000not json');
  assert.equal(store.get(join(dir, 'garbage.shelve'), 'result'), undefined);
});

test('a stale lock file is polled (1 s × scale) until the give-up (600 s × scale), then the call goes ahead', () => {
  const scale = 0.0001; // give-up after 60 ms, polling every 0.1 ms
  const store = new ShelveStore({ scale, fsync: false, latencyMs: 0 });
  const path = join(dir, 'stale.input.shelve');
  writeFileSync(path, JSON.stringify({ metadata: 'kept' }));
  writeFileSync(`${path}.lock`, '');
  const t0 = performance.now();
  assert.equal(store.get(path, 'metadata'), 'kept');
  const waitedMs = performance.now() - t0;
  const giveUpMs = SHELVE_LOCK_GIVE_UP_MS * scale;
  // Two waits (before and inside the global lock), each up to the give-up.
  assert.ok(waitedMs >= giveUpMs, `blocked ${waitedMs.toFixed(1)} ms, give-up ${giveUpMs} ms`);
  assert.equal(store.counters.lockGiveUps, 2);
  assert.equal(existsSync(`${path}.lock`), false, 'the call deletes the lock file it (re)created');
});

test('injected latency (production ms × scale) blocks every call', () => {
  const store = new ShelveStore({ scale: 0.01, fsync: false, latencyMs: 2_000 });
  const path = join(dir, 'slow.output.shelve');
  const t0 = performance.now();
  store.set(path, 'result', 1);
  store.get(path, 'result');
  assert.ok(performance.now() - t0 >= 40, 'two calls × 20 ms');
});
