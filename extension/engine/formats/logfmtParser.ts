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

/**
 * Splits `key=value key="quoted \" value" flag` into pairs (a repeated key keeps its last value);
 * returns null if it is not logfmt. `valueSpans`, when given, gets where each kept value is
 * written in the line (inside its quotes), for the editor's tokens.
 */
export function parseLogfmtPairs(line: string, valueSpans?: Map<string, readonly [number, number]>): Record<string, string> | null {
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
    let valueStart = i;
    let valueEnd: number;
    if (line[i] === '"') {
      valueStart = ++i;
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
      valueEnd = i - 1;
    } else {
      while (i < n && line.charCodeAt(i) !== 32) i++;
      value = line.slice(valueStart, i);
      valueEnd = i;
    }
    pairs[key] = value;
    valueSpans?.set(key, [valueStart, valueEnd]);
    count++;
  }
  return count >= 2 ? pairs : null;
}

/** Whether logfmt pairs make a record of this format: a message or a level among them. */
export function isLogfmtRecord(pairs: Record<string, string>): boolean {
  return 'msg' in pairs || 'message' in pairs || 'level' in pairs || 'lvl' in pairs;
}

export function compileLogfmtFormat(format: LogfmtFormat, years: YearContext, levels: LevelVocabulary): LineParser {
  return {
    format,
    isMetadata: () => false,
    parse(line: string, out: ParsedLine): boolean {
      const pairs = parseLogfmtPairs(line);
      if (pairs === null) return false;
      if (!isLogfmtRecord(pairs)) return false;
      applyStructuredRecord(pairs, out, years, levels);
      return true;
    },
  };
}
