/** Number, percentage, duration and time formatting for the dashboard (times shown in UTC). */
import { formatDuration, formatPercent } from '../extension/shared/format';

// Percentages and durations read the same in the dashboard as in the CLI's text output.
export { formatDuration, formatPercent };

const countFormat = new Intl.NumberFormat('en-US');
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Short axis-label form: 12.3K, 4.5M. */
export function formatCompact(value: number): string {
  return Math.abs(value) < 10_000 ? countFormat.format(value) : compactFormat.format(value);
}

const TIME_UNITS: readonly (readonly [string, number])[] = [
  ['s', 1000],
  ['ms', 1],
  ['µs', 1e-3],
  ['ns', 1e-6],
];

/** Milliseconds in the unit that fits, three significant digits: "1.25 s", "61.9 ms", "73.7 µs". */
export function formatMillis(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  for (const [unit, size] of TIME_UNITS) {
    if (Math.abs(ms) >= size || unit === 'ns') return `${Number((ms / size).toPrecision(3))} ${unit}`;
  }
  return `${ms} ms`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "2015-05-17 10:05:03" (UTC), or "—" for null/invalid. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** Label for a timeline bucket, precise to the bucket size. */
export function formatBucketStart(ms: number, bucketMs: number): string {
  const date = new Date(ms);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  if (bucketMs >= 86_400_000) return day;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  if (bucketMs >= 60_000) return `${day} ${time}`;
  return `${day} ${time}:${pad(date.getUTCSeconds())}`;
}

/** The interval a bucket covers: "2015-05-17 10:00–11:00", "2005-06-06 – 2005-06-08". */
export function formatBucketRange(startMs: number, bucketMs: number): string {
  const start = formatBucketStart(startMs, bucketMs);
  const end = formatBucketStart(startMs + bucketMs, bucketMs);
  const [startDay, startTime] = start.split(' ');
  const [endDay, endTime] = end.split(' ');
  if (startTime && endTime && startDay === endDay) return `${start}–${endTime}`;
  return `${start} – ${end}`;
}

/** "per 5 min", "per 1 h": the timeline's bucket size in words. */
export function formatBucketSize(bucketMs: number): string {
  return `per ${formatDuration(bucketMs)}`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}

/** Cuts text to `max` characters with an ellipsis (for canvas labels, which cannot wrap). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
