/**
 * The whole self-contained page: static parts (verdict, cards, tables, config), the
 * chart containers with their one-sentence captions, the view data as
 * embedded JSON, Chart.js inlined from node_modules and the drawing script
 * (client/*.js). No network, no CDN: it opens from disk.
 */
import type { ResultsFile } from '../../results/types.ts';
import { escapeHtml as h } from '../format.ts';
import type { Comparison } from '../shape/compare.ts';
import type { ReportView, TargetView } from '../view-types.ts';
import { LIMITS } from '../view-model.ts';
import { targetCardsHtml } from './cards.ts';
import { comparisonHtml } from './comparison.ts';
import { configHtml } from './config.ts';
import { cascadeTableHtml, ledgerTableHtml, queueingTableHtml } from './tables.ts';
import { verdictHtml } from './verdict.ts';
import { STYLES } from './styles.ts';

export interface PageInput {
  results: ResultsFile;
  view: ReportView;
  comparison: Comparison | null;
  /** chart.umd.js source. */
  chartJs: string;
  /** The drawing script: client/*.js concatenated. */
  clientJs: string;
}

/** For a reader who never saw WBIA: what is being compared and what a convoy is. */
const ABOUT = `<p class="caption about">What this compares: the same load of web requests (submit a job, poll its status, fetch its result, health-check heartbeats) sent by a pool of web threads to several job-engine back ends. In WBIA's legacy engine every thread talks to a single-threaded collector process through one shared socket guarded by a lock (<code>_collect_lock</code>), so one slow request makes every other thread wait behind it: a <b>convoy</b>. The replacements let each thread query a database directly. Each card below is one back end; the charts that follow show where the time went.</p>`;

/** Inline a script safely: nothing inside may close the <script> element. */
function inlineScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

/** JSON inside <script type="application/json">: escape what HTML would parse. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function canvas(kind: string, attrs: Record<string, string | number>, label: string, short = false): string {
  const data = Object.entries(attrs)
    .map(([k, v]) => ` data-${k}="${h(String(v))}"`)
    .join('');
  return `<div class="chart-box${short ? ' short' : ''}"><canvas data-chart="${kind}"${data} role="img" aria-label="${h(label)}"></canvas></div>`;
}

function caption(text: string): string {
  return `<p class="caption">${text}</p>`;
}

/** One panel per target; a failed target shows its error instead of an empty chart. */
function perTarget(view: ReportView, body: (t: TargetView, index: number) => string | null): string {
  const panels = view.targets.map((t, i) => {
    if (t.error !== null) {
      return `<div class="panel error"><h3>${h(t.name)}</h3><p class="error-text">Failed: ${h(t.error)}</p><p class="muted">No measurements to chart.</p></div>`;
    }
    if (t.measuredOps === 0) {
      return `<div class="panel error"><h3>${h(t.name)}</h3><p class="error-text">No operation was measured${t.unservedArrivals > 0 ? `: ${t.unservedArrivals.toLocaleString('en-US')} scheduled arrivals never started before the run ended` : ''}.</p><p class="muted">Nothing to chart: empty charts would look like an idle, healthy target.</p></div>`;
    }
    const inner = body(t, i);
    return inner === null ? '' : `<div class="panel"><h3>${h(t.name)}</h3>${inner}${unservedNote(t)}</div>`;
  });
  return `<div class="grid">${panels.join('\n')}</div>`;
}

/** Arrivals that never started are in no histogram: say so wherever latency is drawn. */
function unservedNote(t: TargetView): string {
  if (t.unservedArrivals === 0) return '';
  return `<p class="bad">${t.unservedArrivals.toLocaleString('en-US')} scheduled arrivals never started before the run ended; they are in no histogram or chart, so these numbers understate what users saw.</p>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${h(title)}</h2>\n${body}\n</section>`;
}

