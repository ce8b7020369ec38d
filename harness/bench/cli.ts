/**
 * `npm run bench -- <name> [options]`: benchmarks, not tests. Each prints a
 * table of numbers measured in one run, with ratios where two things are
 * compared.
 */
const BENCHES: Record<string, { summary: string; load: () => Promise<{ main: (argv: string[]) => Promise<void> }> }> = {
  legacy: { summary: "the legacy collector's service time per action at 100, 1 000 and 10 000 known jobs", load: () => import('./legacy.ts') },
  driver: { summary: 'the driver against a bare shared-counter loop, 16 threads (ops/s and ratio)', load: () => import('./driver.ts') },
  backends: { summary: 'status-query cost per target under concurrent job traffic, and status-dict cost growth', load: () => import('./backends.ts') },
};

function usage(): string {
  return ['usage: npm run bench -- <name> [options]', '', 'benchmarks:', ...Object.entries(BENCHES).map(([n, b]) => `  ${n.padEnd(10)} ${b.summary}`), '', '`npm run bench -- <name> --help` for its options.'].join('\n');
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  console.log(usage());
  process.exit(name ? 0 : 2);
}
const bench = BENCHES[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"\n\n${usage()}`);
  process.exit(2);
}
await (await bench.load()).main(rest);
