import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText } from '../../extension/engine/analyze';
import { findRecords } from '../../extension/engine/recordFilter';
import { PROJECT_ROOT } from './corpora';

const file = resolve(PROJECT_ROOT, 'samples/orders-1.log');
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');

describe('findRecords', () => {
  it('finds every ERROR record with its stack trace, from disk and from text alike', async () => {
    const fromDisk = await findRecords({ kind: 'file', path: file }, { levels: ['error', 'fatal'] });
    const fromText = await findRecords({ kind: 'text', text, name: 'orders-1.log' }, { levels: ['error', 'fatal'] });
    assert.deepEqual(fromDisk.spans, fromText.spans);
    const errorLines = lines.flatMap((line, i) => (/^\S+ \S+ ERROR /.test(line) ? [i + 1] : []));
    assert.deepEqual(fromDisk.spans.map(([start]) => start), errorLines);
    for (const [start, end] of fromDisk.spans) {
      // A span ends where the next record starts (or the text ends).
      for (let line = start + 1; line <= end; line++) assert.doesNotMatch(lines[line - 1]!, /^\d{4}-/);
      const next = lines[end];
      assert.ok(next === undefined || next === '' || /^\d{4}-/.test(next), `line after span ${start}-${end} starts a record`);
    }
  });

  it('filters by a template as the summary lists it', async () => {
    const { summary } = analyzeText(text, 'orders-1.log');
    const template = summary.templates.find((t) => t.level === 'error' && t.template.startsWith('Failed to connect'))!;
    const found = await findRecords({ kind: 'text', text, name: 'orders-1.log' }, { template: { text: template.template, level: template.level } });
    assert.equal(found.matched, template.count);
    assert.equal(found.spans[0]![0], template.example.line);
    for (const [start] of found.spans) assert.match(lines[start - 1]!, /ERROR .* Failed to connect to/);
  });

  it('combines a time range, text and a limit', async () => {
    const from = Date.parse('2026-11-20T08:00:00Z');
    const to = Date.parse('2026-11-20T08:30:00Z');
    const found = await findRecords({ kind: 'text', text, name: 'orders-1.log' }, { from, to, contains: 'payments.internal' }, 3);
    const expected = lines.filter((line) => {
      const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})/.exec(line);
      if (!m) return false;
      const ms = Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`);
      return ms >= from && ms < to && line.toLowerCase().includes('payments.internal');
    }).length;
    assert.ok(expected > 3);
    assert.equal(found.matched, expected);
    assert.equal(found.spans.length, 3);
  });
});
