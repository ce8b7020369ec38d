/**
 * WBIA's job times, as the collector writes them (job_engine.py `_timestamp`,
 * `calculate_timedelta`, the `notification` handler): timestamps are
 * `%Y-%m-%d %H:%M:%S %Z` in US/Pacific, whole seconds; runtime is
 * started→completed, turnaround received→completed, each as a sentence and
 * as whole seconds (`*_sec`).
 */
const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

interface PacificHour {
  offsetMs: number;
  zone: string;
}

const HOUR_MS = 3_600_000;
const hours = new Map<number, PacificHour>();

/**
 * The US/Pacific offset and zone name for the UTC hour holding `epochMs`.
 * DST switches on a UTC hour boundary, so one Intl call per hour is exact;
 * formatting every timestamp through Intl made seeding 100 000 jobs slow.
 */
function pacificHour(epochMs: number): PacificHour {
  const hour = Math.floor(epochMs / HOUR_MS);
  let hit = hours.get(hour);
  if (!hit) {
    const parts: Record<string, string> = {};
    for (const p of PACIFIC.formatToParts(hour * HOUR_MS)) parts[p.type] = p.value;
    const localAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    hit = { offsetMs: localAsUtc - hour * HOUR_MS, zone: parts.timeZoneName };
    if (hours.size > 100_000) hours.clear();
    hours.set(hour, hit);
  }
  return hit;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `_timestamp()` for an epoch time in ms. */
export function wbiaTimestamp(epochMs: number): string {
  const { offsetMs, zone } = pacificHour(epochMs);
  const d = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}`;
}

export interface Span {
  text: string;
  seconds: number;
}

/** `calculate_timedelta` + the collector's sentence; whole seconds, as WBIA truncates. */
export function wbiaSpan(fromEpochMs: number, toEpochMs: number): Span {
  const total = Math.floor(toEpochMs / 1000) - Math.floor(fromEpochMs / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total - hours * 3600) / 60);
  const seconds = total - hours * 3600 - minutes * 60;
  return { text: `${hours} hours ${minutes} min. ${seconds} sec. (total: ${total} sec.)`, seconds: total };
}

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
    time_runtime_sec: runtime.seconds,
    time_turnaround_sec: turnaround.seconds,
  };
}
