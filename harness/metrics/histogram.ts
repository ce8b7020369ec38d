/**
 * HDR histograms as the harness uses them: microseconds, 3 significant
 * digits, auto-resizing, merged exactly through their compressed base64
 * encoding (autocannon lib/histUtil.js does the same), never by averaging
 * percentiles.
 *
 * The driver's web threads opt into WASM histograms
 * ({@link enableWasmHistograms}): they record about twice as fast as the JS
 * ones and cut the driver's own CPU per operation (npm run bench -- driver).
 * WASM histograms live outside the JS heap and must be `destroy()`ed: the
 * Recorder destroys every one in `export()`. Every other thread (the main
 * thread's merge, other drivers) gets the JS implementation, which needs
 * no freeing.
 */
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from '../results/types.ts';

export type { Histogram };

let wasmReady = false;

/** Opt this thread into WASM histograms (the driver's web threads do). */
export async function enableWasmHistograms(): Promise<void> {
  await hdr.initWebAssembly();
  wasmReady = true;
}

/** 3 significant digits for result histograms; timeline buckets use 2. */
export function newHistogram(significantDigits: 2 | 3 = 3): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: significantDigits,
    useWebAssembly: wasmReady,
  });
}

/** Values below 1 µs are recorded as 1: the histogram's lowest discernible value. */
export function clampUs(valueUs: number): number {
  if (!Number.isFinite(valueUs) || valueUs < 1) return 1;
  return Math.round(valueUs);
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Exact merge: decode each and add counts. An empty list gives an empty histogram. */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const total = newHistogram();
  for (const e of encoded) {
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
  return total;
}

export function summarize(histogram: Histogram, errors: number, timeouts: number): LatencySummary {
  const empty = histogram.totalCount === 0;
  const at = (p: number) => (empty ? 0 : histogram.getValueAtPercentile(p));
  return {
    count: histogram.totalCount,
    errors,
    timeouts,
    p50Us: at(50),
    p90Us: at(90),
    p99Us: at(99),
    p999Us: at(99.9),
    maxUs: empty ? 0 : histogram.maxValue,
    meanUs: empty ? 0 : Math.round(histogram.mean * 10) / 10,
    histogram: encodeHistogram(histogram),
  };
}
