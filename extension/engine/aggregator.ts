import { findPeers } from './peers';
import { QuantileSketch } from './quantileSketch';
import {
  SCHEMA_VERSION, emptyLevelCounts, levelRank,
  type EdgeSummary, type Level, type LevelCounts, type SourceInfo, type Summary, type TemplateSummary,
} from './summary';
import { TemplateMiner } from './templates/miner';
import { toIso } from './time';
import { Timeline } from './timeline';

/** One record as the aggregator sees it (a header line plus its continuation lines). */
export interface RecordInput {
  readonly timestamp: number | null;
  readonly level: Level;
  readonly host: string;
  readonly message: string;
  /** 1-based line number of the record's first line in its source. */
  readonly line: number;
  /** First line of the record, for examples. */
  readonly text: string;
  readonly source: string;
  readonly client: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly status: number | null;
  readonly bytes: number | null;
  readonly responseTimeMs: number | null;
  readonly session: string | null;
}

interface TemplateStats {
  count: number;
  level: Level;
  first: number | null;
  last: number | null;
  exampleLine: number;
  exampleText: string;
  exampleSource: string;
  /** Every record's line number, only when asked for (the `templates` command). */
  lines: number[] | null;
}

interface HostStats { records: number; errors: number; warnings: number }
interface ClientStats { requests: number; bytes: number; errors: number }
interface PathStats { count: number; errors: number }
interface SessionStats { first: number; last: number }

/** Keys kept exactly per map; past it, new keys are counted in `droppedKeys` (reported). */
const MAX_KEYS = 100_000;
const MAX_EXAMPLE_CHARS = 500;
const TOP_PATHS = 50;

/** A template is a message cluster at one level: key = cluster * 8 + level rank. */
function templateKey(cluster: number, level: Level): number {
  return cluster * 8 + levelRank(level);
}

function clusterOf(key: number): number {
  return Math.floor(key / 8);
}

function isError(level: Level): boolean {
  return level === 'error' || level === 'fatal';
}

function bump<K, V>(map: Map<K, V>, key: K, create: () => V): V | null {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= MAX_KEYS) return null;
    value = create();
    map.set(key, value);
  }
  return value;
}

function countsToRecord(map: Map<string | number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of [...map].sort((a, b) => b[1] - a[1])) out[String(key)] = n;
  return out;
}

export interface AggregatorOptions {
  /** Keep every record's line number per template (for `logscope templates`). */
  readonly collectTemplateLines?: boolean;
}

/** Accumulates records into the summary's aggregates. */
export class Aggregator {
  records = 0;
  unparsedLines = 0;
  readonly levels: LevelCounts = emptyLevelCounts();
  private minTime = Infinity;
  private maxTime = -Infinity;
  private readonly timeline = new Timeline();
  readonly miner = new TemplateMiner();
  private readonly templateStats: TemplateStats[] = [];
  private readonly hosts = new Map<string, HostStats>();
  private readonly clients = new Map<string, ClientStats>();
  private readonly edges = new Map<string, number>();
  private readonly status = new Map<number, number>();
  private readonly methods = new Map<string, number>();
  private readonly paths = new Map<string, PathStats>();
  private readonly responseTimes = new QuantileSketch();
  private readonly sessions = new Map<string, SessionStats>();
  private httpRecords = 0;

  constructor(private readonly options: AggregatorOptions = {}) {}

  add(record: RecordInput): void {
    this.records++;
    const level = record.level;
    this.levels[level]++;
    const error = isError(level);
    const warning = level === 'warn';
    const time = record.timestamp;
    if (time !== null) {
      if (time < this.minTime) this.minTime = time;
      if (time > this.maxTime) this.maxTime = time;
      this.timeline.add(time, level);
    }

    this.addTemplate(record);

    const host = bump(this.hosts, record.host, () => ({ records: 0, errors: 0, warnings: 0 }));
    if (host !== null) {
      host.records++;
      if (error) host.errors++;
      if (warning) host.warnings++;
    }

    if (error) {
      for (const peer of findPeers(record.message)) {
        if (peer.address === record.host) continue;
        const source = peer.direction === 'send' ? record.host : peer.address;
        const target = peer.direction === 'send' ? peer.address : record.host;
        const key = `${peer.direction}\u0000${source}\u0000${target}`;
        if (this.edges.has(key) || this.edges.size < MAX_KEYS) this.edges.set(key, (this.edges.get(key) ?? 0) + 1);
      }
    }

    if (record.status !== null) this.addHttp(record, error);

    if (record.session !== null && time !== null) {
      const session = bump(this.sessions, record.session, () => ({ first: time, last: time }));
      if (session !== null) {
        if (time < session.first) session.first = time;
        if (time > session.last) session.last = time;
      }
    }
  }

