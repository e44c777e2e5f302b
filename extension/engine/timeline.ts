import { LEVELS, emptyLevelCounts, levelRank, type Level, type TimelineBucket } from './summary';
import { markChanging } from './changingFields';
import { toIso } from './time';

/** Base resolutions the timeline keeps counts at; it coarsens when too many keys pile up. */
const RESOLUTIONS_MS = [1_000, 60_000, 3_600_000, 86_400_000] as const;
/** Nice bucket sizes the final timeline may use. */
const NICE_BUCKETS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];
const MAX_KEYS = 20_000;
const TARGET_BUCKETS = 120;

/** A Timeline as a few arrays of numbers, for another thread (a row object each cloned slowly). */
export interface TimelineState {
  readonly resolutionIndex: number;
  readonly keys: Float64Array;
  /** The rows of `keys`, one after the other (LEVELS.length numbers each). */
  readonly rows: Float64Array;
}

/** Counts records per time bucket and level, at bounded memory, mergeable. */
export class Timeline {
  private resolutionIndex = 0;
  private counts = new Map<number, Float64Array>();

  constructor() {
    markChanging(this, 'resolutionIndex', 'counts'); // coarsening replaces them
  }

  private get resolution(): number {
    return RESOLUTIONS_MS[this.resolutionIndex]!;
  }

  /** The row last added to: sorted logs hit the same bucket many times in a row. */
  private lastKey = Number.NaN;
  private lastRow: Float64Array | undefined;

  add(ms: number, level: Level, n = 1): void {
    const key = Math.floor(ms / this.resolution) * this.resolution;
    if (key === this.lastKey) {
      this.lastRow![levelRank(level)]! += n;
      return;
    }
    let row = this.counts.get(key);
    if (row === undefined) {
      row = new Float64Array(LEVELS.length);
      this.counts.set(key, row);
      if (this.counts.size > MAX_KEYS && this.resolutionIndex < RESOLUTIONS_MS.length - 1) {
        this.coarsen(this.resolutionIndex + 1);
        // The new row may have been folded into a coarser one: count into whatever holds it now.
        this.add(ms, level, n);
        return;
      }
    }
    row[levelRank(level)]! += n;
    this.lastKey = key;
    this.lastRow = row;
  }

  private coarsen(toIndex: number): void {
    this.resolutionIndex = toIndex;
    this.lastKey = Number.NaN;
    const old = this.counts;
    this.counts = new Map();
    for (const [key, row] of old) {
      const coarse = Math.floor(key / this.resolution) * this.resolution;
      const target = this.counts.get(coarse);
      if (target === undefined) this.counts.set(coarse, row);
      else for (let i = 0; i < row.length; i++) target[i]! += row[i]!;
    }
  }

  state(): TimelineState {
    const width = LEVELS.length;
    const keys = new Float64Array(this.counts.size);
    const rows = new Float64Array(this.counts.size * width);
    let i = 0;
    for (const [key, row] of this.counts) {
      keys[i] = key;
      rows.set(row, i * width);
      i++;
    }
    return { resolutionIndex: this.resolutionIndex, keys, rows };
  }

  /** A timeline with the counts of `state()` (its rows are views of `state.rows`). */
  static fromState(state: TimelineState): Timeline {
    const timeline = new Timeline();
    const width = LEVELS.length;
    timeline.resolutionIndex = state.resolutionIndex;
    state.keys.forEach((key, i) => timeline.counts.set(key, state.rows.subarray(i * width, (i + 1) * width)));
    return timeline;
  }

  merge(other: Timeline): void {
    if (other.resolutionIndex > this.resolutionIndex) this.coarsen(other.resolutionIndex);
    for (const [key, row] of other.counts) {
      for (let i = 0; i < row.length; i++) if (row[i]! > 0) this.add(key, LEVELS[i]!, row[i]);
    }
  }

  /** Buckets of a nice size covering the whole span, empty buckets included. */
  /** @param minBucketMs buckets are at least this long and a multiple of it (to align other series). */
  buckets(minBucketMs = 1): { bucketMs: number; buckets: TimelineBucket[] } {
    if (this.counts.size === 0) return { bucketMs: Math.max(this.resolution, minBucketMs), buckets: [] };
    let min = Infinity;
    let max = -Infinity;
    for (const key of this.counts.keys()) {
      if (key < min) min = key;
      if (key > max) max = key;
    }
    const span = max - min + this.resolution;
    const wanted = Math.max(this.resolution, minBucketMs, span / TARGET_BUCKETS);
    const bucketMs =
      NICE_BUCKETS_MS.find((size) => size >= wanted && size % this.resolution === 0 && size % minBucketMs === 0) ??
      Math.ceil(wanted / 86_400_000) * 86_400_000;
    const first = Math.floor(min / bucketMs) * bucketMs;
    const count = Math.floor((max - first) / bucketMs) + 1;
    const rows = Array.from({ length: count }, () => new Float64Array(LEVELS.length));
    for (const [key, row] of this.counts) {
      const target = rows[Math.floor((key - first) / bucketMs)]!;
      for (let i = 0; i < row.length; i++) target[i]! += row[i]!;
    }
    return {
      bucketMs,
      buckets: rows.map((row, i) => {
        const counts = emptyLevelCounts();
        LEVELS.forEach((level, j) => (counts[level] = row[j]!));
        return { start: toIso(first + i * bucketMs), counts };
      }),
    };
  }
}
