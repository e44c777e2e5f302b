// The language server with a `logscope.formats` custom format: diagnostics, folding, outline,
// hovers and semantic tokens follow the user's regex (its message, time, host and thread
// groups), and a refused setting is reported once, naming it. Expected values are read off the
// log text below by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { errorDiagnostics } from '../../extension/server/diagnostics';
import { createFieldLocator } from '../../extension/server/fieldSpans';
import { recordFoldingRanges } from '../../extension/server/folding';
import { hoverAt } from '../../extension/server/hover';
import { buildLogModel, type LogModel } from '../../extension/server/logModel';
import { outlineSymbols } from '../../extension/server/outline';
import { fieldTokens, SEMANTIC_TOKENS_LEGEND } from '../../extension/server/semanticTokens';
import { DEFAULT_SETTINGS, readSettings } from '../../extension/server/settings';
import { messageText } from './serverSamples';

const SHOP_REGEX = String.raw`^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) \| (?<host>[\w-]+) \| (?<thread>[\w-]+) \| (?<level>[A-Z]+) \| (?<message>.*)$`;
const SHOP = { name: 'shop', regex: SHOP_REGEX };

const LINES = [
  '2024-05-01 10:00:00.120 | api-1 | worker-3 | INFO | order 17 created',
  '2024-05-01 10:00:01.480 | api-2 | worker-1 | ERROR | payment declined for order 17',
  '    at Billing.charge(billing.ts:88)',
  '    at Orders.pay(orders.ts:41)',
  '2024-05-01 10:00:02.005 | api-1 | worker-3 | WARN | retrying order 17',
  '2024-05-01 10:00:03.750 | api-2 | worker-2 | ERROR | payment declined for order 18',
  '2024-05-01 11:15:00.000 | api-1 | worker-1 | INFO | order 19 created',
];
const TEXT = `${LINES.join('\n')}\n`;

function locatorOf(model: LogModel): ReturnType<typeof createFieldLocator> {
  return createFieldLocator(model.format, model.logFormat, model.customFormatPattern);
}

/** Semantic tokens as `type=text` per line. */
function namedTokens(model: LogModel): string[] {
  return fieldTokens(model, locatorOf(model), (line) => LINES[line]!).map(
    (t) => `${t.line}:${SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type]}=${LINES[t.line]!.slice(t.start, t.start + t.length)}`,
  );
}

