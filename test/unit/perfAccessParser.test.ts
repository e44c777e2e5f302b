/**
 * The byte-level access-log parser is a speed-up only: wherever it accepts a line, it must give
 * exactly what the format's regex (the definition) gives. Checked on real access logs, on the
 * benchmark generator's lines and on lines built to hit the regex's corner cases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { accessLogLines } from '../../bench/generators';
import { ByteInterner } from '../../extension/engine/byteInterner';
import { compileAccessBytesParser } from '../../extension/engine/formats/accessBytesParser';
import { apacheCombined } from '../../extension/engine/formats/builtin/access';
import { compileFormat } from '../../extension/engine/formats/registry';
import { newParsedLine, resetParsedLine, type ParsedLine } from '../../extension/engine/formats/types';
import { forEachLine } from '../../extension/engine/lines';
import { YearContext } from '../../extension/engine/time';
import { CORPORA, skipWithoutCorpus } from './corpora';

const REFERENCE = Date.UTC(2026, 10, 23);

/** Counts of lines the fast parser took, and checks each against the regex. */
function compare(lines: readonly string[]): { accepted: number; total: number } {
  const regex = compileFormat(apacheCombined, new YearContext(REFERENCE));
  const bytes = compileAccessBytesParser(new YearContext(REFERENCE));
  const expected: ParsedLine = newParsedLine();
  const actual: ParsedLine = newParsedLine();
  let accepted = 0;
  for (const line of lines) {
    resetParsedLine(actual);
    const buffer = Buffer.from(line, 'utf8');
    if (!bytes.parseBytes(buffer, 0, buffer.length, actual)) continue;
    accepted++;
    resetParsedLine(expected);
    assert.ok(regex.parse(line, expected), `fast parser accepted a line the regex rejects: ${line}`);
    assert.deepEqual({ ...actual }, { ...expected }, `fields differ for: ${line}`);
  }
  return { accepted, total: lines.length };
}

function linesOf(path: string): string[] {
  const lines: string[] = [];
  forEachLine(readFileSync(path, 'utf8'), (line) => lines.push(line));
  return lines;
}

describe('byte-level access-log parser', () => {
  it('equals the regex on the Apache corpus and takes nearly every line', { skip: skipWithoutCorpus('apache') }, () => {
    const { accepted, total } = compare(linesOf(resolve(CORPORA, 'apache/apache_logs.txt')));
    assert.ok(accepted / total > 0.95, `only ${accepted} of ${total} lines took the fast path`);
  });

  it('equals the regex on lnav access-log samples', { skip: skipWithoutCorpus('lnav-samples') }, () => {
    for (const name of ['logfile_access_log.0', 'logfile_shop_access_log.0']) {
      compare(linesOf(resolve(CORPORA, 'lnav-samples', name)));
    }
  });

  it('equals the regex on the benchmark generator lines', () => {
    const next = accessLogLines(7);
    const lines = Array.from({ length: 20_000 }, next);
    const { accepted, total } = compare(lines);
    assert.equal(accepted, total);
  });

  it('equals the regex on corner cases, or leaves them to it', () => {
    const base = '10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] ';
    const lines = [
      base + '"GET /a?b=1#c HTTP/1.1" 200 2326 "-" "curl/8"',
      base + '"GET / HTTP/1.1" 200 - "-" "ua" 0.250',
      base + '"GET / HTTP/1.1" 200 - "-" "ua" 1500',
      base + '"GET / HTTP/1.1" 200 - "-" "ua" 12.5.6 trailing',
      base + '"GET / HTTP/1.1" 200 - "-" "ua" 12. x',
      base + '"GET / HTTP/1.1" 200 - "-" "ua cut off',
      base + '"GET / HTTP/1.1" 200 - "-" "ua"extra',
      base + '"GET / HTTP/1.1" 200 - "-" "ua" ',
      base + '"-" 408 - "-" "-"',
      base + '"GARBAGE" 400 0 "-" "-"',
      base + '"GETTOOLONGMETHOD /x HTTP/1.1" 400 0 "-" "-"',
      base + '"GE /x HTTP/1.1" 400 0 "-" "-"',
      base + '"GET/x HTTP/1.1" 400 0 "-" "-"',
      base + '"GET  /double-space HTTP/1.1" 200 1 "-" "-"',
      base + '"GET " 200 1 "-" "-"',
      base + '"GET /a\\"b HTTP/1.1" 200 1 "-" "-"',
      base + '"GET /x HTTP/1.1" 200 1 "ref \\" quoted" "-"',
      base + '"GET /x HTTP/1.1" 2000 1 "-" "-"',
      base + '"GET /x HTTP/1.1" 200 12a "-" "-"',
      base + '"GET /x HTTP/1.1" 200 1 "-"',
      base + '"GET /ünïcode HTTP/1.1" 200 1 "-" "Mözilla"',
      base + '"GET /x HTTP/1.1" 200 1 "-" "-" 123456789012345678',
      base + '"GET /x HTTP/1.1" 503 99999999999999999 "-" "-"',
      '::1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.0" 200 1 "-" "-"',
      'host\twith-tab - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.0" 200 1 "-" "-"',
      '10.0.0.1 - bob [] "GET / HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - bob [not a time] "GET / HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - bob [Oct 10 13:55:36] "GET / HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-"',
    ];
    const { accepted } = compare(lines);
    assert.ok(accepted >= 15, `the fast path should take the plain cases (took ${accepted})`);
  });


  it('interns byte ranges: same bytes give the same value, through growth and clearing', () => {
    let created = 0;
    const interner = new ByteInterner((buffer, start, end) => {
      created++;
      return { text: buffer.toString('latin1', start, end) };
    });
    const keys = Array.from({ length: 200_000 }, (_, i) => Buffer.from(`key-${(i * 7919) % 200_000}`));
    const first = keys.slice(0, 1000).map((key) => interner.get(key, 0, key.length));
    // A key inside a larger buffer is the same key.
    const framed = Buffer.from(`xx${keys[5]!.toString('latin1')}yy`);
    assert.equal(interner.get(framed, 2, framed.length - 2), first[5]);
    for (const [i, key] of keys.slice(0, 1000).entries()) assert.equal(interner.get(key, 0, key.length), first[i]);
    assert.equal(created, 1000);
    for (const key of keys) assert.equal(interner.get(key, 0, key.length).text, key.toString('latin1'));
    assert.equal(interner.get(Buffer.alloc(0), 0, 0).text, '');
  });
});
