/**
 * Time zones: whether a name is a zone, and the offset from UTC of any instant in a zone (from
 * Intl, which knows every IANA zone's history of offsets and daylight saving). Plain TypeScript:
 * the engine (day and hour aggregates), the host, the language server and the webview share it.
 */

export const UTC_ZONE = 'UTC';

const HOUR_MS = 3_600_000;
const QUARTER_HOUR_MS = 900_000;
/** Cached quarter hours per zone clock before the cache starts over (a few years of hours). */
const MAX_CACHED_SLOTS = 100_000;
/** IANA names are letters, digits and `_ - + /` ("America/Port-au-Prince", "Etc/GMT+5"). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    partFormatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The spelling to show for a zone name Intl knows ("utc" → "UTC", "europe/berlin" →
 * "Europe/Berlin"), or null when it is not a zone. Aliases keep the user's spelling: ICU reports
 * "Asia/Kolkata" as "Asia/Calcutta", which would surprise whoever typed the former.
 */
export function normalizeTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (!ZONE_NAME.test(trimmed)) return null;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (canonical.toLowerCase() === trimmed.toLowerCase()) return canonical;
  return trimmed.toLowerCase() === 'etc/utc' || trimmed.toLowerCase() === 'utc' ? UTC_ZONE : trimmed;
}

/** Whether two zone names name the same zone ("Asia/Kolkata" and "Asia/Calcutta" do). */
export function sameTimeZone(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const canonical = (zone: string): string => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return canonical(a) === canonical(b);
  } catch {
    return false;
  }
}

/** The zone of the machine (or browser) this runs on; UTC when it cannot be told. */
export function machineTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return typeof zone === 'string' && zone !== '' ? (normalizeTimeZone(zone) ?? UTC_ZONE) : UTC_ZONE;
}

/** Milliseconds to add to an instant to get its wall-clock time in `zone` (Berlin in winter: 3,600,000). */
export function offsetAt(zone: string, ms: number): number {
  if (zone === UTC_ZONE) return 0;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of partFormatter(zone).formatToParts(ms)) {
    const value = Number(part.value);
    switch (part.type) {
      case 'year': year = value; break;
      case 'month': month = value; break;
      case 'day': day = value; break;
      case 'hour': hour = value % 24; break;
      case 'minute': minute = value; break;
      case 'second': second = value; break;
      default: break;
    }
  }
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  const wholeSeconds = ms - (((ms % 1000) + 1000) % 1000);
  return wall.getTime() - wholeSeconds;
}

/**
 * Wall-clock time in one zone, for many instants: offsets are looked up once per quarter hour
 * (every zone's offset changes on a quarter-hour boundary, if ever; a quarter hour whose two ends
 * differ is looked up per instant, so even odd historical changes come out exact).
 */
export class ZoneClock {
  private readonly slots = new Map<number, number>();
  private lastSlot = Number.NaN;
  private lastOffset = 0;

  constructor(readonly zone: string) {}

  offset(ms: number): number {
    if (this.zone === UTC_ZONE) return 0;
    const slot = Math.floor(ms / QUARTER_HOUR_MS);
    if (slot === this.lastSlot) return this.lastOffset;
    let offset = this.slots.get(slot);
    if (offset === undefined) {
      const start = offsetAt(this.zone, slot * QUARTER_HOUR_MS);
      const end = offsetAt(this.zone, slot * QUARTER_HOUR_MS + QUARTER_HOUR_MS - 1);
      offset = start === end ? start : Number.NaN;
      if (this.slots.size >= MAX_CACHED_SLOTS) this.slots.clear();
      this.slots.set(slot, offset);
    }
    if (Number.isNaN(offset)) return offsetAt(this.zone, ms);
    this.lastSlot = slot;
    this.lastOffset = offset;
    return offset;
  }

  /** The instant's wall-clock time as epoch milliseconds of a UTC calendar (read it with getUTC*). */
  wall(ms: number): number {
    return ms + this.offset(ms);
  }

  /**
   * The instant a wall-clock time names. In a fall-back overlap the earlier of the two; in a
   * spring-forward gap the time as far past the gap as it was into it (02:30 → 03:30 in Berlin).
   */
  instant(wall: number): number {
    const before = this.offset(wall - 2 * 12 * HOUR_MS);
    const after = this.offset(wall + 2 * 12 * HOUR_MS);
    const candidates = [wall - before, wall - after].filter((ms) => this.wall(ms) === wall);
    return candidates.length > 0 ? Math.min(...candidates) : wall - before;
  }
}

/**
 * The hour of the week of a wall-clock time (see ZoneClock.wall): weekday × 24 + hour, Monday = 0
 * … Sunday = 6, hours 0–23. One number, not a pair: it is counted for every error record, and
 * a pair was an array per error (8% of the bytes an access log's analysis allocated).
 */
export function hourOfWeek(wall: number): number {
  const hours = Math.floor(wall / HOUR_MS);
  // Day 0 of the epoch was a Thursday, three days after a Monday.
  return (((hours + 3 * 24) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
}

const WEEK_HOURS = 7 * 24;
