import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../extension/engine/analyze';
import { BoundedMap } from '../../extension/engine/boundedMap';
import { LineSplitter, forEachLine } from '../../extension/engine/lines';
import { findPeers } from '../../extension/engine/peers';
import { looksLikeContinuation } from '../../extension/engine/formats/registry';
import { QuantileSketch } from '../../extension/engine/quantileSketch';
import { Timeline } from '../../extension/engine/timeline';
import { Aggregator } from '../../extension/engine/aggregator';
import { SourceAnalyzer, hostFromPath } from '../../extension/engine/sourceAnalyzer';
import { LEVELS, countLevel, emptyLevelCounts, levelRank } from '../../extension/engine/summary';
import { YearContext, findTimestamp, parseTimestampValue, timestampAt } from '../../extension/engine/time';
import { applicationLogLines, seededRandom } from '../../bench/generators';

function splitAll(bytes: Buffer, chunkSize: number, maxLineBytes?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLineBytes);
  for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize));
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  const text = '\uFEFFfirst\r\nsecond é line\n\nfourth\r\nlast without newline';
  const bytes = Buffer.from(text, 'utf8');

  it('gives the same lines whatever the chunk boundaries (CRLF, BOM, multi-byte UTF-8)', () => {
    const expected = ['first', 'second é line', '', 'fourth', 'last without newline'];
    for (let size = 1; size <= bytes.length; size++) assert.deepEqual(splitAll(bytes, size), expected, `chunk size ${size}`);
  });

  it('replaces invalid UTF-8 instead of failing', () => {
    const lines = splitAll(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]), 2);
    assert.deepEqual(lines, ['a\uFFFD\uFFFDb']);
  });

  it('cuts a line longer than the limit and keeps the lines after it', () => {
    const long = Buffer.concat([Buffer.alloc(10_000, 0x78), Buffer.from('\nnext\n')]);
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), 1000);
    for (let i = 0; i < long.length; i += 333) splitter.push(long.subarray(i, i + 333));
    splitter.end();
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.length, 1000);
    assert.equal(lines[1], 'next');
    assert.equal(splitter.truncatedLines, 1);
  });

  it('forEachLine agrees with the byte splitter', () => {
    const lines: string[] = [];
    forEachLine(text, (line) => lines.push(line));
    assert.deepEqual(lines, splitAll(bytes, 7));
  });
});

