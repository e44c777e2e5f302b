/**
 * Summaries built in test code, for what no real log in the corpora shows: hostile text in every
 * field a log can reach (templates, hosts, paths, methods, status keys, formats, file names) and a
 * log with no timestamps, hosts or HTTP data at all; and a small log around a date line for
 * the time-zone tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyLevelCounts, SCHEMA_VERSION, type LevelCounts, type Summary } from '../../extension/engine/summary';
import type { DashboardSubject } from '../../extension/shared/messages';
import { reportDir } from './support';

/** Markup that would run script if it ever reached innerHTML or an HTML tooltip. */
export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '</script><script>window.__pwned=2;alert(1)</script>',
  svg: '<svg onload=window.__pwned=3>',
  style: '<style>body{display:none}</style>',
  separators: 'line\u2028separator\u2029paragraph',
} as const;

/** 7 weekday rows (Monday first) × 24 hours of zeros, with `cells` set: [weekday, hour, count]. */
function heatmap(cells: readonly (readonly [number, number, number])[]): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const [day, hour, count] of cells) {
    const row = grid[day];
    if (row) row[hour] = count;
  }
  return grid;
}

function levels(partial: Partial<LevelCounts>): LevelCounts {
  return { ...emptyLevelCounts(), ...partial };
}

function hourly(startIso: string, counts: readonly Partial<LevelCounts>[]): Summary['timeline'] {
  const start = Date.parse(startIso);
  return {
    bucketMs: 3_600_000,
    buckets: counts.map((partial, index) => ({
      start: new Date(start + index * 3_600_000).toISOString(),
      counts: levels(partial),
    })),
  };
}

function sumLevels(buckets: Summary['timeline']['buckets']): LevelCounts {
  const total = emptyLevelCounts();
  for (const bucket of buckets) for (const key of Object.keys(total) as (keyof LevelCounts)[]) total[key] += bucket.counts[key];
  return total;
}

export const PAYLOAD_SUBJECT: DashboardSubject = {
  uri: `file:///var/log/${encodeURIComponent(HOSTILE.img)}.log`,
  title: `${HOSTILE.img}${HOSTILE.script}.log`,
};

/** A summary whose every log-derived string is an injection attempt. */
export function payloadSummary(): Summary {
  const timeline = hourly('2024-03-01T00:00:00.000Z', [
    { error: 3, warn: 5, info: 40 },
    { error: 7, fatal: 1, warn: 2, info: 38 },
    { error: 1, warn: 9, info: 55, debug: 4 },
    { warn: 1, info: 61, unknown: 2 },
  ]);
  const levelCounts = sumLevels(timeline.buckets);
  const records = Object.values(levelCounts).reduce((a, b) => a + b, 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    sources: [
      { path: `/var/log/${HOSTILE.img}.log`, format: HOSTILE.svg, bytes: 18_204, records: records - 20 },
      { path: `/var/log/${HOSTILE.script}.log`, format: 'syslog', bytes: 2_048, records: 20 },
    ],
    records,
    levels: levelCounts,
    timeRange: { start: '2024-03-01T00:00:12.000Z', end: '2024-03-01T03:59:40.000Z' },
    timeline,
    templates: [
      {
        id: 1,
        template: `Login failed for ${HOSTILE.img} <*>`,
        count: 9,
        level: 'error',
        firstSeen: '2024-03-01T00:03:00.000Z',
        lastSeen: '2024-03-01T02:10:00.000Z',
        example: { line: 17, text: `Login failed for ${HOSTILE.img} from 10.0.0.7`, source: `/var/log/${HOSTILE.img}.log` },
      },
      {
        id: 2,
        template: `Template ${HOSTILE.script} <*>`,
        count: 2,
        level: 'fatal',
        firstSeen: '2024-03-01T01:00:00.000Z',
        lastSeen: '2024-03-01T01:30:00.000Z',
        example: { line: 3, text: `Template ${HOSTILE.script} 42`, source: `/var/log/${HOSTILE.script}.log` },
      },
      {
        id: 3,
        template: `${HOSTILE.style} ${HOSTILE.separators} {a|rich} <*>`,
        count: 17,
        level: 'warn',
        firstSeen: '2024-03-01T00:10:00.000Z',
        lastSeen: '2024-03-01T03:00:00.000Z',
        example: { line: 40, text: `${HOSTILE.style} ${HOSTILE.separators} {a|rich} x` },
      },
    ],
    hosts: [
      { name: HOSTILE.img, records: 120, errors: 8, warnings: 6 },
      { name: HOSTILE.script, records: 80, errors: 3, warnings: 10 },
      { name: HOSTILE.svg, records: 19, errors: 0, warnings: 1 },
    ],
    clients: [{ name: HOSTILE.img, requests: 12, bytes: 4096, errors: 1 }],
    edges: [{ source: HOSTILE.img, target: HOSTILE.script, direction: 'send', count: 3 }],
    http: {
      status: { '200': 150, '404': 12, '500': 4, [HOSTILE.img]: 1 },
      methods: { GET: 140, POST: 26, [HOSTILE.svg]: 1 },
      topPaths: [
        { path: `/search?q=${HOSTILE.script}`, count: 30, errors: 4 },
        { path: `/${HOSTILE.img}`, count: 12, errors: 0 },
      ],
      responseTimeMs: { count: 167, min: 0.8, max: 5120, mean: 142.5, p50: 48, p95: 610, p99: 2300 },
    },
    sessions: null,
    // 2024-03-01 is a Friday (row 4): the error + fatal counts of the first three hourly buckets.
    errorHeatmap: heatmap([
      [4, 0, 3],
      [4, 1, 8],
      [4, 2, 1],
    ]),
    timeZone: 'UTC',
    approximations: { clients: 3 },
    unparsedLines: 2,
  };
}

