// Semantic tokens for the detected format's fields, checked against positions found in the text
// by hand (indexOf), and the LSP relative encoding decoded back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createFieldLocator, flatten } from '../../extension/server/fieldSpans';
import { buildLogModel } from '../../extension/server/logModel';
import { encodeTokens, fieldTokens, SEMANTIC_TOKENS_LEGEND, type AbsoluteToken } from '../../extension/server/semanticTokens';
import { CORPORA, skipWithoutCorpus } from './corpora';
import { log4jHeaders, readSample } from './serverSamples';

/** Decodes `SemanticTokens.data` the way a client does. */
function decode(data: readonly number[]): AbsoluteToken[] {
  const tokens: AbsoluteToken[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += deltaLine;
    start = deltaLine === 0 ? start + deltaStart : deltaStart;
    tokens.push({ line, start, length, type, modifiers });
  }
  return tokens;
}

interface NamedToken {
  readonly line: number;
  readonly text: string;
  readonly type: string;
}

function named(tokens: readonly AbsoluteToken[], lines: readonly string[]): NamedToken[] {
  return tokens.map((t) => ({
    line: t.line,
    text: lines[t.line]!.slice(t.start, t.start + t.length),
    type: SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type]!,
  }));
}

function tokensOf(text: string, name: string): { tokens: NamedToken[]; data: number[]; lines: string[] } {
  const model = buildLogModel(text, { name });
  const lines = text.split('\n');
  const absolute = fieldTokens(model, createFieldLocator(model.format), (line) => lines[line]!);
  const data = encodeTokens(absolute);
  assert.deepEqual(decode(data), absolute, 'the encoding decodes back to the same tokens');
  return { tokens: named(decode(data), lines), data, lines };
}

describe('semantic tokens: log4j (orders-1.log)', () => {
  const text = readSample('orders-1.log');
  const { tokens, lines } = tokensOf(text, 'orders-1.log');
  const headers = log4jHeaders(text);

  it('marks the thread and the logger of every record (the grammar cannot tell them from other words)', () => {
    assert.equal(tokens.length, headers.length * 2);
    for (const header of headers) {
      const line = lines[header.line]!;
      const thread = /\[([^\]]+)\]/.exec(line)![1]!;
      const logger = /\] (\S+) - /.exec(line)![1]!;
      assert.deepEqual(tokens.filter((t) => t.line === header.line).map((t) => [t.type, t.text]), [
        ['logThread', thread],
        ['logSource', logger],
      ]);
    }
  });

  it('has no tokens on stack-trace lines', () => {
    const headerLines = new Set(headers.map((h) => h.line));
    assert.ok(tokens.every((t) => headerLines.has(t.line)));
  });

  it('answers a range request with only the records starting in the range', () => {
    const model = buildLogModel(text, { name: 'orders-1.log' });
    const from = headers[10]!.line;
    const to = headers[20]!.line;
    const ranged = fieldTokens(model, createFieldLocator(model.format), (line) => lines[line]!, from, to);
    assert.deepEqual([...new Set(ranged.map((t) => t.line))], headers.slice(10, 21).map((h) => h.line));
  });
});

describe('semantic tokens: access log (web-1.log)', () => {
  it('marks the client address, and skips "-" placeholders (no user)', () => {
    const { tokens, lines } = tokensOf(readSample('web-1.log'), 'web-1.log');
    assert.equal(tokens.length, lines.filter((line) => line !== '').length);
    for (const token of tokens) assert.deepEqual([token.type, token.text], ['logClient', lines[token.line]!.split(' ')[0]]);
  });
});

describe('semantic tokens: other formats', () => {
  it('marks glog thread ids and source files', { skip: skipWithoutCorpus('lnav-samples') }, () => {
    const text = readFileSync(resolve(CORPORA, 'lnav-samples/logfile_glog.0'), 'utf8');
    const { tokens, lines } = tokensOf(text, 'logfile_glog.0');
    let checked = 0;
    for (const [index, line] of lines.entries()) {
      const m = /^[IWEF]\d{4} [\d:.]+ +(\d+) ([^ \]]+:\d+)\] /.exec(line);
      if (m === null) continue;
      checked++;
      assert.deepEqual(tokens.filter((t) => t.line === index).map((t) => [t.type, t.text]), [['logThread', m[1]], ['logSource', m[2]]]);
    }
    assert.ok(checked >= 5);
  });

  it('flattens nested spans into non-overlapping pieces', () => {
    const pieces = flatten([
      { kind: 'timestamp', start: 0, end: 20 },
      { kind: 'level', start: 2, end: 10 },
      { kind: 'host', start: 4, end: 6 },
      { kind: 'thread', start: 25, end: 30 },
    ]);
    assert.deepEqual(pieces.map((p) => [p.kind, p.start, p.end]), [
      ['timestamp', 0, 2], ['level', 2, 4], ['host', 4, 6], ['level', 6, 10], ['timestamp', 10, 20], ['thread', 25, 30],
    ]);
  });

  it('marks host, program and pid of syslog lines', { skip: skipWithoutCorpus('lnav-samples') }, () => {
    const text = readFileSync(resolve(CORPORA, 'lnav-samples/logfile_syslog.0'), 'utf8');
    const { tokens, lines } = tokensOf(text, 'logfile_syslog.0');
    let checked = 0;
    for (const [index, line] of lines.entries()) {
      const m = /^\w{3} +\d+ \d\d:\d\d:\d\d (\S+) ([^\s[:]+)(?:\[(\d+)\])?:/.exec(line);
      if (m === null) continue;
      checked++;
      const onLine = tokens.filter((t) => t.line === index).map((t) => [t.type, t.text]);
      assert.deepEqual(onLine, [['logHost', m[1]], ['logSource', m[2]], ...(m[3] ? [['logProcess', m[3]]] : [])]);
    }
    assert.equal(checked, 4);
  });

  it('follows a user logscope.logFormat (Loghub field names) on the Hadoop corpus', { skip: skipWithoutCorpus('loghub-2k/Hadoop') }, () => {
    const text = readFileSync(resolve(CORPORA, 'loghub-2k/Hadoop/Hadoop_2k.log'), 'utf8');
    const logFormat = String.raw`<Date> <Time> <Level> \[<Process>\] <Component>: <Content>`;
    const model = buildLogModel(text, { name: 'Hadoop_2k.log', logFormat });
    assert.equal(model.format, 'user');
    const lines = text.split('\n');
    const tokens = named(fieldTokens(model, createFieldLocator(model.format, logFormat), (line) => lines[line]!), lines);
    const first = tokens.filter((t) => t.line === 0).map((t) => [t.type, t.text]);
    const process = /\[([^\]]+)\]/.exec(lines[0]!)![1];
    const component = /\] ([^:]+):/.exec(lines[0]!)![1];
    assert.deepEqual(first, [['logProcess', process], ['logSource', component]]);
  });
});
