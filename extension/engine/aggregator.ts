import { BoundedMap, type EntryHandle } from './boundedMap';
import { findPeers } from './peers';
import { SeriesStore } from './series';
import { compareNames, heaviest } from './ranking';
import { SessionTable } from './sessionTable';
import type { KeyTally, TallySink } from './keyTally';
import { QuantileSketch } from './quantileSketch';
import {
  LEVELS, SCHEMA_VERSION, countLevel, emptyLevelCounts, levelRank,
  type ClientSummary, type EdgeSummary, type Level, type LevelCounts, type SourceInfo, type Summary, type TemplateSummary,
} from './summary';
import { TemplateMiner, type MessageHandle } from './templates/miner';
import { toIso } from './time';
import { Timeline } from './timeline';
import { hourOfWeek, normalizeTimeZone, UTC_ZONE, ZoneClock } from './timeZone';

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
  /** Shortcuts for repeated keys (fast parsers keep them with interned values); optional. */
  readonly handles?: RecordHandles;
  /** The cluster `cachedMiner` found for the message in its cache (TemplateMiner.cachedClusterOfAscii), or -1. */
  readonly cachedCluster?: number;
  readonly cachedMiner?: TemplateMiner | null;
  /** What the miner knew of the message's key with it (`messageFacts`; -1: nothing). */
  readonly cachedFacts?: number;
}