describe('timestamps', () => {
  it('parses common shapes to UTC', () => {
    const years = new YearContext(Date.UTC(2026, 5, 1));
    const cases: [string, string][] = [
      ['2015-10-17 15:37:56,547', '2015-10-17T15:37:56.547Z'],
      ['2022-06-02T11:58:12.193+02:00', '2022-06-02T09:58:12.193Z'],
      ['17/May/2015:10:05:03 -0700', '2015-05-17T17:05:03.000Z'],
      ['Sun Dec 04 04:47:44 2005', '2005-12-04T04:47:44.000Z'],
      ['2005-06-03-15.42.50.675872', '2005-06-03T15:42:50.675Z'],
      ['1077804742', '2004-02-26T14:12:22.000Z'],
      ['1563384120123', '2019-07-17T17:22:00.123Z'],
    ];
    for (const [text, iso] of cases) {
      const ms = parseTimestampValue(text, years);
      assert.ok(ms !== null, text);
      assert.equal(new Date(ms).toISOString(), iso, text);
    }
  });

  it('infers the year of syslog dates so times do not run backwards across New Year', () => {
    const years = new YearContext(Date.UTC(2027, 0, 2));
    const dec = findTimestamp('Dec 31 23:59:58 host app: a', years)!;
    const jan = findTimestamp('Jan  1 00:00:03 host app: b', years)!;
    assert.equal(new Date(dec.ms).toISOString(), '2026-12-31T23:59:58.000Z');
    assert.equal(new Date(jan.ms).toISOString(), '2027-01-01T00:00:03.000Z');
    assert.ok(jan.ms > dec.ms);
  });

  it('gives year-less lines the year of the dated lines around them, not the file time', () => {
    // The bench's application mix: log4j lines dated 2024 with year-less syslog lines among
    // them, in a file modified in 2026. The syslog lines belong to 2024-03-01 too.
    const log = [
      '2024-03-01 00:00:00,012 INFO  [main] com.shop.App - started',
      'Mar  1 00:00:05 web-1 sshd[42]: Accepted publickey for deploy',
      '2024-03-01 00:00:09,500 ERROR [main] com.shop.App - failed',
      'Mar  1 00:00:10 web-1 sshd[42]: Disconnected from 10.0.0.7',
    ].join('\n');
    const { summary } = analyzeText(log, 'mixed.log', { referenceTime: Date.UTC(2026, 10, 23) });
    assert.equal(summary.records, 4);
    assert.deepEqual(summary.timeRange, { start: '2024-03-01T00:00:00.012Z', end: '2024-03-01T00:00:10.000Z' });
    // A dated line from after the reference year (a wrong clock) does not drag others along.
    const years = new YearContext(Date.UTC(2026, 10, 23));
    parseTimestampValue('2031-01-01 00:00:00', years);
    assert.equal(new Date(findTimestamp('Mar  1 00:00:05 h a: x', years)!.ms).getUTCFullYear(), 2026);
  });

  it('answers a repeated second from its cache exactly as a fresh parse does', () => {
    const shared = new YearContext(Date.UTC(2026, 10, 23));
    const texts: string[] = [];
    for (const second of ['2024-03-01 00:00:00', '2024-03-01T00:00:00', '2024-03-01 00:00:01']) {
      for (const rest of ['', ',5', '.027', '.123456789', 'Z', '.027Z', ',999', '.1234567890', ' +02:00', '.5+01:00', 'x']) texts.push(second + rest, second.slice(0, 10) + 'x' + second.slice(11) + rest);
    }
    for (const text of texts) {
      // Each text right after one of the same second (the cache's case) and on its own.
      parseTimestampValue(text.slice(0, 10) + (text[10] === 'T' ? ' ' : 'T') + text.slice(11, 19) + '.000', shared);
      assert.equal(parseTimestampValue(text, shared), parseTimestampValue(text, new YearContext(Date.UTC(2026, 10, 23))), text);
    }
  });

  it('gives, with its caches, the times and years a cache-free parse gives, in any order of shapes', () => {
    // Repeated seconds of ISO and syslog texts, months that jump across New Year, a dated line
    // from after the reference year: the year state moves, and the caches must follow it.
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const two = (n: number): string => String(n).padStart(2, '0');
    const months = ['Jan', 'Mar', 'Jun', 'Aug', 'Dec'];
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const month = pick([0, 2, 5, 7, 11]);
      const second = `${two(pick([0, 23]))}:${two(pick([0, 59]))}:${two(pick([1, 2]))}`;
      texts.push(
        pick([
          () => `${pick([2024, 2025, 2031])}-${two(month + 1)}-01${pick([' ', 'T'])}${second}${pick(['', ',5', '.027', 'Z', '.999Z', ' +02:00'])}`,
          () => `${pick(months)} ${pick([' 1', '28'])} ${second}`,
          () => `${pick(months)}  1 ${second}.${pick(['5', '250'])}`,
          () => `01/${pick(months)}/2024:${second} +0000`,
          () => `2024/${two(month + 1)}/01 ${second}`,
        ])(),
      );
    }
    const cached = new YearContext(Date.UTC(2026, 10, 23));
    const cacheFree = new YearContext(Date.UTC(2026, 10, 23));
    for (const [i, text] of texts.entries()) {
      assert.equal(parseTimestampValue(text, cached), timestampAt(text, 0, cacheFree)?.ms ?? null, `text ${i}: ${text}`);
      assert.equal(cached.state(), cacheFree.state(), `year state after text ${i}: ${text}`);
    }
  });

  it('does not take ids and sizes for epoch times', () => {
    const years = new YearContext();
    assert.equal(findTimestamp('worker 1234567 processed 99 items', years), null);
  });
});

