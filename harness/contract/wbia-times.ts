/**
 * WBIA's job time formats, shared by every target so that a status row reads
 * the same whatever produced it (job_engine.py `_timestamp`,
 * `calculate_timedelta` and the collector's runtime/turnaround sentence):
 * timestamps are `%Y-%m-%d %H:%M:%S %Z` in US/Pacific, whole seconds.
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
  hours: number;
  minutes: number;
  seconds: number;
  /** Whole seconds, as WBIA truncates. */
  totalSeconds: number;
  /** The `runtime` / `turnaround` sentence WBIA stores. */
  text: string;
}

/** `calculate_timedelta` over a whole number of seconds, with the collector's sentence. */
export function spanOfSeconds(totalSeconds: number): Span {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds - hours * 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  return { hours, minutes, seconds, totalSeconds, text: `${hours} hours ${minutes} min. ${seconds} sec. (total: ${totalSeconds} sec.)` };
}

/** The span between two epoch times in ms, whole seconds apart as their timestamps are. */
export function wbiaSpan(fromEpochMs: number, toEpochMs: number): Span {
  return spanOfSeconds(Math.floor(toEpochMs / 1000) - Math.floor(fromEpochMs / 1000));
}