  private addTemplate(record: RecordInput): void {
    // Templates are kept per level, so "GET <*>" answered 500 is an error template of its own.
    const id = templateKey(this.miner.add(record.message), record.level);
    let stats = this.templateStats[id];
    if (stats === undefined) {
      stats = {
        count: 0, level: record.level, first: null, last: null, exampleLine: record.line,
        exampleText: record.text.slice(0, MAX_EXAMPLE_CHARS), exampleSource: record.source,
        lines: this.options.collectTemplateLines ? [] : null,
      };
      this.templateStats[id] = stats;
    }
    stats.count++;
    const time = record.timestamp;
    if (time !== null) {
      if (stats.first === null || time < stats.first) stats.first = time;
      if (stats.last === null || time > stats.last) stats.last = time;
    }
    stats.lines?.push(record.line);
  }

  private addHttp(record: RecordInput, error: boolean): void {
    this.httpRecords++;
    const status = record.status!;
    this.status.set(status, (this.status.get(status) ?? 0) + 1);
    if (record.method !== null) this.methods.set(record.method, (this.methods.get(record.method) ?? 0) + 1);
    if (record.path !== null) {
      const path = bump(this.paths, record.path, () => ({ count: 0, errors: 0 }));
      if (path !== null) {
        path.count++;
        if (error) path.errors++;
      }
    }
    if (record.client !== null) {
      const client = bump(this.clients, record.client, () => ({ requests: 0, bytes: 0, errors: 0 }));
      if (client !== null) {
        client.requests++;
        client.bytes += record.bytes ?? 0;
        if (status >= 500) client.errors++;
      }
    }
    if (record.responseTimeMs !== null) this.responseTimes.add(record.responseTimeMs);
  }

  /** Templates with merged clusters folded together, most frequent first. */
  templateGroups(): { id: number; template: string; stats: TemplateStats }[] {
    const groups = new Map<number, TemplateStats>();
    this.templateStats.forEach((stats, key) => {
      if (stats === undefined) return;
      const canonical = templateKey(this.miner.resolve(clusterOf(key)), stats.level);
      const existing = groups.get(canonical);
      if (existing === undefined) {
        groups.set(canonical, { ...stats, lines: stats.lines === null ? null : [...stats.lines] });
        return;
      }
      existing.count += stats.count;
      if (stats.first !== null && (existing.first === null || stats.first < existing.first)) existing.first = stats.first;
      if (stats.last !== null && (existing.last === null || stats.last > existing.last)) existing.last = stats.last;
      if (stats.exampleLine < existing.exampleLine && stats.exampleSource === existing.exampleSource) {
        existing.exampleLine = stats.exampleLine;
        existing.exampleText = stats.exampleText;
      }
      if (existing.lines !== null && stats.lines !== null) existing.lines.push(...stats.lines);
    });
    return [...groups]
      .map(([id, stats]) => ({ id, template: this.miner.template(clusterOf(id)), stats }))
      .sort((a, b) => b.stats.count - a.stats.count || a.id - b.id);
  }

  summary(sources: readonly SourceInfo[]): Summary {
    const templates: TemplateSummary[] = this.templateGroups().map(({ id, template, stats }) => ({
      id,
      template,
      count: stats.count,
      level: stats.level,
      firstSeen: stats.first === null ? null : toIso(stats.first),
      lastSeen: stats.last === null ? null : toIso(stats.last),
      example: { line: stats.exampleLine, text: stats.exampleText, source: stats.exampleSource },
    }));
    const edges: EdgeSummary[] = [...this.edges]
      .map(([key, count]) => {
        const [direction, source, target] = key.split('\u0000') as ['send' | 'receive', string, string];
        return { source, target, direction, count };
      })
      .sort((a, b) => b.count - a.count);
    const sessionList = [...this.sessions.values()];
    const perDay = new Map<string, number>();
    for (const session of sessionList) {
      const day = toIso(session.first).slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const rt = this.responseTimes;
    return {
      schemaVersion: SCHEMA_VERSION,
      sources,
      records: this.records,
      levels: { ...this.levels },
      timeRange: this.minTime === Infinity ? null : { start: toIso(this.minTime), end: toIso(this.maxTime) },
      timeline: this.timeline.buckets(),
      templates,
      hosts: [...this.hosts]
        .map(([name, s]) => ({ name, ...s }))
        .sort((a, b) => b.errors - a.errors || b.records - a.records || a.name.localeCompare(b.name)),
      clients: [...this.clients]
        .map(([name, s]) => ({ name, ...s }))
        .sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name)),
      edges,
      http:
        this.httpRecords === 0
          ? null
          : {
              status: countsToRecord(this.status),
              methods: countsToRecord(this.methods),
              topPaths: [...this.paths]
                .map(([path, s]) => ({ path, ...s }))
                .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path))
                .slice(0, TOP_PATHS),
              responseTimeMs:
                rt.count === 0
                  ? null
                  : {
                      count: rt.count, min: rt.min, max: rt.max, mean: rt.sum / rt.count,
                      p50: rt.quantile(0.5), p95: rt.quantile(0.95), p99: rt.quantile(0.99),
                    },
            },
      sessions:
        sessionList.length === 0
          ? null
          : {
              count: sessionList.length,
              meanDurationMs: sessionList.reduce((sum, s) => sum + (s.last - s.first), 0) / sessionList.length,
              perDay: [...perDay].sort((a, b) => a[0].localeCompare(b[0])).map(([date, count]) => ({ date, count })),
            },
      unparsedLines: this.unparsedLines,
    };
  }
}