/** A log with no timestamps, hosts or HTTP data: only records, levels and templates. */
export function sparseSummary(): Summary {
  return {
    schemaVersion: SCHEMA_VERSION,
    sources: [{ path: '/tmp/notes.txt', format: 'generic', bytes: 512, records: 12 }],
    records: 12,
    levels: levels({ unknown: 12 }),
    timeRange: null,
    timeline: { bucketMs: 60_000, buckets: [] },
    templates: [
      {
        id: 1,
        template: 'started worker <*>',
        count: 12,
        level: 'unknown',
        firstSeen: null,
        lastSeen: null,
        example: { line: 1, text: 'started worker 1' },
      },
    ],
    hosts: [],
    clients: [],
    edges: [],
    http: null,
    sessions: null,
    errorHeatmap: heatmap([]),
    timeZone: 'UTC',
    approximations: {},
    unparsedLines: 12,
  };
}

/**
 * Adds the planned per-bucket series to a real summary (the engine does not emit them yet): each
 * host's records and errors spread over the timeline in proportion to the buckets' own counts,
 * so the series add up to the host totals up to rounding. Exercises the views that need series.
 */
export function withHostSeries(summary: Summary): Summary & { series: { hosts: { name: string; records: number[]; errors: number[]; warnings: number[] }[] } } {
  const buckets = summary.timeline.buckets;
  const totals = buckets.map((bucket) => Object.values(bucket.counts).reduce((a, b) => a + b, 0));
  const errors = buckets.map((bucket) => bucket.counts.error + bucket.counts.fatal);
  const warnings = buckets.map((bucket) => bucket.counts.warn);
  const allErrors = errors.reduce((a, b) => a + b, 0) || 1;
  const allWarnings = warnings.reduce((a, b) => a + b, 0) || 1;
  const share = (values: number[], part: number, whole: number): number[] => values.map((value) => Math.round((value * part) / whole));
  return {
    ...summary,
    series: {
      hosts: summary.hosts.map((host) => ({
        name: host.name,
        records: share(totals, host.records, summary.records || 1),
        errors: share(errors, host.errors, allErrors),
        warnings: share(warnings, host.warnings, allWarnings),
      })),
    },
  };
}

const MINUTE = 60_000;

/**
 * JSON lines every 2 minutes from Friday 2024-03-01 17:00 to 2024-03-02 01:00 UTC; six errors
 * from 23:00 UTC (Saturday 04:30 in Kolkata); sessions starting 17:00, 19:00 (already 2 March in
 * Kolkata) and 00:00 UTC.
 */
function zoneLog(): string {
  const start = Date.parse('2024-03-01T17:00:00Z');
  const lines: string[] = [];
  for (let time = start; time <= Date.parse('2024-03-02T01:00:00Z'); time += 2 * MINUTE) {
    const iso = new Date(time).toISOString();
    const minutesAfter23 = (time - Date.parse('2024-03-01T23:00:00Z')) / MINUTE;
    const level = minutesAfter23 >= 0 && minutesAfter23 < 12 ? 'error' : (time - start) % (20 * MINUTE) === 0 ? 'warn' : 'info';
    const session = time < Date.parse('2024-03-01T19:00:00Z') ? 's-a' : time < Date.parse('2024-03-02T00:00:00Z') ? 's-b' : 's-c';
    const msg = level === 'error' ? `payment ${time % 7} failed` : `request ${time % 11} served`;
    lines.push(JSON.stringify({ time: iso, level, host: 'web-1', session_id: session, msg }));
  }
  return lines.join('\n') + '\n';
}

/** Writes zoneLog() for the CLI to analyse; returns its path. */
export function writeZoneLog(): string {
  mkdirSync(reportDir, { recursive: true });
  const path = join(reportDir, 'zone-input.jsonl');
  writeFileSync(path, zoneLog());
  return path;
}
