/**
 * The summary object (schemaVersion 1): what `logscope analyze --json` prints and what the
 * dashboard renders. Documented field by field in docs/summary.md — change both together.
 */

import type { SeriesSummary } from './series';

export const SCHEMA_VERSION = 1;

export const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'unknown'] as const;
export type Level = (typeof LEVELS)[number];
export type LevelCounts = Record<Level, number>;

export interface SourceInfo {
  readonly path: string;
  /** Name of the detected (or forced) format, e.g. "apache-combined". */
  readonly format: string;
  readonly bytes: number;
  readonly records: number;
}

export interface TimelineBucket {
  /** Bucket start, ISO-8601 UTC. */
  readonly start: string;
  readonly counts: LevelCounts;
}

export interface TemplateSummary {
  readonly id: number;
  /** Message with variable parts replaced by `<*>`. */
  readonly template: string;
  readonly count: number;
  /** Templates are per level: the same message at another level is another template. */
  readonly level: Level;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** First record of the template: 1-based line number and its first line of text. */
  readonly example: { readonly line: number; readonly text: string; readonly source?: string };
}

export interface HostSummary {
  readonly name: string;
  readonly records: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface ClientSummary {
  readonly name: string;
  readonly requests: number;
  readonly bytes: number;
  readonly errors: number;
}

export interface EdgeSummary {
  readonly source: string;
  readonly target: string;
  readonly direction: 'send' | 'receive';
  readonly count: number;
}

export interface ResponseTimeSummary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface HttpSummary {
  readonly status: Record<string, number>;
  readonly methods: Record<string, number>;
  readonly topPaths: readonly { readonly path: string; readonly count: number; readonly errors: number }[];
  readonly responseTimeMs: ResponseTimeSummary | null;
  /** Requests per response-time interval [boundsMs[i], boundsMs[i+1]) (1-2-5 ladder), or null. */
  readonly responseTimeHistogram?: Histogram | null;
}

export interface Histogram {
  readonly boundsMs: readonly number[];
  readonly counts: readonly number[];
}

export interface SessionSummary {
  readonly count: number;
  readonly meanDurationMs: number;
  /** Sessions by the day (`YYYY-MM-DD` in `Summary.timeZone`) of their first record. */
  readonly perDay: readonly { readonly date: string; readonly count: number }[];
  /** Sessions per length interval [boundsMs[i], boundsMs[i+1]), or null. */
  readonly durationHistogram?: Histogram | null;
}

export interface Summary {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly sources: readonly SourceInfo[];
  readonly records: number;
  readonly levels: LevelCounts;
  readonly timeRange: { readonly start: string; readonly end: string } | null;
  readonly timeline: { readonly bucketMs: number; readonly buckets: readonly TimelineBucket[] };
  readonly templates: readonly TemplateSummary[];
  readonly hosts: readonly HostSummary[];
  /** The 1,000 heaviest clients by requests and the 1,000 by bytes (all of them when fewer), by requests. */
  readonly clients: readonly ClientSummary[];
  /** Distinct clients seen (`clients` may list fewer); absent in summaries made before it existed. */
  readonly clientCount?: number;
  readonly edges: readonly EdgeSummary[];
  readonly http: HttpSummary | null;
  readonly sessions: SessionSummary | null;
  /**
   * Per-bucket series aligned with `timeline.buckets` (one number per bucket), so views can be
   * filtered by a time range or a host without the log: the 25 hosts with most errors, the 50
   * most frequent templates, every HTTP status, and response-time percentiles per bucket.
   */
  readonly series?: SeriesSummary;
  /** Error and fatal records by weekday (rows, Monday first) and hour of day (24 columns) in `timeZone`. */
  readonly errorHeatmap: readonly (readonly number[])[];
  /**
   * The zone whose days and hours `errorHeatmap` and `sessions.perDay` use: "UTC" or an IANA
   * name. Every time in the summary is still an ISO-8601 UTC instant.
   */
  readonly timeZone: string;
  /**
   * Maps that outgrew their bounded size (100,000 keys kept): for each, the most any listed
   * count may be short by. Empty when every count is exact.
   */
  readonly approximations: Readonly<Record<string, number>>;
  /** Lines that no format understood (still counted as records of level "unknown"). */
  readonly unparsedLines: number;
}

export function emptyLevelCounts(): LevelCounts {
  return { fatal: 0, error: 0, warn: 0, info: 0, debug: 0, trace: 0, unknown: 0 };
}

/** Severity rank: lower is more severe (the level's index in LEVELS). A switch: it runs per record. */
export function levelRank(level: Level): number {
  switch (level) {
    case 'fatal': return 0;
    case 'error': return 1;
    case 'warn': return 2;
    case 'info': return 3;
    case 'debug': return 4;
    case 'trace': return 5;
    case 'unknown': return 6;
  }
}

/**
 * Adds `n` to one level's count. A switch of named stores: `counts[level]++` with a varying
 * key is a megamorphic keyed access, which the access-log profile showed per record.
 */
export function countLevel(counts: LevelCounts, level: Level, n: number): void {
  switch (level) {
    case 'fatal': counts.fatal += n; break;
    case 'error': counts.error += n; break;
    case 'warn': counts.warn += n; break;
    case 'info': counts.info += n; break;
    case 'debug': counts.debug += n; break;
    case 'trace': counts.trace += n; break;
    case 'unknown': counts.unknown += n; break;
  }
}
