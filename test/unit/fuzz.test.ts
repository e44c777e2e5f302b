/**
 * Property tests with random and mutated real input: parsers and the template miner never
 * throw, parsed times are finite, and split-then-merge equals analysing the whole.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { comparableSummary } from './summaryCompare';
import { CORPORA, PROJECT_ROOT } from './corpora';
import { Aggregator } from '../../extension/engine/aggregator';
import { BUILTIN_FORMATS, compileFormat, formatByName } from '../../extension/engine/formats/registry';
import { STRUCTURED_FIELDS, findStructuredFields, lookupInOrder } from '../../extension/engine/formats/structuredKeys';
import { newParsedLine, resetParsedLine } from '../../extension/engine/formats/types';
import { LineSplitter, forEachLine } from '../../extension/engine/lines';
import { DETECTION_LINES, SourceAnalyzer } from '../../extension/engine/sourceAnalyzer';
import { TemplateMiner } from '../../extension/engine/templates/miner';
import { YearContext } from '../../extension/engine/time';

const REFERENCE = Date.UTC(2026, 10, 23);
/** Fixed seed: a failure is reproducible; fast-check prints the counterexample. */
const SEED = 20261123;

function linesOf(path: string): string[] {
  const lines: string[] = [];
  forEachLine(readFileSync(path, 'utf8'), (line) => lines.push(line));
  return lines;
}

/** Real logs, one list of lines per file: the samples, plus the lnav corpus when it is there. */
function realLogs(): { name: string; lines: string[] }[] {
  const files = ['orders-1.log', 'web-1.log', 'auth.jsonl'].map((name) => resolve(PROJECT_ROOT, 'samples', name));
  const lnav = resolve(CORPORA, 'lnav-samples');
  if (existsSync(lnav)) {
    for (const name of readdirSync(lnav).sort()) if (name.startsWith('logfile_')) files.push(resolve(lnav, name));
  } else {
    console.log(`# lnav corpus absent (${lnav}): fuzzing with the project samples only`);
  }
  return files.map((path) => ({ name: path, lines: linesOf(path).filter((line) => line.length > 0) }));
}

const LOGS = realLogs();
const REAL_LINES = LOGS.flatMap((log) => log.lines);

/** Characters that matter to parsers: delimiters, quotes, digits, time and JSON punctuation. */
const SPICY = fc.constantFrom(' ', '\t', '"', "'", '[', ']', '{', '}', ':', '=', ',', '.', '-', '+', '/', '\\', '0', '9', 'T', 'Z', '\u0000', '\uFFFD', '\uD800', '😀', 'é');

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), SPICY) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 50 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(line: string, mutations: readonly Mutation[]): string {
  for (const m of mutations) {
    const at = m.kind === 'repeat' ? 0 : m.at % (line.length + 1);
    if (m.kind === 'insert') line = line.slice(0, at) + m.text + line.slice(at);
    else if (m.kind === 'delete') line = line.slice(0, at) + line.slice(at + m.length);
    else if (m.kind === 'cut') line = line.slice(0, at);
    else line = line.repeat(m.times).slice(0, 20_000);
  }
  return line;
}

const hostileLine = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: SPICY, maxLength: 100 }),
  fc.tuple(fc.constantFrom(...REAL_LINES), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([line, ms]) => mutate(line, ms)),
);

describe('fuzz: parsers and miner on hostile lines', () => {
  const parsers = BUILTIN_FORMATS.map((format) => compileFormat(format, new YearContext(REFERENCE)));

  it('every built-in parser and the miner accept any line; times are finite or null', () => {
    const out = newParsedLine();
    const miner = new TemplateMiner();
    fc.assert(
      fc.property(hostileLine, (line) => {
        for (const parser of parsers) {
          parser.isMetadata(line);
          resetParsedLine(out);
          if (parser.parse(line, out)) {
            assert.ok(out.timestamp === null || Number.isFinite(out.timestamp), `${parser.format.name}: timestamp ${out.timestamp}`);
            assert.equal(typeof out.message, 'string', parser.format.name);
            if (out.message.length > 0) miner.add(out.message);
          }
        }
        miner.add(line);
      }),
      { numRuns: 400, seed: SEED },
    );
  });
});

/**
 * Analyses `lines` in one pass, and as two parts cut at `cut` (moved to a record start) merged,
 * as the parallel reader does: both parts choose their format from the source's first lines
 * (the reader's first range always holds them), so a cut inside a header is like any other.
 */
function wholeAndMerged(name: string, lines: readonly string[], cut: number): { whole: unknown; merged: unknown } {
  let cutting = false;
  const analyzer = (aggregator: Aggregator, lineOffset: number): SourceAnalyzer =>
    new SourceAnalyzer(aggregator, name, () => 0, { referenceTime: REFERENCE, lineOffset, detectionSample: cutting ? lines.slice(0, DETECTION_LINES) : undefined });
  const whole = new Aggregator();
  const all = analyzer(whole, 0);
  for (const line of lines) all.pushLine(line);
  all.finish();
  cutting = true;
  // Cut where a chunked reader would: at a line that starts a record of the chosen format.
  if (cut > 0) {
    const probe = analyzer(new Aggregator(), cut);
    while (cut < lines.length && probe.multiline) {
      const bytes = Buffer.from(lines[cut]!, 'utf8');
      if (probe.startsRecord(bytes, 0, bytes.length)) break;
      cut++;
    }
  }
  const first = new Aggregator();
  const second = new Aggregator();
  for (const [aggregator, part, offset] of [[first, lines.slice(0, cut), 0], [second, lines.slice(cut), cut]] as const) {
    const source = analyzer(aggregator, offset);
    for (const line of part) source.pushLine(line);
    source.finish();
  }
  first.merge(second);
  return { whole: comparableSummary(whole.summary([])), merged: comparableSummary(first.summary([])) };
}