describe('records', () => {
  it('joins stack-trace lines to the record before and counts records, not lines', () => {
    const log = [
      '2024-01-01 10:00:00,000 INFO [main] app.Main - starting',
      '2024-01-01 10:00:01,000 ERROR [main] app.Db - query failed',
      'java.sql.SQLException: timeout',
      '\tat app.Db.run(Db.java:10)',
      'Caused by: java.net.SocketTimeoutException',
      '\t... 3 more',
      '2024-01-01 10:00:02,000 WARN [main] app.Db - retrying',
      '',
    ].join('\r\n');
    const { summary } = analyzeText(log, 'app.log');
    assert.equal(summary.records, 3);
    assert.deepEqual({ ...summary.levels }, { fatal: 0, error: 1, warn: 1, info: 1, debug: 0, trace: 0, unknown: 0 });
    const error = summary.templates.find((t) => t.level === 'error')!;
    assert.equal(error.example.line, 2);
    assert.equal(summary.unparsedLines, 0);
    assert.equal(summary.hosts[0]!.name, 'app');
  });

  it("takes a Java exception's first line for part of its stack trace, even when another format would read it", () => {
    const log = [
      '2024-01-01 10:00:00,000 INFO [main] app.Main - starting',
      '2024-01-01 10:00:01,000 ERROR [main] app.Api - call failed',
      // JSON after a prefix is a JSON line to the fallback formats: it was a record of its own.
      'com.shop.ApiException: {"level":"error","msg":"upstream said no"}',
      '\tat com.shop.Api.call(Api.java:42)',
      'java.lang.OutOfMemoryError',
      '2024-01-01 10:00:02,000 WARN [main] app.Api - retrying',
    ].join('\n');
    const { summary } = analyzeText(log, 'app.log');
    assert.equal(summary.records, 3);
    assert.deepEqual({ ...summary.levels }, { fatal: 0, error: 1, warn: 1, info: 1, debug: 0, trace: 0, unknown: 0 });
    for (const header of ['java.lang.IllegalStateException: order 7 in state PENDING', 'org.postgresql.util.PSQLException: ERROR: x', 'a.b.Outer$InnerError', 'x.Throwable: y']) {
      assert.ok(looksLikeContinuation(header), header);
    }
    for (const line of ['IllegalStateException: no package', 'com.shop.Service - started', 'app.main: Exception handler installed', 'java.lang.Exceptional value']) {
      assert.ok(!looksLikeContinuation(line), line);
    }
  });

  it('keeps lines no format understands as records and counts them', () => {
    const log = '192.168.0.1 - - [20/Jul/2009:22:59:26 +0000] "GET / HTTP/1.0" 200 1 "-" "x"\n' + 'garbage \u0000\u0001 line\n'.repeat(1) + '192.168.0.1 - - [20/Jul/2009:22:59:27 +0000] "GET / HTTP/1.0" 503 1 "-" "x"\n';
    const { summary } = analyzeText(log, 'access.log');
    assert.equal(summary.records, 3);
    assert.equal(summary.unparsedLines, 1);
    assert.equal(summary.levels.error, 1);
  });

  it('finds edges between a host and the peers its errors name', () => {
    const log = [
      'Mar 14 07:15:02 web-3 nginx: upstream timed out while connecting to 10.0.0.9:8080',
      'Mar 14 07:15:03 web-3 app: error: connection reset by peer, received from 10.0.0.7:5000',
      'Mar 14 07:15:04 web-4 app: all good talking to 10.0.0.9:8080',
    ].join('\n');
    const { summary } = analyzeText(log, 'syslog');
    assert.deepEqual(
      summary.edges.map((e) => [e.source, e.target, e.direction, e.count]),
      // Equal counts are ordered by source, then target.
      [
        ['10.0.0.7', 'web-3', 'receive', 1],
        ['web-3', '10.0.0.9', 'send', 1],
      ],
    );
    assert.deepEqual(summary.hosts.map((h) => [h.name, h.records, h.errors]), [['web-3', 2, 2], ['web-4', 1, 0]]);
  });

  it('peer wording decides the direction', () => {
    assert.deepEqual(findPeers('failed to send batch to db-1.internal:5432'), [{ address: 'db-1.internal', direction: 'send' }]);
    assert.deepEqual(findPeers('bad packet received from [2001:db8::1]:443'), [{ address: '2001:db8::1', direction: 'receive' }]);
  });

  it('names hosts after files when lines do not', () => {
    assert.equal(hostFromPath('/var/log/web-1.log.3.gz'), 'web-1');
    assert.equal(hostFromPath('logs/db-2.log'), 'db-2');
    assert.equal(hostFromPath('syslog.1'), 'syslog');
  });
});

