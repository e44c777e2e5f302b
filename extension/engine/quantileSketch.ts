/**
 * A mergeable quantile sketch with bounded relative error (log-spaced buckets, as in DDSketch):
 * every value v > 0 falls in bucket ceil(log_gamma(v)); a bucket's estimate is within
 * `relativeAccuracy` of every value in it. Memory grows with the log of the value range only.
 */
/**
 * The last value's natural log: a record's response time goes into two sketches (the overall
 * one and its time bucket's), and Math.log showed in the access-log profile.
 */
let lastLogOf = Number.NaN;
let lastLog = Number.NaN;
function logOf(value: number): number {
  if (value !== lastLogOf) {
    lastLogOf = value;
    lastLog = Math.log(value);
  }
  return lastLog;
}

const TWO_32 = 2 ** 32;
/** The low part of a sum carries into the high part from here (both stay exact below 2^53). */
const CARRY_AT = 2 ** 52;
/** A value counts at most this much in the sum (about 31,700 years: beyond, a duration is garbage). */
const MAX_SUMMED_MS = 1e15;

/**
 * Many sketches as two arrays of numbers, for another thread: a thousand sketch objects, each
 * with a typed array, took 40-50 ms to clone between threads at the end of a parallel run.
 */
export interface PackedSketches {
  /** Per sketch, SCALARS numbers (see `pack`); a relative accuracy of NaN stands for no sketch. */
  readonly scalars: Float64Array;
  /** The sketches' bucket counts, one after the other. */
  readonly counts: Float64Array;
}

/**
 * Numbers per sketch in `PackedSketches.scalars`, in this order (pack and unpack must agree):
 * relative accuracy, offset, bucket count, zeroCount, count, sumHigh, sumLow, min, max, and
 * where its buckets start in `counts`.
 */
const SCALARS = 10;

