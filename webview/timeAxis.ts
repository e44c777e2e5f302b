/**
 * Ticks and labels of the time axes in the display zone. ECharts places time ticks at round UTC
 * (or browser-local) times only, so the dashboard computes its own: round wall-clock times of the
 * display zone (whole hours in Asia/Kolkata fall on :30 UTC), turned back into instants so the
 * axis stays linear through daylight-saving changes. ECharts draws them via `customValues`.
 */
import type { DisplayZone } from './timeZone';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Steps of a fixed length, on the wall clock. */
const CLOCK_STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
] as const;
/** Calendar steps: every n-th day (from the 1st of each month), month, or year. */
const CALENDAR_STEPS: readonly { readonly unit: 'day' | 'month' | 'year'; readonly every: number; readonly approxMs: number }[] = [
  { unit: 'day', every: 1, approxMs: DAY },
  { unit: 'day', every: 2, approxMs: 2 * DAY },
  { unit: 'day', every: 7, approxMs: 7 * DAY },
  { unit: 'day', every: 14, approxMs: 14 * DAY },
  { unit: 'month', every: 1, approxMs: 30 * DAY },
  { unit: 'month', every: 3, approxMs: 91 * DAY },
  { unit: 'month', every: 6, approxMs: 182 * DAY },
  { unit: 'year', every: 1, approxMs: 365 * DAY },
  { unit: 'year', every: 2, approxMs: 730 * DAY },
  { unit: 'year', every: 5, approxMs: 1826 * DAY },
  { unit: 'year', every: 10, approxMs: 3652 * DAY },
  { unit: 'year', every: 50, approxMs: 18_262 * DAY },
  { unit: 'year', every: 100, approxMs: 36_525 * DAY },
];
/** Room a label needs on the axis, in pixels. */
const PIXELS_PER_TICK = 90;
const MAX_TICKS = 40;

export interface TimeTicks {
  /** Tick instants (epoch ms), ascending. */
  readonly values: readonly number[];
  /** The label of a tick value (ECharts passes the value back). */
  readonly label: (value: number) => string;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** "May 18", "Jan 2024" or "2024" for a wall-clock day start; "10:00" or "10:00:30" otherwise. */
function wallLabel(wall: Date, withSeconds: boolean): string {
  const midnight = wall.getUTCHours() === 0 && wall.getUTCMinutes() === 0 && wall.getUTCSeconds() === 0;
  if (midnight) return dayLabel(wall);
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
  return withSeconds ? `${time}:${pad(wall.getUTCSeconds())}` : time;
}

function dayLabel(wall: Date): string {
  const month = MONTHS[wall.getUTCMonth()] ?? '';
  if (wall.getUTCDate() !== 1) return `${month} ${wall.getUTCDate()}`;
  return wall.getUTCMonth() === 0 ? String(wall.getUTCFullYear()) : `${month} ${wall.getUTCFullYear()}`;
}

/**
 * Round times of `zone` between `from` and `to` (instants), about one per PIXELS_PER_TICK of
 * `widthPx`, each with its label. `edgePx`: leave out ticks this close to either end (charts whose
 * labels may not overflow the plot).
 */
export function timeTicks(zone: DisplayZone, from: number, to: number, widthPx: number, edgePx = 0): TimeTicks {
  const labels = new Map<number, string>();
  const span = to - from;
  if (!(span > 0) || !Number.isFinite(span)) return { values: [], label: (value) => zone.timestamp(value) };
  const wanted = Math.max(2, Math.min(MAX_TICKS, Math.floor(widthPx / PIXELS_PER_TICK)));
  const margin = widthPx > 0 ? (edgePx / widthPx) * span : 0;
  const add = (instant: number, label: string): void => {
    if (instant >= from + margin && instant <= to - margin && !labels.has(instant)) labels.set(instant, label);
  };
  const clockStep = CLOCK_STEPS.find((step) => span / step <= wanted);
  if (clockStep !== undefined) {
    // Walk the wall clock in steps; instants that repeat (a skipped hour) collapse into one tick.
    const withSeconds = clockStep < MINUTE;
    let wall = Math.ceil(zone.wall(from) / clockStep) * clockStep;
    // After a fall-back change the clock reads less than span later: walk at least the span.
    const end = Math.max(zone.wall(to), zone.wall(from) + span);
    for (let guard = 0; wall <= end && guard < 10_000; guard += 1, wall += clockStep) {
      const instant = zone.instant(wall);
      add(instant, wallLabel(new Date(zone.wall(instant)), withSeconds));
    }
  } else {
    const step = CALENDAR_STEPS.find((candidate) => span / candidate.approxMs <= wanted) ?? CALENDAR_STEPS[CALENDAR_STEPS.length - 1]!;
    const first = new Date(zone.wall(from));
    const last = zone.wall(to);
    // Start at the first day of the year (or month) that holds `from`, then step by calendar.
    const cursor = new Date(Date.UTC(2000, 0, 1));
    const month = step.unit === 'day' ? first.getUTCMonth() : step.unit === 'month' ? Math.floor(first.getUTCMonth() / step.every) * step.every : 0;
    const year = step.unit === 'year' ? Math.floor(first.getUTCFullYear() / step.every) * step.every : first.getUTCFullYear();
    cursor.setUTCFullYear(year, month, step.unit === 'day' ? first.getUTCDate() : 1);
    for (let guard = 0; cursor.getTime() <= last && guard < 10_000; guard += 1) {
      const day = cursor.getUTCDate();
      // Every n-th day counts from the 1st; the last days of a month would crowd the next 1st.
      const keep = step.unit !== 'day' || ((day - 1) % step.every === 0 && (step.every === 1 || day <= 29 - step.every / 2));
      if (keep) add(zone.instant(cursor.getTime()), dayLabel(cursor));
      if (step.unit === 'day') cursor.setUTCDate(day + 1);
      else if (step.unit === 'month') cursor.setUTCMonth(cursor.getUTCMonth() + step.every);
      else cursor.setUTCFullYear(cursor.getUTCFullYear() + step.every);
    }
  }
  const values = [...labels.keys()].sort((a, b) => a - b);
  return { values, label: (value) => labels.get(value) ?? zone.timestamp(value) };
}
