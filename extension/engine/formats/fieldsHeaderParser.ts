import { levelFromHttpStatus, type LevelVocabulary } from '../levels';
import { parseTimestampValue, type YearContext } from '../time';
import { durationToMs, stripQuery } from './fields';
import type { FieldsHeaderFormat, LineParser, ParsedLine } from './types';

/** Splits a W3C line on spaces; "double-quoted" values may hold spaces and "" for a quote. */
export function splitW3cLine(line: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    if (i >= line.length) break;
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      values.push(value);
    } else {
      const start = i;
      while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
      values.push(line.slice(start, i));
    }
  }
  return values;
}

/** A parser that learns its columns from the format's directive line (`#Fields:` / `#fields`). */
export function compileFieldsHeaderFormat(format: FieldsHeaderFormat, years: YearContext, levels: LevelVocabulary): LineParser {
  let columns: string[] | null = null;
  const empty = new Set(format.emptyValues);
  const lowerDirective = format.fieldsDirective.toLowerCase();
  const indexOf = (key: keyof FieldsHeaderFormat['columns']): number => {
    const names = format.columns[key] ?? [];
    return columns === null ? -1 : columns.findIndex((c) => names.includes(c.toLowerCase()));
  };
  let index: Record<string, number> = {};
  // Every listed message column that the file has, joined (Zeek: "tcp http SF").
  let messageColumns: number[] = [];
  return {
    format,
    isMetadata(line: string): boolean {
      if (!line.startsWith('#')) return false;
      if (line.toLowerCase().startsWith(lowerDirective)) {
        const rest = line.slice(format.fieldsDirective.length);
        columns = (format.separator === 'tab' ? rest.split('\t') : rest.split(/\s+/)).map((c) => c.trim()).filter((c) => c !== '');
        index = {};
        for (const key of Object.keys(format.columns) as (keyof FieldsHeaderFormat['columns'])[]) index[key] = indexOf(key);
        const names = columns.map((c) => c.toLowerCase());
        messageColumns = (format.columns.message ?? []).map((name) => names.indexOf(name)).filter((i) => i >= 0);
      }
      return true;
    },
    parse(line: string, out: ParsedLine): boolean {
      if (columns === null) return false;
      const values = format.separator === 'tab' ? line.split('\t') : splitW3cLine(line);
      if (values.length !== columns.length) return false;
      const get = (key: string): string | null => {
        const at = index[key] ?? -1;
        const value = at < 0 ? undefined : values[at];
        return value === undefined || empty.has(value) ? null : value;
      };
      const stamp = get('timestamp') ?? [get('date'), get('time')].filter((v) => v !== null).join(' ');
      out.timestamp = stamp === '' ? null : parseTimestampValue(stamp, years);
      if (out.timestamp === null) return false;
      out.host = get('host');
      out.client = get('client');
      out.method = get('method');
      const path = get('path');
      out.path = path === null ? null : stripQuery(path);
      const status = Number(get('status'));
      if (Number.isInteger(status) && status >= 100 && status <= 599) {
        out.status = status;
        out.level = levelFromHttpStatus(status);
      }
      const level = get('level');
      if (level !== null) out.level = levels.fromWord(level) ?? out.level;
      const bytes = Number(get('bytes') ?? NaN);
      if (Number.isFinite(bytes)) out.bytes = bytes;
      const duration = get('duration');
      if (duration !== null) out.responseTimeMs = durationToMs(duration, format.durationUnit ?? 'ms');
      out.session = get('session');
      const message = messageColumns.map((i) => values[i]!).filter((v) => !empty.has(v)).join(' ');
      out.message = message !== '' ? message : out.method !== null && out.path !== null ? `${out.method} ${out.path}` : '';
      return true;
    },
  };
}
