/**
 * Sessions: the records that share a session or trace id, each with the time of its first and
 * last record. Ids are never shown, only counted, so the table keeps a 53-bit hash of each id
 * in flat typed arrays (24 bytes a slot, at most 3/4 used) instead of a string and an object per id: on a log of
 * a million trace ids, a Map of objects cost 330 MiB of RSS and 6 s of GC across the threads.
 * Two ids share a hash with odds of about n²/2⁵⁴ (5·10⁻⁵ for a million ids).
 *
 * Bounded: past `maxLive` ids, the half that has been idle longest is closed — counted, its
 * duration kept in a sketch, its day counted — and forgotten; an id seen again after that
 * starts a new session. `closedEarly` counts the sessions closed this way (0 = exact).
 */
import { HASH_SEED, hashStep } from './byteInterner';
import { QuantileSketch } from './quantileSketch';
import { toIso } from './time';

const EMPTY = 0;
const MIN_CAPACITY = 1024;
/**
 * Most slots in use before the table grows (by half): linear probing stays short (≈ 2.5 probes to
 * find an id, 8.5 to add one) and a million ids take 1.4 M slots (34 MiB), not 2 M.
 */
const MAX_LOAD = 0.75;
export const DEFAULT_MAX_LIVE_SESSIONS = 1 << 20;

/** The clock whose days sessions are counted in (a ZoneClock; a method, so tables stay cloneable). */
export interface DayClock {
  wall(time: number): number;
}

const DAY_MS = 86_400_000;

/** Counts one more session on the day (in `clock`'s zone, as a day number) of its first record. */
function countDayNumber(byNumber: Map<number, number>, clock: DayClock, first: number): void {
  const day = Math.floor(clock.wall(first) / DAY_MS);
  byNumber.set(day, (byNumber.get(day) ?? 0) + 1);
}

/** Adds per-day-number counts into counts by date (`YYYY-MM-DD`). */
function addDays(perDay: Map<string, number>, byNumber: Map<number, number>): void {
  for (const [day, n] of byNumber) {
    const date = toIso(day * DAY_MS).slice(0, 10);
    perDay.set(date, (perDay.get(date) ?? 0) + n);
  }
}

export class SessionTable {
  private keys = new Float64Array(MIN_CAPACITY);
  private firsts = new Float64Array(MIN_CAPACITY);
  private lasts = new Float64Array(MIN_CAPACITY);
  private live = 0;
  /** Sessions closed to make room (0 = exact), their durations and their first days. */
  closedEarly = 0;
  private closedDurations = new QuantileSketch();
  private closedPerDay = new Map<string, number>();

  constructor(private readonly maxLive = DEFAULT_MAX_LIVE_SESSIONS) {}

  /** A table that crossed threads as plain data (structured clone drops prototypes). */
  static revive(data: unknown): SessionTable {
    const table = Object.setPrototypeOf(data, SessionTable.prototype) as SessionTable;
    Object.setPrototypeOf(table.closedDurations, QuantileSketch.prototype);
    return table;
  }

  /** The memory to hand over (not copy) when the table is posted to another thread. */
  buffers(): ArrayBuffer[] {
    return [this.keys.buffer, this.firsts.buffer, this.lasts.buffer] as ArrayBuffer[];
  }

  /** Sessions seen: live ones and those closed to make room. */
  get count(): number {
    return this.live + this.closedEarly;
  }

  /** Sessions held now. */
  get liveCount(): number {
    return this.live;
  }

  /**
   * Makes room for `live` sessions at once (up to the bound), instead of growing by half many
   * times on the way: each growth moves every session to new, never touched memory.
   */
  expect(live: number): void {
    this.reserve(Math.min(this.maxLive, Math.ceil(live)));
  }

  /** Records one record of session `id` at `time` (ms). */
  add(id: string, time: number, clock: DayClock): void {
    this.addHashed(hashId(id), time, time, clock);
  }

