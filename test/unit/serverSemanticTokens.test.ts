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
  readonly modifiers: string[];
}

function named(tokens: readonly AbsoluteToken[], lines: readonly string[]): NamedToken[] {
  return tokens.map((t) => ({
    line: t.line,
    text: lines[t.line]!.slice(t.start, t.start + t.length),
    type: SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type]!,
    modifiers: SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, bit) => (t.modifiers & (1 << bit)) !== 0),
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

  it('marks timestamp, level (with its level as modifier), thread and logger of every record', () => {
    assert.equal(tokens.length, headers.length * 4);
    for (const header of headers) {
      const line = lines[header.line]!;
      const onLine = tokens.filter((t) => t.line === header.line);
      const thread = /\[([^\]]+)\]/.exec(line)![1]!;
      const logger = /\] (\S+) - /.exec(line)![1]!;
      assert.deepEqual(onLine.map((t) => [t.type, t.text]), [
        ['logTimestamp', header.time],
        ['logLevel', header.level],
        ['logThread', thread],
        ['logSource', logger],
      ]);
      assert.deepEqual(onLine[1]!.modifiers, [header.level.toLowerCase()]);
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
  it('marks the client and the timestamp, and skips "-" placeholders', () => {
    const { tokens, lines } = tokensOf(readSample('web-1.log'), 'web-1.log');
    const first = tokens.filter((t) => t.line === 0);
    const [client, , , time] = lines[0]!.split(' ');
    assert.deepEqual(first.map((t) => [t.type, t.text]), [
      ['logClient', client],
      ['logTimestamp', `${time!.slice(1)} +0000`],
    ]);
  });
});

describe('semantic tokens: nested fields', () => {
  it('splits glog time around its level letter so tokens never overlap', { skip: skipWithoutCorpus('lnav-samples') }, () => {
    const text = readFileSync(resolve(CORPORA, 'lnav-samples/logfile_glog.0'), 'utf8');
    const { tokens, lines } = tokensOf(text, 'logfile_glog.0');
    const glogLines = lines.filter((line) => /^[IWEF]\d{4} /.test(line));
    assert.ok(glogLines.length >= 5);
    for (const [index, line] of lines.entries()) {
      if (!/^[IWEF]\d{4} /.test(line)) continue;
      const onLine = tokens.filter((t) => t.line === index);
      assert.deepEqual(onLine[0], { line: index, text: line[0], type: 'logLevel', modifiers: [{ I: 'info', W: 'warn', E: 'error', F: 'fatal' }[line[0]!]!] });
      assert.equal(onLine[1]!.type, 'logTimestamp');
      assert.equal(onLine[1]!.text, line.slice(1, line.indexOf(' ', 6)));
    }
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
      assert.deepEqual(onLine.slice(1), [['logHost', m[1]], ['logSource', m[2]], ...(m[3] ? [['logProcess', m[3]]] : [])]);
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
    const [date, time, level] = lines[0]!.split(' ');
    const process = /\[([^\]]+)\]/.exec(lines[0]!)![1];
    const component = /\] ([^:]+):/.exec(lines[0]!)![1];
    assert.deepEqual(first, [['logTimestamp', date], ['logTimestamp', time], ['logLevel', level], ['logProcess', process], ['logSource', component]]);
  });
});
