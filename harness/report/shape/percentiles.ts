/**
 * HDR-style percentile series: latency at percentiles spaced evenly on a
 * log "1 / (1 - p)" axis (0, 90, 99, 99.9, 99.99 % are equidistant), read
 * off the exact merged histogram, never off samples.
 */
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';

export interface PercentilePoint {
  /** 0..100 */
  percentile: number;
  valueUs: number;
}

export interface PercentileSeriesOptions {
  /** Points per factor of ten of 1 / (1 - p); 10 gives 41 points to 99.99 %. */
  stepsPerDecade?: number;
  /** Last percentile of the series (default 99.99). */
  maxPercentile?: number;
}

/** What percentileSeries needs of a histogram (hdr-histogram-js `Histogram`). */
export interface PercentileSource {
  readonly totalCount: number;
  getValueAtPercentile(percentile: number): number;
}

/** The percentiles to read, ascending, ending exactly at `maxPercentile`. */
export function percentileTicks(options: PercentileSeriesOptions = {}): number[] {
  const steps = options.stepsPerDecade ?? 10;
  const maxPercentile = options.maxPercentile ?? 99.99;
  if (!(maxPercentile > 0 && maxPercentile < 100)) throw new RangeError(`maxPercentile must be in (0, 100), got ${maxPercentile}`);
  const decades = Math.log10(100 / (100 - maxPercentile));
  const ticks: number[] = [];
  for (let k = 0; k / steps < decades - 1e-9; k++) ticks.push(100 * (1 - 10 ** (-k / steps)));
  ticks.push(maxPercentile);
  return ticks;
}

/** Latency at each tick; empty for an empty histogram. */
export function percentileSeries(histogram: PercentileSource, options: PercentileSeriesOptions = {}): PercentilePoint[] {
  if (histogram.totalCount === 0) return [];
  return percentileTicks(options).map((percentile) => ({ percentile, valueUs: histogram.getValueAtPercentile(percentile) }));
}

/** Decode an `encodeIntoCompressedBase64` histogram and read its series. */
export function percentileSeriesFromEncoded(encoded: string, options: PercentileSeriesOptions = {}): PercentilePoint[] {
  const histogram = decodeFromCompressedBase64(encoded);
  try {
    return percentileSeries(histogram, options);
  } finally {
    histogram.destroy();
  }
}
