/* global document, window, Chart, getComputedStyle */
// The report page's drawing script, part 1 of 5 (harness/report/client/*.js,
// inlined in CLIENT_FILES order by harness/report/write.ts). It only draws:
// every number was shaped in Node (harness/report/view-model.ts) and arrives
// as the JSON in #report-data. This file holds what the chart files share,
// on window.ConvoyReport.
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


  window.ConvoyReport = { data, colour, STATE_COLOURS, OUTCOME_STYLE, withAlpha, fmtMs, logMsAxis, secondsAxis, scheduledEndS, endS, builders: {} };
})();
