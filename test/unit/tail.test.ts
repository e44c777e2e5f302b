import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { accessLogLines, applicationLogLines } from '../../bench/generators';
import { analyzePaths } from '../../extension/engine/analyze';
import type { Summary } from '../../extension/engine/summary';
import { FileTail } from '../../extension/engine/tail';
import { PROJECT_ROOT } from './corpora';
import { comparableSummary } from './summaryCompare';
import { threadsDuring } from './threadCount';

const lines = readFileSync(resolve(PROJECT_ROOT, 'samples/web-1.log'), 'utf8').split('\n').filter((l) => l !== '');
const dir = mkdtempSync(join(tmpdir(), 'logscope-tail-'));

function followed(path: string): { tail: FileTail; summaries: { summary: Summary; event: string }[] } {
  const summaries: { summary: Summary; event: string }[] = [];
  const tail = new FileTail(path, {}, { onSummary: (summary, event) => summaries.push({ summary, event }), onError: (e) => assert.fail(e) }, 60_000);
  return { tail, summaries };
}

describe('FileTail', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts appended lines once, across appends, truncation and rotation', async () => {
    const path = join(dir, 'web.log');
    writeFileSync(path, lines.slice(0, 1000).join('\n') + '\n');
    const { tail, summaries } = followed(path);
    await tail.start();
    assert.equal(summaries.at(-1)!.summary.records, 1000);

    // An append that ends mid-line: the partial line waits for its end.
    appendFileSync(path, lines.slice(1000, 1500).join('\n') + '\n' + lines[1500]!.slice(0, 20));
    await tail.poll();
    assert.equal(summaries.at(-1)!.summary.records, 1500);
    appendFileSync(path, lines[1500]!.slice(20) + '\n');
    await tail.poll();
    assert.equal(summaries.at(-1)!.summary.records, 1501);
    const polls = summaries.length;
    await tail.poll(); // nothing new: no update
    assert.equal(summaries.length, polls);

    // Rotation: rename away, new file with new lines.
    renameSync(path, path + '.1');
    writeFileSync(path, lines.slice(1501, 1800).join('\n') + '\n');
    await tail.poll();
    assert.equal(summaries.at(-1)!.event, 'rotated');
    assert.equal(summaries.at(-1)!.summary.records, 1800);

    // Truncation (copytruncate): the file restarts with new lines only.
    writeFileSync(path, lines.slice(1800, 1850).join('\n') + '\n');
    await tail.poll();
    assert.equal(summaries.at(-1)!.event, 'truncated');
    assert.equal(summaries.at(-1)!.summary.records, 1850);
    tail.stop();

    // Same figures as analysing the 1850 lines at once.
    const { analyzeText } = await import('../../extension/engine/analyze');
    const whole = analyzeText(lines.slice(0, 1850).join('\n') + '\n', path).summary;
    assert.deepEqual(summaries.at(-1)!.summary.levels, whole.levels);
    assert.deepEqual(summaries.at(-1)!.summary.http!.status, whole.http!.status);
  });

  it('reads the head of a large file in ranges on worker threads, then follows it as if it had read it all', async () => {
    const reference = Date.UTC(2026, 10, 23);
    for (const [name, next] of [['app', applicationLogLines(21)], ['access', accessLogLines(22)]] as const) {
      const path = join(dir, `${name}-large.log`);
      // About 6 MB: the last 4 MiB are left to the tail, the rest is cut into 256 KiB ranges.
      const text = (count: number): string => Array.from({ length: count }, next).join('\n') + '\n';
      writeFileSync(path, text(name === 'app' ? 45_000 : 30_000));
      const summaries: { summary: Summary; event: string }[] = [];
      const options = { referenceTime: reference, jobs: 3, minChunkBytes: 256 << 10, workerScript: resolve(PROJECT_ROOT, 'out/chunkWorker.js') };
      const tail = new FileTail(path, options, { onSummary: (summary, event) => summaries.push({ summary, event }), onError: (e) => assert.fail(e) }, 60_000);
      const { before, most } = await threadsDuring(() => tail.start());
      if (before > 0) assert.ok(most >= before + 2, `${name}: threads ${before} before, at most ${most} while reading`);
      assert.equal(summaries.at(-1)!.event, 'initial');
      const sequential = async (): Promise<unknown> => comparableSummary((await analyzePaths([path], { referenceTime: reference })).summary);
      assert.deepEqual(comparableSummary(summaries.at(-1)!.summary), await sequential(), `${name}: the first summary`);
      // Appended lines (stack traces among the application's) count as if the file were read whole.
      appendFileSync(path, text(3_000));
      await tail.poll();
      assert.equal(summaries.at(-1)!.event, 'appended');
      assert.deepEqual(comparableSummary(summaries.at(-1)!.summary), await sequential(), `${name}: after an append`);
      tail.stop();
    }
  });

  it('sends summaries of what it has read so far while the head is read in ranges, each with more records', async () => {
    const reference = Date.UTC(2026, 10, 23);
    const path = join(dir, 'app-so-far.log');
    const next = applicationLogLines(23);
    // About 14 MB: two ranges of about 5 MB before the last 4 MiB, read a quarter MiB a step.
    writeFileSync(path, Array.from({ length: 100_000 }, next).join('\n') + '\n');
    const options = {
      referenceTime: reference,
      jobs: 2,
      minChunkBytes: 1 << 20,
      stepBytes: 256 << 10,
      summarySoFarEveryMs: 0,
      workerScript: resolve(PROJECT_ROOT, 'out/chunkWorker.js'),
    };
    const summaries: { summary: Summary; event: string }[] = [];
    const tail = new FileTail(path, options, { onSummary: (summary, event) => summaries.push({ summary, event }), onError: (e) => assert.fail(e) }, 60_000);
    await tail.start();
    tail.stop();
    const partial = summaries.filter((s) => s.event === 'partial');
    assert.ok(partial.length >= 4, `first figures and at least three summaries so far, got ${partial.length} partial summaries`);
    assert.equal(summaries.at(-1)!.event, 'initial');
    const counts = summaries.map((s) => s.summary.records);
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i]! > counts[i - 1]!, `records go ${counts.join(', ')}`);
    const bytes = partial.map((s) => s.summary.sources[0]!.bytes);
    for (let i = 1; i < bytes.length; i++) assert.ok(bytes[i]! > bytes[i - 1]!, `bytes go ${bytes.join(', ')}`);
    const sequential = comparableSummary((await analyzePaths([path], { referenceTime: reference })).summary);
    assert.deepEqual(comparableSummary(summaries.at(-1)!.summary), sequential, 'the summary once read');
  });

  it('reads a file whose last MiBs hold no record start (one long stack trace, CRLF) all by itself', async () => {
    const reference = Date.UTC(2026, 10, 23);
    const path = join(dir, 'one-long-trace.log');
    const head = Array.from({ length: 30_000 }, (_, i) => `2024-03-01 00:00:${String(i % 60).padStart(2, '0')},000 INFO  [main] app.Job - step ${i} done`);
    const trace = Array.from({ length: 120_000 }, (_, i) => `\tat app.Job.step${i}(Job.java:${i})`);
    writeFileSync(path, [...head, '2024-03-01 00:01:00,000 ERROR [main] app.Job - failed', ...trace].join('\r\n') + '\r\n');
    const summaries: Summary[] = [];
    const options = { referenceTime: reference, jobs: 3, minChunkBytes: 256 << 10, workerScript: resolve(PROJECT_ROOT, 'out/chunkWorker.js') };
    const tail = new FileTail(path, options, { onSummary: (summary) => summaries.push(summary), onError: (e) => assert.fail(e) }, 60_000);
    await tail.start();
    tail.stop();
    assert.equal(summaries.at(-1)!.records, 30_001);
    assert.deepEqual(comparableSummary(summaries.at(-1)!), comparableSummary((await analyzePaths([path], { referenceTime: reference })).summary));
  });
});