/** Lookup shortcuts for a record's keys; each must belong to the record's value of that key. */
export interface RecordHandles {
  readonly host?: EntryHandle;
  readonly message?: MessageHandle;
  /**
   * Counts of clients and paths kept by a fast parser; `clientKey` and `requestKey` (-1: none)
   * are then the tally's references to the record's keys, and its `client` and `path` are counted there.
   */
  readonly tally?: KeyTally;
  readonly clientKey?: number;
  readonly requestKey?: number;
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

/** Keys kept per map: exact up to twice this, then the heaviest this many (see BoundedMap). */
const MAX_KEYS = 100_000;
const MAX_EXAMPLE_CHARS = 500;
const MAX_ADDRESS_OWNERS = 10_000;
/** Verbs by which a host announces an address of its own (and "started", which may add "server"). */
const OWNER_VERBS = 'listening|listens|bound|binding|serving|accepting connections';
/** Wording by which a host announces an address of its own. */
export const OWNS_ADDRESS = new RegExp(
  `\\b(?:${OWNER_VERBS}|started (?:server )?)\\b[^\\n]{0,24}?\\b(?:on|to|at)\\s+(?:[a-z]+:\\/\\/)?(?:(\\d{1,3}(?:\\.\\d{1,3}){3})|\\[([0-9a-fA-F:]+)\\])(?::\\d+)?`,
  'i',
);

/**
 * What a message's masking key tells of it, once per key (see TemplateMiner.add): whether it
 * may state an address its host owns (OWNS_ADDRESS needs one of its verbs as a word) and may
 * name a peer (findPeers needs `[`, a digit-dot-digit, or a colon before a hex digit). Keys
 * keep letters, and digits as digits, so these hold of the key exactly when of the message.
 */
export const MAY_OWN_ADDRESS = 1;
export const MAY_NAME_PEERS = 2;
const OWNER_VERB = new RegExp(`\\b(?:${OWNER_VERBS}|started)\\b`, 'i');
const PEER_HINT = /\[|\d\.\d|:[0-9a-fA-F]/;
export function factsOfKey(key: string): number {
  return (OWNER_VERB.test(key) ? MAY_OWN_ADDRESS : 0) | (PEER_HINT.test(key) ? MAY_NAME_PEERS : 0);
}
/** Series the summary carries: the hosts with most errors, the most frequent templates. */
const SERIES_HOSTS = 25;
const SERIES_TEMPLATES = 50;
const TOP_PATHS = 50;
/** Clients listed in the summary: this many heaviest by requests, and by bytes. */
const TOP_CLIENTS = 1_000;

/**
 * A record's message. A fast parser may leave it unset when its tally knows the record's
 * request (see BytesLineParser.lean): it is then read from there, only when needed.
 */
function messageOf(record: RecordInput): string {
  const tally = record.handles?.tally;
  const requestKey = record.handles?.requestKey ?? -1;
  return tally !== undefined && requestKey >= 0 ? tally.message(requestKey) : record.message;
}

/** A template is a message cluster at one level: key = cluster * 8 + level rank. */
function templateKey(cluster: number, level: Level): number {
  return cluster * 8 + levelRank(level);
}

function clusterOf(key: number): number {
  return Math.floor(key / 8);
}

/** Adds `stats` into `into` (same template and level). The earliest example wins. */
function foldTemplateStats(into: TemplateStats, stats: TemplateStats): void {
  into.count += stats.count;
  if (stats.first !== null && (into.first === null || stats.first < into.first)) into.first = stats.first;
  if (stats.last !== null && (into.last === null || stats.last > into.last)) into.last = stats.last;
  if (stats.exampleSource === into.exampleSource && stats.exampleLine < into.exampleLine) {
    into.exampleLine = stats.exampleLine;
    into.exampleText = stats.exampleText;
  }
  if (into.lines !== null && stats.lines !== null) into.lines.push(...stats.lines);
}

const newHostStats = (): HostStats => ({ records: 0, errors: 0, warnings: 0 });
const newClientStats = (): ClientStats => ({ requests: 0, bytes: 0, errors: 0 });
const newPathStats = (): PathStats => ({ count: 0, errors: 0 });

function isError(level: Level): boolean {
  return level === 'error' || level === 'fatal';
}

/** Status codes counted in an array (see `statusByCode`): 0-999. */
const STATUS_CODES = 1000;

function countsToRecord(map: Map<string | number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of [...map].sort((a, b) => b[1] - a[1])) out[String(key)] = n;
  return out;
}

export interface AggregatorOptions {
  /** Keep every record's line number per template (for `logscope templates`). */
  readonly collectTemplateLines?: boolean;
  /** IANA zone (or "UTC", the default) whose days and hours the heatmap and sessions per day use. */
  readonly timeZone?: string;
}

/** Accumulates records into the summary's aggregates. */
export class Aggregator implements TallySink {
  records = 0;
  unparsedLines = 0;
  readonly levels: LevelCounts = emptyLevelCounts();
  private minTime = Infinity;
  private maxTime = -Infinity;
  private readonly timeline = new Timeline();
  /** Per-bucket counts of the busiest hosts, templates and statuses, for time-range filters. */
  private readonly series = new SeriesStore();
  readonly miner = new TemplateMiner();
  /** Facts of the last record's message (see `messageFacts`; -1: unknown). */
  private messageFacts = -1;
  private readonly templateStats: TemplateStats[] = [];
  private readonly hosts = new BoundedMap<HostStats>(MAX_KEYS, (s) => s.records);
  private readonly clients = new BoundedMap<ClientStats>(MAX_KEYS, (s) => s.requests);
  private readonly edges = new Map<string, number>();
  /** Error mentions not counted because `edges` was full (the most an edge's count may be short by). */
  private edgesDropped = 0;
  /** Addresses a host said it serves on (see noteAddressOwner). */
  private readonly addressOwners = new Map<string, string>();
  /** Counts of the status codes outside 0-999 (or not whole numbers); the others are in `statusByCode`. */
  private readonly status = new Map<number, number>();
  /** Counts of status codes 0-999, by code: an array, not a map update per record (14 ns against 2). */
  private readonly statusByCode = new Float64Array(STATUS_CODES);
  private readonly methods = new Map<string, number>();
  private readonly paths = new BoundedMap<PathStats>(MAX_KEYS, (s) => s.count);
  private readonly responseTimes = new QuantileSketch();
  private readonly sessions = new SessionTable();
  private httpRecords = 0;
  /** Errors by weekday (0 = Monday) and hour in the aggregator's zone. */
  private readonly errorHeatmap: number[][] = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  /** Wall-clock time in the zone of the day and hour aggregates (not sent between threads). */
  readonly clock: ZoneClock;

  constructor(private readonly options: AggregatorOptions = {}) {
    const zone = options.timeZone === undefined ? UTC_ZONE : normalizeTimeZone(options.timeZone);
    if (zone === null) throw new Error(`unknown time zone "${options.timeZone}"`);
    this.clock = new ZoneClock(zone);
  }

  /** Sessions held now (see SessionTable.liveCount). */
  get liveSessions(): number {
    return this.sessions.liveCount;
  }

