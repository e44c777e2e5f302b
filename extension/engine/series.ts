import { BoundedMap } from './boundedMap';
import { QuantileSketch } from './quantileSketch';

/**
 * Per-time-bucket counts for the busiest hosts, templates and status codes, and per-bucket
 * response-time sketches: what lets the dashboard re-filter every view by a time range or a
 * host without going back to the log. Bounded: at most MAX_BUCKETS distinct buckets (the
 * resolution coarsens 1 s → 1 min → 1 h → 1 d past it) and a bounded number of keys per kind.
 */
const RESOLUTIONS_MS = [1_000, 60_000, 3_600_000, 86_400_000] as const;
const MAX_BUCKETS = 1_000;
/** Keys followed per kind (BoundedMap keeps up to twice this, the heaviest when pruning). */
const MAX_KEYS = 100;

/** records, errors, warnings per bucket start. */
type HostBuckets = Map<number, Float64Array>;
type CountBuckets = Map<number, number>;

interface Weighted<T> {
  total: number;
  buckets: T;
}

/** Every member is filled by the engine; optional so older or hand-made summaries still load. */
export interface SeriesSummary {
  readonly hosts?: readonly { readonly name: string; readonly records: number[]; readonly errors: number[]; readonly warnings: number[] }[];
  readonly templates?: readonly { readonly id: number; readonly counts: number[] }[];
  readonly status?: readonly { readonly code: string; readonly counts: number[] }[];
  readonly responseTimeMs?: { readonly count: number[]; readonly p50: (number | null)[]; readonly p95: (number | null)[]; readonly p99: (number | null)[] } | null;
}

export interface SeriesState {
  readonly resolutionIndex: number;
  readonly bucketKeys: readonly number[];
  readonly hosts: ReturnType<BoundedMap<Weighted<HostBuckets>>['state']>;
  readonly templates: Map<number, Weighted<CountBuckets>>;
  readonly status: Map<number, Weighted<CountBuckets>>;
  readonly latency: Map<number, QuantileSketch>;
}

export class SeriesStore {
  private resolutionIndex = 0;
  private readonly bucketKeys = new Set<number>();
  private readonly hosts = new BoundedMap<Weighted<HostBuckets>>(MAX_KEYS, (w) => w.total);
  private readonly templates = new Map<number, Weighted<CountBuckets>>();
  private readonly status = new Map<number, Weighted<CountBuckets>>();
  private readonly latency = new Map<number, QuantileSketch>();

  /** Plain data for another thread (see `loadState`): structured-clone safe. */
  state(): SeriesState {
    return {
      resolutionIndex: this.resolutionIndex,
      bucketKeys: [...this.bucketKeys],
      hosts: this.hosts.state(),
      templates: this.templates,
      status: this.status,
      latency: this.latency,
    };
  }

  loadState(state: SeriesState): void {
    this.resolutionIndex = state.resolutionIndex;
    this.bucketKeys.clear();
    for (const key of state.bucketKeys) this.bucketKeys.add(key);
    this.hosts.loadState(state.hosts);
    this.templates.clear();
    for (const [key, value] of state.templates) this.templates.set(key, value);
    this.status.clear();
    for (const [key, value] of state.status) this.status.set(key, value);
    this.latency.clear();
    for (const [key, value] of state.latency) this.latency.set(key, Object.setPrototypeOf(value, QuantileSketch.prototype) as QuantileSketch);
  }

  /** Most any host series may be short by (0 while every followed host is kept). */
  get hostsMaxError(): number {
    return this.hosts.maxError;
  }

  get resolutionMs(): number {
    return RESOLUTIONS_MS[this.resolutionIndex]!;
  }

  private bucketOf(ms: number): number {
    const key = Math.floor(ms / this.resolutionMs) * this.resolutionMs;
    if (!this.bucketKeys.has(key)) {
      this.bucketKeys.add(key);
      if (this.bucketKeys.size > MAX_BUCKETS && this.resolutionIndex < RESOLUTIONS_MS.length - 1) {
        this.coarsen(this.resolutionIndex + 1);
        return this.bucketOf(ms);
      }
    }
    return key;
  }

  add(ms: number, host: string, templateKey: number, level: 'error' | 'warn' | 'other', status: number | null, responseTimeMs: number | null): void {
    const bucket = this.bucketOf(ms);
    const h = this.hosts.upsert(host, () => ({ total: 0, buckets: new Map() }));
    h.total++;
    let row = h.buckets.get(bucket);
    if (row === undefined) h.buckets.set(bucket, (row = new Float64Array(3)));
    row[0]!++;
    if (level === 'error') row[1]!++;
    else if (level === 'warn') row[2]!++;
    addCount(this.templates, templateKey, bucket, 1);
    if (status !== null) addCount(this.status, status, bucket, 1);
    if (responseTimeMs !== null) {
      let sketch = this.latency.get(bucket);
      if (sketch === undefined) this.latency.set(bucket, (sketch = new QuantileSketch()));
      sketch.add(responseTimeMs);
    }
  }

