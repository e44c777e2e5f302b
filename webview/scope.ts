/**
 * The numbers the views show for the current selection, computed from the aggregates: the
 * timeline buckets inside the selected range, and per-bucket series (host, template) when the
 * summary has them. Says which parts of the selection it could apply, so views can tell the user.
 */
import type { Summary } from '../extension/engine/summary';
import { hourOfWeek } from '../extension/engine/timeZone';
import { errorCount } from './levels';
import { LEVEL_GROUPS, type Selection } from './selection';
import { readSeries, type SeriesSet } from './series';
import type { DisplayZone } from './timeZone';

export interface BucketWindow {
  /** Inclusive bucket indices. */
  readonly first: number;
  readonly last: number;
}

export interface PerBucket {
  readonly records: readonly number[];
  readonly errors: readonly number[];
  /** Null when the source has no warning counts (a host series without them). */
  readonly warnings: readonly number[] | null;
}

export interface Scope {
  readonly summary: Summary;
  readonly selection: Selection;
  readonly series: SeriesSet;
  readonly bucketStarts: readonly number[];
  readonly bucketMs: number;
  /** The selected range as bucket indices; the whole timeline when no range is selected. */
  readonly window: BucketWindow | null;
  /** Per-bucket counts for the host/template/level selection (when it could be applied in time). */
  readonly perBucket: PerBucket | null;
  /** Parts of the selection the per-bucket numbers honour. */
  readonly applied: { readonly range: boolean; readonly host: boolean; readonly template: boolean; readonly levels: boolean };
}

function sum(values: readonly number[], window: BucketWindow | null): number {
  if (!window) return values.reduce((total, value) => total + value, 0);
  let total = 0;
  for (let index = window.first; index <= window.last; index += 1) total += values[index] ?? 0;
  return total;
}

export function sumWindow(values: readonly number[], window: BucketWindow | null): number {
  return sum(values, window);
}

/** Buckets whose start lies in [from, to). */
export function windowFor(starts: readonly number[], range: Selection['range']): BucketWindow | null {
  if (starts.length === 0) return null;
  if (!range) return { first: 0, last: starts.length - 1 };
  let first = -1;
  let last = -1;
  starts.forEach((start, index) => {
    if (start >= range.from && start < range.to) {
      if (first < 0) first = index;
      last = index;
    }
  });
  return first < 0 ? null : { first, last };
}

function zeros(length: number): number[] {
  return new Array<number>(length).fill(0);
}

/** Per-bucket records/errors/warnings for host and template selections, from series when present. */
function perBucketFor(summary: Summary, series: SeriesSet, selection: Selection): { perBucket: PerBucket | null; host: boolean; template: boolean } {
  const buckets = summary.timeline.buckets;
  let host = selection.host === null;
  let template = !selection.template;
  let base: PerBucket = {
    records: buckets.map((bucket) => Object.values(bucket.counts).reduce((a, b) => a + b, 0)),
    errors: buckets.map((bucket) => errorCount(bucket.counts)),
    warnings: buckets.map((bucket) => bucket.counts.warn),
  };
  if (selection.template) {
    const counts = series.templates?.get(selection.template.id);
    if (counts) {
      const level = selection.template.level;
      const isError = LEVEL_GROUPS.errors.includes(level);
      base = { records: counts, errors: isError ? counts : zeros(counts.length), warnings: level === 'warn' ? counts : zeros(counts.length) };
      template = true;
      // A template's records all come from its own level; a host series cannot narrow it further.
    }
  } else if (selection.host !== null) {
    const hostSeries = series.hosts?.find((entry) => entry.name === selection.host);
    if (hostSeries) {
      base = { records: hostSeries.records, errors: hostSeries.errors, warnings: hostSeries.warnings };
      host = true;
    }
  }
  if (!host || !template) return { perBucket: null, host, template };
  return { perBucket: base, host, template };
}

export function computeScope(summary: Summary, selection: Selection, series: SeriesSet = readSeries(summary)): Scope {
  const bucketStarts = summary.timeline.buckets.map((bucket) => Date.parse(bucket.start));
  const window = windowFor(bucketStarts, selection.range);
  const { perBucket: fromSeries, host, template } = perBucketFor(summary, series, selection);
  // Without timestamps there are no buckets: the views fall back to the totals.
  const raw = bucketStarts.length > 0 ? fromSeries : null;
  let perBucket = raw;
  if (perBucket && selection.levels) {
    const keep = selection.levels;
    perBucket = {
      records: keep === 'errors' ? perBucket.errors : (perBucket.warnings ?? perBucket.records),
      errors: keep === 'errors' ? perBucket.errors : zeros(perBucket.errors.length),
      warnings: keep === 'warnings' ? perBucket.warnings : zeros(perBucket.errors.length),
    };
    if (keep === 'warnings' && !raw?.warnings) perBucket = null;
  }
  return {
    summary,
    selection,
    series,
    bucketStarts,
    bucketMs: summary.timeline.bucketMs,
    window,
    perBucket,
    applied: { range: window !== null, host, template, levels: perBucket !== null },
  };
}

/** Whether the selection narrows anything beyond the time range. */
export function narrowsBeyondTime(selection: Selection): boolean {
  return selection.host !== null || selection.template !== null || selection.levels !== null;
}

export interface Comparison {
  readonly current: BucketWindow;
  readonly previous: BucketWindow;
  /** What is compared, for the card's tooltip. */
  readonly label: string;
}

/**
 * Which buckets a KPI delta compares: the window against the equally long period just before it
 * when the timeline has one, else the window's second half against its first half.
 */
export function comparisonFor(window: BucketWindow | null, bucketCount: number, describe: (w: BucketWindow) => string): Comparison | null {
  if (!window || bucketCount === 0) return null;
  const length = window.last - window.first + 1;
  if (window.first - length >= 0) {
    const previous = { first: window.first - length, last: window.first - 1 };
    return { current: window, previous, label: `${describe(window)} vs the previous period of equal length, ${describe(previous)}` };
  }
  if (length < 2) return null;
  const half = Math.floor(length / 2);
  const previous = { first: window.first, last: window.first + half - 1 };
  const current = { first: window.last - half + 1, last: window.last };
  return { current, previous, label: `second half ${describe(current)} vs first half ${describe(previous)}` };
}

/**
 * Errors by weekday × hour of `zone` for the selection, from per-bucket error counts. Exact or
 * nothing: null unless every bucket with errors lies within one hour of the zone's clock (buckets
 * of up to an hour that divide it; half an hour or less for zones such as +05:30).
 */
export function heatmapFromBuckets(scope: Scope, zone: DisplayZone): number[][] | null {
  const { bucketMs, bucketStarts, window, perBucket } = scope;
  if (!perBucket || !window || bucketMs <= 0) return null;
  const grid = Array.from({ length: 7 }, () => zeros(24));
  for (let index = window.first; index <= window.last; index += 1) {
    const errors = perBucket.errors[index] ?? 0;
    if (errors === 0) continue;
    const start = bucketStarts[index] ?? 0;
    if (!zone.withinOneHour(start, bucketMs)) return null;
    const at = hourOfWeek(zone.wall(start));
    const row = grid[Math.floor(at / 24)];
    if (row) row[at % 24] = (row[at % 24] ?? 0) + errors;
  }
  return grid;
}
