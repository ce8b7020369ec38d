/* global window, document, Chart */
// Report drawing script: bar charts (lock wait against round trip, queueing prediction) (see base.js).
(function () {
  'use strict';
  const { data, STATE_COLOURS, fmtMs } = window.ConvoyReport;

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


  Object.assign(window.ConvoyReport.builders, { split: splitChart, queueing: queueingChart });
})();
