/**
 * The user's level keywords on real-looking logs: in the level position of a format, in JSON and
 * logfmt level values, in the header of lines of no known format and in the message of records
 * that state no level. The same counts from every path that analyses: analyzeText, the parallel
 * chunk workers, live tail, the record filter and the language server's model.
 * Needs the build's `out/chunkWorker.js` and `out/cli.js`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { analyzePaths, analyzeText } from '../../extension/engine/analyze';
import { IncrementalAnalysis } from '../../extension/engine/incremental';
import type { LevelKeywords } from '../../extension/engine/levelKeywords';
import { analyzePathsParallel } from '../../extension/engine/parallel/analyzeParallel';
import { findRecords } from '../../extension/engine/recordFilter';
import type { LevelCounts, Summary } from '../../extension/engine/summary';
import { errorDiagnostics } from '../../extension/server/diagnostics';
import { createFieldLocator } from '../../extension/server/fieldSpans';
import { buildLogModel } from '../../extension/server/logModel';
import { fieldTokens, SEMANTIC_TOKENS_LEGEND } from '../../extension/server/semanticTokens';
import { PROJECT_ROOT } from './corpora';

const KEYWORDS: LevelKeywords = { error: ['OOPS', 'BOOM'], warn: ['SLOW'], fatal: ['MELTDOWN'] };
const REFERENCE = Date.UTC(2026, 11, 1);
const WORKER = resolve(PROJECT_ROOT, 'out/chunkWorker.js');
const CLI = resolve(PROJECT_ROOT, 'out/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'logscope-keywords-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A log4j-style application log whose team writes OOPS, BOOM, MELTDOWN and slow as levels. */
const LOG4J = [
  '2026-11-20 06:00:00,000 INFO  [main] com.shop.App - started',
  '2026-11-20 06:00:01,000 OOPS  [main] com.shop.Cart - cart total negative for order 17',
  '    at com.shop.Cart.total(Cart.java:88)',
  '2026-11-20 06:00:02,000 MELTDOWN [main] com.shop.Db - connection pool gone',
  '2026-11-20 06:00:03,000 ERROR [main] com.shop.Pay - payment failed for order 18',
  '2026-11-20 06:00:04,000 slow  [main] com.shop.Api - GET /api/cart took 3100 ms',
  '2026-11-20 06:00:05,000 Boom  [http-1] com.shop.Api - handler threw for order 19',
  '2026-11-20 06:00:06,000 DEBUG [main] com.shop.App - cache warm',
];

/** Counts of the stated levels, by reading the level word of each header line (not the engine). */
function expectedLevels(lines: readonly string[]): Partial<LevelCounts> {
  const meaning: Record<string, keyof LevelCounts> = { INFO: 'info', OOPS: 'error', BOOM: 'error', ERROR: 'error', MELTDOWN: 'fatal', SLOW: 'warn', DEBUG: 'debug' };
  const counts: Partial<LevelCounts> = {};
  for (const line of lines) {
    const word = /^\S+ \S+ (\S+)/.exec(line)?.[1]?.toUpperCase();
    if (word === undefined) continue;
    const level = meaning[word]!;
    counts[level] = (counts[level] ?? 0) + 1;
  }
  return counts;
}

function statedLevels(summary: Summary): Partial<LevelCounts> {
  return Object.fromEntries(Object.entries(summary.levels).filter(([, n]) => n > 0));
}

