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

/**
 * An HDR histogram with a plain count array in front of it for small values
 * (below `smallLimit`): recording one of those is an array increment instead
 * of a histogram call (about 3 ns instead of 25 ns in WASM, 100 ns in JS;
 * the driver records four values per operation, see npm run bench -- driver).
 * {@link flush} adds the counts with `recordValueWithCount`, which is the
 * same as recording each value once, in any order: the flushed histogram is
 * identical to one that recorded every value directly (test/harness/metrics).
 */
export class BufferedHistogram {
  readonly histogram: Histogram;
  private readonly small: Float64Array;
  private dirty = false;

  constructor(significantDigits: 2 | 3 = 3, smallLimit = 1024) {
    this.histogram = newHistogram(significantDigits);
    this.small = new Float64Array(smallLimit);
  }

  /** `valueUs` an integer ≥ 1 (see {@link clampUs}). */
  record(valueUs: number): void {
    // A non-integer index into a typed array is a silent no-op: only whole values are buffered.
    if (valueUs < this.small.length && (valueUs | 0) === valueUs) {
      this.small[valueUs]++;
      this.dirty = true;
    } else this.histogram.recordValue(valueUs);
  }

  /** HDR's coordinated-omission back-fill; values up to the interval back-fill nothing, so they may be buffered. */
  recordWithExpectedInterval(valueUs: number, intervalUs: number): void {
    if (intervalUs <= 0 || valueUs <= intervalUs) this.record(valueUs);
    else this.histogram.recordValueWithExpectedInterval(valueUs, intervalUs);
  }

  /** Move the buffered counts into the histogram. */
  flush(): Histogram {
    if (this.dirty) {
      const small = this.small;
      for (let v = 0; v < small.length; v++) {
        if (small[v] > 0) {
          this.histogram.recordValueWithCount(v, small[v]);
          small[v] = 0;
        }
      }
      this.dirty = false;
    }
    return this.histogram;
  }
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
