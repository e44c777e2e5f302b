import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { applicationLogLines } from '../../bench/generators';
import { analyzePaths, analyzeText } from '../../extension/engine/analyze';
import { LineSplitter, forEachLine } from '../../extension/engine/lines';
import { PROJECT_ROOT } from './corpora';
import { comparableSummary } from './summaryCompare';

/** Lines of `bytes` fed to a splitter in pieces cut at `cuts` (sorted offsets). */
function splitAt(bytes: Buffer, cuts: readonly number[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    splitter.push(bytes.subarray(from, cut));
    from = cut;
  }
  splitter.end();
  return lines;
}

function chunked(bytes: Buffer, size: number): string[] {
  const cuts: number[] = [];
  for (let i = size; i < bytes.length; i += size) cuts.push(i);
  return splitAt(bytes, cuts);
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (order === 'be') bytes.swap16(); // FF FE becomes FE FF: the big-endian mark
  return bytes;
}

// Non-ASCII, an astral character (a surrogate pair in UTF-16), CRLF, an empty line, no final break.
const TEXT = '2024-05-01 10:00:00 INFO é début\r\nsecond 😀 line\n\nfourth\r\nlast without newline';
const TEXT_LINES = ['2024-05-01 10:00:00 INFO é début', 'second 😀 line', '', 'fourth', 'last without newline'];

describe('UTF-16 with a byte-order mark', () => {
  for (const order of ['le', 'be'] as const) {
    it(`UTF-16 ${order.toUpperCase()} gives the UTF-8 lines at every chunk size and every single cut`, () => {
      const bytes = utf16(TEXT, order);
      assert.deepEqual(chunked(Buffer.from(TEXT, 'utf8'), 1 << 20), TEXT_LINES);
      for (let size = 1; size <= bytes.length; size++) assert.deepEqual(chunked(bytes, size), TEXT_LINES, `chunk size ${size}`);
      for (let cut = 0; cut <= bytes.length; cut++) assert.deepEqual(splitAt(bytes, [cut]), TEXT_LINES, `cut at ${cut}`);
    });
  }

  it('lines after the first reach a byte callback as UTF-8', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), undefined, (buffer, start, end) => lines.push(buffer.toString('utf8', start, end)));
    splitter.push(utf16(TEXT, 'le'));
    splitter.end();
    assert.deepEqual(lines, TEXT_LINES);
  });

  it('a file of one byte 0xFF, or FF without FE, stays UTF-8', () => {
    assert.deepEqual(chunked(Buffer.from([0xff]), 1), ['\uFFFD']);
    assert.deepEqual(chunked(Buffer.from([0xff, 0x41, 0x0a]), 1), ['\uFFFDA']);
    assert.deepEqual(chunked(Buffer.from([0xff, 0xfe]), 1), [], 'a bare UTF-16 mark is an empty file');
  });
});

describe('line breaks: LF, CRLF and lone CR', () => {
  // VS Code's line count of the same text: every CRLF, CR or LF ends a line.
  const text = 'one\rtwo\r\nthree\n\r\rsix\r\n\r\neight\r';
  const expected = ['one', 'two', 'three', '', '', 'six', '', 'eight'];

  it('forEachLine counts a lone CR as a break and CRLF as one', () => {
    const lines: string[] = [];
    forEachLine(text, (line) => lines.push(line));
    assert.deepEqual(lines, expected);
    assert.equal(lines.length, text.split(/\r\n|\r|\n/).length - 1, 'as many lines as breaks (the text ends with one)');
  });

  it('the byte splitter agrees at every chunk size and every single cut', () => {
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size <= bytes.length; size++) assert.deepEqual(chunked(bytes, size), expected, `chunk size ${size}`);
    for (let cut = 0; cut <= bytes.length; cut++) assert.deepEqual(splitAt(bytes, [cut]), expected, `cut at ${cut}`);
  });

  it('UTF-16 splits on the same breaks, even with a CR and its LF in different chunks', () => {
    const bytes = utf16(text, 'le');
    for (let size = 1; size <= bytes.length; size++) assert.deepEqual(chunked(bytes, size), expected, `chunk size ${size}`);
  });

  it('a line cut for length still ends at a lone CR', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), 4);
    for (const piece of ['abcdefgh', 'ij\rnext\r', '\nlast']) splitter.push(Buffer.from(piece));
    splitter.end();
    assert.deepEqual(lines, ['abcd', 'next', 'last']);
    assert.equal(splitter.truncatedLines, 1);
  });
});

