/** Round to `digits` significant digits: enough for a chart, far fewer bytes in the page. */
export function sig(x: number, digits: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}