describe('level keywords in the level position of a format (log4j)', () => {
  const text = LOG4J.join('\n') + '\n';

  it('counts each user word as its level, and the format still detects', () => {
    const { summary } = analyzeText(text, 'shop.log', { levelKeywords: KEYWORDS, referenceTime: REFERENCE });
    assert.equal(summary.sources[0]!.format, 'log4j');
    assert.equal(summary.records, 7);
    assert.deepEqual(statedLevels(summary), expectedLevels(LOG4J));
    assert.deepEqual(statedLevels(summary), { info: 1, error: 3, fatal: 1, warn: 1, debug: 1 });
    const oops = summary.templates.find((t) => t.template.startsWith('cart total negative'));
    assert.equal(oops?.level, 'error');
  });

  it('without them, those lines are no level (they read as continuation lines)', () => {
    const { summary } = analyzeText(text, 'shop.log', { referenceTime: REFERENCE });
    assert.deepEqual(statedLevels(summary), { info: 1, error: 1, debug: 1 });
  });

  it('gives the same counts on the parallel path (2 workers, many ranges) as sequentially', async () => {
    // Enough copies for several ranges of at least 16 KiB each, with the detection sample in the first.
    const lines = Array.from({ length: 400 }, () => LOG4J).flat();
    const path = join(dir, 'shop-big.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const options = { levelKeywords: KEYWORDS, referenceTime: REFERENCE };
    const sequential = await analyzePaths([path], options);
    const parallel = await analyzePathsParallel([path], { ...options, jobs: 2, minChunkBytes: 16 << 10, workerScript: WORKER });
    assert.deepEqual(statedLevels(parallel.summary), expectedLevels(lines));
    assert.deepEqual(parallel.summary.levels, sequential.summary.levels);
    assert.equal(parallel.summary.records, 400 * 7);
    const withoutKeywords = await analyzePathsParallel([path], { referenceTime: REFERENCE, jobs: 2, minChunkBytes: 16 << 10, workerScript: WORKER });
    assert.equal(withoutKeywords.summary.levels.fatal, 0, 'the workers only know the words they are given');
  });

  it('follows a growing file with the same counts (live tail)', () => {
    const live = new IncrementalAnalysis('shop.log', { levelKeywords: KEYWORDS, referenceTime: REFERENCE });
    for (const line of LOG4J) live.append(line + '\n');
    assert.deepEqual(statedLevels(live.summary()), expectedLevels(LOG4J));
  });

  it('filters the same records by level as the dashboard counts', async () => {
    const found = await findRecords({ kind: 'text', text, name: 'shop.log' }, { levels: ['error', 'fatal'] }, 1000, { levelKeywords: KEYWORDS });
    assert.deepEqual(found.spans, [[2, 3], [4, 4], [5, 5], [7, 7]]);
    const withoutKeywords = await findRecords({ kind: 'text', text, name: 'shop.log' }, { levels: ['error', 'fatal'] });
    assert.equal(withoutKeywords.matched, 1);
  });

  it('makes the language server report every error and fatal record, and mark the user words', () => {
    const model = buildLogModel(text, { name: 'shop.log', levelKeywords: KEYWORDS });
    const diagnostics = errorDiagnostics(model);
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.code]), [[1, 'error'], [3, 'fatal'], [4, 'error'], [6, 'error']]);
    assert.equal(errorDiagnostics(buildLogModel(text, { name: 'shop.log' })).length, 1);

    const levelTokens = fieldTokens(model, createFieldLocator(model.format), (line) => LOG4J[line]!)
      .map((t) => ({ text: LOG4J[t.line]!.slice(t.start, t.start + t.length), type: SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type] }))
      .filter((t) => t.type!.startsWith('logLevel'));
    // Built-in words (INFO, ERROR, DEBUG) are the grammar's to colour; the server marks only the user's.
    assert.deepEqual(levelTokens, [
      { text: 'OOPS', type: 'logLevelError' },
      { text: 'MELTDOWN', type: 'logLevelFatal' },
      { text: 'slow', type: 'logLevelWarn' },
      { text: 'Boom', type: 'logLevelError' },
    ]);
  });

  it('names a partly invalid setting in a warning diagnostic', () => {
    const model = buildLogModel(text, { name: 'shop.log', levelKeywords: KEYWORDS });
    const warning = errorDiagnostics(model, 1000, ['"loud" is not a level']).find((d) => d.severity === DiagnosticSeverity.Warning);
    assert.equal(typeof warning?.message, 'string');
    assert.match(warning!.message as string, /^Setting "logscope\.levelKeywords" is partly invalid \(its valid words still apply\): "loud" is not a level\.$/);
  });
});

