/* global window, Chart */
// Report drawing script: latency charts (HDR percentiles, latency over time) (see base.js).
(function () {
  'use strict';
  const { data, colour, OUTCOME_STYLE, withAlpha, fmtMs, logMsAxis, secondsAxis, scheduledEndS } = window.ConvoyReport;

  // HDR percentile axis: x = 1 / (1 − p), so 90, 99, 99.9, 99.99 % are evenly spaced.
  const PERCENTILE_TICKS = [1, 2, 10, 100, 1000, 10000];
  const percentileLabel = (x) => {
    if (x <= 1) return '0%';
    if (Math.abs(x - 2) < 1e-9) return '50%';
    const p = 100 * (1 - 1 / x);
    return `${+p.toFixed(4)}%`;
  };
  const hdrPoints = (pairs) => pairs.filter((p) => p[1] > 0).map((p) => ({ x: 1 / (1 - Math.min(p[0], 99.9999) / 100), y: p[1] }));

  function hdrChart(canvas) {
    const op = canvas.dataset.op;
    const datasets = [];
    data.targets.forEach((t, i) => {
      const pairs = t.percentiles[op];
      if (!pairs) return;
      datasets.push({ label: t.name, data: hdrPoints(pairs), borderColor: colour(i), backgroundColor: colour(i), showLine: true, pointRadius: 0, borderWidth: 2 });
    });
    if (data.baseline) {
      data.baseline.targets.forEach((b) => {
        const pairs = b.percentiles[op];
        if (!pairs) return;
        const i = data.targets.findIndex((t) => t.name === b.name);
        const c = colour(i < 0 ? 7 : i);
        datasets.push({ label: `${b.name} (baseline)`, data: hdrPoints(pairs), borderColor: c, backgroundColor: c, borderDash: [6, 4], showLine: true, pointRadius: 0, borderWidth: 1.5 });
      });
    }
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        scales: {
          x: {
            type: 'logarithmic',
            min: 1,
            max: 10000,
            title: { display: true, text: 'percentile' },
            afterBuildTicks: (axis) => {
              axis.ticks = PERCENTILE_TICKS.map((value) => ({ value }));
            },
            ticks: { callback: (v) => percentileLabel(v) },
          },
          y: logMsAxis('latency'),
        },
        plugins: {
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${percentileLabel(ctx.parsed.x)} ≤ ${fmtMs(ctx.parsed.y)}` } },
        },
      },
    });
  }

  function latencyChart(canvas) {
    const i = Number(canvas.dataset.target);
    const t = data.targets[i];
    const ev = t.events;
    const byOutcome = { ok: [], timeout: [], 'wrong-reply': [], error: [] };
    for (let k = 0; k < ev.tMs.length; k++) {
      const outcome = data.outcomes[ev.outcome[k]] || 'ok';
      if (ev.latencyMs[k] > 0) byOutcome[outcome].push({ x: ev.tMs[k] / 1000, y: ev.latencyMs[k], op: data.opNames[ev.op[k]] || '?', thread: ev.thread[k] });
    }
    const c = colour(i);
    const datasets = [{ label: 'request', data: byOutcome.ok, backgroundColor: withAlpha(c, 0.35), borderColor: withAlpha(c, 0.35), pointRadius: 1.6, order: 5 }];
    for (const outcome of ['timeout', 'wrong-reply', 'error']) {
      const s = OUTCOME_STYLE[outcome];
      if (byOutcome[outcome].length === 0) continue;
      datasets.push({ label: s.label, data: byOutcome[outcome], pointStyle: s.pointStyle, pointRadius: s.radius, borderColor: s.colour, backgroundColor: s.colour, borderWidth: 2, order: 0 });
    }
    const tl = t.timeline;
    const band = (label, values, width, dash) => ({
      label,
      data: tl.tMs.map((x, k) => ({ x: (x + tl.bucketMs / 2) / 1000, y: values[k] })).filter((p) => p.y > 0),
      showLine: true,
      pointRadius: 0,
      borderWidth: width,
      borderDash: dash,
      borderColor: '#333',
      backgroundColor: '#333',
      order: 1,
    });
    datasets.push(band('p50 per bucket', tl.p50Ms, 1, [2, 2]), band('p99 per bucket', tl.p99Ms, 1.5, []), band('max per bucket', tl.maxMs, 1, [6, 3]));
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        scales: { x: { ...secondsAxis(scheduledEndS), title: { display: true, text: 'intended start, since the measured phase began (s)' } }, y: logMsAxis('latency') },
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const r = ctx.raw;
                return r.op ? `${ctx.dataset.label}: ${r.op} on thread ${r.thread} at ${r.x.toFixed(3)} s took ${fmtMs(r.y)}` : `${ctx.dataset.label}: ${fmtMs(r.y)}`;
              },
            },
          },
        },
      },
    });
  }


  Object.assign(window.ConvoyReport.builders, { hdr: hdrChart, latency: latencyChart });
})();
