// Hovers on real records: a timestamp (UTC, local, delta from the previous record) and a line
// (template and how often it occurs); and hostile log text that must stay inert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createFieldLocator } from '../../extension/server/fieldSpans';
import { formatDelta, hoverAt } from '../../extension/server/hover';
import { buildLogModel } from '../../extension/server/logModel';
import { codeBlock } from '../../extension/server/markdown';
import { log4jHeaders, log4jTimeMs, readSample } from './serverSamples';

const orders = readSample('orders-1.log');
const lines = orders.split('\n');
const model = buildLogModel(orders, { name: 'orders-1.log' });
const locate = createFieldLocator(model.format);
const headers = log4jHeaders(orders);

function hoverText(line: number, character: number, timeZone = 'Asia/Kolkata'): { value: string; range: { start: number; end: number } } {
  const hover = hoverAt(model, locate, lines[line]!, { line, character }, { timeZone });
  assert.ok(hover !== null, `a hover at ${line}:${character}`);
  assert.equal(hover.range!.start.line, line);
  return { value: (hover.contents as MarkupContent).value, range: { start: hover.range!.start.character, end: hover.range!.end.character } };
}

describe('timestamp hover', () => {
  // The third record: its previous record is the second one (the first has a stack trace).
  const header = headers[2]!;
  const previous = headers[1]!;

  it('shows UTC, local time and the delta from the previous record', () => {
    const { value, range } = hoverText(header.line, 5);
    // The hover covers exactly the timestamp text.
    assert.equal(lines[header.line]!.slice(range.start, range.end), header.time);
    const utc = header.time.replace(',', '.');
    assert.match(value, new RegExp(`\\*\\*UTC\\*\\* \`${utc}\``));
    // Asia/Kolkata is UTC+05:30 all year: shift the parsed time by hand.
    const local = new Date(log4jTimeMs(header.time) + 5.5 * 3_600_000).toISOString();
    assert.ok(value.includes(`\`${local.slice(0, 10)} ${local.slice(11, 23)} GMT+5:30\``), value);
    const delta = log4jTimeMs(header.time) - log4jTimeMs(previous.time);
    assert.ok(delta > 0);
    assert.ok(value.includes(`\`${formatDelta(delta)}\` (line ${previous.line + 1})`), value);
  });

  it('labels the second time by where its zone comes from: logscope.timeZone or the machine', () => {
    const position = { line: header.line, character: 5 };
    const chosen = hoverAt(model, locate, lines[header.line]!, position, { timeZone: 'America/New_York' });
    const chosenText = (chosen?.contents as MarkupContent).value;
    assert.match(chosenText, /\*\*Time zone\*\* `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} GMT-[45]` \(America\/New\\_York\)/);
    const machine = hoverAt(model, locate, lines[header.line]!, position);
    const machineZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    assert.ok((machine?.contents as MarkupContent).value.includes(`**Local** \``), 'the machine zone is "Local"');
    assert.ok((machine?.contents as MarkupContent).value.includes(`(${machineZone.replace(/_/g, '\\_')})`));
  });

  it('says the first record has no previous one', () => {
    const { value } = hoverText(headers[0]!.line, 0);
    assert.match(value, /first timed record/);
  });
});

describe('formatDelta', () => {
  it('writes durations from milliseconds to days', () => {
    assert.equal(formatDelta(834), '+834 ms');
    assert.equal(formatDelta(16_919), '+16.919 s');
    assert.equal(formatDelta(-(2 * 60_000 + 3_500)), '-2 min 03.500 s');
    assert.equal(formatDelta(3_600_000), '+1 h 00 min 00.000 s');
    assert.equal(formatDelta(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6_000), '+3 d 04 h 05 min 06.000 s');
  });
});

describe('line hover', () => {
  const failed = headers.filter((h) => h.level === 'ERROR' && /^Failed to connect to \S+ after \d+ attempts$/.test(h.message));

  it('shows the template and its count on a record line (past the timestamp)', () => {
    const header = failed[0]!;
    const { value, range } = hoverText(header.line, lines[header.line]!.length - 2);
    assert.deepEqual(range, { start: 0, end: lines[header.line]!.length });
    assert.ok(value.includes(`occurs **${failed.length}** times`), value);
    assert.ok(value.includes(`of ${headers.length.toLocaleString('en-US')} records`), value);
    assert.match(value, /```text\nFailed to connect to <\*>\S* after <\*> attempts\n```/);
    assert.match(value, /· error ·/);
  });

  it('shows the record of a stack frame line, and where the line sits in it', () => {
    const header = failed[0]!;
    const frame = header.line + 2;
    assert.match(lines[frame]!, /^\tat /);
    const { value } = hoverText(frame, 3);
    assert.ok(value.includes(`occurs **${failed.length}** times`));
    assert.ok(value.includes(`Line 3 of a ${header.lastLine - header.line + 1}-line record (lines ${header.line + 1}–${header.lastLine + 1})`), value);
  });

  it('keeps hostile log text inside a code block: no links, HTML or command URIs outside it', () => {
    const hostile = [
      '2026-01-01 00:00:00,000 ERROR [main] x.Y - boom [click me](command:workbench.action.quit) <img src=x onerror=alert(1)> ```` ` **bold**',
      '2026-01-01 00:00:01,000 INFO  [main] x.Y - fine',
    ].join('\n');
    const hostileModel = buildLogModel(hostile, { name: 'hostile.log' });
    const hover = hoverAt(hostileModel, createFieldLocator(hostileModel.format), hostile.split('\n')[0]!, { line: 0, character: 40 });
    const value = (hover!.contents as MarkupContent).value;
    const fence = /^(`{3,})text$/m.exec(value);
    assert.ok(fence, value);
    // The fence is longer than the longest backtick run in the text, so the text cannot close it.
    assert.ok(fence[1]!.length > 4);
    const outside = value.replace(new RegExp(`${fence[1]}text\\n[^\\n]*\\n${fence[1]}`), '');
    assert.doesNotMatch(outside, /command:|<img|\]\(|\*\*bold/);
    assert.ok(value.includes('boom [click me](command:'), 'the text itself is shown as text, in the block');
  });
});

describe('codeBlock', () => {
  it('picks a fence longer than any backtick run and keeps the text on one line', () => {
    assert.equal(codeBlock('a ``` b\nc'), '````text\na ``` b c\n````');
    assert.equal(codeBlock('plain'), '```text\nplain\n```');
  });
});
