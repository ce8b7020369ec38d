/** The verdict header: the scenario's question, the headline ratio, every gate with actual against limit. */
import type { GateResult, ResultsFile } from '../../results/types.ts';
import { escapeHtml as h, formatRatio, trim } from '../format.ts';

function gateValue(g: GateResult): string {
  return `${trim(g.actual, 3)} (limit ${trim(g.limit, 3)})`;
}

export function verdictHtml(results: ResultsFile): string {
  const passed = results.gates.filter((g) => g.passed).length;
  const failed = results.gates.length - passed;
  const headline = results.headline
    ? `<div class="headline"><span class="ratio">${h(formatRatio(results.headline.ratio))}</span><span class="label">${h(results.headline.label)}</span></div>`
    : '';
  const gateBadge =
    results.gates.length === 0
      ? '<span class="badge neutral">no gates</span>'
      : `<span class="badge ${failed === 0 ? 'pass' : 'fail'}">${failed === 0 ? 'all gates passed' : `${failed} of ${results.gates.length} gates failed`}</span>`;
  return `<header class="verdict">
  <div class="run">${h(results.scenario.name)} · run <code>${h(results.runId)}</code> · ${h(results.createdAt)}</div>
  <h1>${h(results.scenario.question)}</h1>
  <p class="description">${h(results.scenario.description)}</p>
  <div class="verdict-row">${headline}${gateBadge}</div>
  ${gatesTableHtml(results.gates)}
  ${gatesSkippedHtml(results.gatesSkipped ?? [])}
</header>`;
}

export function gatesSkippedHtml(skipped: readonly string[]): string {
  if (skipped.length === 0) return '';
  const title = `${skipped.length} gate${skipped.length === 1 ? ' was' : 's were'} not evaluated`;
  const list = `<ul>${skipped.map((line) => `<li>${h(line)}</li>`).join('')}</ul>`;
  // A long list (targets left out of this run) folds away; a short one stays in sight.
  return skipped.length > 3 ? `<details><summary class="bad">${title} (open for why)</summary>${list}</details>` : `<p class="bad">${title}:</p>${list}`;
}

export function gatesTableHtml(gates: readonly GateResult[]): string {
  if (gates.length === 0) return '<p class="muted">This scenario declares no gates.</p>';
  const rows = gates
    .map(
      (g) =>
        `<tr class="${g.passed ? 'pass' : 'fail'}"><td>${g.passed ? '✔ passed' : '✘ FAILED'}</td><td>${h(g.name)}</td><td class="num">${h(gateValue(g))}</td><td>${h(g.description)}</td></tr>`,
    )
    .join('\n');
  return `<table class="gates"><thead><tr><th>gate</th><th>name</th><th>actual vs limit</th><th>what it checks</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}
