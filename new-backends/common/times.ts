/**
 * WBIA's job times, as the collector writes them (job_engine.py `_timestamp`,
 * `calculate_timedelta`, the `notification` handler): timestamps are
 * `%Y-%m-%d %H:%M:%S %Z` in US/Pacific, whole seconds; runtime is
 * started→completed, turnaround received→completed, each as a sentence and
 * as whole seconds (`*_sec`).
 */
import { wbiaSpan, wbiaTimestamp } from '../../harness/contract/wbia-times.ts';

/** The eight `times` values a finished job carries (besides `received`). */
export interface FinishTimes {
  time_updated: string;
  time_completed: string;
  time_runtime: string;
  time_turnaround: string;
  time_runtime_sec: number;
  time_turnaround_sec: number;
}

export function finishTimes(receivedMs: number, startedMs: number, completedMs: number): FinishTimes {
  const runtime = wbiaSpan(startedMs, completedMs);
  const turnaround = wbiaSpan(receivedMs, completedMs);
  const completed = wbiaTimestamp(completedMs);
  return {
    time_updated: completed,
    time_completed: completed,
    time_runtime: runtime.text,
    time_turnaround: turnaround.text,
    time_runtime_sec: runtime.totalSeconds,
    time_turnaround_sec: turnaround.totalSeconds,
  };
}
