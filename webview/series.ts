/**
 * Optional data the engine may add to the summary (schemaVersion 1 allows new fields): per-bucket
 * series aligned with `timeline.buckets`, and histograms. Everything here is checked at run time
 * and dropped when malformed, so views degrade to the plain aggregates.
 *
 * Shape coded against (all optional):
 *   summary.series = {
 *     hosts?:      [{ name, records: number[], errors: number[], warnings?: number[] }]   // top hosts
 *     templates?:  [{ id, counts: number[] }]                                              // by template id
 *     status?:     [{ code, counts: number[] }]                                            // HTTP status codes
 *     responseTimeMs?: { count: number[], p50: (number|null)[], p95: (number|null)[], p99: (number|null)[] }
 *   }
 *   summary.http.responseTimeHistogram = { boundsMs: number[], counts: number[] }   // counts[i] in [bounds[i], bounds[i+1])
 *   summary.sessions.durationHistogram = { boundsMs: number[], counts: number[] }
 * Every `number[]` series has exactly one entry per timeline bucket.
 */
import type { Summary } from '../extension/engine/summary';

export interface HostSeries {
  readonly name: string;
  readonly records: readonly number[];
  readonly errors: readonly number[];
  readonly warnings: readonly number[] | null;
}

export interface TemplateSeries {
  readonly id: number;
  readonly counts: readonly number[];
}

export interface StatusSeries {
  readonly code: string;
  readonly counts: readonly number[];
}

export interface LatencySeries {
  readonly count: readonly number[];
  readonly p50: readonly (number | null)[];
  readonly p95: readonly (number | null)[];
  readonly p99: readonly (number | null)[];
}

export interface Histogram {
  /** Bucket bounds; `counts[i]` falls in [boundsMs[i], boundsMs[i + 1]). */
  readonly boundsMs: readonly number[];
  readonly counts: readonly number[];
}

export interface SeriesSet {
  readonly hosts: readonly HostSeries[] | null;
  readonly templates: ReadonlyMap<number, readonly number[]> | null;
  readonly status: readonly StatusSeries[] | null;
  readonly responseTimeMs: LatencySeries | null;
  readonly latencyHistogram: Histogram | null;
  readonly sessionHistogram: Histogram | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function counts(value: unknown, length: number): number[] | null {
  if (!Array.isArray(value) || value.length !== length) return null;
  return value.every((entry) => typeof entry === 'number' && Number.isFinite(entry)) ? (value as number[]) : null;
}

function optionalNumbers(value: unknown, length: number): (number | null)[] | null {
  if (!Array.isArray(value) || value.length !== length) return null;
  return value.every((entry) => entry === null || (typeof entry === 'number' && Number.isFinite(entry))) ? (value as (number | null)[]) : null;
}

function listOf<T>(value: unknown, parse: (entry: Record<string, unknown>) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  const parsed = value.map((entry) => (isRecord(entry) ? parse(entry) : null)).filter((entry): entry is T => entry !== null);
  return parsed.length > 0 ? parsed : null;
}

function histogram(value: unknown): Histogram | null {
  if (!isRecord(value) || !Array.isArray(value.boundsMs)) return null;
  const bounds = counts(value.boundsMs, value.boundsMs.length);
  if (!bounds || bounds.length < 2) return null;
  const values = counts(value.counts, bounds.length - 1);
  return values && values.some((count) => count > 0) ? { boundsMs: bounds, counts: values } : null;
}

/** The optional series and histograms in `summary`, each null when absent or malformed. */
export function readSeries(summary: Summary): SeriesSet {
  const length = summary.timeline.buckets.length;
  const raw = (summary as unknown as { series?: unknown }).series;
  const series = isRecord(raw) && length > 0 ? raw : {};
  const hosts = listOf(series.hosts, (entry): HostSeries | null => {
    const records = counts(entry.records, length);
    const errors = counts(entry.errors, length);
    if (typeof entry.name !== 'string' || !records || !errors) return null;
    return { name: entry.name, records, errors, warnings: counts(entry.warnings, length) };
  });
  const templateList = listOf(series.templates, (entry): TemplateSeries | null => {
    const values = counts(entry.counts, length);
    return typeof entry.id === 'number' && values ? { id: entry.id, counts: values } : null;
  });
  const status = listOf(series.status, (entry): StatusSeries | null => {
    const values = counts(entry.counts, length);
    return typeof entry.code === 'string' && values ? { code: entry.code, counts: values } : null;
  });
  let responseTimeMs: LatencySeries | null = null;
  if (isRecord(series.responseTimeMs)) {
    const latency = series.responseTimeMs;
    const count = counts(latency.count, length);
    const p50 = optionalNumbers(latency.p50, length);
    const p95 = optionalNumbers(latency.p95, length);
    const p99 = optionalNumbers(latency.p99, length);
    if (count && p50 && p95 && p99) responseTimeMs = { count, p50, p95, p99 };
  }
  const http = summary.http as unknown as Record<string, unknown> | null;
  const sessions = summary.sessions as unknown as Record<string, unknown> | null;
  return {
    hosts,
    templates: templateList ? new Map(templateList.map((entry) => [entry.id, entry.counts])) : null,
    status,
    responseTimeMs,
    latencyHistogram: http ? histogram(http.responseTimeHistogram) : null,
    sessionHistogram: sessions ? histogram(sessions.durationHistogram) : null,
  };
}
