// Language server features as pure functions on real logs: diagnostics for error records (and
// their cap), folding of stack traces, and the outline's timeline by hour and top templates.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, SymbolKind } from 'vscode-languageserver-types';
import { errorDiagnostics } from '../../extension/server/diagnostics';
import { recordFoldingRanges } from '../../extension/server/folding';
import { buildLogModel } from '../../extension/server/logModel';
import { outlineSymbols } from '../../extension/server/outline';
import { CORPORA, skipWithoutCorpus } from './corpora';
import { log4jHeaders, messageText, readSample } from './serverSamples';

const orders = readSample('orders-1.log');
const ordersModel = buildLogModel(orders, { name: 'orders-1.log' });
const headers = log4jHeaders(orders);
const errorHeaders = headers.filter((h) => h.level === 'ERROR' || h.level === 'FATAL');

describe('diagnostics', () => {
  it('gives one Error diagnostic per ERROR record of orders-1.log, on its first line', () => {
    assert.ok(errorHeaders.length > 50, 'the sample has errors to report');
    const diagnostics = errorDiagnostics(ordersModel);
    assert.equal(diagnostics.length, errorHeaders.length);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), errorHeaders.map((h) => h.line));
    const lines = orders.split('\n');
    diagnostics.forEach((diagnostic, i) => {
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.equal(diagnostic.source, 'logscope');
      assert.equal(diagnostic.message, errorHeaders[i]!.message);
      // The whole first line is underlined, not the stack trace below it.
      assert.equal(diagnostic.range.end.line, diagnostic.range.start.line);
      assert.equal(diagnostic.range.end.character, lines[errorHeaders[i]!.line]!.length);
    });
  });

  it('is capped: the first N errors, then one Information diagnostic at the first one left out', () => {
    const diagnostics = errorDiagnostics(ordersModel, 5);
    assert.equal(diagnostics.length, 6);
    assert.deepEqual(diagnostics.slice(0, 5).map((d) => d.range.start.line), errorHeaders.slice(0, 5).map((h) => h.line));
    const note = diagnostics[5]!;
    assert.equal(note.severity, DiagnosticSeverity.Information);
    assert.equal(note.range.start.line, errorHeaders[5]!.line);
    assert.match(messageText(note.message), new RegExp(`first 5 of ${errorHeaders.length} error records`));
    assert.match(messageText(note.message), /logscope\.diagnostics\.maxProblems/);
  });

  it('is off with maxProblems 0', () => {
    assert.deepEqual(errorDiagnostics(ordersModel, 0), []);
  });

  it('counts FATAL as well as ERROR on the Hadoop corpus (log4j, levels in the third field)', { skip: skipWithoutCorpus('loghub-2k/Hadoop') }, () => {
    const text = readFileSync(resolve(CORPORA, 'loghub-2k/Hadoop/Hadoop_2k.log'), 'utf8');
    const expected = text.split('\n').flatMap((line, index) => (/^\S+ \S+ (ERROR|FATAL) /.test(line) ? [index] : []));
    const model = buildLogModel(text, { name: 'Hadoop_2k.log' });
    assert.equal(model.format, 'log4j');
    const diagnostics = errorDiagnostics(model, 10_000);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), expected);
  });

  it('reports a bad logscope.logFormat once and falls back to detection', () => {
    const model = buildLogModel(orders, { name: 'orders-1.log', logFormat: '<Date> <Time> <Level>' });
    assert.equal(model.format, 'log4j');
    const warnings = errorDiagnostics(model).filter((d) => d.severity === DiagnosticSeverity.Warning);
    assert.equal(warnings.length, 1);
    assert.match(messageText(warnings[0]!.message), /Content/);
  });
});

describe('folding ranges', () => {
  it('folds each log4j stack trace under the line that logged it', () => {
    const expected = headers.filter((h) => h.lastLine > h.line).map((h) => ({ startLine: h.line, endLine: h.lastLine }));
    assert.ok(expected.length > 10, 'orders-1.log has stack traces');
    assert.deepEqual(recordFoldingRanges(ordersModel), expected);
    // The first record is an ERROR with a 5-line Java stack trace below it.
    const lines = orders.split('\n');
    const first = recordFoldingRanges(ordersModel)[0]!;
    assert.match(lines[first.startLine]!, / ERROR /);
    assert.match(lines[first.startLine + 1]!, /Exception/);
    assert.match(lines[first.endLine]!, /^\s*\.\.\. \d+ more/);
  });

  it('gives nothing to fold in a one-line-per-record access log', () => {
    assert.deepEqual(recordFoldingRanges(buildLogModel(readSample('web-1.log'), { name: 'web-1.log' })), []);
  });
});

