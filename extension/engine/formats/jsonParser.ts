import type { LevelVocabulary } from '../levels';
import { parseTimestampValue, type YearContext } from '../time';
import { FlatJsonPairs, readFlatJsonObject } from './flatJson';
import { applyFlatJsonPairs, applyStructuredRecord } from './structuredKeys';
import type { JsonFormat, LineParser, ParsedLine } from './types';

/** How far into a line the JSON object may start (docker-compose and Kubernetes prefixes). */
export const MAX_PREFIX = 80;

export function compileJsonFormat(format: JsonFormat, years: YearContext, levels: LevelVocabulary): LineParser {
  const pairs = new FlatJsonPairs();
  return {
    format,
    isMetadata: () => false,
    parse(line: string, out: ParsedLine): boolean {
      const start = line.indexOf('{');
      if (start < 0 || start > MAX_PREFIX || line.charCodeAt(line.length - 1) !== 125 /* } */) return false;
      if (!(readFlatJsonObject(line, start, pairs) && applyFlatJsonPairs(line, pairs, out, years, levels))) {
        let record: unknown;
        try {
          record = JSON.parse(start === 0 ? line : line.slice(start));
        } catch {
          return false;
        }
        if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
        applyStructuredRecord(record as Record<string, unknown>, out, years, levels);
      }
      if (start > 0) {
        // "service  | {...}" (docker-compose) names the writer; a timestamp prefix gives the time.
        const prefix = line.slice(0, start);
        const service = /^([\w.-]+)\s+\|\s*$/.exec(prefix);
        if (service !== null && out.host === null) out.host = service[1]!;
        if (out.timestamp === null) {
          const time = /^(\S+)\s/.exec(prefix);
          if (time !== null) out.timestamp = parseTimestampValue(time[1], years);
        }
      }
      return true;
    },
  };
}
