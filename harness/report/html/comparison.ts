/** The candidate-against-baseline table (shape/compare.ts rows). */
import { escapeHtml as h, formatChange, formatComparisonRatio, formatCount, formatUs, trim } from '../format.ts';
import type { Comparison, ComparisonRow } from '../shape/compare.ts';
import { NOISE_FRACTION } from '../shape/compare.ts';

function rowValue(row: ComparisonRow, value: number): string {
  if (row.unit === 'us') return formatUs(value);
  if (row.unit === 'per-sec') return `${trim(value, 1)}/s`;
  return formatCount(value);
}

export function comparisonHtml(comparison: Comparison): string {
  const rows = comparison.rows
    .map(
      (r) =>
        `<tr><td>${h(r.target)}</td><td>${h(r.metric)}</td><td class="num">${h(rowValue(r, r.baseline))}</td><td class="num">${h(rowValue(r, r.candidate))}</td><td class="num">${h(formatComparisonRatio(r.baseline, r.candidate, r.ratio))}</td><td class="num ${r.better === null ? 'muted' : r.better ? 'good' : 'bad'}">${h(formatChange(r.baseline, r.candidate, r.change, r.better))}</td></tr>`,
    )
    .join('\n');
  const skipped = comparison.notCompared.map((n) => `<li>${h(n.target)}: ${h(n.reason)}</li>`).join('');
  return `<p>Baseline <code>${h(comparison.baselineRunId)}</code> → candidate <code>${h(comparison.candidateRunId)}</code>. Ratio = candidate ÷ baseline; for latencies and failures lower is better, for throughput higher. One run on each side gives no spread, so changes under ${Math.round(NOISE_FRACTION * 100)} % are called neither better nor worse.</p>
${skipped ? `<p class="muted">Not compared:</p><ul>${skipped}</ul>` : ''}
<table class="comparison"><thead><tr><th>target</th><th>metric</th><th>baseline</th><th>candidate</th><th>ratio</th><th>change</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}
