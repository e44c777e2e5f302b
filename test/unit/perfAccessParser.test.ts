/**
 * The byte-level access-log parser is a speed-up only: wherever it accepts a line, it must give
 * exactly what the format's regex (the definition) gives. Checked on real access logs, on the
 * benchmark generator's lines and on lines built to hit the regex's corner cases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { accessLogLines } from '../../bench/generators';
import { ByteInterner, checkBytes, hashBytes } from '../../extension/engine/byteInterner';
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
      // Backslashes in the referrer or agent: only one right before a quote can move where the field ends.
      base + '"GET /x HTTP/1.1" 200 1 "a\\x20b" "ua\\\\ back"',
      base + '"GET /x HTTP/1.1" 200 1 "-" "ua \\" still agent" 0.5',
      base + '"GET /x HTTP/1.1" 200 1 "-" "ua\\\\" 0.5',
      base + '"GET /x HTTP/1.1" 200 1 "ref\\\\" "ua" 7',
      base + '"GET /x HTTP/1.1" 200 1 "-" "ua\\',
      base + '"GET /a b?c HTTP/1.1" 200 1 "-" "-"',
      base + '"GET /a?b c#d HTTP/1.1" 200 1 "-" "-"',
      base + '"GET /a#b?c HTTP/1.1" 200 1 "-" "-"',
      base + '"GET ? HTTP/1.1" 200 1 "-" "-"',
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
      // Time fields that start as the last one did (the parser skips a repeated time's scan).
      base + '"GET / HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700 and more] "GET / HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700]"GET / HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700',
      '10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700]',
      base + '"GET /again HTTP/1.1" 200 1 "-" "-"',
      '10.0.0.1 - bob [10/Oct/2000:13:55:37 -0700] "GET / HTTP/1.1" 200 1 "-" "-"',
    ];
    const { accepted } = compare(lines);
    assert.ok(accepted >= 19, `the fast path should take the plain cases (took ${accepted})`);
  });


  it('equals the regex on generated lines full of quotes, backslashes, spaces and query marks', () => {
    // Field texts from the characters the fast path treats specially, so its shortcuts meet every corner.
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '?', '#', '/', '-', '7', '.', 'é'), maxLength: 12 });
    const line = fc
      .tuple(field, fc.constantFrom('GET ', 'POST ', 'ge ', ''), field, fc.constantFrom('200', '503', '20x'), fc.constantFrom('1', '-', 'x'), field, field, fc.constantFrom('"', ''), fc.constantFrom('', ' 0.25', ' 15', ' 1.', ' x'))
      .map(([client, method, request, status, bytes, referrer, agent, close, duration]) =>
        `${client.replace(/[ "]/g, '') || '1.2.3.4'} - - [10/Oct/2000:13:55:36 -0700] "${method}${request}" ${status} ${bytes} "${referrer}" "${agent}${close}${duration}`,
      );
    fc.assert(fc.property(line, (text) => void compare([text])), { seed: 4242, numRuns: 20_000 });
  });

  it('tells apart keys of one length and one hash that differ in any one byte, inline or in the arena', () => {
    const interner = new ByteInterner({ inlineBytes: 16, onInsert: () => undefined });
    // One hash for all: every lookup must compare the keys' bytes (four at a time, then the rest).
    const HASH = 12345;
    for (const length of [1, 3, 4, 5, 8, 13, 16, 17, 31, 40]) {
      const base = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789ABCD'.slice(0, length));
      const keys = [base, ...Array.from({ length }, (_, at) => Buffer.from(base.map((byte, i) => (i === at ? byte ^ 0x20 : byte))))];
      const ids = keys.map((key) => interner.idOfHashed(key, 0, key.length, HASH));
      assert.equal(new Set(ids).size, keys.length, `length ${length}: one id per key`);
      // Framed in a larger buffer, at an odd offset: the same ids.
      keys.forEach((key, i) => {
        const framed = Buffer.concat([Buffer.from('#'), key, Buffer.from('##')]);
        assert.equal(interner.idOfHashed(framed, 1, 1 + key.length, HASH), ids[i], `length ${length}, key ${i}`);
      });
    }
  });

  it('checked by hash, numbers byte ranges as the byte comparison does: one id per distinct key, through growth and forgetting', () => {
    const texts: string[] = [];
    let forgotten = 0;
    const interner = new ByteInterner({
      inlineBytes: 0,
      checkedByHash: true,
      dataWords: 2,
      onInsert: (id, buffer, start, end) => (texts[id] = Buffer.from(buffer.subarray(start, end)).toString('latin1')),
      onForget: () => {
        forgotten++;
        texts.length = 0;
      },
    });
    const idOf = (key: Buffer, start = 0, end = key.length): number => interner.idOfChecked(key, start, end, hashBytes(key, start, end), checkBytes(key, start, end));
    // Client-like keys and their one-byte and one-digit neighbours, of every length up to 40.
    const keys: Buffer[] = [];
    for (let i = 0; i < 4000; i++) {
      const base = Buffer.from(`10.${i % 256}.${(i >> 8) % 256}.${i % 7}`.padEnd(1 + (i % 40), 'q'));
      keys.push(base, Buffer.from(base.map((byte, at) => (at === i % base.length ? byte ^ 0x01 : byte))));
    }
    const byText = new Map<string, number>();
    for (const key of keys) {
      const id = idOf(key);
      const text = key.toString('latin1');
      assert.equal(byText.get(text) ?? id, id, `one id for ${text}`);
      byText.set(text, id);
      assert.equal(texts[id], text);
    }
    assert.equal(new Set(byText.values()).size, byText.size, 'different keys, different ids');
    assert.equal(interner.size, byText.size);
    // A key inside a larger buffer is the same key; the empty key is one too.
    const framed = Buffer.concat([Buffer.from('##'), keys[10]!, Buffer.from('#')]);
    assert.equal(idOf(framed, 2, framed.length - 1), byText.get(keys[10]!.toString('latin1')));
    assert.equal(idOf(Buffer.alloc(0)), idOf(Buffer.alloc(0)));
    assert.throws(() => interner.idOfHashed(Buffer.from('new'), 0, 3, hashBytes(Buffer.from('new'), 0, 3)), /idOfChecked/);
    for (let i = 0; i < 200_000; i++) {
      const key = Buffer.from(`key-${i}`);
      assert.equal(texts[idOf(key)], `key-${i}`);
    }
    assert.equal(forgotten, 1);
  });

  it('numbers requests by method and path without its query string or fragment, and clients by address', () => {
    const parser = compileAccessBytesParser(new YearContext(REFERENCE));
    const out = newParsedLine();
    const keysOf = (line: string): [number, number] => {
      const buffer = Buffer.from(line);
      resetParsedLine(out);
      assert.ok(parser.parseBytes(buffer, 0, buffer.length, out), line);
      return [parser.handles.clientKey!, parser.handles.requestKey!];
    };
    const line = (client: string, request: string): string => `${client} - - [10/Oct/2000:13:55:36 -0700] "${request}" 200 1 "-" "-"`;
    const [client, request] = keysOf(line('10.0.0.1', 'GET /a HTTP/1.1'));
    for (const same of ['GET /a?x=1 HTTP/1.1', 'GET /a#top HTTP/1.1', 'GET /a?b#c HTTP/1.0', 'GET /a']) {
      assert.deepEqual(keysOf(line('10.0.0.1', same)), [client, request], same);
    }
    for (const other of ['GET /a/ HTTP/1.1', 'GET /b HTTP/1.1', 'POST /a HTTP/1.1', 'GET /A HTTP/1.1', 'GET /a%3F HTTP/1.1']) {
      assert.notEqual(keysOf(line('10.0.0.1', other))[1], request, other);
    }
    assert.notEqual(keysOf(line('10.0.0.2', 'GET /a HTTP/1.1'))[0], client);
    assert.notEqual(keysOf(line('10.0.0.10', 'GET /a HTTP/1.1'))[0], client);
    assert.equal(keysOf(line('10.0.0.1', 'PUT /z HTTP/1.1'))[0], client);
  });

  it('numbers byte ranges: same bytes give the same id, inline or in the arena, through growth and forgetting', () => {
    const texts: string[] = [];
    let forgotten = 0;
    const interner = new ByteInterner({
      inlineBytes: 16,
      onInsert: (id, buffer, start, end) => (texts[id] = Buffer.from(buffer.subarray(start, end)).toString('latin1')),
      onForget: () => {
        forgotten++;
        texts.length = 0;
      },
    });
    // Lengths on both sides of the inline size, and long keys that only the arena holds.
    const keyOf = (i: number): Buffer => Buffer.from(`k${i}`.padEnd(1 + (i % 40), i % 2 === 0 ? 'x' : 'y'));
    const firstIds = Array.from({ length: 1000 }, (_, i) => interner.idOf(keyOf(i), 0, keyOf(i).length));
    assert.deepEqual(firstIds, Array.from({ length: 1000 }, (_, i) => i), 'new keys get dense ids in order');
    for (let i = 0; i < 1000; i++) assert.equal(interner.idOf(keyOf(i), 0, keyOf(i).length), i);
    // A key inside a larger buffer is the same key.
    const framed = Buffer.from(`xx${keyOf(5).toString('latin1')}yy`);
    assert.equal(interner.idOf(framed, 2, framed.length - 2), 5);
    assert.equal(interner.idOf(Buffer.alloc(0), 0, 0), 1000);
    assert.equal(interner.idOf(Buffer.alloc(0), 0, 0), 1000);
    // Past the bound every key is forgotten once, and numbering restarts.
    for (let i = 0; i < 200_000; i++) {
      const key = keyOf(i);
      const id = interner.idOf(key, 0, key.length);
      assert.equal(texts[id], key.toString('latin1'));
    }
    assert.equal(forgotten, 1);
    assert.ok(interner.size < 200_000 && interner.size > 0);
  });
});
