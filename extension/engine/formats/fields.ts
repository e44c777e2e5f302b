import { levelFromHttpStatus, levelFromSyslogSeverity, type LevelVocabulary } from '../levels';
import { parseTimestampValue, type YearContext } from '../time';
import type { DurationUnit, ParsedLine } from './types';

/** Path without its query string or fragment. */
export function stripQuery(path: string): string {
  const cut = path.search(/[?#]/);
  return cut < 0 ? path : path.slice(0, cut);
}

export function durationToMs(text: string, unit: DurationUnit): number | null {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return null;
  switch (unit) {
    case 'us':
      return value / 1000;
    case 'ms':
      return value;
    case 's':
      return value * 1000;
    case 'auto':
      // Apache %D is integer microseconds; nginx $request_time is decimal seconds.
      return text.includes('.') ? value * 1000 : value / 1000;
  }
}

/** Parses a duration with an optional unit ("1.2s", "350ms", "12µs", "0.25"). Bare numbers are ms. */
export function durationWithUnitToMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?$/.exec(value.trim());
  if (m === null) return null;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'ns': return n / 1e6;
    case 'us': case 'µs': return n / 1000;
    case undefined: case 'ms': return n;
    case 's': return n * 1000;
    case 'm': return n * 60_000;
    case 'h': return n * 3_600_000;
    default: return null;
  }
}

/** Unit words some formats print after a duration (uWSGI: "129 msecs", "68 micros"). */
const UNIT_WORDS: Readonly<Record<string, DurationUnit>> = {
  us: 'us', micros: 'us', usecs: 'us', ms: 'ms', msecs: 'ms', millis: 'ms', s: 's', secs: 's', seconds: 's',
};

/** The named groups a regex format may have: the fields they fill. */
export const GROUP_FIELDS = [
  'time', 'level', 'pri', 'host', 'client', 'method', 'path', 'status', 'bytes', 'duration', 'unit', 'session', 'message',
] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

/** Index of each field's capture group in a match (0: the format has no such group). */
export type GroupIndices = Readonly<Record<GroupField, number>>;

/** The capture of a field's group, or undefined when the format has none or it did not take part. */
function group(match: ArrayLike<string | undefined>, index: number): string | undefined {
  return index > 0 ? match[index] : undefined;
}

/** Fills `out` from the groups of a regex format match (`at`: where each field's group is). */
export function applyRegexGroups(
  match: ArrayLike<string | undefined>,
  at: GroupIndices,
  out: ParsedLine,
  years: YearContext,
  durationUnit: DurationUnit,
  levels: LevelVocabulary,
): void {
  const time = group(match, at.time);
  if (time !== undefined) out.timestamp = parseTimestampValue(time, years);
  const level = group(match, at.level);
  if (level !== undefined) out.level = levels.fromWord(level);
  const pri = group(match, at.pri);
  if (out.level === null && pri !== undefined) out.level = levelFromSyslogSeverity(Number(pri) % 8);
  const host = group(match, at.host);
  if (host !== undefined && host !== '-') out.host = host;
  const client = group(match, at.client);
  if (client !== undefined) out.client = client;
  const method = group(match, at.method);
  if (method !== undefined) out.method = method;
  const path = group(match, at.path);
  if (path !== undefined) out.path = stripQuery(path);
  const status = group(match, at.status);
  if (status !== undefined) {
    out.status = Number(status);
    if (out.level === null) out.level = levelFromHttpStatus(out.status);
  }
  const bytes = group(match, at.bytes);
  if (bytes !== undefined && bytes !== '-') out.bytes = Number(bytes);
  const duration = group(match, at.duration);
  if (duration !== undefined) out.responseTimeMs = durationToMs(duration, UNIT_WORDS[group(match, at.unit) ?? ''] ?? durationUnit);
  const session = group(match, at.session);
  if (session !== undefined) out.session = session;
  const message = group(match, at.message);
  if (message !== undefined) {
    out.message = message;
  } else if (out.status !== null) {
    // Access logs have no message: the request and its outcome are what repeats.
    // The status is in the template's level; the request is the message.
    out.message = out.method !== null && out.path !== null ? `${out.method} ${out.path}` : `HTTP ${out.status}`;
  }
}