describe('Timeline', () => {
  it('crosses threads as arrays of numbers: the copy gives the same buckets, merged or not', () => {
    const start = Date.UTC(2026, 10, 23);
    const fill = (timeline: Timeline, from: number, to: number): void => {
      for (let i = from; i < to; i++) timeline.add(start + i * 1_000 + (i % 3), LEVELS[i % LEVELS.length]!, 1 + (i % 4));
    };
    const part = new Timeline();
    // More seconds than the timeline keeps: it coarsens to minutes first.
    fill(part, 0, 25_000);
    const copy = Timeline.fromState(structuredClone(part.state()));
    assert.deepEqual(copy.buckets(), part.buckets());
    const intoOriginal = new Timeline();
    const intoCopy = new Timeline();
    fill(intoOriginal, 25_000, 26_000);
    fill(intoCopy, 25_000, 26_000);
    intoOriginal.merge(part);
    intoCopy.merge(copy);
    assert.deepEqual(intoCopy.buckets(), intoOriginal.buckets());
    const whole = new Timeline();
    fill(whole, 0, 26_000);
    assert.deepEqual(intoCopy.buckets(), whole.buckets());
  });
});

describe('QuantileSketch', () => {
  it('packs sketches (absent and empty ones too) into arrays of numbers and back, and the unpacked ones go on alike', () => {
    const answers = (sketch: QuantileSketch | undefined): unknown =>
      sketch === undefined ? undefined : [sketch.count, sketch.sum, sketch.min, sketch.max, [0.01, 0.5, 0.9, 0.999].map((q) => sketch.quantile(q)), sketch.histogram()];
    const fine = new QuantileSketch();
    const coarse = new QuantileSketch(0.02);
    for (let i = 0; i < 3_000; i++) {
      fine.add(((i * 7919) % 5000) / 13);
      coarse.add(i % 17 === 0 ? 0 : ((i * 104729) % 900) / 3 + 0.5);
    }
    const sketches = [fine, undefined, new QuantileSketch(), coarse];
    const unpacked = QuantileSketch.unpack(structuredClone(QuantileSketch.pack(sketches)));
    assert.equal(unpacked.length, sketches.length);
    sketches.forEach((sketch, i) => assert.deepEqual(answers(unpacked[i]), answers(sketch), `sketch ${i}`));
    // Values below and above every bucket held so far widen the unpacked arrays as the originals'.
    for (const [i, sketch] of sketches.entries()) {
      if (sketch === undefined) continue;
      for (const v of [1e-4, 3, 5e6]) {
        sketch.add(v);
        unpacked[i]!.add(v);
      }
      assert.deepEqual(answers(unpacked[i]), answers(sketch), `sketch ${i} after more values`);
    }
    const merged = new QuantileSketch();
    merged.merge(unpacked[0]!);
    assert.deepEqual(answers(merged), answers(fine));
  });

  it('estimates percentiles within 1% of the exact value, and merges', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = Array.from({ length: 20_000 }, () => Math.exp(random() * 8));
    const whole = new QuantileSketch();
    const left = new QuantileSketch();
    const right = new QuantileSketch();
    values.forEach((v, i) => {
      whole.add(v);
      (i % 2 === 0 ? left : right).add(v);
    });
    left.merge(right);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      assert.ok(Math.abs(whole.quantile(q) - exact) / exact <= 0.01, `p${q * 100}: ${whole.quantile(q)} vs ${exact}`);
      assert.equal(left.quantile(q), whole.quantile(q));
    }
  });

  it('sums to the nanosecond, the same in any order and any cut into merged parts', () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    // Response times with 6 decimals, and some durations of weeks (sessions).
    const values = Array.from({ length: 20_000 }, () => Math.round(random() * 9e8) / 1e6 + (random() < 0.01 ? 3.6e9 : 0));
    const forward = new QuantileSketch();
    for (const v of values) forward.add(v);
    const backward = new QuantileSketch();
    for (const v of [...values].reverse()) backward.add(v);
    const parts = [new QuantileSketch(), new QuantileSketch(), new QuantileSketch()];
    values.forEach((v, i) => parts[(i * 7) % 3]!.add(v));
    parts[2]!.merge(parts[0]!);
    parts[2]!.merge(parts[1]!);
    const exactNanos = values.reduce((sum, v) => sum + BigInt(Math.round(v * 1e6)), 0n);
    assert.equal(forward.sum, Number(exactNanos) / 1e6);
    assert.equal(backward.sum, forward.sum);
    assert.equal(parts[2]!.sum, forward.sum);
    assert.equal(parts[2]!.count, values.length);
  });

  it('keeps values just under 1 ms (bucket index -0) in their bucket, and sums nothing to +0', () => {
    const empty = new QuantileSketch();
    assert.ok(Object.is(empty.sum, 0), `empty sum: ${empty.sum}`);
    // ceil(log(v) / log(gamma)) is -0 for v in (1/gamma, 1): 0.996 with the default accuracy.
    const sketch = new QuantileSketch();
    for (const v of [0.996, 0.997, 250, 0.998]) sketch.add(v);
    for (const q of [0.25, 0.5]) assert.ok(Math.abs(sketch.quantile(q) - 0.997) <= 0.01, `p${q * 100}: ${sketch.quantile(q)}`);
    assert.ok(Math.abs(sketch.quantile(1) - 250) / 250 <= 0.01);
    assert.equal(sketch.sum, 252.991); // summed in whole nanoseconds
  });

  it('gives the same answers whether sketches of different accuracy take a value in turn or alone', () => {
    const values = Array.from({ length: 5_000 }, (_, i) => ((i * 7919) % 1000) / 7 + 0.01);
    const fineTogether = new QuantileSketch(0.005);
    const coarseTogether = new QuantileSketch(0.02);
    for (const v of values) {
      fineTogether.add(v);
      coarseTogether.add(v);
    }
    const fineAlone = new QuantileSketch(0.005);
    for (const v of values) fineAlone.add(v);
    const coarseAlone = new QuantileSketch(0.02);
    for (const v of values) coarseAlone.add(v);
    for (const q of [0.1, 0.5, 0.9, 0.99]) {
      assert.equal(fineTogether.quantile(q), fineAlone.quantile(q));
      assert.equal(coarseTogether.quantile(q), coarseAlone.quantile(q));
    }
    assert.notEqual(fineAlone.quantile(0.5), coarseAlone.quantile(0.5));
  });
});

