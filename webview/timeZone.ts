/**
 * The zone the dashboard writes times of day and dates in (`logscope.timeZone`): the browser's
 * own zone ("local"), UTC, or an IANA zone. Every formatter takes the zone's offset at the instant
 * it writes, so daylight saving and offsets such as +05:30 or +05:45 come out right. Summaries
 * keep UTC instants; only what people read is shifted.
 */
import { machineTimeZone, normalizeTimeZone, sameTimeZone, UTC_ZONE, ZoneClock } from '../extension/engine/timeZone';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "+05:30", "-03:00", "+00:00" (seconds of old local mean times are dropped). */
function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE_MS);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export class DisplayZone {
  private readonly clock: ZoneClock;

  private constructor(
    /** "UTC" or an IANA zone name. */
    readonly name: string,
    /** Chosen as "local" (the browser's zone). */
    readonly isLocal: boolean,
    /** Why the chosen zone is not the one shown, for the header; null when it is. */
    readonly problem: string | null,
  ) {
    this.clock = new ZoneClock(name);
  }

  static utc(): DisplayZone {
    return new DisplayZone(UTC_ZONE, false, null);
  }

  /** A summary's own zone (HTML report), UTC when absent or unknown to this browser. */
  static of(name: string | undefined): DisplayZone {
    const zone = name === undefined ? null : normalizeTimeZone(name);
    return zone === null ? DisplayZone.utc() : new DisplayZone(zone, false, null);
  }

  /** The host's choice: "local" is this browser's zone; a zone the browser does not know falls back to it. */
  static fromSetting(zone: string, problem: string | null): DisplayZone {
    if (zone === 'local') return new DisplayZone(machineTimeZone(), true, problem);
    const known = normalizeTimeZone(zone);
    if (known !== null) return new DisplayZone(known, false, problem);
    return new DisplayZone(machineTimeZone(), true, problem ?? `This browser does not know the time zone "${zone}" (logscope.timeZone); showing local time instead.`);
  }

  /** Whether `other` (e.g. the zone a summary's heatmap was binned in) is this zone. */
  sameAs(other: string | undefined): boolean {
    return sameTimeZone(this.name, other ?? UTC_ZONE);
  }

  offset(ms: number): number {
    return this.clock.offset(ms);
  }

  /** The instant's wall-clock time as epoch ms of a UTC calendar (read it with getUTC*). */
  wall(ms: number): number {
    return this.clock.wall(ms);
  }

  /** The instant a wall-clock time names (see ZoneClock.instant). */
  instant(wall: number): number {
    return this.clock.instant(wall);
  }

  /** "UTC+05:30"; "UTC" for the UTC zone itself. */
  offsetLabel(ms: number): string {
    return this.name === UTC_ZONE ? UTC_ZONE : `UTC${formatOffset(this.offset(ms))}`;
  }

  /**
   * "Asia/Kolkata (UTC+05:30)", "Europe/Berlin (UTC+01:00, UTC+02:00)" for a span across a
   * daylight-saving change, or "UTC": the zone with its offsets at `instants`.
   */
  describe(instants: readonly number[]): string {
    if (this.name === UTC_ZONE) return UTC_ZONE;
    const offsets = [...new Set(instants.map((ms) => this.offset(ms)))].sort((a, b) => a - b);
    if (offsets.length === 0) return this.name;
    return `${this.name} (${offsets.map((offset) => `UTC${formatOffset(offset)}`).join(', ')})`;
  }

  /** "2015-05-17 10:05:03", or "—" for null/invalid. */
  timestamp(time: string | number | null | undefined): string {
    const ms = typeof time === 'number' ? time : time ? Date.parse(time) : Number.NaN;
    if (!Number.isFinite(ms)) return '—';
    const wall = new Date(this.wall(ms));
    return `${this.day(wall)} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  }

  /** "2015-05-17": the date of an instant in this zone. */
  date(ms: number): string {
    return this.day(new Date(this.wall(ms)));
  }

  /**
   * Label for a timeline bucket, precise to the bucket size. Day buckets are cut at UTC midnight:
   * in another zone they start at another hour, and then say so ("2015-05-17 05:30").
   */
  bucketStart(ms: number, bucketMs: number): string {
    const wall = new Date(this.wall(ms));
    const day = this.day(wall);
    const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
    if (bucketMs >= DAY_MS) return wall.getTime() % DAY_MS === 0 ? day : `${day} ${time}`;
    if (bucketMs >= MINUTE_MS && wall.getUTCSeconds() === 0) return `${day} ${time}`;
    return `${day} ${time}:${pad(wall.getUTCSeconds())}`;
  }

  /** The interval a bucket covers: "2015-05-17 10:00–11:00", "2005-06-06 – 2005-06-08". */
  bucketRange(startMs: number, lengthMs: number): string {
    const start = this.bucketStart(startMs, lengthMs);
    const end = this.bucketStart(startMs + lengthMs, lengthMs);
    const [startDay, startTime] = start.split(' ');
    const [endDay, endTime] = end.split(' ');
    if (startTime && endTime && startDay === endDay) return `${start}–${endTime}`;
    return `${start} – ${end}`;
  }

  /** Whether [start, start + length) lies within one hour of this zone's clock. */
  withinOneHour(startMs: number, lengthMs: number): boolean {
    const last = startMs + lengthMs - 1;
    return this.offset(startMs) === this.offset(last) && Math.floor(this.wall(startMs) / HOUR_MS) === Math.floor(this.wall(last) / HOUR_MS);
  }

  private day(wall: Date): string {
    return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  }
}
