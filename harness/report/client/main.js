/* global document, window */
// Report drawing script, last part: build every chart on the page (see
// base.js). Sets window.__reportReady = { charts, failures } when done; the
// browser test waits for it.
(function () {
  'use strict';
  const BUILDERS = window.ConvoyReport.builders;
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
