/** Number, percentage, duration and size formatting for the dashboard (times of day: timeZone.ts). */
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
