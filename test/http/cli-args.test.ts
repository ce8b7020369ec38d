/** The standalone front's argument parsing: defaults, validation, exit code 2 on misuse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliUsageError, parseFrontCli } from '../../harness/http/cli-args.ts';

test('defaults: port 0, 16 threads, scale 1, relaxed, until stopped', () => {
  assert.deepEqual(parseFrontCli(['--target', 'sqlite']), {
    target: 'sqlite',
    port: 0,
    threads: 16,
    scale: 1,
    historicalJobs: 0,
    durability: 'relaxed',
    seed: 1,
    durationSec: null,
  });
  const o = parseFrontCli(['--target', 'legacy', '--port', '8080', '--threads', '4', '--scale', '0.01', '--jobs', '100', '--durability', 'strict', '--duration', '2.5']);
  assert.equal(o?.port, 8080);
  assert.equal(o?.threads, 4);
  assert.equal(o?.durationSec, 2.5);
  assert.equal(parseFrontCli(['--help']), null);
});

test('misuse is a usage error with exit code 2', () => {
  for (const argv of [[], ['--target'], ['--target', 'x', '--threads', '0'], ['--target', 'x', '--port', 'abc'], ['--target', 'x', '--scale', '2'], ['--target', 'x', '--durability', 'eventual'], ['--target', 'x', '--nope'], ['stray']]) {
    assert.throws(() => parseFrontCli(argv), (e: unknown) => e instanceof CliUsageError && e.exitCode === 2, argv.join(' '));
  }
});