/** The format a log's first lines are detected as. */
function detectedFormat(lines: readonly string[]): string {
  const source = new SourceAnalyzer(new Aggregator(), 'probe', () => 0, { referenceTime: REFERENCE });
  for (const line of lines.slice(0, DETECTION_LINES)) source.pushLine(line);
  return source.finish().format;
}

const headerFormat = (name: string): boolean => formatByName(detectedFormat(LOGS.find((log) => log.name === name)!.lines))?.kind === 'fields-header';
// Logs with a `#fields` header (Zeek, W3C) get a property of their own: a part after the first
// must learn its columns from the header at the file's start (a fuzzer finding, fixed).
const MERGE_LOGS = LOGS.filter((log) => !headerFormat(log.name));
const HEADER_LOGS = LOGS.filter((log) => headerFormat(log.name));

function mergeProperty(logs: readonly { name: string; lines: string[] }[], numRuns: number): void {
  const run = fc
    .tuple(fc.nat({ max: logs.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 400 }), fc.nat())
    .map(([file, from, length, cut]) => {
      const log = logs[file]!;
      // Half the runs start at the top of the file, where headers and detection samples are.
      const start = from % 2 === 0 ? 0 : from % log.lines.length;
      const lines = log.lines.slice(start, start + length);
      return { name: log.name, lines, cut: cut % (lines.length + 1) };
    });
  fc.assert(
    fc.property(run, ({ name, lines, cut }) => {
      const { whole, merged } = wholeAndMerged(name, lines, cut);
      assert.deepEqual(merged, whole);
    }),
    { numRuns, seed: SEED },
  );
}

describe('fuzz: merge(split(x)) equals whole(x)', () => {
  it('random runs of real lines cut at a random point', () => mergeProperty(MERGE_LOGS, 200));

  it('the same for logs with a #fields header (Zeek, W3C)', {
    skip: HEADER_LOGS.length === 0 ? 'no such log without the lnav corpus' : false,
  }, () => mergeProperty(HEADER_LOGS, 50));
});

function splitLines(bytes: Buffer, cuts: readonly number[], maxLineBytes: number): { lines: string[]; truncated: number } {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLineBytes);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    splitter.push(bytes.subarray(from, cut));
    from = cut;
  }
  splitter.end();
  return { lines, truncated: splitter.truncatedLines };
}

describe('fuzz: LineSplitter', () => {
  it('random bytes split at random points give the lines of the whole', () => {
    // Biased towards line breaks, byte-order marks and multi-byte UTF-8 lead/continuation bytes.
    const byte = fc.oneof(fc.constantFrom(0x0a, 0x0d, 0xff, 0xfe, 0xc3, 0xa9, 0xf0, 0x9f, 0x41, 0x00), fc.integer({ min: 0, max: 255 }));
    const input = fc.tuple(
      fc.oneof(fc.constant([] as number[]), fc.constant([0xff, 0xfe]), fc.constant([0xfe, 0xff]), fc.constant([0xef, 0xbb, 0xbf])),
      fc.array(byte, { maxLength: 300 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.constantFrom(3, 8, 64, 1 << 20),
    );
    fc.assert(
      fc.property(input, ([mark, body, rawCuts, maxLineBytes]) => {
        const bytes = Buffer.from([...mark, ...body]);
        const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        assert.deepEqual(splitLines(bytes, cuts, maxLineBytes), splitLines(bytes, [], maxLineBytes));
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('structured keys', () => {
  it('finds every field in one pass exactly as looking each one up in order does', () => {
    // Records built from the keys loggers use (flat, dotted, nested), with empty and null values.
    const keys = [...new Set(STRUCTURED_FIELDS.flat())];
    const value = fc.oneof(fc.constant(''), fc.constant(null), fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 600 }));
    const nested = fc.dictionary(fc.constantFrom('name', 'level', 'ip', 'path', 'response', 'request', 'status_code', 'method', 'body', 'bytes'), fc.oneof(value, fc.dictionary(fc.constantFrom('status_code', 'method', 'body', 'bytes'), fc.oneof(value, fc.dictionary(fc.constant('bytes'), value)))));
    const record = fc.dictionary(fc.constantFrom(...keys, 'host', 'log', 'http', 'url', 'client', 'source', 'other'), fc.oneof(value, nested), { maxKeys: 12 });
    const values: unknown[] = new Array<unknown>(STRUCTURED_FIELDS.length);
    const priorities = new Int32Array(STRUCTURED_FIELDS.length);
    fc.assert(
      fc.property(record, (r) => {
        findStructuredFields(r, values, priorities);
        STRUCTURED_FIELDS.forEach((fieldKeys, field) => assert.deepEqual(values[field], lookupInOrder(r, fieldKeys), `${fieldKeys[0]} of ${JSON.stringify(r)}`));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
