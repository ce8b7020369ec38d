/* global window, Chart */
// Report drawing script: time charts (convoy swimlanes, cascades, throughput) (see base.js).
(function () {
  'use strict';
  const { data, colour, STATE_COLOURS, withAlpha, fmtMs, secondsAxis, endS } = window.ConvoyReport;

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


  Object.assign(window.ConvoyReport.builders, { convoy: convoyChart, cascades: cascadesChart, throughput: throughputChart });
})();
