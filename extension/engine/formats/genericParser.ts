import type { LevelVocabulary } from '../levels';
import { findTimestamp, type YearContext } from '../time';
import type { GenericFormat, LineParser, ParsedLine } from './types';

/** How many header tokens after the timestamp may precede the level word. */
const MAX_HEADER_TOKENS = 8;

function isSeparator(c: number): boolean {
  // space, tab, ',', '-', '|', ']', ':'
  return c === 32 || c === 9 || c === 44 || c === 45 || c === 124 || c === 93 || c === 58;
}

/** End (exclusive) of the token at `start`: a [bracketed] group or a run of non-spaces. */
function tokenEnd(line: string, start: number): number {
  if (line.charCodeAt(start) === 91 /* [ */) {
    const close = line.indexOf(']', start + 1);
    if (close > 0 && close - start < 64) return close + 1;
  }
  let i = start;
  while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
  return i;
}

function skipSpaces(line: string, position: number): number {
  while (position < line.length && line.charCodeAt(position) === 32) position++;
  return position;
}

/**
 * After the level: a `logger.Name:` token, or a dotted `package.logger` token followed by a
 * [context] block (request ids and the like), is header too. Returns where the message starts.
 */
function skipLogger(line: string, afterLevel: number): number {
  const start = skipSpaces(line, afterLevel);
  if (line.charCodeAt(start) === 91 /* [ */) return afterLevel;
  const end = tokenEnd(line, start);
  if (end <= start + 1) return afterLevel;
  if (line.charCodeAt(end - 1) === 58 /* : */) return end;
  const token = line.slice(start, end);
  if (!/^[A-Za-z_][\w$]*(\.[\w$]+)+$/.test(token)) return afterLevel;
  const context = skipSpaces(line, end);
  if (line.charCodeAt(context) !== 91) return afterLevel;
  const close = line.indexOf(']', context);
  return close < 0 ? afterLevel : close + 1;
}

/**
 * Tokens that name a machine: lower-case names ending in a number (node-246, web-3, ip-10-0-0-1,
 * db12.example.com) or Blue Gene–style locations (R02-M1-N0-C:J12-U11). File names are not hosts.
 */
const HOST_TOKEN = /^(?:[A-Za-z][a-z0-9]*(?:[-_][A-Za-z0-9]+)*[-_]?\d+[A-Za-z0-9]*(?:\.[a-z][a-z0-9-]*)*|R\d{2}(?:-[A-Z0-9]+)+(?::[A-Z0-9-]+)?)$/;

/** A host token among the few tokens in front of the timestamp, if any. */
function hostBefore(line: string, end: number): string | null {
  for (const token of line.slice(0, end).split(/[\s|]+/).slice(0, 4)) {
    if (HOST_TOKEN.test(token) && !/\.(?:log|txt|gz)\b/.test(token)) return token;
  }
  return null;
}

function hasLowercase(text: string): boolean {
  return /[a-z]/.test(text);
}

/**
 * Lines of no known format: finds the timestamp near the start, a level word among the header
 * tokens that follow it, and where the message starts (after the level and a `logger:` token).
 * @param timestampsExpected when the file's lines mostly start with a time, a line without one
 *   is a continuation (returns false); otherwise every line is a record.
 */
export function compileGenericFormat(format: GenericFormat, years: YearContext, levels: LevelVocabulary, timestampsExpected: boolean): LineParser {
  return {
    format,
    isMetadata: () => false,
    parse(line: string, out: ParsedLine): boolean {
      const found = findTimestamp(line, years);
      if (found === null && timestampsExpected) return false;
      out.timestamp = found === null ? null : found.ms;
      let position = found === null ? 0 : found.end;
      let messageStart = position;
      if (found !== null && found.start > 0) out.host = hostBefore(line, found.start);
      for (let k = 0; k < MAX_HEADER_TOKENS; k++) {
        while (position < line.length && isSeparator(line.charCodeAt(position))) position++;
        if (position >= line.length) break;
        const end = tokenEnd(line, position);
        const token = line.slice(position, end);
        const core = token.replace(/^[[(<]+|[\]):>,]+$/g, '');
        const singleUpper = core.length === 1 && core >= 'A' && core <= 'Z';
        const level = core.length === 1 && !singleUpper ? null : levels.fromWord(core, singleUpper);
        if (level !== null) {
          out.level = level;
          messageStart = end;
          messageStart = skipLogger(line, end);
          break;
        }
        if (out.host === null && HOST_TOKEN.test(token)) {
          // A node name among the header tokens (node-246, web-3, R02-M1-N0-C:J12-U11) is the writer.
          out.host = token;
          messageStart = end;
          position = end;
          continue;
        }
        const headerLike = token.startsWith('[') || !hasLowercase(token);
        if (!headerLike) break;
        // Pids, counters and [bracketed] context are header; upper-case words may start the message.
        if (token.startsWith('[') || /^[\d.:#/-]+$/.test(token)) messageStart = end;
        position = end;
      }
      while (messageStart < line.length && isSeparator(line.charCodeAt(messageStart))) messageStart++;
      out.message = line.slice(messageStart);
      return true;
    },
  };
}
