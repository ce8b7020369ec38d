/* global document, window, Chart, getComputedStyle */
// The report page's drawing script (inlined into index.html by
// harness/report/html/page.ts). It only draws: every number was shaped in
// Node (harness/report/view-model.ts) and arrives as the JSON in
// #report-data. Sets window.__reportReady when every chart is built.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const css = getComputedStyle(document.documentElement);
  const colour = (i) => css.getPropertyValue(`--t${i % 8}`).trim() || '#1f6fb4';
  const STATE_COLOURS = { idle: '#e6e6e6', 'lock-wait': '#f0a30a', 'round-trip': '#2f80d1', timeout: '#d62728' };
  const OUTCOME_STYLE = {
    timeout: { colour: '#d62728', pointStyle: 'crossRot', radius: 6, label: 'timeout' },
    'wrong-reply': { colour: '#ff8c00', pointStyle: 'triangle', radius: 5, label: 'wrong reply' },
    error: { colour: '#8e44ad', pointStyle: 'rectRot', radius: 5, label: 'error' },
  };

  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 11;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;

  const withAlpha = (hex, alpha) => {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  };
  const fmtMs = (ms) => {
    if (ms === null || ms === undefined || !isFinite(ms)) return '–';
    if (ms < 1) return `${+(ms * 1000).toFixed(ms < 0.01 ? 2 : 0)} µs`;
    if (ms < 1000) return `${+ms.toFixed(ms < 10 ? 2 : 1)} ms`;
    return `${+(ms / 1000).toFixed(2)} s`;
  };
  // Log axis in ms with labelled ticks at 1-2-5 steps (narrow ranges) or powers of ten.
  const logMsAxis = (title) => ({
    type: 'logarithmic',
    title: { display: true, text: title },
    afterBuildTicks: (axis) => {
      const lo = Math.max(axis.min, 1e-6);
      const hi = Math.max(axis.max, lo * 10);
      const steps = Math.log10(hi / lo) < 2.5 ? [1, 2, 5] : [1];
      const ticks = [];
      for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) {
        for (const m of steps) {
          const v = m * 10 ** p;
          if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push({ value: v });
        }
      }
      if (ticks.length > 0) axis.ticks = ticks;
    },
    ticks: { autoSkip: false, callback: (v) => fmtMs(v) },
  });
  const secondsAxis = (max) => ({ type: 'linear', min: 0, max, title: { display: true, text: 'time since the measured phase began (s)' } });
  // Scheduled time (intended starts) and busy time (until the last lane or completion ends).
  let scheduledEndMs = data.measureMs;
  let busyEndMs = data.measureMs;
  for (const t of data.targets) {
    for (const x of t.events.tMs) scheduledEndMs = Math.max(scheduledEndMs, x);
    if (t.timeline.tMs.length > 0) scheduledEndMs = Math.max(scheduledEndMs, t.timeline.tMs[t.timeline.tMs.length - 1] + t.timeline.bucketMs);
    for (const lane of t.lanes.segments) for (let k = 1; k < lane.length; k += 4) busyEndMs = Math.max(busyEndMs, lane[k]);
    if (t.completions.tMs.length > 0) busyEndMs = Math.max(busyEndMs, t.completions.tMs[t.completions.tMs.length - 1] + t.completions.bucketMs);
  }
  const scheduledEndS = scheduledEndMs / 1000;
  const endS = Math.max(busyEndMs, scheduledEndMs) / 1000;

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

  function convoyChart(canvas) {
    const i = Number(canvas.dataset.target);
    const t = data.targets[i];
    const labels = [];
    for (let k = 0; k < t.lanes.threads; k++) labels.push(`thread ${k}`);
    const byState = { 'lock-wait': [], 'round-trip': [], timeout: [] };
    t.lanes.segments.forEach((lane, thread) => {
      for (let k = 0; k + 3 < lane.length; k += 4) {
        const state = data.laneStates[lane[k + 2]];
        byState[state].push({ x: [lane[k] / 1000, lane[k + 1] / 1000], y: labels[thread], op: lane[k + 3] >= 0 ? data.opNames[lane[k + 3]] : 'several operations' });
      }
    });
    const datasets = [{ label: 'idle', data: labels.map((y) => ({ x: [0, endS], y })), backgroundColor: STATE_COLOURS.idle, order: 4 }];
    const names = { 'lock-wait': 'waiting for the lock', 'round-trip': 'round trip', timeout: 'timed out' };
    let order = 3;
    for (const state of ['lock-wait', 'round-trip', 'timeout']) {
      datasets.push({ label: names[state], data: byState[state], backgroundColor: STATE_COLOURS[state], order: order-- });
    }
    for (const d of datasets) {
      d.grouped = false;
      d.barPercentage = 0.85;
      d.categoryPercentage = 1;
      d.minBarLength = 0;
    }
    return new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        indexAxis: 'y',
        scales: { x: secondsAxis(endS), y: { type: 'category', ticks: { autoSkip: true } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const r = ctx.raw;
                const span = `${r.x[0].toFixed(3)}–${r.x[1].toFixed(3)} s (${fmtMs((r.x[1] - r.x[0]) * 1000)})`;
                return r.op ? `${ctx.dataset.label}, ${r.op}: ${span}` : `${ctx.dataset.label}: ${span}`;
              },
            },
          },
        },
      },
    });
  }

  function cascadesChart(canvas) {
    const working = data.targets.map((t, i) => ({ t, i })).filter((x) => x.t.error === null);
    const datasets = [];
    let anyCascade = false;
    working.forEach(({ t, i }, row) => {
      t.cascades.forEach((c, k) => {
        anyCascade = true;
        datasets.push({
          label: k === 0 ? `${t.name}: cascades` : '',
          data: [
            { x: c.startMs / 1000, y: row, c },
            { x: c.endMs / 1000, y: row, c },
          ],
          showLine: true,
          borderColor: withAlpha(colour(i), 0.8),
          backgroundColor: colour(i),
          borderWidth: 14,
          pointRadius: 0,
          borderCapStyle: 'butt',
        });
      });
      const ends = t.lanes.timeoutEnds.map((e) => ({ x: e[0] / 1000, y: row + 0.28, thread: e[1] }));
      if (ends.length > 0) datasets.push({ label: `${t.name}: timeouts`, data: ends, pointStyle: 'crossRot', pointRadius: 5, borderColor: '#d62728', backgroundColor: '#d62728', borderWidth: 2 });
    });
    if (datasets.length === 0) datasets.push({ label: '', data: working.map((_w, row) => ({ x: 0, y: row })), pointRadius: 0 });
    // Each cascade bar carries its counts as text, so the chart reads without hovering.
    const barLabels = {
      id: 'cascadeLabels',
      afterDatasetsDraw(chart) {
        const g = chart.ctx;
        g.save();
        g.font = '11px system-ui, sans-serif';
        g.fillStyle = '#222';
        g.textBaseline = 'bottom';
        chart.data.datasets.forEach((d, di) => {
          const first = d.data[0];
          if (!first || !first.c || !chart.isDatasetVisible(di)) return;
          const c = first.c;
          const x = chart.scales.x.getPixelForValue(c.startMs / 1000);
          const y = chart.scales.y.getPixelForValue(first.y) - 9;
          g.fillText(`${c.timeouts} timeouts · ${c.threadsHit.length} threads · ${c.socketRebuilds} socket rebuilds`, x, y);
        });
        g.restore();
      },
    };
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets },
      plugins: [barLabels],
      options: {
        scales: {
          x: secondsAxis(endS),
          y: {
            min: -0.6,
            max: Math.max(0, working.length - 1) + 0.6,
            reverse: true,
            afterBuildTicks: (axis) => {
              axis.ticks = working.map((_w, row) => ({ value: row }));
            },
            ticks: { callback: (v) => (working[v] ? working[v].t.name : '') },
            grid: { display: false },
          },
        },
        plugins: {
          legend: {
            labels: {
              filter: (item) => item.text !== '',
              // The bars' 14 px line width would swell the legend's swatch.
              generateLabels: (chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => ({ ...item, lineWidth: Math.min(item.lineWidth, 2) })),
            },
          },
          title: { display: !anyCascade, text: 'No timeout cascade in any target' },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const r = ctx.raw;
                if (r.c) return `${r.c.timeouts} timeouts on ${r.c.threadsHit.length} threads, ${r.c.socketRebuilds} socket rebuilds, ${fmtMs(r.c.endMs - r.c.startMs)}`;
                return r.thread !== undefined ? `timeout on thread ${r.thread} at ${r.x.toFixed(3)} s` : '';
              },
            },
          },
        },
      },
    });
  }

  function throughputChart(canvas) {
    const datasets = [];
    data.targets.forEach((t, i) => {
      if (t.error !== null) return;
      const c = t.completions;
      datasets.push({
        label: `${t.name}: finished${c.exact ? '' : ' (estimated from a sample)'}`,
        data: c.tMs.map((x, k) => ({ x: (x + c.bucketMs / 2) / 1000, y: c.perSec[k] })),
        showLine: true,
        pointRadius: 0,
        borderWidth: 2,
        borderColor: colour(i),
        backgroundColor: colour(i),
      });
      const tl = t.timeline;
      datasets.push({
        label: `${t.name}: by intended start`,
        data: tl.tMs.map((x, k) => ({ x: (x + tl.bucketMs / 2) / 1000, y: tl.opsPerSec[k] })),
        showLine: true,
        pointRadius: 0,
        borderWidth: 1,
        borderDash: [4, 3],
        borderColor: withAlpha(colour(i), 0.7),
        backgroundColor: withAlpha(colour(i), 0.7),
      });
    });
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets },
      options: { scales: { x: secondsAxis(endS), y: { type: 'linear', min: 0, title: { display: true, text: 'operations per second' } } } },
    });
  }

  function splitChart(canvas) {
    const t = data.targets[Number(canvas.dataset.target)];
    const rows = t.split;
    const part = (label, key, c) => ({ label, data: rows.map((r) => r[key]), backgroundColor: c });
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.op),
        datasets: [part('waiting for the lock', 'lockWaitMs', STATE_COLOURS['lock-wait']), part('round trip', 'roundTripMs', STATE_COLOURS['round-trip']), part('other (free thread, client)', 'otherMs', '#9e9e9e')],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { stacked: true, title: { display: true, text: 'mean time per request (ms)' } }, y: { stacked: true } },
        plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${fmtMs(ctx.parsed.x)} (mean of ${rows[ctx.dataIndex].count} requests: ${fmtMs(rows[ctx.dataIndex].meanMs)})` } } },
      },
    });
  }

  function queueingChart(canvas) {
    const t = data.targets[Number(canvas.dataset.target)];
    const q = t.queueing;
    const p = q.prediction;
    const ms = (us) => (us === null ? null : us / 1000);
    const labels = ['PREDICTED M/M/1', 'PREDICTED M/D/1', 'MEASURED'];
    const hatch = (c) => {
      const pattern = document.createElement('canvas');
      pattern.width = 8;
      pattern.height = 8;
      const g = pattern.getContext('2d');
      g.fillStyle = '#fff8e1';
      g.fillRect(0, 0, 8, 8);
      g.strokeStyle = c;
      g.lineWidth = 2;
      g.beginPath();
      g.moveTo(0, 8);
      g.lineTo(8, 0);
      g.stroke();
      return g.createPattern(pattern, 'repeat');
    };
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'mean wait before service',
            data: [ms(p.mm1WaitUs), ms(p.md1WaitUs), q.measuredWaitMs],
            backgroundColor: [hatch('#b7950b'), hatch('#b7950b'), STATE_COLOURS['lock-wait']],
            borderColor: ['#b7950b', '#b7950b', '#a56c00'],
            borderWidth: 1,
          },
        ],
      },
      options: {
        scales: { y: { type: 'linear', min: 0, title: { display: true, text: 'mean wait (ms)' } } },
        plugins: {
          legend: { display: false },
          title: { display: !p.stable, text: 'ρ ≥ 1: the model predicts a queue without bound' },
          tooltip: { callbacks: { label: (ctx) => `${ctx.label}: ${fmtMs(ctx.parsed.y)}` } },
        },
      },
    });
  }

  const BUILDERS = { hdr: hdrChart, latency: latencyChart, convoy: convoyChart, cascades: cascadesChart, throughput: throughputChart, split: splitChart, queueing: queueingChart };
  const charts = [];
  const failures = [];
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    try {
      charts.push(BUILDERS[canvas.dataset.chart](canvas));
    } catch (error) {
      failures.push(`${canvas.dataset.chart}: ${error && error.message}`);
      console.error('chart failed', canvas.dataset.chart, error);
    }
  }
  window.__reportCharts = charts;
  window.__reportReady = { charts: charts.length, failures };
})();
