/**
 * WBIA's job timestamps (`_timestamp`, `calculate_timedelta` in
 * job_engine.py): '%Y-%m-%d %H:%M:%S %Z' in US/Pacific, whole seconds.
 */
const FORMAT = new Intl.DateTimeFormat('en-US', {
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

export function timestamp(date: Date = new Date()): string {
  const parts: Record<string, string> = {};
  for (const p of FORMAT.formatToParts(date)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/** `convert_to_date`: the zone name is dropped, as WBIA drops it. */
function toSeconds(stamp: string): number {
  const withoutZone = stamp.split(' ').slice(0, -1).join(' ');
  const ms = Date.parse(`${withoutZone.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad timestamp ${JSON.stringify(stamp)}`);
  return ms / 1000;
}

export interface Timedelta {
  hours: number;
  minutes: number;
  seconds: number;
  totalSeconds: number;
}

/** `calculate_timedelta(start, end)`. */
export function timedelta(start: string, end: string): Timedelta {
  const totalSeconds = Math.trunc(toSeconds(end) - toSeconds(start));
  let rest = totalSeconds;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  return { hours, minutes, seconds: rest, totalSeconds };
}

/** The `runtime` / `turnaround` text WBIA stores. */
export function formatTimedelta(d: Timedelta): string {
  return `${d.hours} hours ${d.minutes} min. ${d.seconds} sec. (total: ${d.totalSeconds} sec.)`;
}