describe('multi-line records read as bytes', () => {
  it('end where the string path ends them: stack frames, blank, Unicode-space and CRLF lines', () => {
    const lines = [
      '2024-03-01 00:00:00,047 ERROR [main] com.shop.Orders - Order 110943 failed',
      'java.lang.IllegalStateException: order 611922 in state PENDING',
      '\tat com.shop.orders.OrderService.handle0(RequestFilter.java:383)',
      '    at com.shop.web.RequestFilter.handle1(RequestFilter.java:81)',
      ' \t ',
      '\t\u00a0',
      '\t\u00a0at caf\u00e9.Stage.run(Stage.java:7)',
      '\tat org.hibernate.SQL.handle2(SQL.java:58)\r',
      '2024-03-01 00:00:01,001 INFO  [main] com.shop.Orders - Order 110944 created',
      '  ... 12 more',
      ' \t',
      '',
      '2024-03-01 00:00:02,001 WARN  [main] com.shop.Orders - slow',
    ];
    const spans = (asBytes: boolean): { lines: number[]; summary: unknown } => {
      const ends: number[] = [];
      const aggregator = new Aggregator();
      const source = new SourceAnalyzer(aggregator, 'app.log', () => 0, { onRecord: (_record, span) => ends.push(span.endLine), referenceTime: Date.UTC(2024, 5, 1) });
      for (let copy = 0; copy < 30; copy++) {
        for (const line of lines) {
          if (!asBytes) source.pushLine(line);
          else {
            const bytes = Buffer.from(line, 'utf8');
            source.pushBytes(bytes, 0, bytes.length);
          }
        }
      }
      source.finish();
      return { lines: ends, summary: { ...aggregator.summary([]), sources: [] } };
    };
    const fromBytes = spans(true);
    assert.equal(fromBytes.lines.length, 90);
    assert.deepEqual(fromBytes, spans(false));
  });
});

