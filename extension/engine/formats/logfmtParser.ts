import type { LevelVocabulary } from '../levels';
import { isAsciiDigit } from '../charCodes';
import type { YearContext } from '../time';
import { applyStructuredRecord } from './structuredKeys';
import type { LineParser, LogfmtFormat, ParsedLine } from './types';

/** `[\w.@/-]`: a letter, digit, `_`, `.`, `@`, `/` or `-` (by code: lines of other formats are tried here too). */
function isKeyChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || isAsciiDigit(code) ||
    code === 95 || code === 46 || code === 64 || code === 47 || code === 45
  );
}

/** Splits `key=value key="quoted \" value" flag` into pairs; returns null if it is not logfmt. */
export function parseLogfmtPairs(line: string): Record<string, string> | null {
  const pairs: Record<string, string> = {};
  let count = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && isKeyChar(line.charCodeAt(i))) i++;
    if (i === keyStart || line[i] !== '=') return null; // free text: not logfmt
    const key = line.slice(keyStart, i);
    i++; // '='
    let value = '';
    if (line[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = line[i]!;
        if (c === '\\' && i + 1 < n) {
          value += line[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return null;
    } else {
      const valueStart = i;
      while (i < n && line.charCodeAt(i) !== 32) i++;
      value = line.slice(valueStart, i);
    }
    pairs[key] = value;
    count++;
  }
  return count >= 2 ? pairs : null;
}

export function compileLogfmtFormat(format: LogfmtFormat, years: YearContext, levels: LevelVocabulary): LineParser {
  return {
    format,
    isMetadata: () => false,
    parse(line: string, out: ParsedLine): boolean {
      const pairs = parseLogfmtPairs(line);
      if (pairs === null) return false;
      if (!('msg' in pairs || 'message' in pairs || 'level' in pairs || 'lvl' in pairs)) return false;
      applyStructuredRecord(pairs, out, years, levels);
      return true;
    },
  };
}