describe('level keywords in structured level values', () => {
  it('reads JSON "level" values', () => {
    const text = [
      '{"ts":"2026-11-20T06:00:00Z","level":"info","msg":"started"}',
      '{"ts":"2026-11-20T06:00:01Z","level":"OOPS","msg":"cart total negative"}',
      '{"ts":"2026-11-20T06:00:02Z","level":"meltdown","msg":"connection pool gone"}',
      '{"ts":"2026-11-20T06:00:03Z","severity":"Boom","msg":"handler threw"}',
    ].join('\n');
    const withKeywords = analyzeText(text, 'shop.jsonl', { levelKeywords: KEYWORDS, referenceTime: REFERENCE }).summary;
    assert.equal(withKeywords.sources[0]!.format, 'json');
    assert.deepEqual(statedLevels(withKeywords), { info: 1, error: 2, fatal: 1 });
    assert.deepEqual(statedLevels(analyzeText(text, 'shop.jsonl', { referenceTime: REFERENCE }).summary), { info: 1, unknown: 3 });
  });

  it('lets a user word take over a built-in one (logfmt level=alert as warn)', () => {
    const text = ['ts=2026-11-20T06:00:00Z level=info msg="started"', 'ts=2026-11-20T06:00:01Z level=alert msg="disk 91% full"'].join('\n');
    assert.deepEqual(statedLevels(analyzeText(text, 'disk.log', { referenceTime: REFERENCE }).summary), { info: 1, fatal: 1 });
    const relabelled = analyzeText(text, 'disk.log', { levelKeywords: { warn: ['ALERT'] }, referenceTime: REFERENCE }).summary;
    assert.equal(relabelled.sources[0]!.format, 'logfmt');
    assert.deepEqual(statedLevels(relabelled), { info: 1, warn: 1 });
  });
});

describe('level keywords in structured level values, in the editor', () => {
  /** The level tokens the server sends for `lines` (the user's words only: the grammar colours the built-in ones). */
  function levelTokens(lines: readonly string[], name: string): { text: string; type: string | undefined }[] {
    const model = buildLogModel(lines.join('\n'), { name, levelKeywords: KEYWORDS });
    return fieldTokens(model, createFieldLocator(model.format), (line) => lines[line]!)
      .map((t) => ({ text: lines[t.line]!.slice(t.start, t.start + t.length), type: SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type] }))
      .filter((t) => t.type!.startsWith('logLevel'));
  }

  it('marks the user words of JSON level values, the key the engine reads', () => {
    const lines = [
      '{"ts":"2026-11-20T06:00:00Z","level":"info","msg":"started"}',
      '{"ts":"2026-11-20T06:00:01Z","level":"OOPS","msg":"cart total negative OOPS"}',
      '{"ts":"2026-11-20T06:00:02Z","msg":"pool gone","level":"meltdown"}',
      '{"ts":"2026-11-20T06:00:03Z","severity":"Boom","msg":"handler threw"}',
      '{"ts":"2026-11-20T06:00:04Z","severity":"slow","level":"info","msg":"level comes first"}',
      'web | {"ts":"2026-11-20T06:00:05Z","level":"SLOW","msg":"behind a docker-compose prefix"}',
      '{"ts":"2026-11-20T06:00:06Z","level":30,"severity":"OOPS","msg":"a numeric level comes first"}',
    ];
    assert.deepEqual(levelTokens(lines, 'shop.jsonl'), [
      { text: 'OOPS', type: 'logLevelError' },
      { text: 'meltdown', type: 'logLevelFatal' },
      { text: 'Boom', type: 'logLevelError' },
      { text: 'SLOW', type: 'logLevelWarn' },
    ]);
  });

  it('marks the user words of logfmt level values, quoted or not', () => {
    const lines = [
      'ts=2026-11-20T06:00:00Z level=info msg="started"',
      'ts=2026-11-20T06:00:01Z level=OOPS msg="cart total negative"',
      'ts=2026-11-20T06:00:02Z msg="pool gone, level=OOPS in the text" lvl="MELTDOWN"',
      'ts=2026-11-20T06:00:03Z level= severity=slow msg="empty level value"',
      'ts=2026-11-20T06:00:04Z level=OOPS level=info msg="the last of a repeated key counts"',
      'ts=2026-11-20T06:00:05Z msg="a quote closed right before the next key"lvl=BOOM',
    ];
    assert.deepEqual(levelTokens(lines, 'shop.log'), [
      { text: 'OOPS', type: 'logLevelError' },
      { text: 'MELTDOWN', type: 'logLevelFatal' },
      { text: 'slow', type: 'logLevelWarn' },
      { text: 'BOOM', type: 'logLevelError' },
    ]);
  });
});