describe('templates found from line bytes', () => {
  it('are those the decoded lines give, for ASCII, non-ASCII and invalid bytes alike', () => {
    const next = applicationLogLines(21);
    const text = Array.from({ length: 6000 }, next).join('\n');
    // Messages with characters of several bytes, invalid bytes, and digits next to them.
    const odd = [
      Buffer.from('2024-03-01 00:10:00,001 WARN  [main] com.shop.Caf\u00e9 - d\u00e9j\u00e0 vu 42 times\n', 'utf8'),
      Buffer.from('2024-03-01 00:10:00,002 WARN  [main] com.shop.Cafe - deja vu 42 times\n', 'utf8'),
      // Characters as single (invalid) bytes: decoded, they are not those characters.
      Buffer.from('2024-03-01 00:10:00,002 WARN  [main] com.shop.Cafe - \u00e9t\u00e9 \u00e0 42\n', 'utf8'),
      Buffer.from('2024-03-01 00:10:00,002 WARN  [main] com.shop.Cafe - \u00e9t\u00e9 \u00e0 42\n', 'latin1'),
      Buffer.concat([Buffer.from('2024-03-01 00:10:00,003 WARN  [main] com.shop.Cafe - deja vu '), Buffer.from([0xe9, 0x34, 0x32]), Buffer.from(' times\n')]),
      Buffer.concat([Buffer.from('2024-03-01 00:10:00,004 WARN  [main] com.shop.Cafe - deja vu '), Buffer.from([0xff, 0x37, 0x31]), Buffer.from(' times\n')]),
    ];
    const bytes = Buffer.concat([Buffer.from(text + '\n'), ...odd, ...odd, Buffer.from(text + '\n')]);
    const summaryOf = (asBytes: boolean): { summary: unknown; cached: number } => {
      const aggregator = new Aggregator();
      let cached = 0;
      const lookup = aggregator.miner.cachedClusterOfAscii.bind(aggregator.miner);
      aggregator.miner.cachedClusterOfAscii = (...args) => {
        const cluster = lookup(...args);
        if (cluster >= 0) cached++;
        return cluster;
      };
      const source = new SourceAnalyzer(aggregator, 'app.log', () => 0, { referenceTime: Date.UTC(2024, 5, 1) });
      let start = 0;
      for (let end = bytes.indexOf(10); end >= 0; start = end + 1, end = bytes.indexOf(10, start)) {
        if (asBytes) source.pushBytes(bytes, start, end);
        else source.pushLine(bytes.toString('utf8', start, end));
      }
      source.finish();
      return { summary: { ...aggregator.summary([]), sources: [] }, cached };
    };
    const fromBytes = summaryOf(true);
    const fromText = summaryOf(false);
    assert.equal(fromText.cached, 0);
    assert.ok(fromBytes.cached > 3000, `only ${fromBytes.cached} messages found from bytes`);
    assert.deepEqual(fromBytes.summary, fromText.summary);
  });
});

describe('levels', () => {
  it('ranks and counts each level at its place in LEVELS', () => {
    const counts = emptyLevelCounts();
    LEVELS.forEach((level, index) => {
      assert.equal(levelRank(level), index);
      countLevel(counts, level, index + 1);
    });
    assert.deepEqual(Object.values(counts), LEVELS.map((_, index) => index + 1));
  });
});

describe('time zones', () => {
  it('applies offsets and common zone abbreviations', () => {
    const years = new YearContext();
    const at = (text: string): string => new Date(parseTimestampValue(text, years)!).toISOString();
    assert.equal(at('2025-08-13 01:45:01.123 PDT'), '2025-08-13T08:45:01.123Z');
    assert.equal(at('2025-01-13 01:45:01 CET'), '2025-01-13T00:45:01.000Z');
    assert.equal(at('2025-01-13T01:45:01+0530'), '2025-01-12T20:15:01.000Z');
  });
});

describe('levels next to times', () => {
  it('a level word after a time is not taken for a zone', () => {
    const { summary } = analyzeText('2024-01-01 10:00:00 ALERT disk failing\n2024-01-01 10:00:01 INFO ok\n', 'x.log');
    assert.equal(summary.timeRange!.start, '2024-01-01T10:00:00.000Z');
    assert.equal(summary.levels.fatal, 1);
  });
});