  /** Folds another store in; `templateKeys` maps the other's template keys to this one's. */
  merge(other: SeriesStore, templateKeys: (key: number) => number): void {
    if (other.resolutionIndex > this.resolutionIndex) this.coarsen(other.resolutionIndex);
    const to = (bucket: number): number => this.bucketOf(bucket);
    for (const [name, h] of other.hosts) {
      const mine = this.hosts.upsert(name, () => ({ total: 0, buckets: new Map() }));
      mine.total += h.total;
      for (const [bucket, row] of h.buckets) {
        const key = to(bucket);
        const target = mine.buckets.get(key);
        if (target === undefined) mine.buckets.set(key, Float64Array.from(row));
        else for (let i = 0; i < 3; i++) target[i]! += row[i]!;
      }
    }
    for (const [key, t] of other.templates) for (const [bucket, n] of t.buckets) addCount(this.templates, templateKeys(key), to(bucket), n);
    for (const [code, s] of other.status) for (const [bucket, n] of s.buckets) addCount(this.status, code, to(bucket), n);
    for (const [bucket, sketch] of other.latency) {
      const key = to(bucket);
      const mine = this.latency.get(key);
      if (mine === undefined) {
        const copy = new QuantileSketch();
        copy.merge(sketch);
        this.latency.set(key, copy);
      } else {
        mine.merge(sketch);
      }
    }
  }

  private coarsen(toIndex: number): void {
    this.resolutionIndex = toIndex;
    const size = this.resolutionMs;
    const coarse = (bucket: number): number => Math.floor(bucket / size) * size;
    const keys = [...this.bucketKeys];
    this.bucketKeys.clear();
    for (const key of keys) this.bucketKeys.add(coarse(key));
    for (const h of this.hosts.values()) {
      const old = h.buckets;
      h.buckets = new Map();
      for (const [bucket, row] of old) {
        const target = h.buckets.get(coarse(bucket));
        if (target === undefined) h.buckets.set(coarse(bucket), row);
        else for (let i = 0; i < 3; i++) target[i]! += row[i]!;
      }
    }
    for (const map of [this.templates, this.status]) {
      for (const w of map.values()) {
        const old = w.buckets;
        w.buckets = new Map();
        for (const [bucket, n] of old) w.buckets.set(coarse(bucket), (w.buckets.get(coarse(bucket)) ?? 0) + n);
      }
    }
    const oldLatency = [...this.latency];
    this.latency.clear();
    for (const [bucket, sketch] of oldLatency) {
      const key = coarse(bucket);
      const mine = this.latency.get(key);
      if (mine === undefined) this.latency.set(key, sketch);
      else mine.merge(sketch);
    }
    if (this.bucketKeys.size > MAX_BUCKETS && this.resolutionIndex < RESOLUTIONS_MS.length - 1) this.coarsen(this.resolutionIndex + 1);
  }

  /**
   * Series aligned with the timeline's buckets (`first` + i × `bucketMs`, `count` of them).
   * `templateIds` turns a template key into the summary's template id (merged clusters fold).
   */
  toSummary(first: number, bucketMs: number, count: number, options: {
    readonly hosts: readonly string[];
    readonly templateIds: (key: number) => number;
    readonly templates: readonly number[];
  }): SeriesSummary {
    const index = (bucket: number): number => Math.floor((bucket - first) / bucketMs);
    const zeros = (): number[] => new Array<number>(count).fill(0);
    const hosts = options.hosts.flatMap((name) => {
      const h = this.hosts.get(name);
      if (h === undefined) return [];
      const records = zeros();
      const errors = zeros();
      const warnings = zeros();
      for (const [bucket, row] of h.buckets) {
        const i = index(bucket);
        if (i < 0 || i >= count) continue;
        records[i]! += row[0]!;
        errors[i]! += row[1]!;
        warnings[i]! += row[2]!;
      }
      return [{ name, records, errors, warnings }];
    });
    const byTemplate = new Map<number, number[]>();
    for (const [key, t] of this.templates) {
      const id = options.templateIds(key);
      let counts = byTemplate.get(id);
      if (counts === undefined) byTemplate.set(id, (counts = zeros()));
      for (const [bucket, n] of t.buckets) {
        const i = index(bucket);
        if (i >= 0 && i < count) counts[i]! += n;
      }
    }
    const templates = options.templates.flatMap((id) => {
      const counts = byTemplate.get(id);
      return counts === undefined ? [] : [{ id, counts }];
    });
    const status = [...this.status].sort((a, b) => a[0] - b[0]).map(([code, s]) => {
      const counts = zeros();
      for (const [bucket, n] of s.buckets) {
        const i = index(bucket);
        if (i >= 0 && i < count) counts[i]! += n;
      }
      return { code: String(code), counts };
    });
    let responseTimeMs: SeriesSummary['responseTimeMs'] = null;
    if (this.latency.size > 0) {
      const sketches: (QuantileSketch | null)[] = new Array<QuantileSketch | null>(count).fill(null);
      for (const [bucket, sketch] of this.latency) {
        const i = index(bucket);
        if (i < 0 || i >= count) continue;
        const target = sketches[i] ?? new QuantileSketch();
        target.merge(sketch);
        sketches[i] = target;
      }
      const q = (p: number): (number | null)[] => sketches.map((s) => (s === null ? null : s.quantile(p)));
      responseTimeMs = { count: sketches.map((s) => s?.count ?? 0), p50: q(0.5), p95: q(0.95), p99: q(0.99) };
    }
    return { hosts, templates, status, responseTimeMs };
  }
}

function addCount(map: Map<number, Weighted<CountBuckets>>, key: number, bucket: number, n: number): void {
  let w = map.get(key);
  if (w === undefined) map.set(key, (w = { total: 0, buckets: new Map() }));
  w.total += n;
  w.buckets.set(bucket, (w.buckets.get(bucket) ?? 0) + n);
}
