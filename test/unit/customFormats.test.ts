import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../extension/engine/analyze';
import { compileCustomFormats } from '../../extension/engine/formats/customFormats';

describe('custom formats from settings', () => {
  const myapp = { name: 'myapp', regex: String.raw`^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) \| (?<host>[\w-]+) \| (?<level>\w+) \| (?<message>.*)$` };
  const log = [
    '2024-05-01 10:00:00 | api-1 | ERROR | payment declined for order 17',
    '2024-05-01 10:00:01 | api-2 | INFO | order 18 created',
    '  continued detail line',
    '2024-05-01 10:00:02 | api-1 | WARN | retrying order 17',
  ].join('\n');

  it('are detected before the built-in formats and give their fields', () => {
    const { summary } = analyzeText(log, 'app.log', { customFormats: [myapp] });
    assert.equal(summary.sources[0]!.format, 'myapp');
    assert.equal(summary.records, 3);
    assert.deepEqual(summary.hosts.map((h) => [h.name, h.records, h.errors]), [['api-1', 2, 1], ['api-2', 1, 0]]);
    assert.equal(summary.timeRange!.start, '2024-05-01T10:00:00.000Z');
  });

  it('count any status a pattern captures, common codes and odd ones alike', () => {
    const web = { name: 'web', regex: String.raw`^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?<status>-?[\d.]+) (?<message>.*)$` };
    const codes = ['200', '404', '200', '1200', '20.5', '-3', '0', '999', '200'];
    const text = codes.map((code, i) => `2024-05-01 10:00:0${i} ${code} request ${i}`).join('\n');
    const { summary } = analyzeText(text, 'web.log', { customFormats: [web] });
    assert.deepEqual(summary.http!.status, { '0': 1, '200': 3, '404': 1, '999': 1, '1200': 1, '20.5': 1, '-3': 1 });
  });

  it('refuse patterns that cannot work or could hang, naming the format', () => {
    assert.throws(() => compileCustomFormats([{ name: 'x', regex: '(a+)+$' }]), /format 1 \("x"\): a repeated group/);
    assert.throws(() => compileCustomFormats([{ name: 'x', regex: '(?<message>a)\\1' }]), /back-references/);
    assert.throws(() => compileCustomFormats([{ name: 'x', regex: '(?<message>[' }]), /does not compile/);
    assert.throws(() => compileCustomFormats([{ name: 'x', regex: '^(\\w+) (.*)$' }]), /name at least one field/);
    assert.throws(() => compileCustomFormats([{ name: 'bad name!', regex: '(?<message>.*)' }]), /"name"/);
    // A name used twice (in any case) would make the format a record names ambiguous.
    assert.throws(
      () => compileCustomFormats([{ name: 'shop', regex: '(?<message>.*)' }, { name: 'SHOP', regex: '(?<level>\\w+)' }]),
      /format 2 \("SHOP"\): another format is already named "SHOP"/,
    );
  });
});