describe('mixed formats', () => {
  it('understands a file mixing syslog lines and JSON lines, line by line', () => {
    const log = [
      'Mar 14 07:15:02 web-3 nginx: upstream timed out while connecting to 10.0.0.9:8080',
      '{"level":"error","time":"2024-03-14T07:15:03Z","host":"api-1","msg":"db down"}',
      'Mar 14 07:15:04 web-3 cron[22]: job started',
      'app  | {"level":"warn","ts":1710400505.1,"msg":"slow"}',
    ].join('\n');
    const { summary } = analyzeText(log, 'mixed.log', { referenceTime: Date.UTC(2024, 5, 1) });
    assert.equal(summary.records, 4);
    assert.equal(summary.unparsedLines, 0);
    assert.deepEqual(summary.hosts.map((h) => h.name).sort(), ['api-1', 'app', 'web-3']);
    assert.equal(summary.levels.error, 2);
    assert.equal(summary.levels.warn, 1);
  });
});

describe('BoundedMap', () => {
  it('keeps the heavy keys when distinct keys outgrow the cap, and bounds the undercount', () => {
    const map = new BoundedMap<{ n: number }>(10, (v) => v.n);
    const truth = new Map<string, number>();
    let seed = 3;
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 48271) % 2147483647;
      // Keys 0..4 are heavy (half the stream); the rest are a long tail of 5,000 keys.
      const key = i % 2 === 0 ? `heavy-${seed % 5}` : `tail-${seed % 5000}`;
      map.upsert(key, () => ({ n: 0 })).n++;
      truth.set(key, (truth.get(key) ?? 0) + 1);
    }
    assert.ok(!map.exact);
    assert.ok(map.size <= 20);
    for (let k = 0; k < 5; k++) {
      const kept = map.get(`heavy-${k}`);
      assert.ok(kept, `heavy-${k} is kept`);
      const real = truth.get(`heavy-${k}`)!;
      assert.ok(kept.n <= real && real - kept.n <= map.maxError, `heavy-${k}: ${kept.n} vs ${real}, error bound ${map.maxError}`);
    }
  });
});

describe('series and histograms', () => {
  it('per-bucket series add up to the totals they break down', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const text = ['orders-1.log', 'web-1.log'].map((f) => fs.readFileSync(path.resolve(process.cwd(), 'samples', f), 'utf8')).join('');
    const { summary } = analyzeText(text, 'mixed.log');
    const buckets = summary.timeline.buckets.length;
    const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
    for (const host of summary.series!.hosts!) {
      const totals = summary.hosts.find((h) => h.name === host.name)!;
      assert.equal(host.records.length, buckets);
      assert.equal(sum(host.records), totals.records);
      assert.equal(sum(host.errors), totals.errors);
      assert.equal(sum(host.warnings), totals.warnings);
    }
    for (const t of summary.series!.templates!) assert.equal(sum(t.counts), summary.templates.find((x) => x.id === t.id)!.count);
    for (const s of summary.series!.status!) assert.equal(sum(s.counts), summary.http!.status[s.code]);
    assert.equal(sum(summary.series!.responseTimeMs!.count), summary.http!.responseTimeMs!.count);
    const histogram = summary.http!.responseTimeHistogram!;
    assert.equal(sum(histogram.counts), summary.http!.responseTimeMs!.count);
    assert.ok(histogram.boundsMs[histogram.boundsMs.length - 1]! > summary.http!.responseTimeMs!.max);
  });
});

describe('edges name the host that owns an address', () => {
  it('"listening on" tells which host an address belongs to', () => {
    const log = [
      'Mar 14 07:00:00 db-1 postgres[12]: listening on 10.0.4.21:5432',
      'Mar 14 07:15:02 web-3 app: error: failed to connect to 10.0.4.21:5432',
      'Mar 14 07:15:03 web-3 app: error: failed to connect to 10.0.4.21:5432',
      'Mar 14 07:15:04 web-4 app: error: request to 10.0.9.9:80 timed out',
    ].join('\n');
    const { summary } = analyzeText(log, 'syslog', { referenceTime: Date.UTC(2024, 5, 1) });
    assert.deepEqual(
      summary.edges.map((e) => [e.source, e.target, e.direction, e.count]),
      [
        ['web-3', 'db-1', 'send', 2],
        ['web-4', '10.0.9.9', 'send', 1],
      ],
    );
  });
});
