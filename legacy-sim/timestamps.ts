/**
 * The collector's view of WBIA's job times: it stores timestamps as text and
 * computes runtime/turnaround from two stored texts (`calculate_timedelta`,
 * `convert_to_date`). The formats themselves are shared by every target:
 * harness/contract/wbia-times.ts.
 */
import { spanOfSeconds, wbiaTimestamp } from '../harness/contract/wbia-times.ts';
import type { Span } from '../harness/contract/wbia-times.ts';

/** `_timestamp()`. */
export function timestamp(date: Date = new Date()): string {
  return wbiaTimestamp(date.getTime());
}

/** `convert_to_date`: the zone name is dropped, as WBIA drops it. */
function toSeconds(stamp: string): number {
  const withoutZone = stamp.split(' ').slice(0, -1).join(' ');
  const ms = Date.parse(`${withoutZone.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad timestamp ${JSON.stringify(stamp)}`);
  return ms / 1000;
}

/** `calculate_timedelta(start, end)` over two stored timestamps. */
export function timedelta(start: string, end: string): Span {
  return spanOfSeconds(Math.trunc(toSeconds(end) - toSeconds(start)));
}