export class QuantileSketch {
  private readonly gamma: number;
  private readonly logGamma: number;
  /** Bucket indices are clamped to 1 ns … 30 years (in ms) so hostile values cannot grow the array. */
  private readonly lowestIndex: number;
  private readonly highestIndex: number;
  /**
   * Dense counts of buckets `offset … offset + counts.length - 1`: an add is one typed-array
   * increment (no map lookup), which the profile of access logs (two adds per record) showed
   * mattered. The range only spans the values seen (≈ 1,400 slots for 0.1 ms … 10 s).
   */
  private counts: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private offset = 0;
  private zeroCount = 0;
  count = 0;
  /**
   * The sum of the values in whole nanoseconds, as two exact integers (high counts 2^32 ns):
   * integer sums do not depend on the order of adds and merges, so the mean is the same for
   * any cut of a file into ranges (a sum of doubles differed in its 14th digit).
   * `sumLow` starts as -0, a double (0 is a small integer): it outgrows small integers within a
   * few adds, and that change of the field's type changed every sketch's hidden class mid-run,
   * which threw out the optimized code of the aggregator's adds (recompiled four times each).
   */
  private sumHigh = 0;
  private sumLow = -0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly relativeAccuracy = 0.005) {
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.lowestIndex = Math.ceil(Math.log(1e-6) / this.logGamma);
    this.highestIndex = Math.ceil(Math.log(1e12) / this.logGamma);
  }

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.count++;
    this.addNanos(Math.round(Math.min(value, MAX_SUMMED_MS) * 1e6));
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= 1e-9) {
      this.zeroCount++;
      return;
    }
    // `| 0`: a small integer, never -0 (the ceiling of -0.5), which optimized code would leave
    // for a double, and `offset`, derived from it, with it.
    const index = Math.ceil(logOf(value) / this.logGamma) | 0;
    this.addToBucket(index < this.lowestIndex ? this.lowestIndex : index > this.highestIndex ? this.highestIndex : index, 1);
  }

  /** The values' sum (ms, to the nanosecond). */
  get sum(): number {
    return (this.sumHigh * TWO_32 + this.sumLow) / 1e6 + 0; // + 0: no -0 when empty
  }

  /** Adds a whole number of nanoseconds (a double, exact or not, but whole). */
  private addNanos(nanos: number): void {
    if (nanos >= CARRY_AT) {
      const high = Math.floor(nanos / TWO_32);
      this.sumHigh += high;
      nanos -= high * TWO_32;
    }
    this.sumLow += nanos;
    if (this.sumLow >= CARRY_AT) {
      const carry = Math.floor(this.sumLow / TWO_32);
      this.sumHigh += carry;
      this.sumLow -= carry * TWO_32;
    }
  }

  private addToBucket(index: number, n: number): void {
    let slot = index - this.offset;
    if (slot < 0 || slot >= this.counts.length) {
      this.cover(index);
      slot = index - this.offset;
    }
    this.counts[slot]! += n;
  }

  /** Widens the dense range to include `index`, with headroom so growth stays rare. */
  private cover(index: number): void {
    const old = this.counts;
    if (old.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = index - 32;
      return;
    }
    const low = Math.min(this.offset, index);
    const high = Math.max(this.offset + old.length - 1, index);
    const span = high - low + 1;
    const headroom = Math.max(16, span >> 1);
    const offset = index < this.offset ? low - headroom : low;
    const grown = new Float64Array(span + headroom);
    grown.set(old, this.offset - offset);
    this.counts = grown;
    this.offset = offset;
  }

  /** The estimate for bucket `index`: the midpoint (in relative terms) of (gamma^(index-1), gamma^index]. */
  private estimate(index: number): number {
    return (2 * Math.pow(this.gamma, index)) / (1 + this.gamma);
  }

  merge(other: QuantileSketch): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) throw new Error('cannot merge sketches of different accuracy');
    // Bucket by bucket over the dense arrays: merges of the per-bucket sketches add up to a
    // tenth of a second at the end of a parallel run, which a generator of pairs doubled.
    const counts = other.counts;
    let first = 0;
    while (first < counts.length && counts[first] === 0) first++;
    let last = counts.length - 1;
    while (last >= first && counts[last] === 0) last--;
    if (first <= last) {
      this.addToBucket(other.offset + first, 0); // widens the range to both ends at most twice
      this.addToBucket(other.offset + last, 0);
      const shift = other.offset - this.offset;
      const mine = this.counts;
      for (let slot = first; slot <= last; slot++) mine[slot + shift]! += counts[slot]!;
    }
    this.zeroCount += other.zeroCount;
    this.count += other.count;
    this.sumHigh += other.sumHigh;
    this.addNanos(other.sumLow);
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /**
   * Counts per interval [bounds[i], bounds[i+1]) of a log-spaced ladder (ms: 1, 2, 5, 10, …),
   * cut just past the largest value; each count is exact to within the sketch's accuracy.
   */
  histogram(): { boundsMs: number[]; counts: number[] } | null {
    if (this.count === 0) return null;
    const bounds = [0];
    for (let decade = 1; bounds[bounds.length - 1]! <= this.max; decade *= 10) {
      for (const step of [1, 2, 5]) {
        if (bounds[bounds.length - 1]! > this.max) break;
        bounds.push(step * decade);
      }
    }
    const counts = new Array<number>(bounds.length - 1).fill(0);
    const place = (value: number, n: number): void => {
      let i = 0;
      while (i < counts.length - 1 && value >= bounds[i + 1]!) i++;
      counts[i]! += n;
    };
    place(0, this.zeroCount);
    const buckets = this.counts;
    for (let slot = 0; slot < buckets.length; slot++) if (buckets[slot]! > 0) place(Math.min(this.max, this.estimate(this.offset + slot)), buckets[slot]!);
    return { boundsMs: bounds, counts };
  }

  /** The sketches (absent ones too) as a few arrays of numbers; `unpack` gives them back. */
  static pack(sketches: readonly (QuantileSketch | undefined)[]): PackedSketches {
    const scalars = new Float64Array(sketches.length * SCALARS);
    let total = 0;
    for (let i = 0; i < sketches.length; i++) {
      const sketch = sketches[i];
      const at = i * SCALARS;
      if (sketch === undefined) {
        scalars[at] = Number.NaN;
        continue;
      }
      // Whole arrays, zeros at the ends included: a native copy each, where looking for the
      // non-zero span ran a thousand sketches' buckets through cold code (26 ms).
      const length = sketch.counts.length;
      scalars[at] = sketch.relativeAccuracy;
      scalars[at + 1] = sketch.offset;
      scalars[at + 2] = length;
      scalars[at + 3] = sketch.zeroCount;
      scalars[at + 4] = sketch.count;
      scalars[at + 5] = sketch.sumHigh;
      scalars[at + 6] = sketch.sumLow;
      scalars[at + 7] = sketch.min;
      scalars[at + 8] = sketch.max;
      scalars[at + 9] = total;
      total += length;
    }
    const counts = new Float64Array(total);
    for (let i = 0; i < sketches.length; i++) {
      const sketch = sketches[i];
      if (sketch !== undefined && sketch.counts.length > 0) counts.set(sketch.counts, scalars[i * SCALARS + 9]);
    }
    return { scalars, counts };
  }

  /** The sketches `pack` was given, as sketches of their own (their counts are views of `packed`). */
  static unpack(packed: PackedSketches): (QuantileSketch | undefined)[] {
    const { scalars, counts } = packed;
    const sketches: (QuantileSketch | undefined)[] = [];
    for (let at = 0; at < scalars.length; at += SCALARS) {
      if (Number.isNaN(scalars[at]!)) {
        sketches.push(undefined);
        continue;
      }
      const sketch = new QuantileSketch(scalars[at]);
      const length = scalars[at + 2]!;
      const start = scalars[at + 9]!;
      // An empty array stays one: `cover` places the first bucket anew.
      if (length > 0) {
        sketch.counts = counts.subarray(start, start + length);
        sketch.offset = scalars[at + 1]! | 0; // a small integer, as `cover` leaves it
      }
      sketch.zeroCount = scalars[at + 3]!;
      sketch.count = scalars[at + 4]!;
      sketch.sumHigh = scalars[at + 5]!;
      sketch.sumLow = scalars[at + 6]!;
      sketch.min = scalars[at + 7]!;
      sketch.max = scalars[at + 8]!;
      sketches.push(sketch);
    }
    return sketches;
  }

  /** The q-quantile (0..1), by the nearest-rank rule; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeroCount) return 0;
    let seen = this.zeroCount;
    // Slot by slot over the dense array: a generator of pairs took 27 ms of the final summary of
    // the 1 GiB access log (three quantiles of each of a thousand time buckets' sketches).
    const counts = this.counts;
    for (let slot = 0; slot < counts.length; slot++) {
      seen += counts[slot]!;
      // Clamped to what was seen.
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, this.estimate(this.offset + slot)));
    }
    return this.max;
  }
}
