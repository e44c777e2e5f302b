import { BoundedMap, newEntryHandle } from './boundedMap';
import { markChanging } from './changingFields';
import { QuantileSketch, type PackedSketches } from './quantileSketch';

/**
 * Per-time-bucket counts for the busiest hosts, templates and status codes, and per-bucket
 * response-time sketches: what lets the dashboard re-filter every view by a time range or a
 * host without going back to the log. Bounded: at most MAX_BUCKETS distinct buckets (the
 * resolution coarsens 1 s → 1 min → 1 h → 1 d past it) and a bounded number of hosts.
 *
 * Buckets get small dense indices in order of first sight, and each key keeps a typed array
 * indexed by them: adding a record is a few array increments instead of nested map lookups
 * on large bucket-start numbers (what the access-log profile showed costing most here).
 */
const RESOLUTIONS_MS = [1_000, 60_000, 3_600_000, 86_400_000] as const;
const MAX_BUCKETS = 1_000;
/** Hosts followed (BoundedMap keeps up to twice this, the heaviest when pruning). */
const MAX_HOSTS = 100;
/** Per-bucket latency sketches need less precision than the overall one (and stay small). */
const BUCKET_SKETCH_ACCURACY = 0.02;
/** Counters per host and bucket: records, errors, warnings. */
const HOST_STRIDE = 3;

/** A key's total and its counts by bucket index (× stride), grown as indices appear. */
interface Counts {
  total: number;
  counts: Uint32Array;
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
  readonly bucketStarts: readonly number[];
  readonly hosts: ReturnType<BoundedMap<Counts>['state']>;
  readonly templates: Map<number, Counts>;
  readonly status: Map<number, Counts>;
  readonly latency: PackedSketches;
}

/** Adds `n` at `slot` of `row`, growing its array (doubling) when the slot lies past its end. */
function bump(row: Counts, slot: number, n: number): void {
  let counts = row.counts;
  if (slot >= counts.length) {
    const grown = new Uint32Array(Math.max(slot + 1, counts.length * 2, 16));
    grown.set(counts);
    row.counts = counts = grown;
  }
  counts[slot]! += n;
}

function newCounts(): Counts {
  return { total: 0, counts: new Uint32Array(0) };
}

function countsOf(map: Map<number, Counts>, key: number): Counts {
  let row = map.get(key);
  if (row === undefined) map.set(key, (row = newCounts()));
  return row;
}

/** Keys below this (and integral) have their row cached in an array. */
const MAX_ARRAY_KEY = 1 << 20;

/** `countsOf`, remembered in `rows` for small integer keys (template keys, HTTP status codes). */
function rowOf(rows: (Counts | undefined)[], map: Map<number, Counts>, key: number): Counts {
  if (!(key >= 0 && key < MAX_ARRAY_KEY && Math.floor(key) === key)) return countsOf(map, key);
  return rows[key] ?? (rows[key] = countsOf(map, key));
}

export class SeriesStore {
  private resolutionIndex = 0;
  /** Bucket start (ms) by dense index, and the reverse. */
  private bucketStarts: number[] = [];
  private readonly indexOfStart = new Map<number, number>();
  /** Sorted logs hit the same bucket many times in a row. */
  private lastStart = Number.NaN;
  private lastIndex = -1;
  private readonly hosts = new BoundedMap<Counts>(MAX_HOSTS, (w) => w.total);
  private lastHost: string | null = null;
  private readonly lastHostHandle = newEntryHandle();
  private templates = new Map<number, Counts>();
  private status = new Map<number, Counts>();
  /**
   * The rows of `templates` and `status` by key, in arrays: template keys and status codes are
   * small integers, and a per-record map lookup of each showed in the access-log profile.
   */
  private templateRows: (Counts | undefined)[] = [];
  private statusRows: (Counts | undefined)[] = [];
  private latency: (QuantileSketch | undefined)[] = [];

  constructor() {
    // Coarsening and loadState replace them.
    markChanging(this, 'resolutionIndex', 'bucketStarts', 'templates', 'status', 'templateRows', 'statusRows', 'latency');
  }

  /** Plain data for another thread (see `loadState`): structured-clone safe. */
  state(): SeriesState {
    return {
      resolutionIndex: this.resolutionIndex,
      bucketStarts: this.bucketStarts,
      hosts: this.hosts.state(),
      templates: this.templates,
      status: this.status,
      latency: QuantileSketch.pack(this.latency),
    };
  }

