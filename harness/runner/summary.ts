/**
 * The table printed at the end of a run: per target, per operation: count,
 * p50, p99, p99.9, max, timeouts; then cascades and the ledger, the gates and
 * the headline.
 */
import type { GateResult, ResultsFile } from '../results/types.ts';
import { OP_NAMES } from '../results/types.ts';

export function formatUs(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(us >= 100_000 ? 0 : 1)} ms`;
  return `${us} µs`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

export function gateLine(g: GateResult, detail = ''): string {
  return `${g.passed ? 'PASS' : 'FAIL'}  ${g.name}: ${g.description}${detail ? `: ${detail}` : ''}`;
}

export function summaryLines(results: ResultsFile): string[] {
  const lines: string[] = [];
  const model = results.loadModel.kind === 'open' ? `open ${results.loadModel.arrival} ${results.loadModel.ratePerSec}/s` : `CLOSED ${results.loadModel.users} users, think ${results.loadModel.thinkMs} ms`;
  lines.push(
    `${results.scenario.name}  run ${results.runId}  scale ${results.scale}  seed ${results.seed}  ${results.threads} threads  ${model}  ${results.mode}  durability ${results.durability}  measured ${(results.phases.measureMs / 1000).toFixed(1)} s`,
  );
  const rows: string[][] = [['target / op', 'count', 'p50', 'p99', 'p99.9', 'max', 'lock-wait p99', 'timeouts', 'errors']];
  for (const t of results.targets) {
    if (t.error) {
      rows.push([`${t.name}: ERROR ${t.error}`.slice(0, 100), '', '', '', '', '', '', '', '']);
      continue;
    }
    for (const op of OP_NAMES) {
      const s = t.ops[op];
      if (!s) continue;
      const lw = t.lockWait[op];
      rows.push([`${t.name} ${op}`, String(s.count), formatUs(s.p50Us), formatUs(s.p99Us), formatUs(s.p999Us), formatUs(s.maxUs), lw ? formatUs(lw.p99Us) : '-', String(s.timeouts), String(s.errors)]);
    }
  }
  lines.push('', ...table(rows), '');
  for (const t of results.targets) {
    if (t.error) continue;
    const l = t.ledger;
    const hit = new Set(t.cascades.flatMap((c) => c.threadsHit)).size;
    lines.push(
      `${t.name}: cascades ${t.cascades.length}${t.cascades.length ? ` (${t.cascades.reduce((a, c) => a + c.timeouts, 0)} timeouts, ${hit} threads hit)` : ''}, socket rebuilds ${t.socketRebuilds}, wrong replies ${t.wrongReplies}; ` +
        `${t.unservedArrivals ? `unserved arrivals ${t.unservedArrivals}; ` : ''}jobs submitted ${l.submitted}, completed ${l.completed}, failed ${l.failed}, pending ${l.pending}, lost ${l.lost}, duplicated ${l.duplicated}`,
    );
  }
  if (results.gates.length > 0 || results.gatesSkipped?.length) {
    lines.push('', 'gates:');
    for (const g of results.gates) lines.push(`  ${gateLine(g)}`);
    for (const s of results.gatesSkipped ?? []) lines.push(`  SKIP  ${s}`);
  }
  if (results.headline) {
    lines.push('', `headline: ${results.headline.label}: ${results.headline.ratio === null ? 'n/a' : `${results.headline.ratio}×`} (${results.headline.numerator} ÷ ${results.headline.denominator})`);
  }
  return lines;
}
