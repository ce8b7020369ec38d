/** One card per target under the verdict: counts at a glance; a failed target shows its error. */
import type { ResultsFile, TargetResult } from '../../results/types.ts';
import { escapeHtml as h, formatCount, formatUs, trim } from '../format.ts';
import { ledgerVerdict } from '../ledger.ts';

function totalOps(t: TargetResult): { count: number; timeouts: number; errors: number } {
  let count = 0;
  let timeouts = 0;
  let errors = 0;
  for (const s of Object.values(t.ops)) {
    if (!s) continue;
    count += s.count;
    timeouts += s.timeouts;
    errors += s.errors;
  }
  return { count, timeouts, errors };
}

export function targetCardsHtml(results: ResultsFile): string {
  const cards = results.targets.map((t, i) => {
    if (t.error !== undefined) {
      return `<div class="card error" style="--target:var(--t${i % 8})"><h3>${h(t.name)}</h3><p class="error-text">Failed: ${h(t.error)}</p><p class="muted">No measurements: this target's charts are left out.</p></div>`;
    }
    const ops = totalOps(t);
    const hb = t.ops.heartbeat;
    const verdict = ledgerVerdict(t.ledger);
    return `<div class="card" style="--target:var(--t${i % 8})"><h3>${h(t.name)}</h3>
<dl>
<dt>operations</dt><dd class="${ops.count === 0 ? 'bad' : ''}">${ops.count === 0 ? 'none measured' : formatCount(ops.count)}</dd>
${t.unservedArrivals !== undefined ? `<dt>never started</dt><dd class="${t.unservedArrivals > 0 ? 'bad' : ''}" title="open model: scheduled arrivals no thread had started when the run's time was up">${formatCount(t.unservedArrivals)}</dd>` : ''}
<dt>throughput</dt><dd>${trim(ops.count / Math.max(results.phases.measureMs / 1000, 1e-9), 1)}/s</dd>
${hb ? `<dt>heartbeat p99</dt><dd>${formatUs(hb.p99Us)}</dd>` : ''}
<dt>timeouts</dt><dd class="${ops.timeouts > 0 ? 'bad' : ''}">${formatCount(ops.timeouts)}</dd>
<dt>errors</dt><dd class="${ops.errors > 0 ? 'bad' : ''}">${formatCount(ops.errors)}</dd>
<dt>wrong replies</dt><dd class="${t.wrongReplies > 0 ? 'bad' : ''}">${formatCount(t.wrongReplies)}</dd>
<dt>socket rebuilds</dt><dd>${formatCount(t.socketRebuilds)}</dd>
${t.unscaledOverheadUs !== undefined ? `<dt title="real costs (I/O, sockets, CPU) that do not shrink with the time scale">unscaled overhead / op</dt><dd>${formatUs(t.unscaledOverheadUs)}</dd>` : ''}
<dt>cascades</dt><dd>${formatCount(t.cascades.length)}</dd>
<dt>jobs</dt><dd class="${verdict.ok ? 'good' : 'bad'}" title="${h(verdict.text)}">${h(verdict.ok ? 'nothing lost' : verdict.text)}</dd>
</dl>${errorSamplesHtml(t.errorSamples ?? [])}</div>`;
  });
  return `<div class="cards">${cards.join('\n')}</div>`;
}

function errorSamplesHtml(samples: readonly string[]): string {
  if (samples.length === 0) return '';
  return `<details><summary class="bad">first ${samples.length} distinct failure${samples.length === 1 ? '' : 's'}</summary><ul>${samples.map((line) => `<li><code>${h(line)}</code></li>`).join('')}</ul></details>`;
}