  loadState(state: SeriesState): void {
    this.resolutionIndex = state.resolutionIndex;
    this.bucketStarts = [...state.bucketStarts];
    this.indexOfStart.clear();
    this.bucketStarts.forEach((start, index) => this.indexOfStart.set(start, index));
    this.lastStart = Number.NaN;
    this.lastHost = null;
    this.hosts.loadState(state.hosts);
    // Maps of their own (structured clones): taken, not copied.
    this.templates = state.templates;
    this.status = state.status;
    this.templateRows = [];
    this.statusRows = [];
    this.latency = QuantileSketch.unpack(state.latency);
  }

  /** Most any host series may be short by (0 while every followed host is kept). */
  get hostsMaxError(): number {
    return this.hosts.maxError;
  }

  get resolutionMs(): number {
    return RESOLUTIONS_MS[this.resolutionIndex]!;
  }

  /** The dense index of the bucket holding `ms`, coarsening first when there would be too many. */
  private indexOf(ms: number): number {
    const size = this.resolutionMs;
    const start = Math.floor(ms / size) * size;
    if (start === this.lastStart) return this.lastIndex;
    let index = this.indexOfStart.get(start);
    if (index === undefined) {
      if (this.bucketStarts.length >= MAX_BUCKETS && this.resolutionIndex < RESOLUTIONS_MS.length - 1) {
        this.coarsen(this.resolutionIndex + 1);
        return this.indexOf(ms);
      }
      index = this.bucketStarts.length;
      this.bucketStarts.push(start);
      this.indexOfStart.set(start, index);
    }
    this.lastStart = start;
    this.lastIndex = index;
    return index;
  }

  private hostRow(host: string): Counts {
    if (host !== this.lastHost) {
      this.lastHost = host;
      this.lastHostHandle.map = null; // a different host: look it up again
    }
    return this.hosts.upsertVia(this.lastHostHandle, host, newCounts);
  }

  add(ms: number, host: string, templateKey: number, level: 'error' | 'warn' | 'other', status: number | null, responseTimeMs: number | null): void {
    const index = this.indexOf(ms);
    const h = this.hostRow(host);
    h.total++;
    const slot = index * HOST_STRIDE;
    bump(h, slot + HOST_STRIDE - 1, 0); // room for the bucket's three counters
    h.counts[slot]!++;
    if (level === 'error') h.counts[slot + 1]!++;
    else if (level === 'warn') h.counts[slot + 2]!++;
    const template = rowOf(this.templateRows, this.templates, templateKey);
    template.total++;
    bump(template, index, 1);
    if (status !== null) {
      const code = rowOf(this.statusRows, this.status, status);
      code.total++;
      bump(code, index, 1);
    }
    if (responseTimeMs !== null) {
      let sketch = this.latency[index];
      if (sketch === undefined) this.latency[index] = sketch = new QuantileSketch(BUCKET_SKETCH_ACCURACY);
      sketch.add(responseTimeMs);
    }
  }

  /** Folds another store in; `templateKeys` maps the other's template keys to this one's. */
  merge(other: SeriesStore, templateKeys: (key: number) => number): void {
    if (other.resolutionIndex > this.resolutionIndex) this.coarsen(other.resolutionIndex);
    // Register every bucket first (which may coarsen), then map indices at the final resolution.
    for (const start of other.bucketStarts) this.indexOf(start);
    const to = other.bucketStarts.map((start) => this.indexOf(start));
    for (const [name, h] of other.hosts) {
      const mine = this.hosts.upsert(name, newCounts);
      mine.total += h.total;
      foldCounts(mine, h.counts, to, HOST_STRIDE);
    }
    for (const [key, t] of other.templates) {
      const mine = countsOf(this.templates, templateKeys(key));
      mine.total += t.total;
      foldCounts(mine, t.counts, to, 1);
    }
    for (const [code, s] of other.status) {
      const mine = countsOf(this.status, code);
      mine.total += s.total;
      foldCounts(mine, s.counts, to, 1);
    }
    other.latency.forEach((sketch, index) => {
      if (sketch === undefined) return;
      const target = to[index]!;
      const mine = this.latency[target] ?? (this.latency[target] = new QuantileSketch(BUCKET_SKETCH_ACCURACY));
      mine.merge(sketch);
    });
  }