  merge(other: SessionTable, clock: DayClock): void {
    const { keys, firsts, lasts } = other;
    // One rehash to the size both need, not several growth steps on the way.
    this.reserve(Math.min(this.maxLive, this.live + other.live));
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot]!;
      if (key !== EMPTY) this.addHashed(key, firsts[slot]!, lasts[slot]!, clock);
    }
    this.closedEarly += other.closedEarly;
    this.closedDurations.merge(other.closedDurations);
    for (const [day, n] of other.closedPerDay) this.closedPerDay.set(day, (this.closedPerDay.get(day) ?? 0) + n);
  }

  /** Count, mean length, sessions per day of their first record, and the length histogram. */
  summarize(clock: DayClock): { count: number; meanDurationMs: number; perDay: Map<string, number>; durations: QuantileSketch } | null {
    if (this.count === 0) return null;
    const durations = new QuantileSketch();
    durations.merge(this.closedDurations);
    const perDay = new Map(this.closedPerDay);
    // By day number first: a date string per session took 460 of 700 ms for a million sessions.
    const byDayNumber = new Map<number, number>();
    const { keys, firsts, lasts } = this;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] === EMPTY) continue;
      durations.add(lasts[slot]! - firsts[slot]!);
      countDayNumber(byDayNumber, clock, firsts[slot]!);
    }
    addDays(perDay, byDayNumber);
    return { count: this.count, meanDurationMs: durations.sum / durations.count, perDay, durations };
  }

  private addHashed(key: number, first: number, last: number, clock: DayClock): void {
    let capacity = this.keys.length;
    let slot = slotOf(key, capacity);
    for (;;) {
      const found = this.keys[slot]!;
      if (found === key) {
        if (first < this.firsts[slot]!) this.firsts[slot] = first;
        if (last > this.lasts[slot]!) this.lasts[slot] = last;
        return;
      }
      if (found === EMPTY) break;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    if (this.live >= this.maxLive) {
      this.closeIdlest(clock);
      this.addHashed(key, first, last, clock);
      return;
    }
    if (this.live + 1 > capacity * MAX_LOAD) {
      this.rehash(Math.ceil(capacity * 1.5), -Infinity);
      capacity = this.keys.length;
      slot = slotOf(key, capacity);
      while (this.keys[slot] !== EMPTY) slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    this.keys[slot] = key;
    this.firsts[slot] = first;
    this.lasts[slot] = last;
    this.live++;
  }

  /** Grows the table to hold `live` sessions within MAX_LOAD. */
  private reserve(live: number): void {
    if (live > this.keys.length * MAX_LOAD) this.rehash(Math.ceil(live / MAX_LOAD) + 1, -Infinity);
  }

  /** Closes the sessions whose last record is older than the median last record. */
  private closeIdlest(clock: DayClock): void {
    const { keys, firsts, lasts } = this;
    const sample: number[] = [];
    const step = Math.max(1, Math.floor(keys.length / 4096));
    for (let slot = 0; slot < keys.length; slot += step) if (keys[slot] !== EMPTY) sample.push(lasts[slot]!);
    sample.sort((a, b) => a - b);
    let threshold = sample[Math.floor(sample.length / 2)] ?? Infinity;
    // With half the sessions ending at the earliest instant, close past it rather than none.
    if (threshold === sample[0]) threshold = sample.find((last) => last > threshold) ?? Infinity;
    const byDayNumber = new Map<number, number>();
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] === EMPTY || lasts[slot]! >= threshold) continue;
      this.closedEarly++;
      this.closedDurations.add(lasts[slot]! - firsts[slot]!);
      countDayNumber(byDayNumber, clock, firsts[slot]!);
    }
    addDays(this.closedPerDay, byDayNumber);
    this.rehash(keys.length, threshold);
  }

  /** Rebuilds the table at `capacity` slots, keeping the sessions last seen at or after `keepFrom`. */
  private rehash(capacity: number, keepFrom: number): void {
    const { keys, firsts, lasts } = this;
    this.keys = new Float64Array(capacity);
    this.firsts = new Float64Array(capacity);
    this.lasts = new Float64Array(capacity);
    this.live = 0;
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old]!;
      if (key === EMPTY || lasts[old]! < keepFrom) continue;
      let slot = slotOf(key, capacity);
      while (this.keys[slot] !== EMPTY) slot = slot + 1 === capacity ? 0 : slot + 1;
      this.keys[slot] = key;
      this.firsts[slot] = firsts[old]!;
      this.lasts[slot] = lasts[old]!;
      this.live++;
    }
  }
}

/** A 53-bit hash of `id`, never 0 (the empty slot): two independent 32-bit string hashes (FNV-1a, as the byte interner's, and a murmur-style one). */
export function hashId(id: string): number {
  let a = HASH_SEED;
  let b = 0x9747b28c ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = hashStep(a, c);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = fmix(a);
  b = fmix(b);
  const key = (a >>> 11) * 0x100000000 + (b >>> 0);
  return key === EMPTY ? 1 : key;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The home slot of `key`: its low 32 bits scaled to the capacity (any capacity, not only powers of two). */
function slotOf(key: number, capacity: number): number {
  return Math.floor(((key % 0x100000000) / 0x100000000) * capacity);
}