  /** Room for about `count` sessions (see SessionTable.expect). */
  expectSessions(count: number): void {
    this.sessions.expect(count);
  }

  /** Adds a record; returns its template key (see `templateKey`). */
  add(record: RecordInput): number {
    this.records++;
    const level = record.level;
    countLevel(this.levels, level, 1);
    const error = isError(level);
    const warning = level === 'warn';
    const time = record.timestamp;
    if (time !== null) {
      if (time < this.minTime) this.minTime = time;
      if (time > this.maxTime) this.maxTime = time;
      this.timeline.add(time, level);
      if (error) {
        const at = hourOfWeek(this.clock.wall(time));
        this.errorHeatmap[Math.floor(at / 24)]![at % 24]!++;
      }
    }

    const templateId = this.addTemplate(record);
    if (time !== null) this.series.add(time, record.host, templateId, error ? 'error' : warning ? 'warn' : 'other', record.status, record.responseTimeMs);

    const hostHandle = record.handles?.host;
    const host =
      hostHandle === undefined
        ? this.hosts.upsert(record.host, newHostStats)
        : this.hosts.upsertVia(hostHandle, record.host, newHostStats);
    {
      host.records++;
      if (error) host.errors++;
      if (warning) host.warnings++;
    }

    // The message's facts (-1: unknown) spare most messages the two regexes below.
    const facts = this.messageFacts;
    if (!error && (facts < 0 || (facts & MAY_OWN_ADDRESS) !== 0) && this.ownsAddress(record)) this.noteAddressOwner(record);
    if (error && (facts < 0 || (facts & MAY_NAME_PEERS) !== 0)) this.countPeers(record);

    if (record.status !== null) this.addHttp(record, error);

    if (record.session !== null && time !== null) {
      this.sessions.add(record.session, time, this.clock);
    }
    return templateId;
  }

  /** The error edges between the record's host and the peers its message names. */
  private countPeers(record: RecordInput): void {
    const tally = record.handles?.tally;
    const requestKey = record.handles?.requestKey ?? -1;
    const keyed = tally !== undefined && requestKey >= 0;
    // Most requests name no peer: remembered per request, the regex runs once per request, not per error.
    if (keyed && tally.namesPeers(requestKey) === false) return;
    const peers = findPeers(messageOf(record));
    if (keyed) tally.setNamesPeers(requestKey, peers.length > 0);
    for (const peer of peers) {
      if (peer.address === record.host) continue;
      const source = peer.direction === 'send' ? record.host : peer.address;
      const target = peer.direction === 'send' ? peer.address : record.host;
      const key = `${peer.direction}\u0000${source}\u0000${target}`;
      this.countEdge(key, 1);
    }
  }

  /** Counts `n` error mentions of an edge; past MAX_KEYS edges, new ones are only counted as dropped. */
  private countEdge(key: string, n: number): void {
    if (this.edges.has(key) || this.edges.size < MAX_KEYS) this.edges.set(key, (this.edges.get(key) ?? 0) + n);
    else this.edgesDropped += n;
  }

  /** OWNS_ADDRESS on the message, remembered on its handle (1.6% of an access log's time otherwise). */
  private ownsAddress(record: RecordInput): boolean {
    const tally = record.handles?.tally;
    const requestKey = record.handles?.requestKey ?? -1;
    if (tally !== undefined && requestKey >= 0) {
      let owns = tally.ownsAddress(requestKey);
      if (owns === null) tally.setOwnsAddress(requestKey, (owns = OWNS_ADDRESS.test(messageOf(record))));
      return owns;
    }
    const handle = record.handles?.message;
    if (handle === undefined) return OWNS_ADDRESS.test(record.message);
    handle.ownsAddress ??= OWNS_ADDRESS.test(record.message);
    return handle.ownsAddress;
  }

  private addTemplate(record: RecordInput): number {
    // Templates are kept per level, so "GET <*>" answered 500 is an error template of its own.
    const cluster = this.clusterOf(record);
    const id = templateKey(cluster, record.level);
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
    return id;
  }