describe('language server: a logscope.formats custom format', () => {
  const model = buildLogModel(TEXT, { name: 'shop.log', customFormats: [SHOP] });

  it('is detected and splits the records where the regex says', () => {
    assert.equal(model.format, 'shop');
    assert.equal(model.customFormatPattern, SHOP_REGEX);
    assert.deepEqual(model.firstLine, [0, 1, 4, 5, 6]);
    assert.deepEqual(model.lastLine, [0, 3, 4, 5, 6]);
    assert.deepEqual(recordFoldingRanges(model), [{ startLine: 1, endLine: 3 }]);
  });

  it('reports the error records with the message group as their text', () => {
    const diagnostics = errorDiagnostics(model);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.range.end.character, d.severity, messageText(d.message)]),
      [
        [1, LINES[1]!.length, DiagnosticSeverity.Error, 'payment declined for order 17'],
        [5, LINES[5]!.length, DiagnosticSeverity.Error, 'payment declined for order 18'],
      ],
    );
  });

  it('outlines the hours of the time group with their error counts', () => {
    const timeline = outlineSymbols(model).find((s) => s.name === 'Timeline by hour (UTC)');
    assert.ok(timeline);
    assert.deepEqual(
      timeline.children!.map((c) => [c.name, c.detail]),
      [
        ['2024-05-01 10:00 · 2 errors', '4 records'],
        ['2024-05-01 11:00 · 0 errors', '1 record'],
      ],
    );
  });

  it('hovers the time group with UTC and the delta from the previous record', () => {
    const hover = hoverAt(model, locatorOf(model), LINES[1]!, { line: 1, character: 5 }, { timeZone: 'UTC' });
    assert.ok(hover);
    assert.deepEqual(hover.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 23 } });
    const text = messageText(hover.contents as { value: string });
    assert.ok(text.includes('**UTC** `2024-05-01 10:00:01.480`'), text);
    assert.ok(text.includes('`+1.360 s` (line 1)'), text);
  });

  it('marks the host and thread groups with semantic tokens, one pair per record', () => {
    assert.deepEqual(namedTokens(model), [
      '0:logHost=api-1', '0:logThread=worker-3',
      '1:logHost=api-2', '1:logThread=worker-1',
      '4:logHost=api-1', '4:logThread=worker-3',
      '5:logHost=api-2', '5:logThread=worker-2',
      '6:logHost=api-1', '6:logThread=worker-1',
    ]);
  });

  it('gives the custom regex precedence even when the format borrows a built-in name', () => {
    const borrowed = buildLogModel(TEXT, { name: 'shop.log', customFormats: [{ name: 'log4j', regex: SHOP_REGEX }] });
    assert.equal(borrowed.format, 'log4j');
    assert.equal(borrowed.customFormatPattern, SHOP_REGEX);
    assert.deepEqual(namedTokens(borrowed), namedTokens(model));
  });

  it('colours a user level word in the level group', () => {
    const lines = TEXT.replace('| WARN |', '| SLOW |').split('\n');
    const slow = buildLogModel(lines.join('\n'), { name: 'shop.log', customFormats: [SHOP], levelKeywords: { warn: ['SLOW'] } });
    const tokens = fieldTokens(slow, locatorOf(slow), (line) => lines[line]!);
    const levels = tokens.filter((t) => SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type]!.startsWith('logLevel'));
    assert.deepEqual(levels.map((t) => `${t.line}:${SEMANTIC_TOKENS_LEGEND.tokenTypes[t.type]}=${lines[t.line]!.slice(t.start, t.start + t.length)}`), ['4:logLevelWarn=SLOW']);
  });
});

describe('language server settings: formats', () => {
  it('keeps a valid list of custom formats', () => {
    assert.deepEqual(readSettings({ formats: [SHOP] }), { ...DEFAULT_SETTINGS, customFormats: [SHOP] });
    assert.deepEqual(readSettings({ formats: [] }), DEFAULT_SETTINGS);
  });

  it('refuses a list with a dangerous or broken format, and anything but a list, saying why', () => {
    const nested = readSettings({ formats: [SHOP, { name: 'slow', regex: '^(?<message>(a+)+)$' }] });
    assert.deepEqual(nested.customFormats, []);
    assert.match(nested.formatsProblem ?? '', /^format 2 \("slow"\): a repeated group/);
    assert.match(readSettings({ formats: 'shop' }).formatsProblem ?? '', /must be a list/);
    assert.match(readSettings({ formats: [{ name: 'x', regex: '(?<message>[' }] }).formatsProblem ?? '', /does not compile/);
  });

  it('turns a refused setting into one warning naming logscope.formats, and detects the format instead', () => {
    const settings = readSettings({ formats: [{ name: 'nothing', regex: String.raw`^(\S+) (.*)$` }] });
    const model = buildLogModel(TEXT, { name: 'shop.log', customFormats: settings.customFormats });
    assert.notEqual(model.format, 'nothing');
    assert.equal(model.customFormatPattern, null);
    const warnings = errorDiagnostics(model, settings.maxProblems, settings.levelKeywordsProblems, settings.formatsProblem).filter(
      (d) => d.severity === DiagnosticSeverity.Warning,
    );
    assert.equal(warnings.length, 1);
    assert.match(messageText(warnings[0]!.message), /^The "logscope\.formats" setting was not used \(format 1 \("nothing"\): name at least one field/);
  });
});
