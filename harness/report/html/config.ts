/** The run's configuration: seed, scale with each legacy constant at production value and as run, load model, machine, target settings. */
import type { LoadModel, ResultsFile } from '../../results/types.ts';
import { escapeHtml as h, formatCount, formatMs, formatUs, trim } from '../format.ts';

export function loadModelText(model: LoadModel): string {
  return model.kind === 'open'
    ? `open model: ${model.arrival} arrivals at ${formatCount(model.ratePerSec)}/s, latency measured from each request's intended start (waiting for a free thread counts)`
    : `closed model: ${model.users} users, think time ${formatMs(model.thinkMs)} — closed-loop numbers, not user latency at a fixed arrival rate`;
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
      return `<h3>${h(t.name)}</h3>${kv(extra)}${t.settings ? json('settings', t.settings) : ''}${t.targetStats ? json('the target’s own stats', t.targetStats) : ''}`;
    })
    .join('\n');
  return `<div class="grid2"><div><h3>Run</h3>${run}</div><div><h3>Scaled time</h3><p class="caption">Each legacy constant at its production value and as this run used it: a scaled duration of 1 s in this run stands for ${trim(1 / results.scale, 2)} s in production. Measured real costs are never converted this way.</p>${constantsTable}</div></div>
${targets}`;
}