  /** Counts the record's message in its cluster, through whichever shortcut the record carries, and sets `messageFacts`. */
  private clusterOf(record: RecordInput): number {
    this.messageFacts = -1;
    if (record.cachedMiner === this.miner) {
      this.messageFacts = record.cachedFacts ?? -1;
      return this.miner.addKnown(record.cachedCluster!);
    }
    const tally = record.handles?.tally;
    const requestKey = record.handles?.requestKey ?? -1;
    if (tally !== undefined && requestKey >= 0) {
      const known = tally.cluster(requestKey);
      if (known >= 0) return this.miner.addKnown(known);
      const cluster = this.miner.add(messageOf(record));
      tally.setCluster(requestKey, cluster);
      return cluster;
    }
    const messageHandle = record.handles?.message;
    if (messageHandle !== undefined) return this.miner.addVia(messageHandle, record.message);
    const cluster = this.miner.add(record.message, factsOfKey);
    this.messageFacts = this.miner.lastFacts;
    return cluster;
  }

  /** The canonical id and text of a template key returned by `add` (clusters may merge later). */
  resolveTemplate(key: number): { id: number; template: string } {
    const cluster = this.miner.resolve(clusterOf(key));
    return { id: cluster * 8 + (key % 8), template: this.miner.template(cluster) };
  }

  private addHttp(record: RecordInput, error: boolean): void {
    this.httpRecords++;
    const status = record.status!;
    if (status >= 0 && status < STATUS_CODES && Number.isInteger(status)) this.statusByCode[status]!++;
    else this.status.set(status, (this.status.get(status) ?? 0) + 1);
    const tally = record.handles?.tally;
    const requestKey = record.handles?.requestKey ?? -1;
    const clientKey = record.handles?.clientKey ?? -1;
    if (tally !== undefined && requestKey >= 0) {
      tally.countRequest(requestKey, error); // its method and path
    } else {
      if (record.method !== null) this.countMethod(record.method, 1);
      if (record.path !== null) {
        const path = this.paths.upsert(record.path, newPathStats);
        path.count++;
        if (error) path.errors++;
      }
    }
    if (tally !== undefined && clientKey >= 0) tally.countClient(clientKey, record.bytes ?? 0, status >= 500);
    else if (record.client !== null) {
      const client = this.clients.upsert(record.client, newClientStats);
      client.requests++;
      client.bytes += record.bytes ?? 0;
      if (status >= 500) client.errors++;
    }
    if (record.responseTimeMs !== null) this.responseTimes.add(record.responseTimeMs);
  }

  /** Adds settled counts of a client (see KeyTally). */
  countClient(name: string, requests: number, bytes: number, errors: number): void {
    const client = this.clients.upsert(name, newClientStats);
    client.requests += requests;
    client.bytes += bytes;
    client.errors += errors;
  }

  /** Adds settled counts of a request: its method and its path (see KeyTally). */
  countRequest(method: string, path: string, count: number, errors: number): void {
    this.countMethod(method, count);
    const stats = this.paths.upsert(path, newPathStats);
    stats.count += count;
    stats.errors += errors;
  }

  private countMethod(method: string, n: number): void {
    this.methods.set(method, (this.methods.get(method) ?? 0) + n);
  }