  private coarsen(toIndex: number): void {
    this.resolutionIndex = toIndex;
    const size = this.resolutionMs;
    const oldStarts = this.bucketStarts;
    this.bucketStarts = [];
    this.indexOfStart.clear();
    this.lastStart = Number.NaN;
    const to = oldStarts.map((start) => {
      const coarse = Math.floor(start / size) * size;
      let index = this.indexOfStart.get(coarse);
      if (index === undefined) {
        index = this.bucketStarts.length;
        this.bucketStarts.push(coarse);
        this.indexOfStart.set(coarse, index);
      }
      return index;
    });
    const refold = (row: Counts, stride: number): void => {
      const old = row.counts;
      row.counts = new Uint32Array(0);
      foldCounts(row, old, to, stride);
    };
    for (const h of this.hosts.values()) refold(h, HOST_STRIDE);
    for (const t of this.templates.values()) refold(t, 1);
    for (const s of this.status.values()) refold(s, 1);
    const oldLatency = this.latency;
    this.latency = [];
    oldLatency.forEach((sketch, index) => {
      if (sketch === undefined) return;
      const target = to[index]!;
      const mine = this.latency[target];
      if (mine === undefined) this.latency[target] = sketch;
      else mine.merge(sketch);
    });
    if (this.bucketStarts.length > MAX_BUCKETS && this.resolutionIndex < RESOLUTIONS_MS.length - 1) this.coarsen(this.resolutionIndex + 1);
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
    // Summary position of each of our buckets (-1: outside the timeline).
    const position = this.bucketStarts.map((start) => {
      const i = Math.floor((start - first) / bucketMs);
      return i >= 0 && i < count ? i : -1;
    });
    const zeros = (): number[] => new Array<number>(count).fill(0);
    const spread = (counts: Uint32Array, stride: number, offset: number, into: number[]): void => {
      for (let index = 0; index < position.length; index++) {
        const i = position[index]!;
        const slot = index * stride + offset;
        if (i >= 0 && slot < counts.length) into[i]! += counts[slot]!;
      }
    };
    const hosts = options.hosts.flatMap((name) => {
      const h = this.hosts.get(name);
      if (h === undefined) return [];
      const records = zeros();
      const errors = zeros();
      const warnings = zeros();
      spread(h.counts, HOST_STRIDE, 0, records);
      spread(h.counts, HOST_STRIDE, 1, errors);
      spread(h.counts, HOST_STRIDE, 2, warnings);
      return [{ name, records, errors, warnings }];
    });
    const byTemplate = new Map<number, number[]>();
    for (const [key, t] of this.templates) {
      const id = options.templateIds(key);
      let counts = byTemplate.get(id);
      if (counts === undefined) byTemplate.set(id, (counts = zeros()));
      spread(t.counts, 1, 0, counts);
    }
    const templates = options.templates.flatMap((id) => {
      const counts = byTemplate.get(id);
      return counts === undefined ? [] : [{ id, counts }];
    });
    const status = [...this.status].sort((a, b) => a[0] - b[0]).map(([code, s]) => {
      const counts = zeros();
      spread(s.counts, 1, 0, counts);
      return { code: String(code), counts };
    });
    let responseTimeMs: SeriesSummary['responseTimeMs'] = null;
    if (this.latency.some((sketch) => sketch !== undefined)) {
      const sketches: (QuantileSketch | null)[] = new Array<QuantileSketch | null>(count).fill(null);
      this.latency.forEach((sketch, index) => {
        const i = position[index]!;
        if (sketch === undefined || i < 0) return;
        const target = sketches[i] ?? new QuantileSketch(BUCKET_SKETCH_ACCURACY);
        target.merge(sketch);
        sketches[i] = target;
      });
      const q = (p: number): (number | null)[] => sketches.map((s) => (s === null ? null : s.quantile(p)));
      responseTimeMs = { count: sketches.map((s) => s?.count ?? 0), p50: q(0.5), p95: q(0.95), p99: q(0.99) };
    }
    return { hosts, templates, status, responseTimeMs };
  }
}

/** Adds `from` (counts by the other numbering, × stride) into `row`, renumbered by `to`. */
function foldCounts(row: Counts, from: Uint32Array, to: readonly number[], stride: number): void {
  // Arrays grow by doubling, so the last bucket's counters may be only partly there (absent = 0).
  const buckets = Math.min(to.length, Math.ceil(from.length / stride));
  for (let index = 0; index < buckets; index++) {
    for (let k = 0; k < stride; k++) {
      const n = from[index * stride + k] ?? 0;
      if (n !== 0) bump(row, to[index]! * stride + k, n);
    }
  }
}
