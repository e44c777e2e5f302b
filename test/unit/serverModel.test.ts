// The server's document model: the async (yielding) build equals the one-shot build, the line
// cap is reported, and the scheduler debounces edits and abandons stale analyses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisScheduler } from '../../extension/server/analysisScheduler';
import { errorDiagnostics } from '../../extension/server/diagnostics';
import { buildLogModel, buildLogModelAsync, type LogModel } from '../../extension/server/logModel';
import { DEFAULT_SETTINGS, readSettings } from '../../extension/server/settings';
import { log4jHeaders, messageText, readSample } from './serverSamples';

const orders = readSample('orders-1.log');

function summaryOf(model: LogModel): unknown {
  return {
    format: model.format, records: model.records, firstLine: model.firstLine, lastLine: model.lastLine,
    level: model.level, time: model.time, templateId: model.templateId, errors: model.errors.length,
    analyzedLines: model.analyzedLines, totalLines: model.totalLines,
  };
}

describe('log model', () => {
  it('spans every record of orders-1.log from its header to its last stack frame', () => {
    const model = buildLogModel(orders, { name: 'orders-1.log' });
    const headers = log4jHeaders(orders);
    assert.deepEqual(model.firstLine, headers.map((h) => h.line));
    assert.deepEqual(model.lastLine, headers.map((h) => h.lastLine));
    assert.equal(model.totalLines, orders.split('\n').filter((_, i, all) => i < all.length - 1 || all[i] !== '').length);
    assert.equal(model.truncated, false);
    // recordAtLine finds the record of a stack frame line.
    const traced = headers.find((h) => h.lastLine > h.line)!;
    assert.equal(model.recordAtLine(traced.lastLine), headers.indexOf(traced));
  });

  it('builds the same model slice by slice (large text crossing slice borders) as in one go', async () => {
    const large = orders.repeat(Math.ceil((2.5 * (1 << 20)) / orders.length)); // several 1 MB slices
    const whole = buildLogModel(large, { name: 'orders.log' });
    const sliced = await buildLogModelAsync(large, { name: 'orders.log' }, () => false);
    assert.ok(sliced !== null);
    assert.ok(large.length > 2 << 20);
    assert.deepEqual(summaryOf(sliced), summaryOf(whole));
  });

  it('gives up when a newer version of the text exists', async () => {
    let checks = 0;
    const result = await buildLogModelAsync(orders.repeat(4), { name: 'orders.log' }, () => ++checks >= 1);
    assert.equal(result, null);
  });

  it('analyzes only the first maxLines lines and says so in one Information diagnostic', async () => {
    const lineCount = orders.split('\n').length - 1; // the sample ends with a newline
    const capped = buildLogModel(orders, { name: 'orders-1.log', maxLines: 100 });
    assert.equal(capped.analyzedLines, 100);
    assert.equal(capped.totalLines, lineCount);
    assert.ok(capped.truncated);
    assert.ok(capped.lastLine.every((line) => line < 100));
    const notes = errorDiagnostics(capped).filter((d) => /analyzed the first/.test(messageText(d.message)));
    assert.equal(notes.length, 1);
    assert.match(messageText(notes[0]!.message), new RegExp(`first 100 of ${lineCount} lines`));
    const cappedAsync = await buildLogModelAsync(orders.repeat(4), { name: 'orders.log', maxLines: 100 }, () => false);
    assert.equal(cappedAsync!.totalLines, lineCount * 4);
    assert.equal(cappedAsync!.analyzedLines, 100);
  });
});

describe('analysis scheduler', () => {
  function setup(debounceMs: number): { scheduler: AnalysisScheduler<string>; runs: string[]; published: string[]; text: { value: string; version: number } } {
    const text = { value: 'v0', version: 0 };
    const runs: string[] = [];
    const published: string[] = [];
    const scheduler = new AnalysisScheduler<string>(
      async (_uri, isStale) => {
        const snapshot = { ...text };
        runs.push(snapshot.value);
        await new Promise((resolve) => setTimeout(resolve, 20)); // the analysis takes time
        return isStale() ? null : { model: `model of ${snapshot.value}`, version: snapshot.version };
      },
      (_uri, model) => published.push(model),
      debounceMs,
    );
    return { scheduler, runs, published, text };
  }

  it('coalesces a burst of edits into one analysis of the last text', async () => {
    const { scheduler, runs, published, text } = setup(50);
    for (let i = 1; i <= 5; i++) {
      text.value = `v${i}`;
      text.version = i;
      scheduler.schedule('file:///a.log');
    }
    const model = await scheduler.modelFor('file:///a.log', 5);
    assert.equal(model, 'model of v5');
    assert.deepEqual(runs, ['v5']);
    assert.deepEqual(published, ['model of v5']);
    // The current model is answered without another analysis.
    assert.equal(await scheduler.modelFor('file:///a.log', 5), 'model of v5');
    assert.deepEqual(runs, ['v5']);
  });

  it('analyzes a newly opened document right away, without the typing debounce', async () => {
    const { scheduler, runs } = setup(60_000);
    const started = Date.now();
    scheduler.schedule('file:///new.log');
    assert.equal(await scheduler.modelFor('file:///new.log', 0), 'model of v0');
    assert.ok(Date.now() - started < 5_000);
    assert.deepEqual(runs, ['v0']);
  });

  it('abandons an analysis overtaken by an edit; waiters get the newer model', async () => {
    const { scheduler, runs, published, text } = setup(0);
    scheduler.schedule('file:///b.log', 0);
    const waiting = scheduler.modelFor('file:///b.log', 0);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first analysis is running
    text.value = 'v1';
    text.version = 1;
    scheduler.schedule('file:///b.log', 0);
    assert.equal(await waiting, 'model of v1');
    assert.deepEqual(runs, ['v0', 'v1']);
    assert.deepEqual(published, ['model of v1']);
  });

  it('re-analyzes when settings change, and answers null once a document is closed', async () => {
    const { scheduler, runs } = setup(0);
    scheduler.schedule('file:///c.log', 0);
    await scheduler.modelFor('file:///c.log', 0);
    scheduler.invalidateAll();
    await scheduler.modelFor('file:///c.log', 0);
    assert.equal(runs.length, 2);
    scheduler.schedule('file:///c.log', 1000);
    const waiting = scheduler.modelFor('file:///c.log', 0);
    scheduler.forget('file:///c.log');
    assert.equal(await waiting, null);
  });
});

describe('settings', () => {
  it('reads the logscope section and ignores values of the wrong type', () => {
    assert.deepEqual(
      readSettings({ diagnostics: { maxProblems: 25 }, logFormat: '<Date> <Content>', timeZone: 'europe/berlin' }),
      { ...DEFAULT_SETTINGS, maxProblems: 25, logFormat: '<Date> <Content>', timeZone: 'Europe/Berlin' },
    );
    assert.deepEqual(readSettings({ diagnostics: { maxProblems: -3 }, logFormat: 7, timeZone: 'Mars/Base' }), DEFAULT_SETTINGS);
    assert.deepEqual(readSettings({ diagnostics: null }), DEFAULT_SETTINGS);
    assert.deepEqual(readSettings('nonsense'), DEFAULT_SETTINGS);
    assert.equal(readSettings({ diagnostics: { maxProblems: 0 } }).maxProblems, 0);
  });
});
