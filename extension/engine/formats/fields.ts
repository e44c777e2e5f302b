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

/** Fills `out` from the named groups of a regex format match. */
export function applyRegexGroups(
  groups: Record<string, string | undefined>,
  out: ParsedLine,
  years: YearContext,
  durationUnit: DurationUnit,
  levels: LevelVocabulary,
): void {
  if (groups.time !== undefined) out.timestamp = parseTimestampValue(groups.time, years);
  if (groups.level !== undefined) out.level = levels.fromWord(groups.level);
  if (out.level === null && groups.pri !== undefined) out.level = levelFromSyslogSeverity(Number(groups.pri) % 8);
  if (groups.host !== undefined && groups.host !== '-') out.host = groups.host;
  if (groups.client !== undefined) out.client = groups.client;
  if (groups.method !== undefined) out.method = groups.method;
  if (groups.path !== undefined) out.path = stripQuery(groups.path);
  if (groups.status !== undefined) {
    out.status = Number(groups.status);
    if (out.level === null) out.level = levelFromHttpStatus(out.status);
  }
  if (groups.bytes !== undefined && groups.bytes !== '-') out.bytes = Number(groups.bytes);
  if (groups.duration !== undefined) out.responseTimeMs = durationToMs(groups.duration, UNIT_WORDS[groups.unit ?? ''] ?? durationUnit);
  if (groups.session !== undefined) out.session = groups.session;
  if (groups.message !== undefined) {
    out.message = groups.message;
  } else if (out.status !== null) {
    // Access logs have no message: the request and its outcome are what repeats.
    // The status is in the template's level; the request is the message.
    out.message = out.method !== null && out.path !== null ? `${out.method} ${out.path}` : `HTTP ${out.status}`;
  }
}