describe('decoding lines given as bytes', () => {
  /** Every line's text as the splitter's decoder gives it, with the chunks pushed in turn. */
  function decoded(chunks: readonly Buffer[]): string[] {
    const lines: string[] = [];
    const splitter = new LineSplitter(
      (line) => lines.push(line),
      undefined,
      (buffer, start, end, decoder) => lines.push(decoder.decode(buffer, start, end)),
    );
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    return lines;
  }

  it('gives the UTF-8 text of ASCII chunks, of chunks with other bytes, and of lines split between them', () => {
    const text = 'first\nplain ascii\ncafé crème\n\u{1F600} emoji\nplain again\nlast line';
    const bytes = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0x0a, 0x62, 0x61, 0x64, 0xff, 0xc3, 0x0a])]);
    const expected = bytes.toString('utf8').split('\n').slice(0, -1);
    for (let size = 1; size <= bytes.length; size++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      assert.deepEqual(decoded(chunks), expected, `chunk size ${size}`);
    }
  });

  it('looks again at a buffer refilled with other bytes', () => {
    const block = Buffer.alloc(12);
    const lines: string[] = [];
    const splitter = new LineSplitter(
      (line) => lines.push(line),
      undefined,
      (buffer, start, end, decoder) => lines.push(decoder.decode(buffer, start, end)),
    );
    // Twelve bytes each: the same Buffer object is pushed every time, as a reader reusing its block would.
    for (const piece of ['head\nascii1\n', 'caf\u00e9 \u00e9t\u00e9\n', 'ascii2\nabcd\n']) {
      assert.equal(block.write(piece, 'utf8'), block.length);
      splitter.push(block);
    }
    splitter.end();
    assert.deepEqual(lines, ['head', 'ascii1', 'café été', 'ascii2', 'abcd']);
  });
});

describe('analyzing a UTF-16 file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logscope-encoding-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a UTF-16 LE log4j file gives the counts of its UTF-8 original', async () => {
    const original = resolve(PROJECT_ROOT, 'samples/orders-1.log');
    const text = readFileSync(original, 'utf8');
    const converted = join(dir, 'orders-utf16.log');
    writeFileSync(converted, utf16(text, 'le'));
    const options = { referenceTime: Date.UTC(2026, 10, 23) };
    const a = (await analyzePaths([original], options)).summary;
    const b = (await analyzePaths([converted], options)).summary;
    assert.ok(a.records > 100, `the sample has records (${a.records})`);
    assert.equal(b.sources[0]?.format, a.sources[0]?.format);
    assert.equal(b.records, a.records);
    assert.deepEqual(b.levels, a.levels);
    assert.equal(b.unparsedLines, a.unparsedLines);
    assert.deepEqual(b.templates.map((t) => [t.template, t.count]), a.templates.map((t) => [t.template, t.count]));
  });
});

describe('reading a file a block at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logscope-blocks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the summary of the whole text when records, lines and characters straddle reused blocks', async () => {
    // Over 5 MiB (five reads of 1 MiB into two buffers taken in turn) of multi-line records
    // with two- and three-byte characters: a line or record kept as a view of a block would
    // change once the block is read into again.
    const next = applicationLogLines(17);
    const lines: string[] = [];
    for (let bytes = 0, i = 0; bytes < 5.5 * 2 ** 20; i++) {
      const line = i % 5 === 0 ? `${next()} café — 東京 ${i}` : next();
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    const text = lines.join('\n') + '\n';
    const path = join(dir, 'blocks.log');
    writeFileSync(path, text);
    const options = { referenceTime: Date.UTC(2026, 10, 23) };
    const fromFile = (await analyzePaths([path], options)).summary;
    const fromText = analyzeText(text, path, options).summary;
    assert.ok(fromFile.records > 20_000, `records: ${fromFile.records}`);
    assert.ok(fromFile.templates.some((t) => t.template.includes('東京')), 'the characters reach the templates');
    assert.deepEqual(comparableSummary(fromFile), comparableSummary(fromText));
  });
});
