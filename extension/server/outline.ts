/**
 * The outline of a log: its timeline by hour (by day for long logs) in the zone of
 * `logscope.timeZone`, with record and error counts, then its most frequent templates. Each
 * entry points at the records it stands for.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { UTC_ZONE, ZoneClock } from '../engine/timeZone';
import { isErrorLevel, type LogModel } from './logModel';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** More hours than this (a month) are shown as days, so the outline stays readable. */
const MAX_HOUR_BUCKETS = 24 * 31;
export const TOP_TEMPLATES = 20;
const MAX_NAME_CHARS = 120;
/** The LSP's largest `uinteger`. */
const LINE_END = 2_147_483_647;

interface Bucket {
  readonly start: number;
  records: number;
  errors: number;
  firstRecord: number;
  lastRecord: number;
}

export interface OutlineBucket {
  /** Bucket start as wall-clock time in the outline's zone (epoch ms of a UTC calendar: read it with getUTC*). */
  readonly start: number;
  readonly records: number;
  readonly errors: number;
}

const clocks = new Map<string, ZoneClock>();

/** One clock per zone: a clock caches the zone's offsets. */
function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/** Records with a timestamp grouped by hour (or day) of `zone`, oldest first. */
export function timelineBuckets(model: LogModel, zone = UTC_ZONE): { bucketMs: number; buckets: (OutlineBucket & { firstRecord: number; lastRecord: number })[] } {
  const clock = clockOf(zone);
  const byHour = bucketize(model, HOUR_MS, clock);
  if (byHour.length <= MAX_HOUR_BUCKETS) return { bucketMs: HOUR_MS, buckets: byHour };
  return { bucketMs: DAY_MS, buckets: bucketize(model, DAY_MS, clock) };
}

function bucketize(model: LogModel, size: number, clock: ZoneClock): Bucket[] {
  const buckets = new Map<number, Bucket>();
  for (let record = 0; record < model.records; record++) {
    const time = model.time[record]!;
    if (Number.isNaN(time)) continue;
    const start = Math.floor(clock.wall(time) / size) * size;
    let bucket = buckets.get(start);
    if (bucket === undefined) {
      bucket = { start, records: 0, errors: 0, firstRecord: record, lastRecord: record };
      buckets.set(start, bucket);
    }
    bucket.records++;
    if (isErrorLevel(model.level[record]!)) bucket.errors++;
    bucket.lastRecord = record;
  }
  return [...buckets.values()].sort((a, b) => a.start - b.start);
}

/** `zone`: "UTC" or an IANA zone, whose hours and days the timeline uses and names. */
export function outlineSymbols(model: LogModel, zone = UTC_ZONE): DocumentSymbol[] {
  if (model.records === 0) return [];
  const whole = lines(0, model.lastLine[model.records - 1]!);
  const top = lines(model.firstLine[0]!, model.firstLine[0]!);
  const symbols: DocumentSymbol[] = [];

  const { bucketMs, buckets } = timelineBuckets(model, zone);
  if (buckets.length > 0) {
    const errors = buckets.reduce((sum, bucket) => sum + bucket.errors, 0);
    const timed = buckets.reduce((sum, bucket) => sum + bucket.records, 0);
    symbols.push({
      name: `Timeline by ${bucketMs === HOUR_MS ? 'hour' : 'day'} (${zone})`,
      detail: counts(timed, errors),
      kind: SymbolKind.Namespace,
      range: whole,
      selectionRange: top,
      // Counts go in the name: the Outline view and "Go to Symbol" cut or hide the detail.
      children: buckets.map((bucket) => ({
        name: `${bucketLabel(bucket.start, bucketMs)} · ${plural(bucket.errors, 'error')}`,
        detail: plural(bucket.records, 'record'),
        kind: bucket.errors > 0 ? SymbolKind.Event : SymbolKind.Number,
        range: lines(model.firstLine[bucket.firstRecord]!, model.lastLine[bucket.lastRecord]!),
        selectionRange: lines(model.firstLine[bucket.firstRecord]!, model.firstLine[bucket.firstRecord]!),
      })),
    });
  }

  const templates = [...model.templates.values()].sort((a, b) => b.count - a.count || a.firstRecord - b.firstRecord).slice(0, TOP_TEMPLATES);
  symbols.push({
    name: 'Top templates',
    detail: `${model.templates.size} templates`,
    kind: SymbolKind.Namespace,
    range: whole,
    selectionRange: top,
    children: templates.map((template) => {
      const first = template.firstRecord;
      return {
        name: `${template.count}× ${templateName(template.template)}`,
        detail: template.level,
        kind: isErrorLevel(template.level) ? SymbolKind.Event : SymbolKind.String,
        range: lines(model.firstLine[first]!, model.lastLine[first]!),
        selectionRange: lines(model.firstLine[first]!, model.firstLine[first]!),
      };
    }),
  });
  return symbols;
}

function counts(records: number, errors: number): string {
  return `${plural(errors, 'error')} · ${plural(records, 'record')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "2026-11-20 06:00" for hours, "2026-11-20" for days (`start` is wall-clock time, see OutlineBucket). */
export function bucketLabel(start: number, bucketMs: number): string {
  const iso = new Date(start).toISOString();
  return bucketMs >= DAY_MS ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Outline names are plain text in VS Code, but must be one non-empty line. */
function templateName(template: string): string {
  const line = template.replace(/\s+/g, ' ').trim();
  if (line.length === 0) return '(empty message)';
  return line.length <= MAX_NAME_CHARS ? line : `${line.slice(0, MAX_NAME_CHARS - 1)}…`;
}

function lines(first: number, last: number): Range {
  // Whole lines: the largest column the protocol allows, which clients clamp to the line's end.
  return { start: { line: first, character: 0 }, end: { line: last, character: LINE_END } };
}
