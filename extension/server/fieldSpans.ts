/**
 * Where the detected format's fields sit on a record's first line (timestamp, level, host,
 * logger, thread, pid…): the format's own regex, run with match indices. This is what the
 * TextMate grammar cannot know, since it does not know which format a file is in.
 */
import { FlatJsonPairs, readFlatJsonObject } from '../engine/formats/flatJson';
import { MAX_PREFIX } from '../engine/formats/jsonParser';
import { isLogfmtRecord, parseLogfmtPairs } from '../engine/formats/logfmtParser';
import { formatByName } from '../engine/formats/registry';
import { flatJsonLevelPair, flatLevelKey } from '../engine/formats/structuredKeys';
import { compileLogFormat } from '../engine/logFormatPattern';
import { findTimestamp, YearContext } from '../engine/time';

export type FieldKind = 'timestamp' | 'level' | 'host' | 'source' | 'thread' | 'process' | 'client' | 'session';

export interface FieldSpan {
  readonly kind: FieldKind;
  /** UTF-16 offsets in the line, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export type FieldLocator = (line: string) => FieldSpan[];

/** Named groups of the built-in regex formats, by what they hold. */
const BUILTIN_GROUPS: Readonly<Record<string, FieldKind>> = {
  time: 'timestamp',
  level: 'level',
  host: 'host',
  app: 'source',
  logger: 'source',
  file: 'source',
  caller: 'source',
  thread: 'thread',
  pid: 'process',
  procid: 'process',
  client: 'client',
  session: 'session',
  user: 'session',
};

/** Loghub field names of user formats (`logscope.logFormat`), lower-cased, by what they hold. */
const USER_FIELDS: Readonly<Record<string, FieldKind>> = {
  date: 'timestamp', time: 'timestamp', timestamp: 'timestamp', month: 'timestamp', day: 'timestamp', datetime: 'timestamp',
  level: 'level', severity: 'level', loglevel: 'level',
  host: 'host', hostname: 'host', node: 'host', server: 'host',
  component: 'source', logger: 'source', class: 'source', module: 'source', source: 'source', app: 'source',
  application: 'source', service: 'source', program: 'source',
  thread: 'thread',
  pid: 'process', process: 'process', proc: 'process', procid: 'process',
  client: 'client', ip: 'client', clientip: 'client',
  session: 'session', sessionid: 'session', session_id: 'session', sid: 'session', user: 'session',
};

/** Lines longer than this are only searched for a timestamp (the format regexes are linear, but hovers must stay instant). */
const MAX_LINE_FOR_REGEX = 10_000;

/**
 * What a custom format's group holds: its names are the user's choice, so both the built-in
 * formats' names and the Loghub ones (any case) are understood.
 */
function customGroupKind(group: string): FieldKind | undefined {
  if (Object.hasOwn(BUILTIN_GROUPS, group)) return BUILTIN_GROUPS[group];
  const lower = group.toLowerCase();
  return Object.hasOwn(USER_FIELDS, lower) ? USER_FIELDS[lower] : undefined;
}

/**
 * A locator for the format the engine chose: `formatName` as reported by the analyzer, the
 * user's pattern when the format is `user`, and the regex of the `logscope.formats` format
 * when one was detected (its name can be anything, even a built-in's).
 */
export function createFieldLocator(formatName: string, logFormat = '', customPattern: string | null = null): FieldLocator {
  if (customPattern !== null) {
    // The engine runs it on the untrimmed line, and so does this.
    const regex = new RegExp(customPattern, 'd');
    return (line) => spansFromMatch(line.length > MAX_LINE_FOR_REGEX ? null : regex.exec(line), customGroupKind, 0, line);
  }
  if (formatName === 'user' && logFormat !== '') {
    const compiled = compileLogFormat(logFormat);
    const kinds = compiled.fields.map((name) => USER_FIELDS[name.toLowerCase()]);
    const regex = new RegExp(compiled.regex.source, 'd');
    return (line) => {
      const trimmed = line.trim();
      const offset = line.length - line.trimStart().length;
      return spansFromMatch(trimmed.length > MAX_LINE_FOR_REGEX ? null : regex.exec(trimmed), (group) => kinds[Number(group.slice(1))], offset, line);
    };
  }
  const format = formatByName(formatName);
  if (format?.kind === 'regex') {
    const regex = new RegExp(format.pattern, 'd');
    return (line) => spansFromMatch(line.length > MAX_LINE_FOR_REGEX ? null : regex.exec(line), (group) => BUILTIN_GROUPS[group], 0, line);
  }
  // JSON and logfmt: the grammar colours their keys; the time is found by shape, and the level
  // value is located for the user's level words, which the grammar cannot know.
  if (format?.kind === 'json') return (line) => withLevel(line, jsonLevelSpan(line));
  if (format?.kind === 'logfmt') return (line) => withLevel(line, logfmtLevelSpan(line));
  // W3C/Zeek and free text.
  return timestampOnly;
}

function withLevel(line: string, level: FieldSpan | null): FieldSpan[] {
  const spans = timestampOnly(line);
  // A time found by shape inside the level value (it cannot hold one) would overlap it.
  return level === null ? spans : flatten([...spans.filter((span) => span.end <= level.start || span.start >= level.end), level]);
}

/** Where the level the engine reads is written in a flat JSON line (other lines are the grammar's). */
function jsonLevelSpan(line: string): FieldSpan | null {
  const start = line.indexOf('{');
  if (start < 0 || start > MAX_PREFIX || line.length > MAX_LINE_FOR_REGEX || !readFlatJsonObject(line, start, jsonPairs)) return null;
  const pair = flatJsonLevelPair(line, jsonPairs);
  if (pair < 0 || !jsonPairs.isString(pair)) return null;
  return { kind: 'level', start: jsonPairs.valueStart[pair]!, end: jsonPairs.valueEnd[pair]! };
}

const jsonPairs = new FlatJsonPairs();

/** Where the level the engine reads is written in a logfmt line (`level=warn`, `level="warn"`). */
function logfmtLevelSpan(line: string): FieldSpan | null {
  if (line.length > MAX_LINE_FOR_REGEX) return null;
  const valueSpans = new Map<string, readonly [number, number]>();
  const pairs = parseLogfmtPairs(line, valueSpans);
  if (pairs === null || !isLogfmtRecord(pairs)) return null;
  const key = flatLevelKey(pairs);
  const span = key === undefined ? undefined : valueSpans.get(key);
  return span === undefined ? null : { kind: 'level', start: span[0], end: span[1] };
}

function timestampOnly(line: string): FieldSpan[] {
  const found = findTimestamp(line, new YearContext());
  return found === null ? [] : [{ kind: 'timestamp', start: found.start, end: found.end }];
}

function spansFromMatch(
  match: RegExpExecArray | null,
  kindOf: (group: string) => FieldKind | undefined,
  offset: number,
  line: string,
): FieldSpan[] {
  const indices = match?.indices?.groups;
  if (indices === undefined) return timestampOnly(line);
  const spans: FieldSpan[] = [];
  for (const [group, range] of Object.entries(indices)) {
    const kind = kindOf(group);
    if (kind === undefined || range === undefined) continue;
    // Padding (`[main      ]`) is not part of the value; `-` means "no value" in access logs.
    let start = range[0] + offset;
    let end = range[1] + offset;
    while (start < end && isSpace(line.charCodeAt(start))) start++;
    while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
    if (end <= start || (end - start === 1 && line[start] === '-')) continue;
    spans.push({ kind, start, end });
  }
  return flatten(spans);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Semantic tokens may not overlap, but groups can nest (glog's level letter inside its time):
 * the inner span wins and the outer one keeps the parts around it.
 */
export function flatten(spans: readonly FieldSpan[]): FieldSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: FieldSpan[] = [];
  const open: FieldSpan[] = [];
  for (const span of sorted) {
    // Close outer spans that end before this one starts, emitting their remaining parts.
    while (open.length > 0 && open[open.length - 1]!.end <= span.start) out.push(open.pop()!);
    const outer = open.pop();
    if (outer !== undefined) {
      if (span.start > outer.start) out.push({ ...outer, end: span.start });
      if (outer.end > span.end) open.push({ ...outer, start: span.end });
    }
    open.push(span);
  }
  while (open.length > 0) out.push(open.pop()!);
  return out.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start);
}

/** The span of the record's timestamp on its first line, if the locator found one. */
export function timestampSpan(spans: readonly FieldSpan[]): { start: number; end: number } | null {
  const parts = spans.filter((span) => span.kind === 'timestamp');
  if (parts.length === 0) return null;
  // A nested level letter may have cut the time in two: the hover covers the whole time.
  return { start: parts[0]!.start, end: parts[parts.length - 1]!.end };
}
