/**
 * `npm test`: every `*.test.ts` under test/ (or under the paths given), run
 * by node's test runner with tsx. Files under test/serial/ run after the
 * rest, one at a time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function findTests(path: string): string[] {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .flatMap((name) => findTests(join(path, name)))
    .sort();
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = (roots.length > 0 ? roots : ['test']).flatMap(findTests).map((f) => relative(process.cwd(), f));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${roots.join(', ') || 'test'}`);
  process.exit(2);
}
const parallel = files.filter((f) => !f.includes('/serial/'));
const serial = files.filter((f) => f.includes('/serial/'));

function run(group: string[], concurrency: number): number {
  if (group.length === 0) return 0;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...passThrough, ...group],
    { stdio: 'inherit', env: process.env },
  );
  return result.status ?? 1;
}

const failed = run(parallel, 2) !== 0;
const serialFailed = run(serial, 1) !== 0;
process.exit(failed || serialFailed ? 1 : 0);
