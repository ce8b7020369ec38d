/**
 * The parts of the page that are tables and text, rendered in Node so they
 * read without JavaScript: verdict, gates, per-target cards, ledger,
 * cascades, queueing numbers, comparison, configuration.
 */
import type { GateResult, LoadModel, ResultsFile, TargetResult } from '../../results/types.ts';
import { escapeHtml as h, formatChange, formatComparisonRatio, formatCount, formatMs, formatRatio, formatUs, trim } from '../format.ts';
import type { Comparison, ComparisonRow } from '../shape/compare.ts';
import { NOISE_FRACTION } from '../shape/compare.ts';
import type { TargetView } from '../view-model.ts';
import { ledgerVerdict } from '../ledger.ts';

export function loadModelText(model: LoadModel): string {
  return model.kind === 'open'
    ? `open model: ${model.arrival} arrivals at ${formatCount(model.ratePerSec)}/s, latency measured from each request's intended start (waiting for a free thread counts)`
    : `closed model: ${model.users} users, think time ${formatMs(model.thinkMs)} — closed-loop numbers, not user latency at a fixed arrival rate`;
}

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

function kv(rows: [string, string][]): string {
  return `<table class="compact"><tbody>${rows.map(([k, v]) => `<tr><td>${h(k)}</td><td>${h(v)}</td></tr>`).join('')}</tbody></table>`;
}

export function configHtml(results: ResultsFile): string {
  const m = results.machine;
  const run = kv([
    ['scenario', results.scenario.name],
    ['seed', String(results.seed)],
    ['scale', `${results.scale} (every legacy constant and simulated duration × ${results.scale}; real costs — file I/O, sockets, CPU — are not scaled)`],
    ['load model', loadModelText(results.loadModel)],
    ['mode', results.mode === 'direct' ? 'direct: web threads call the JobService in-process' : 'http: requests through the HTTP front'],
    ['web threads', String(results.threads)],
    ['durability', results.durability],
    ['historical jobs', formatCount(results.historicalJobs)],
    ['warm-up / measured', `${formatMs(results.phases.warmupMs)} / ${formatMs(results.phases.measureMs)}`],
    ['machine', `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, node ${m.node}, ${m.platform}, host ${m.hostname}`],
  ]);
  const constants = Object.entries(results.scaledConstants);
  const constantsTable =
    constants.length === 0
      ? '<p class="muted">No scaled constants recorded.</p>'
      : `<table><thead><tr><th>legacy constant</th><th>production</th><th>as run</th></tr></thead><tbody>${constants
          .map(([k, c]) => `<tr><td>${h(k)}</td><td class="num">${h(formatMs(c.productionMs))}</td><td class="num">${h(formatMs(c.scaledMs))}</td></tr>`)
          .join('')}</tbody></table>`;
  const targets = results.targets
    .map((t) => {
      const extra: [string, string][] = [];
      if (t.startup) extra.push(['start-up', `${formatCount(t.startup.seededJobs)} jobs seeded in ${formatMs(t.startup.seedMs)}, registration ${formatMs(t.startup.registrationMs)}${t.startup.notes.length ? `; ${t.startup.notes.join('; ')}` : ''}`]);
      if (t.unscaledOverheadUs !== undefined) extra.push(['unscaled overhead per operation (real, not × scale)', formatUs(t.unscaledOverheadUs)]);
      if (t.error !== undefined) extra.push(['error', t.error]);
      const json = (label: string, value: unknown): string => `<details><summary>${h(label)}</summary><pre class="json">${h(JSON.stringify(value, null, 1))}</pre></details>`;
      return `<h3>${h(t.name)}</h3>${kv(extra)}${json('settings', t.settings)}${t.targetStats ? json('the target’s own stats', t.targetStats) : ''}`;
    })
    .join('\n');
  return `<div class="grid2"><div><h3>Run</h3>${run}</div><div><h3>Scaled time</h3><p class="caption">Each legacy constant at its production value and as this run used it: a scaled duration of 1 s in this run stands for ${trim(1 / results.scale, 2)} s in production. Measured real costs are never converted this way.</p>${constantsTable}</div></div>
${targets}`;
}
