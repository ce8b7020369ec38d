/** summary.md: the headline, the gate table and the per-target numbers, for a CI job summary or a PR comment. */
import type { ResultsFile } from '../results/types.ts';
import { formatChange, formatComparisonRatio, formatCount, formatRatio, formatUs, mdCell, trim } from './format.ts';
import { loadModelText } from './html/config.ts';
import { ledgerVerdict } from './ledger.ts';
import type { Comparison } from './shape/compare.ts';
import { opNamesOf } from './view-model.ts';

function table(header: string[], rows: string[][]): string {
  return [`| ${header.map(mdCell).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
}

export function renderSummary(results: ResultsFile, comparison: Comparison | null = null): string {
  const lines: string[] = [];
  const failed = results.gates.filter((g) => !g.passed);
  lines.push(`## ${results.scenario.question}`, '');
  const gateText = results.gates.length === 0 ? 'no gates' : failed.length === 0 ? `all ${results.gates.length} gates passed ✅` : `**${failed.length} of ${results.gates.length} gates FAILED** ❌`;
  if (results.headline) lines.push(`**${results.headline.label}: ${formatRatio(results.headline.ratio)}** · ${gateText}`, '');
  else lines.push(gateText, '');
  lines.push(
    `Run \`${results.runId}\` · scenario \`${results.scenario.name}\` · seed ${results.seed} · scale ${results.scale} · ${results.threads} web threads · ${loadModelText(results.loadModel)} · ${results.durability} durability · ${results.machine.cpus} CPUs (${results.machine.cpuModel})`,
    '',
  );
  if (results.gates.length > 0) {
    lines.push('### Gates', '');
    lines.push(table(['result', 'gate', 'actual', 'limit', 'what it checks'], results.gates.map((g) => [g.passed ? '✅ passed' : '❌ FAILED', g.name, trim(g.actual, 3), trim(g.limit, 3), g.description])), '');
  }
  if (results.gatesSkipped && results.gatesSkipped.length > 0) {
    lines.push('Gates not evaluated:', '', ...results.gatesSkipped.map((line) => `- ${line}`), '');
  }
  const ops = opNamesOf(results);
  lines.push('### p99 latency per operation', '');
  lines.push(
    table(
      ['target', ...ops],
      results.targets.map((t) => {
        const note = t.error !== undefined ? `failed: ${t.error}` : Object.values(t.ops).every((x) => !x || x.count === 0) ? 'nothing measured' : null;
        if (note !== null) return [t.name, ...ops.map((_op, i) => (i === 0 ? note : ''))];
        return [t.name, ...ops.map((op) => (t.ops[op] ? formatUs(t.ops[op].p99Us) : '–'))];
      }),
    ),
    '',
  );
  lines.push('### Failures and the ledger', '');
  lines.push(
    table(
      ['target', 'operations', 'never started', 'timeouts', 'errors', 'wrong replies', 'socket rebuilds', 'cascades', 'jobs'],
      results.targets.map((t) => {
        if (t.error !== undefined) return [t.name, '–', '–', '–', '–', '–', '–', '–', `not run: ${t.error}`];
        const all = Object.values(t.ops).filter((s) => s !== undefined);
        const sum = (k: 'count' | 'timeouts' | 'errors'): string => formatCount(all.reduce((s, x) => s + x[k], 0));
        const l = t.ledger;
        return [t.name, sum('count'), t.unservedArrivals === undefined ? '–' : formatCount(t.unservedArrivals), sum('timeouts'), sum('errors'), formatCount(t.wrongReplies), formatCount(t.socketRebuilds), formatCount(t.cascades.length), `${ledgerVerdict(l).text}; completed ${l.completed}, failed ${l.failed}`];
      }),
    ),
    '',
  );
  const samples = results.targets.filter((t) => (t.errorSamples ?? []).length > 0);
  if (samples.length > 0) {
    lines.push('### First failures seen', '');
    for (const t of samples) lines.push(...(t.errorSamples ?? []).map((line) => `- ${t.name}: \`${line.replace(/`/g, "'")}\``));
    lines.push('');
  }
  if (comparison) {
    lines.push(`### Candidate \`${comparison.candidateRunId}\` against baseline \`${comparison.baselineRunId}\``, '');
    for (const n of comparison.notCompared) lines.push(`- ${n.target}: not compared (${n.reason})`);
    if (comparison.notCompared.length > 0) lines.push('');
    lines.push(
      table(
        ['target', 'metric', 'baseline', 'candidate', 'ratio', 'change'],
        comparison.rows.map((r) => {
          const v = (x: number): string => (r.unit === 'us' ? formatUs(x) : r.unit === 'per-sec' ? `${trim(x, 1)}/s` : formatCount(x));
          return [r.target, r.metric, v(r.baseline), v(r.candidate), formatComparisonRatio(r.baseline, r.candidate, r.ratio), formatChange(r.baseline, r.candidate, r.change, r.better)];
        }),
      ),
      '',
    );
  }
  lines.push('Full report: `index.html` beside this file (opens from disk, no network).', '');
  return lines.join('\n');
}