export function renderPage(input: PageInput): string {
  const { results, view, comparison } = input;
  const working = view.targets.filter((t) => t.error === null);
  const sections: string[] = [];

  if (comparison) sections.push(section('comparison', 'Candidate against baseline', comparisonHtml(comparison)));

  sections.push(
    section(
      'convoy',
      'The convoy: what every web thread was doing',
      caption(
        'One row per web thread, time running left to right: grey is idle, amber is waiting for the shared socket lock (<code>_collect_lock</code> on legacy), blue is a request on its round trip to the job engine, red is a request that timed out. Amber stacked across many rows at once is the convoy: every thread queued behind one slow request.',
      ) +
        perTarget(view, (t, i) => {
          const pct = (x: number): string => `${x === 0 ? 0 : (x * 100).toFixed(x < 0.01 ? 2 : 0)} %`;
          const atLeast = t.lanes.downsampledAtSource ? 'at least ' : '';
          const share = `<p class="muted">Threads were busy ${atLeast}${pct(t.lanes.busyShare)} of the time, waiting for the lock ${atLeast}${pct(t.lanes.lockWaitShare)}.</p>`;
          const notes: string[] = [];
          if (t.lanes.downsampledAtSource) notes.push('the harness recorded only the longer segments (the shortest are dropped first, invisible at this scale anyway)');
          if (t.lanes.merged) notes.push('lanes simplified to fit the page: each stretch shows the state that filled most of it, every timeout kept exactly');
          const note = notes.length > 0 ? `<p class="muted">${h(notes.join('; '))}.</p>` : '';
          return `<div class="chart-box" style="height:${Math.max(220, t.lanes.threads * 16 + 70)}px"><canvas data-chart="convoy" data-target="${i}" role="img" aria-label="thread swimlanes for ${h(t.name)}"></canvas></div>${share}${note}`;
        }),
    ),
  );

  const hdrPanels = view.opNames
    .map((op) => `<div class="panel"><h3>${h(op)}</h3>${canvas('hdr', { op }, `latency percentiles of ${op}`)}</div>`)
    .join('\n');
  sections.push(
    section(
      'percentiles',
      'Latency percentile distribution',
      caption(
        `One chart per operation, one line per target${view.baseline ? ' (dashed: the baseline run)' : ''}: read along the bottom from the typical request (0–50 %) to the rarest (99.99 %), and up to see how long those requests took (log scale). Lower is better; a line that shoots up on the right means rare but very long waits. Read off the exact merged histograms.`,
      ) + `<div class="grid">${hdrPanels || '<p class="muted">No operations measured.</p>'}</div>`,
    ),
  );

  sections.push(
    section(
      'latency-over-time',
      'Latency over time',
      caption(
        'Each dot is one sampled request, placed at the moment it was meant to start, its height how long it took (log scale); red crosses are timeouts, orange triangles wrong replies, purple diamonds errors. The lines are the median (p50), p99 and slowest request of each time bucket.',
      ) +
        perTarget(view, (t, i) => {
          const notes: string[] = [];
          if (t.events.downsampled) notes.push(`${t.events.latencyMs.length.toLocaleString('en-US')} of ${t.events.sampledInput.toLocaleString('en-US')} sampled events shown (timeouts, errors and wrong replies kept, plus the slowest of each time slice)`);
          if (t.events.notOkDropped > 0) notes.push(`${t.events.notOkDropped.toLocaleString('en-US')} failed requests not drawn (more than ${LIMITS.notOkEvents.toLocaleString('en-US')}; timeouts kept first, then wrong replies, then errors)`);
          if (t.timeline.factor > 1) notes.push(`time buckets merged ${t.timeline.factor} to 1: p99 and max show the highest of the merged buckets`);
          return canvas('latency', { target: i }, `latency over time for ${t.name}`) + (notes.length ? `<p class="muted">${h(notes.join('; '))}.</p>` : '');
        }),
    ),
  );

  sections.push(
    section(
      'cascades',
      'Timeout cascades',
      caption(
        'Each bar is one cascade: timeouts that follow one another closely, each one making the web process tear down its socket and build a new one; crosses mark the individual timeouts. Long or frequent bars mean users were cut off for that long.',
      ) +
        `<div class="panel">${canvas('cascades', {}, 'timeout cascades per target', true)}</div>` +
        cascadeTableHtml(results),
    ),
  );

  sections.push(
    section(
      'throughput',
      'Throughput over time',
      caption(
        'Solid lines: operations finished per second, counted when they ended; dashed: the same operations counted at their scheduled start. A solid line running on after its dashed line ends is a backlog being worked off; a dip to zero is a stall where nothing got through.',
      ) +
        `<div class="panel">${canvas('throughput', {}, 'throughput over time', true)}</div>`,
    ),
  );

  sections.push(
    section(
      'split',
      'Where the time went: lock wait against round trip',
      caption(
        'Mean time per request, split into waiting for the socket lock, the round trip to the job engine, and the rest (mostly waiting for a free web thread under the open load model). In a convoy the lock wait dominates; means are used because, unlike percentiles, they add up.',
      ) + perTarget(view, (_t, i) => canvas('split', { target: i }, 'lock wait and round trip per operation', true)),
    ),
  );

  sections.push(section('ledger', 'Every job accounted for', caption('Jobs submitted during the run and what became of them; “nothing lost” appears only when the lost and duplicated counts are both zero.') + ledgerTableHtml(results)));

  const queueing = working.filter((t) => t.queueing !== null);
  if (queueing.length > 0) {
    sections.push(
      section(
        'queueing',
        'Queueing theory beside the measurement',
        caption(
          '<span class="prediction-label">PREDICTIONS</span> (hatched bars) come from single-server queueing formulas (M/M/1: random service times; M/D/1: constant ones) fed with the measured arrival rate and mean service time of the single server; the solid bar is the wait actually measured. Measured far above predicted means the lock and the serialisation add delay the model does not have.',
        ) +
          `<div class="grid">${view.targets
            .map((t, i) => (t.queueing === null || t.error !== null ? '' : `<div class="panel"><h3>${h(t.name)}</h3>${canvas('queueing', { target: i }, `predicted and measured wait for ${t.name}`, true)}${queueingTableHtml(t)}</div>`))
            .join('\n')}</div>`,
      ),
    );
  }

  sections.push(section('configuration', 'Configuration', configHtml(results)));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(results.scenario.name)} · ${h(results.runId)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${verdictHtml(results)}
${ABOUT}
${targetCardsHtml(results)}
${sections.join('\n')}
<p class="muted">Generated by convoy-harness from <code>results.json</code> (schema ${results.schemaVersion}). Self-contained: no network needed.</p>
</main>
<script type="application/json" id="report-data">${inlineJson(view)}</script>
<script>${inlineScript(input.chartJs)}</script>
<script>${inlineScript(input.clientJs)}</script>
</body>
</html>
`;
}