  /**
   * Folds another aggregator (another file, or another chunk of the same file) into this one.
   * Merging the aggregates of two halves of a file gives the aggregates of the whole file.
   */
  merge(other: Aggregator): void {
    // Heatmaps binned in different zones cannot be added up.
    if (other.clock.zone !== this.clock.zone) throw new Error(`cannot merge aggregates of time zone ${other.clock.zone} into ${this.clock.zone}`);
    this.records += other.records;
    this.unparsedLines += other.unparsedLines;
    for (const level of LEVELS) this.levels[level] += other.levels[level];
    this.minTime = Math.min(this.minTime, other.minTime);
    this.maxTime = Math.max(this.maxTime, other.maxTime);
    this.timeline.merge(other.timeline);
    other.errorHeatmap.forEach((row, day) => row.forEach((n, hour) => (this.errorHeatmap[day]![hour]! += n)));

    const clusters = this.miner.mergeFrom(other.miner);
    other.templateStats.forEach((stats, key) => {
      if (stats === undefined) return;
      const target = templateKey(clusters.get(clusterOf(key))!, stats.level);
      const existing = this.templateStats[target];
      if (existing === undefined) {
        this.templateStats[target] = { ...stats, lines: stats.lines === null ? null : [...stats.lines] };
        return;
      }
      foldTemplateStats(existing, stats);
    });
    for (const [address, host] of other.addressOwners) if (!this.addressOwners.has(address)) this.addressOwners.set(address, host);
    this.series.merge(other.series, (key) => clusters.get(clusterOf(key))! * 8 + (key % 8));

    for (const [name, s] of other.hosts) {
      const host = this.hosts.upsert(name, () => ({ records: 0, errors: 0, warnings: 0 }));
      {
        host.records += s.records;
        host.errors += s.errors;
        host.warnings += s.warnings;
      }
    }
    for (const [name, s] of other.clients) {
      const client = this.clients.upsert(name, () => ({ requests: 0, bytes: 0, errors: 0 }));
      {
        client.requests += s.requests;
        client.bytes += s.bytes;
        client.errors += s.errors;
      }
    }
    for (const [key, n] of other.edges) this.countEdge(key, n);
    this.edgesDropped += other.edgesDropped;
    for (const [code, n] of other.status) this.status.set(code, (this.status.get(code) ?? 0) + n);
    for (let code = 0; code < STATUS_CODES; code++) this.statusByCode[code]! += other.statusByCode[code]!;
    for (const [method, n] of other.methods) this.methods.set(method, (this.methods.get(method) ?? 0) + n);
    for (const [name, s] of other.paths) {
      const path = this.paths.upsert(name, () => ({ count: 0, errors: 0 }));
      {
        path.count += s.count;
        path.errors += s.errors;
      }
    }
    this.responseTimes.merge(other.responseTimes);
    this.sessions.merge(other.sessions, this.clock);
    this.httpRecords += other.httpRecords;
  }

  /** Every status code's count. */
  private statusCounts(): Map<number, number> {
    const counts = new Map(this.status);
    this.statusByCode.forEach((n, code) => {
      if (n > 0) counts.set(code, n);
    });
    return counts;
  }

  /** Nothing added yet: merging into it would only copy the other aggregator. */
  isEmpty(): boolean {
    return this.records === 0 && this.unparsedLines === 0;
  }

  /**
   * Moves every line number by `delta`: a chunk analysed on its own counts lines from its
   * start; once the lines before it are known, its numbers become the file's.
   */
  shiftLines(delta: number): void {
    if (delta === 0) return;
    for (const stats of this.templateStats) {
      if (stats === undefined) continue;
      stats.exampleLine += delta;
      if (stats.lines !== null) for (let i = 0; i < stats.lines.length; i++) stats.lines[i]! += delta;
    }
  }

  /** "listening on 10.0.4.21:5432" by db-1 tells that 10.0.4.21 is db-1. */
  private noteAddressOwner(record: RecordInput): void {
    const m = OWNS_ADDRESS.exec(messageOf(record));
    const address = m?.[1] ?? m?.[2];
    if (address === undefined || address === record.host || address.startsWith('0.0.0.0') || address === '127.0.0.1' || address === '::') return;
    if (this.addressOwners.has(address) || this.addressOwners.size < MAX_ADDRESS_OWNERS) this.addressOwners.set(address, record.host);
  }

  /** Maps that outgrew their cap, with the most any listed count can be short by. */
  private approximations(): Record<string, number> {
    const out: Record<string, number> = {};
    const maps: [string, { exact: boolean; maxError: number }][] = [['hosts', this.hosts], ['clients', this.clients], ['paths', this.paths]];
    for (const [name, map] of maps) if (!map.exact) out[name] = map.maxError;
    if (this.sessions.closedEarly > 0) out.sessions = this.sessions.closedEarly;
    if (this.edgesDropped > 0) out.edges = this.edgesDropped;
    // Per-bucket host series follow a few hundred hosts; past that the lightest are dropped.
    if (this.series.hostsMaxError > 0) out.seriesHosts = this.series.hostsMaxError;
    return out;
  }

