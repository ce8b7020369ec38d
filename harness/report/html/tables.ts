/** Tables that sit beside the charts: the ledger, the cascades, the queueing numbers. */
import type { ResultsFile } from '../../results/types.ts';
import { escapeHtml as h, formatCount, formatMs, trim } from '../format.ts';
import { ledgerVerdict } from '../ledger.ts';
import type { TargetView } from '../view-types.ts';

export function ledgerTableHtml(results: ResultsFile): string {
  const rows = results.targets
    .map((t) => {
      if (t.error !== undefined) return `<tr><td>${h(t.name)}</td><td colspan="7" class="muted">not run: ${h(t.error)}</td></tr>`;
      const l = t.ledger;
      const verdict = ledgerVerdict(l);
      return `<tr><td>${h(t.name)}</td><td class="num">${formatCount(l.submitted)}</td><td class="num">${formatCount(l.completed)}</td><td class="num">${formatCount(l.failed)}</td><td class="num">${formatCount(l.pending)}</td><td class="num ${l.lost > 0 ? 'bad' : ''}">${formatCount(l.lost)}</td><td class="num ${l.duplicated > 0 ? 'bad' : ''}">${formatCount(l.duplicated)}</td><td class="${verdict.ok ? 'good' : 'bad'}">${h(verdict.text)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>target</th><th>submitted</th><th>completed</th><th>failed</th><th>pending</th><th>lost</th><th>duplicated</th><th>verdict</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function cascadeTableHtml(results: ResultsFile): string {
  const rows = results.targets.flatMap((t) =>
    t.error !== undefined
      ? []
      : t.cascades.map(
          (c) =>
            `<tr><td>${h(t.name)}</td><td class="num">${trim(c.startMs / 1000, 2)} s</td><td class="num">${formatMs(c.endMs - c.startMs)}</td><td class="num">${formatCount(c.timeouts)}</td><td class="num">${formatCount(c.threadsHit.length)}</td><td class="num">${formatCount(c.socketRebuilds)}</td></tr>`,
        ),
  );
  if (rows.length === 0) return '<p class="muted">No timeout cascade in any target.</p>';
  return `<table><thead><tr><th>target</th><th>starts at</th><th>lasts</th><th>timeouts</th><th>threads hit</th><th>socket rebuilds</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

export function queueingTableHtml(view: TargetView): string {
  const q = view.queueing;
  if (!q) return '';
  const p = q.prediction;
  const wait = (ms: number | null): string => (ms === null ? 'unbounded (ρ ≥ 1)' : formatMs(ms));
  return `<table class="compact"><tbody>
<tr><td>measured arrival rate λ (every request the server saw)</td><td class="num">${trim(q.arrivalsPerSec, 1)}/s</td></tr>
<tr><td>measured mean service time S</td><td class="num">${formatMs(q.meanServiceMs)}</td></tr>
<tr><td>ρ = λ·S (model input)</td><td class="num">${trim(p.utilisation, 3)}</td></tr>
<tr><td>measured utilisation of the server</td><td class="num">${trim(q.utilisationMeasured, 3)}</td></tr>
<tr><td><b>PREDICTION</b> M/M/1 mean wait</td><td class="num">${wait(p.mm1WaitUs === null ? null : p.mm1WaitUs / 1000)}</td></tr>
<tr><td><b>PREDICTION</b> M/D/1 mean wait</td><td class="num">${wait(p.md1WaitUs === null ? null : p.md1WaitUs / 1000)}</td></tr>
<tr><td><b>MEASURED</b> mean wait: lock wait + (round trip − S)</td><td class="num">${formatMs(q.measuredWaitMs)}</td></tr>
<tr><td>of which waiting for the lock</td><td class="num">${formatMs(q.measuredLockWaitMs)}</td></tr>
</tbody></table>`;
}