describe('outline', () => {
  const symbols = outlineSymbols(ordersModel);
  const timeline = symbols.find((s) => s.name.startsWith('Timeline'));
  const templates = symbols.find((s) => s.name === 'Top templates');

  it('lists the timeline by UTC hour with record and error counts equal to an independent count', () => {
    assert.ok(timeline !== undefined);
    assert.equal(timeline.name, 'Timeline by hour (UTC)');
    const expected = new Map<string, { records: number; errors: number; first: number }>();
    for (const h of headers) {
      const hour = `${h.time.slice(0, 13)}:00`;
      const bucket = expected.get(hour) ?? { records: 0, errors: 0, first: h.line };
      bucket.records++;
      if (h.level === 'ERROR' || h.level === 'FATAL') bucket.errors++;
      expected.set(hour, bucket);
    }
    const children = timeline.children ?? [];
    assert.deepEqual(children.map((c) => c.name.slice(0, 16)), [...expected.keys()].sort());
    for (const child of children) {
      const m = /^(.{16}) · (\d+) errors?$/.exec(child.name);
      assert.ok(m, `name "${child.name}"`);
      const records = /^(\d+) records?$/.exec(child.detail ?? '');
      assert.ok(records, `detail "${child.detail}"`);
      const bucket = expected.get(m[1]!)!;
      assert.deepEqual({ errors: Number(m[2]), records: Number(records[1]) }, { errors: bucket.errors, records: bucket.records });
      // Selecting the hour jumps to its first record.
      assert.equal(child.selectionRange.start.line, bucket.first);
    }
  });

  it('bins and names the timeline in the zone of logscope.timeZone', () => {
    // Kolkata is UTC+05:30 (no DST): its hours start at half past the UTC hours.
    const kolkata = outlineSymbols(ordersModel, 'Asia/Kolkata').find((s) => s.name.startsWith('Timeline'));
    assert.equal(kolkata?.name, 'Timeline by hour (Asia/Kolkata)');
    const expected = new Map<string, number>();
    for (const h of headers) {
      const wall = new Date(Date.parse(`${h.time.slice(0, 10)}T${h.time.slice(11, 19)}Z`) + 5.5 * 3_600_000).toISOString();
      const hour = `${wall.slice(0, 10)} ${wall.slice(11, 13)}:00`;
      expected.set(hour, (expected.get(hour) ?? 0) + 1);
    }
    const children = kolkata.children ?? [];
    assert.deepEqual(children.map((c) => c.name.slice(0, 16)), [...expected.keys()].sort());
    assert.deepEqual(children.map((c) => c.detail), [...expected.keys()].sort().map((hour) => `${expected.get(hour)} record${expected.get(hour) === 1 ? '' : 's'}`));
  });

  it('lists the top templates, most frequent first, each pointing at its first record', () => {
    assert.ok(templates !== undefined);
    const children = templates.children ?? [];
    assert.ok(children.length >= 5 && children.length <= 20);
    const counts = children.map((c) => Number(/^(\d+)× /.exec(c.name)?.[1]));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    // The error template "Failed to connect to <*> after <*> attempts": an independent count.
    const failed = children.find((c) => / Failed to connect to /.test(c.name) && c.detail === 'error');
    assert.ok(failed, children.map((c) => c.name).join('\n'));
    const expected = errorHeaders.filter((h) => /^Failed to connect to \S+ after \d+ attempts$/.test(h.message));
    assert.ok(failed.name.startsWith(`${expected.length}× Failed to connect to `), failed.name);
    assert.equal(failed.selectionRange.start.line, expected[0]!.line);
    assert.equal(failed.kind, SymbolKind.Event);
  });

  it('has ranges that contain their selection ranges (VS Code rejects the outline otherwise)', () => {
    const check = (symbol: (typeof symbols)[number]): void => {
      assert.ok(symbol.name.trim().length > 0);
      const { range, selectionRange } = symbol;
      assert.ok(range.start.line <= selectionRange.start.line && selectionRange.end.line <= range.end.line, symbol.name);
      for (const child of symbol.children ?? []) {
        assert.ok(range.start.line <= child.range.start.line && child.range.end.line <= range.end.line);
        check(child);
      }
    };
    symbols.forEach(check);
  });

  it('groups a multi-day corpus by hour and by day past a month of hours', { skip: skipWithoutCorpus('loghub-2k/BGL') }, () => {
    const text = readFileSync(resolve(CORPORA, 'loghub-2k/BGL/BGL_2k.log'), 'utf8');
    const model = buildLogModel(text, { name: 'BGL_2k.log' });
    const outline = outlineSymbols(model).find((s) => s.name.startsWith('Timeline'));
    assert.ok(outline !== undefined);
    // BGL's second field is epoch seconds: count distinct hours (or days) independently.
    const seconds = text.split('\n').filter((l) => l.length > 0).map((l) => Number(l.split(' ')[1]));
    const hours = new Set(seconds.map((s) => Math.floor(s / 3600)));
    const days = new Set(seconds.map((s) => Math.floor(s / 86_400)));
    if (hours.size <= 24 * 31) assert.equal(outline.children?.length, hours.size);
    else assert.equal(outline.children?.length, days.size);
    assert.equal(outline.name, hours.size <= 24 * 31 ? 'Timeline by hour (UTC)' : 'Timeline by day (UTC)');
  });
});
