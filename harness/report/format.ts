/** Formatting shared by the HTML page and summary.md: units always shown. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Markdown table cell: no pipes or newlines. */
export function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A duration in µs as a readable string with its unit (µs, ms, s, min). */
export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return '–';
  const abs = Math.abs(us);
  if (abs < 1000) return `${trim(us, abs < 10 ? 2 : abs < 100 ? 1 : 0)} µs`;
  if (abs < 1_000_000) return `${trim(us / 1000, abs < 10_000 ? 2 : abs < 100_000 ? 1 : 0)} ms`;
  if (abs < 120_000_000) return `${trim(us / 1e6, 2)} s`;
  return `${trim(us / 6e7, 1)} min`;
}

export function formatMs(ms: number): string {
  return formatUs(ms * 1000);
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'n/a';
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString('en-US')}×`;
  return `${trim(ratio, ratio >= 10 ? 1 : 2)}×`;
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : trim(n, 2);
}

/** A number with at most `decimals` decimals, trailing zeros dropped. */
export function trim(x: number, decimals: number): string {
  return String(Number(x.toFixed(decimals)));
}

export function formatPercentChange(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  const pct = fraction * 100;
  return `${pct > 0 ? '+' : ''}${trim(pct, Math.abs(pct) < 10 ? 1 : 0)} %`;
}

/** The change column of a comparison: "no change", "from 0", or a signed percentage with its direction. */
export function formatChange(baseline: number, candidate: number, change: number | null, better: boolean | null): string {
  if (baseline === candidate) return 'no change';
  if (change === null) return 'from 0';
  return `${formatPercentChange(change)}${better === null ? ' (within noise)' : better ? ' better' : ' worse'}`;
}

/** The ratio column of a comparison: "=" when both are equal. */
export function formatComparisonRatio(baseline: number, candidate: number, ratio: number | null): string {
  return baseline === candidate ? '=' : formatRatio(ratio);
}
