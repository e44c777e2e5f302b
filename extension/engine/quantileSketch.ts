/**
 * A mergeable quantile sketch with bounded relative error (log-spaced buckets, as in DDSketch):
 * every value v > 0 falls in bucket ceil(log_gamma(v)); a bucket's estimate is within
 * `relativeAccuracy` of every value in it. Memory grows with the log of the value range only.
 */
export class QuantileSketch {
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly buckets = new Map<number, number>();
  private zeroCount = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly relativeAccuracy = 0.005) {
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
  }

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= 1e-9) {
      this.zeroCount++;
      return;
    }
    const index = Math.ceil(Math.log(value) / this.logGamma);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
  }

  merge(other: QuantileSketch): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) throw new Error('cannot merge sketches of different accuracy');
    for (const [index, n] of other.buckets) this.buckets.set(index, (this.buckets.get(index) ?? 0) + n);
    this.zeroCount += other.zeroCount;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The q-quantile (0..1), by the nearest-rank rule; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeroCount) return 0;
    let seen = this.zeroCount;
    const indices = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const index of indices) {
      seen += this.buckets.get(index)!;
      if (seen >= rank) {
        // Midpoint (in relative terms) of the bucket (gamma^(i-1), gamma^i], clamped to what was seen.
        const estimate = (2 * Math.pow(this.gamma, index)) / (1 + this.gamma);
        return Math.min(this.max, Math.max(this.min, estimate));
      }
    }
    return this.max;
  }
}