  /**
   * The clients the dashboard can rank: the heaviest by requests and by bytes (a summary is
   * sent on every live update; all 20,000 clients of the bench's access log made it 1.3 MB).
   */
  private topClients(): ClientSummary[] {
    const all = [...this.clients];
    const byName = (a: [string, ClientStats], b: [string, ClientStats]): number => compareNames(a[0], b[0]);
    const kept = new Set<[string, ClientStats]>();
    if (all.length <= TOP_CLIENTS) for (const entry of all) kept.add(entry);
    else {
      // Sorting all clients took 38 ms of a 50 ms summary (20,000 clients): sort only those that can make the cut.
      for (const entry of heaviest(all, TOP_CLIENTS, (e) => e[1].requests, byName)) kept.add(entry);
      for (const entry of heaviest(all, TOP_CLIENTS, (e) => e[1].bytes, byName)) kept.add(entry);
    }
    return [...kept]
      .map(([name, s]) => ({ name, ...s }))
      .sort((a, b) => b.requests - a.requests || compareNames(a.name, b.name));
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
      foldTemplateStats(existing, stats);
    });
    return [...groups]
      .map(([id, stats]) => ({ id, template: this.miner.template(clusterOf(id)), stats }))
      // Ties by text and level, not id: ids depend on the order clusters were met (merges, chunks).
      .sort((a, b) => b.stats.count - a.stats.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0) || (a.id % 8) - (b.id % 8));
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
    const timeline = this.timeline.buckets(this.series.resolutionMs);
    const hostsByErrors = [...this.hosts]
      .map(([name, s]) => ({ name, ...s }))
      .sort((a, b) => b.errors - a.errors || b.records - a.records || compareNames(a.name, b.name));
    const first = timeline.buckets.length === 0 ? 0 : Date.parse(timeline.buckets[0]!.start);
    const series = this.series.toSummary(first, timeline.bucketMs, timeline.buckets.length, {
      hosts: hostsByErrors.slice(0, SERIES_HOSTS).map((h) => h.name),
      templateIds: (key) => this.resolveTemplate(key).id,
      templates: templates.slice(0, SERIES_TEMPLATES).map((t) => t.id),
    });
    // Peers named by address become the host that owns the address, when the logs say so.
    const named = (address: string): string => this.addressOwners.get(address) ?? address;
    const edgeCounts = new Map<string, EdgeSummary>();
    for (const [key, count] of this.edges) {
      const [direction, rawSource, rawTarget] = key.split('\u0000') as ['send' | 'receive', string, string];
      const source = named(rawSource);
      const target = named(rawTarget);
      if (source === target) continue;
      const id = `${direction}\u0000${source}\u0000${target}`;
      const existing = edgeCounts.get(id);
      edgeCounts.set(id, { source, target, direction, count: (existing?.count ?? 0) + count });
    }
    const edges = [...edgeCounts.values()].sort((a, b) => b.count - a.count || compareNames(a.source, b.source) || compareNames(a.target, b.target));
    const sessions = this.sessions.summarize(this.clock);
    const rt = this.responseTimes;
    return {
      schemaVersion: SCHEMA_VERSION,
      sources,
      records: this.records,
      levels: { ...this.levels },
      timeRange: this.minTime === Infinity ? null : { start: toIso(this.minTime), end: toIso(this.maxTime) },
      timeline,
      templates,
      hosts: hostsByErrors,
      clients: this.topClients(),
      clientCount: this.clients.size,
      edges,
      http:
        this.httpRecords === 0
          ? null
          : {
              status: countsToRecord(this.statusCounts()),
              methods: countsToRecord(this.methods),
              topPaths: heaviest([...this.paths], TOP_PATHS, (e) => e[1].count, (a, b) => compareNames(a[0], b[0])).map(([path, s]) => ({ path, ...s })),
              responseTimeMs:
                rt.count === 0
                  ? null
                  : {
                      count: rt.count, min: rt.min, max: rt.max, mean: rt.sum / rt.count,
                      p50: rt.quantile(0.5), p95: rt.quantile(0.95), p99: rt.quantile(0.99),
                    },
              responseTimeHistogram: rt.histogram(),
            },
      sessions:
        sessions === null
          ? null
          : {
              count: sessions.count,
              meanDurationMs: sessions.meanDurationMs,
              perDay: [...sessions.perDay].sort((a, b) => compareNames(a[0], b[0])).map(([date, count]) => ({ date, count })),
              durationHistogram: sessions.durations.histogram(),
            },
      errorHeatmap: this.errorHeatmap.map((row) => [...row]),
      timeZone: this.clock.zone,
      series,
      approximations: this.approximations(),
      unparsedLines: this.unparsedLines,
    };
  }
}
