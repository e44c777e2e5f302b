/**
 * Semantic tokens for the fields of each record's first line, in the LSP's relative encoding
 * (5 integers per token: line delta, start delta, length, type index, modifier bits).
 * Custom types fall back to standard ones through the `superType`s declared in package.json.
 */
import type { SemanticTokensLegend } from 'vscode-languageserver-types';
import { LEVELS, type Level } from '../engine/summary';
import type { FieldKind, FieldLocator } from './fieldSpans';
import type { LogModel } from './logModel';

const TOKEN_TYPES: Readonly<Record<FieldKind, string>> = {
  timestamp: 'logTimestamp',
  level: 'logLevel',
  host: 'logHost',
  source: 'logSource',
  thread: 'logThread',
  process: 'logProcess',
  client: 'logClient',
  session: 'logSession',
};
const KINDS = Object.keys(TOKEN_TYPES) as FieldKind[];
/** Modifiers of `logLevel` tokens, one per level, so themes can colour each level. */
const MODIFIERS: readonly Level[] = LEVELS.filter((level) => level !== 'unknown');

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: KINDS.map((kind) => TOKEN_TYPES[kind]),
  tokenModifiers: [...MODIFIERS],
};

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
    for (const span of locate(lineText(line))) {
      const modifiers = span.level === undefined ? 0 : modifierBit(span.level);
      tokens.push({ line, start: span.start, length: span.end - span.start, type: KINDS.indexOf(span.kind), modifiers });
    }
  }
  return tokens;
}

function modifierBit(level: Level): number {
  const index = MODIFIERS.indexOf(level);
  return index < 0 ? 0 : 1 << index;
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
