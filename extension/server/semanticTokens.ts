/**
 * Semantic tokens for the fields of each record's first line, in the LSP's relative encoding
 * (5 integers per token: line delta, start delta, length, type index, modifier bits).
 * Custom types fall back to standard ones through the `superType`s declared in package.json.
 */
import type { SemanticTokensLegend } from 'vscode-languageserver-types';
import { KEYWORD_LEVELS, type KeywordLevel } from '../engine/levelKeywords';
import type { Level } from '../engine/summary';
import type { FieldKind, FieldLocator } from './fieldSpans';
import type { LogModel } from './logModel';

/**
 * Only fields the TextMate grammar cannot tell apart (it does not know the file's format): it
 * already colours timestamps and level words, by shape, in every format.
 */
const TOKEN_TYPES: Readonly<Partial<Record<FieldKind, string>>> = {
  host: 'logHost',
  source: 'logSource',
  thread: 'logThread',
  process: 'logProcess',
  client: 'logClient',
  session: 'logSession',
};
const KINDS = Object.keys(TOKEN_TYPES) as FieldKind[];

/**
 * The grammar colours the built-in level words but cannot know the user's (`logscope.levelKeywords`):
 * a level field holding one gets the token of its level (package.json maps it to the grammar's scope).
 */
const LEVEL_TOKEN_TYPES: Readonly<Record<KeywordLevel, string>> = {
  fatal: 'logLevelFatal',
  error: 'logLevelError',
  warn: 'logLevelWarn',
  info: 'logLevelInfo',
  debug: 'logLevelDebug',
  trace: 'logLevelTrace',
};

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...KINDS.map((kind) => TOKEN_TYPES[kind]!), ...KEYWORD_LEVELS.map((level) => LEVEL_TOKEN_TYPES[level])],
  tokenModifiers: [],
};

function levelTokenType(level: Level | null): number {
  const index = level === null ? -1 : (KEYWORD_LEVELS as readonly Level[]).indexOf(level);
  return index < 0 ? -1 : KINDS.length + index;
}

export interface AbsoluteToken {
  readonly line: number;
  readonly start: number;
  readonly length: number;
  readonly type: number;
  readonly modifiers: number;
}

/** Most tokens sent for one request. */
export const MAX_TOKENS = 200_000;
/**
 * Past this many records the server declines full-document requests; VS Code then asks for the
 * visible range only (it does so while a document has no complete tokens), which stays instant.
 */
export const MAX_RECORDS_FOR_FULL_TOKENS = 50_000;

/**
 * Tokens of the records whose first line is in [fromLine, toLine] (0-based, inclusive).
 * `lineText` returns a document line.
 */
export function fieldTokens(
  model: LogModel,
  locate: FieldLocator,
  lineText: (line: number) => string,
  fromLine = 0,
  toLine = Number.MAX_SAFE_INTEGER,
): AbsoluteToken[] {
  const tokens: AbsoluteToken[] = [];
  for (let record = model.firstRecordFrom(fromLine); record < model.records && tokens.length < MAX_TOKENS; record++) {
    const line = model.firstLine[record]!;
    if (line > toLine) break;
    if (model.unparsed[record]) continue;
    const text = lineText(line);
    for (const span of locate(text)) {
      const type = span.kind === 'level' ? levelTokenType(model.levelWords.userLevel(text.slice(span.start, span.end))) : KINDS.indexOf(span.kind);
      if (type >= 0) tokens.push({ line, start: span.start, length: span.end - span.start, type, modifiers: 0 });
    }
  }
  return tokens;
}

/** Relative encoding of tokens sorted by position (the LSP `SemanticTokens.data`). */
export function encodeTokens(tokens: readonly AbsoluteToken[]): number[] {
  const data: number[] = [];
  let previousLine = 0;
  let previousStart = 0;
  for (const token of tokens) {
    const lineDelta = token.line - previousLine;
    const startDelta = lineDelta === 0 ? token.start - previousStart : token.start;
    data.push(lineDelta, startDelta, token.length, token.type, token.modifiers);
    previousLine = token.line;
    previousStart = token.start;
  }
  return data;
}
