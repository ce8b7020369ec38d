/** The page's inline stylesheet; --t0..--t7 are the per-target colours the charts use too. */
export const TARGET_COLOURS = ['#1f6fb4', '#2a9d4b', '#8e44ad', '#d35400', '#16a2b8', '#7f6000', '#c2185b', '#455a64'] as const;

export const STYLES = `
:root { ${TARGET_COLOURS.map((c, i) => `--t${i}: ${c};`).join(' ')} --bad: #c0392b; --good: #1e8449; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #fafafa; }
main { max-width: 1500px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 6px 0; }
h2 { font-size: 18px; margin: 32px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
code { background: #eee; padding: 0 3px; border-radius: 3px; }
.verdict { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px 18px; }
.verdict .run { color: var(--muted); font-size: 12px; }
.verdict-row { display: flex; align-items: center; gap: 24px; margin: 8px 0; flex-wrap: wrap; }
.headline .ratio { font-size: 34px; font-weight: 700; margin-right: 10px; }
.headline .label { color: var(--muted); }
.badge { padding: 4px 10px; border-radius: 12px; font-weight: 600; }
.badge.pass { background: #d5f5e3; color: var(--good); }
.badge.fail { background: #fadbd8; color: var(--bad); }
.badge.neutral { background: #eee; }
table { border-collapse: collapse; margin: 6px 0; background: #fff; }
th, td { border: 1px solid #e2e2e2; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
td { overflow-wrap: anywhere; }
pre.json { white-space: pre-wrap; word-break: break-all; margin: 0; font-size: 12px; max-height: 320px; overflow: auto; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.gates td:first-child { white-space: nowrap; }
tr.pass td:first-child, .good { color: var(--good); }
tr.fail td:first-child, .bad { color: var(--bad); font-weight: 600; }
.muted { color: var(--muted); }
.caption { color: #444; font-size: 13px; margin: 2px 0 8px; max-width: 1100px; }
.caption.about { margin-top: 12px; }
.prediction-label { font-weight: 700; color: #7f6000; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 12px; margin-top: 12px; }
.card { background: #fff; border: 1px solid #ddd; border-top: 4px solid var(--target); border-radius: 6px; padding: 8px 12px; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
.card dt { color: var(--muted); }
.card dd { margin: 0; text-align: right; }
.card.error { background: #fff5f4; }
.error-text { color: var(--bad); font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 14px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px; }
.panel { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; min-width: 0; }
.panel h3 { margin-top: 0; }
.panel.error { background: #fff5f4; }
.chart-box { position: relative; height: 300px; }
.chart-box.short { height: 220px; }
table.compact td { font-size: 13px; }
ul { margin: 4px 0; }
`;