describe('level keywords in lines that state no level field', () => {
  it('reads them in the message of syslog records (level inferred from words)', () => {
    const text = [
      'Nov 20 06:00:00 web-1 shop[42]: started worker',
      'Nov 20 06:00:01 web-1 shop[42]: OOPS cart total negative',
      'Nov 20 06:00:02 web-1 shop[42]: core MELTDOWN in the db pool',
      'Nov 20 06:00:03 web-1 shop[42]: request timeout on /api/cart',
      'Nov 20 06:00:04 web-1 shop[42]: oopsie is not a keyword, whole words only',
    ].join('\n');
    const builtin = analyzeText(text, 'syslog', { referenceTime: REFERENCE }).summary;
    assert.equal(builtin.sources[0]!.format, 'syslog');
    assert.deepEqual(statedLevels(builtin), { error: 1, unknown: 4 });
    const custom = analyzeText(text, 'syslog', { levelKeywords: KEYWORDS, referenceTime: REFERENCE }).summary;
    assert.deepEqual(statedLevels(custom), { fatal: 1, error: 2, unknown: 2 });
    // A user word that is also a built-in inference word takes it over: "timeout" as a warning.
    const relabelled = analyzeText(text, 'syslog', { levelKeywords: { ...KEYWORDS, warn: ['timeout'] }, referenceTime: REFERENCE }).summary;
    assert.deepEqual(statedLevels(relabelled), { fatal: 1, error: 1, warn: 1, unknown: 2 });
  });

  it('takes the word after the timestamp as the level in lines of no known format', () => {
    const text = ['[2026-11-20 06:00:00] started worker', '[2026-11-20 06:00:01] OOPS: cart total negative', '[2026-11-20 06:00:02] MELTDOWN: pool gone'].join('\n');
    const { summary } = analyzeText(text, 'worker.log', { levelKeywords: KEYWORDS, referenceTime: REFERENCE });
    assert.equal(summary.sources[0]!.format, 'generic');
    assert.deepEqual(statedLevels(summary), { unknown: 1, error: 1, fatal: 1 });
    // Read as the header's level, so the word is not part of the message (nor of the template).
    assert.ok(summary.templates.some((t) => t.level === 'error' && t.template === 'cart total negative'), JSON.stringify(summary.templates));
  });
});

describe('user formats and level keywords on the parallel path', () => {
  it('gives every range the custom formats, so all of them read the file as the sequential pass does', async () => {
    const customFormats = [{ name: 'pipes', regex: String.raw`^(?<time>\S+) \| (?<level>\w+) \| (?<message>.*)$` }];
    const lines = Array.from({ length: 3000 }, (_, i) => `2026-11-20T06:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z | ${['INFO', 'OOPS', 'MELTDOWN'][i % 3]} | order ${i} handled`);
    const path = join(dir, 'pipes.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const options = { customFormats, levelKeywords: KEYWORDS, referenceTime: REFERENCE };
    const sequential = await analyzePaths([path], options);
    const parallel = await analyzePathsParallel([path], { ...options, jobs: 2, minChunkBytes: 16 << 10, workerScript: WORKER });
    assert.equal(sequential.summary.sources[0]!.format, 'pipes');
    assert.equal(parallel.summary.sources[0]!.format, 'pipes');
    assert.deepEqual(statedLevels(parallel.summary), { info: 1000, error: 1000, fatal: 1000 });
    assert.deepEqual(parallel.summary.templates.map((t) => [t.template, t.level, t.count]), sequential.summary.templates.map((t) => [t.template, t.level, t.count]));
  });
});

describe('logscope analyze --level-keyword', () => {
  it('counts the words given on the command line', () => {
    const path = join(dir, 'cli.log');
    writeFileSync(path, LOG4J.join('\n') + '\n');
    const result = spawnSync(process.execPath, [CLI, 'analyze', path, '--json', '--level-keyword', 'error=OOPS,BOOM', '--level-keyword', 'fatal=MELTDOWN', '--level-keyword', 'warn=SLOW'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(statedLevels(JSON.parse(result.stdout) as Summary), expectedLevels(LOG4J));
    const bad = spawnSync(process.execPath, [CLI, 'analyze', path, '--level-keyword', 'loud=OOPS'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^logscope: --level-keyword: "loud" is not a level; levels are fatal, error, warn, info, debug, trace\n$/);
  });
});
