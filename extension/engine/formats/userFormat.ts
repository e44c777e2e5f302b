import { LevelVocabulary, levelFromHttpStatus } from '../levels';
import { compileLogFormat } from '../logFormatPattern';
import { parseTimestampValue, type YearContext } from '../time';
import type { LineParser, ParsedLine, RegexFormat } from './types';

// Loghub field names that carry each of our fields (case-insensitive).
const TIME_FIELDS = new Set(['date', 'time', 'timestamp', 'month', 'day', 'datetime']);
const HOST_FIELDS = new Set(['host', 'hostname', 'node', 'server']);
const LEVEL_FIELDS = new Set(['level', 'severity', 'loglevel']);
const SESSION_FIELDS = new Set(['session', 'sessionid', 'session_id', 'sid']);

/**
 * A user format from `--log-format` or the `logscope.logFormat` setting: Loghub's `<Field>`
 * pattern syntax. Time fields are joined in pattern order and parsed as one timestamp.
 */
export function compileUserFormat(pattern: string, years: YearContext, levels = LevelVocabulary.BUILTIN): LineParser {
  const compiled = compileLogFormat(pattern);
  const timeFields = compiled.fields.filter((f) => TIME_FIELDS.has(f.toLowerCase()));
  const hostField = compiled.fields.find((f) => HOST_FIELDS.has(f.toLowerCase()));
  const levelField = compiled.fields.find((f) => LEVEL_FIELDS.has(f.toLowerCase()));
  const sessionField = compiled.fields.find((f) => SESSION_FIELDS.has(f.toLowerCase()));
  const statusField = compiled.fields.find((f) => f.toLowerCase() === 'status');
  const format: RegexFormat = {
    name: 'user',
    title: `User format ${pattern}`,
    kind: 'regex',
    pattern: compiled.regex.source,
    multiline: true,
    samples: [],
  };
  return {
    format,
    isMetadata: () => false,
    parse(line: string, out: ParsedLine): boolean {
      const fields = compiled.match(line);
      if (fields === null) return false;
      out.message = fields.Content ?? '';
      if (timeFields.length > 0) {
        out.timestamp = parseTimestampValue(timeFields.map((f) => fields[f] ?? '').join(' ').trim(), years);
      }
      if (hostField !== undefined && fields[hostField]) out.host = fields[hostField];
      if (levelField !== undefined) out.level = levels.fromWord(fields[levelField] ?? '');
      if (sessionField !== undefined && fields[sessionField]) out.session = fields[sessionField];
      if (statusField !== undefined) {
        const status = Number(fields[statusField]);
        if (Number.isInteger(status) && status >= 100 && status <= 599) {
          out.status = status;
          out.level ??= levelFromHttpStatus(status);
        }
      }
      return true;
    },
  };
}
