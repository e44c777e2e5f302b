/**
 * Parallel (chunked, merged) and incremental analysis must give the sequential answer. Needs
 * the build's `out/chunkWorker.js` (run after `node esbuild.mjs`).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { comparableSummary } from './summaryCompare';
import { threadsDuring } from './threadCount';
import { accessLogLines, applicationLogLines, ensureCorpus } from '../../bench/generators';
import { analyzePaths, analyzeText, InputError } from '../../extension/engine/analyze';
import { IncrementalAnalysis } from '../../extension/engine/incremental';
import { analyzeChunk, ChunkRun } from '../../extension/engine/parallel/analyzeChunk';
import { NO_SPLIT, StealBoard } from '../../extension/engine/parallel/stealBoard';
import { analyzePathsParallel, planFile, readFirstLines } from '../../extension/engine/parallel/analyzeParallel';
import type { ChunkResult, ChunkTask } from '../../extension/engine/parallel/chunkProtocol';
import { WorkerPool } from '../../extension/engine/parallel/workerPool';
import type { Summary } from '../../extension/engine/summary';
import { CORPORA, PROJECT_ROOT, skipWithoutCorpus } from './corpora';
import { tempLogs } from './tempLogs';

const WORKER = resolve(PROJECT_ROOT, 'out/chunkWorker.js');
const REFERENCE = Date.UTC(2026, 10, 23);
const { dir, writeLines } = tempLogs('logscope-parallel-');

async function checkParallel(path: string, minChunkBytes: number, jobs = 3, timeZone?: string): Promise<Summary> {
  const sequential = await analyzePaths([path], { referenceTime: REFERENCE, timeZone });
  let partial: Summary | undefined;
  const parallel = await analyzePathsParallel([path], {
    // Several ranges a worker: more cuts for records to straddle.
    referenceTime: REFERENCE, jobs, rangesPerJob: 3, minChunkBytes, workerScript: WORKER, onPartialSummary: (s) => (partial = s), timeZone,
  });
  assert.ok(parallel.summary.records > 1000);
  assert.deepEqual(comparableSummary(parallel.summary), comparableSummary(sequential.summary));
  assert.deepEqual(parallel.notUnderstood, sequential.notUnderstood);
  await new Promise((done) => setTimeout(done, 50));
  assert.ok(partial !== undefined && partial.records > 0 && partial.records <= sequential.summary.records, 'a partial summary came first');
  assert.equal(partial.timeZone, sequential.summary.timeZone, 'the partial summary bins in the same zone');
  return parallel.summary;
}

describe('parallel analysis', () => {
  it('gives the sequential summary of an access log cut into many ranges', async () => {
    await checkParallel(writeLines('access.log', accessLogLines(3), 30_000), 256 << 10);
  });

  it('bins the heatmap in the chosen zone in every range (Asia/Kolkata, +05:30)', async () => {
    const path = writeLines('access-tz.log', accessLogLines(4), 30_000);
    const kolkata = await checkParallel(path, 256 << 10, 3, 'Asia/Kolkata');
    const utc = (await analyzePaths([path], { referenceTime: REFERENCE })).summary;
    assert.equal(kolkata.timeZone, 'Asia/Kolkata');
    assert.equal(utc.timeZone, 'UTC');
    const total = (grid: readonly (readonly number[])[]): number => grid.flat().reduce((a, b) => a + b, 0);
    assert.equal(total(kolkata.errorHeatmap), total(utc.errorHeatmap));
    assert.ok(total(utc.errorHeatmap) > 0);
    assert.notDeepEqual(kolkata.errorHeatmap, utc.errorHeatmap, 'hours move by 5.5 hours');
  });

  it('serves every file of a folder, the workers stopping only after the last cut one', async () => {
    const folder = join(dir, 'servers');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.log'), Array.from({ length: 20_000 }, accessLogLines(21)).join('\n') + '\n');
    writeFileSync(join(folder, 'b.log'), Array.from({ length: 50 }, accessLogLines(22)).join('\n') + '\n'); // read on the main thread
    writeFileSync(join(folder, 'c.log'), Array.from({ length: 8_000 }, applicationLogLines(23)).join('\n') + '\n');
    writeFileSync(join(folder, 'd.log'), Array.from({ length: 60 }, accessLogLines(24)).join('\n') + '\n');
    const sequential = await analyzePaths([folder], { referenceTime: REFERENCE });
    const parallel = await analyzePathsParallel([folder], { referenceTime: REFERENCE, jobs: 2, minChunkBytes: 128 << 10, workerScript: WORKER });
    assert.equal(parallel.summary.sources.length, 4);
    assert.deepEqual(comparableSummary(parallel.summary), comparableSummary(sequential.summary));
  });

  it('a retiring pool finishes the tasks it was given, then has no worker left', async () => {
    const path = writeLines('retire.log', accessLogLines(25), 4_000);
    const pool = new WorkerPool(WORKER, 2);
    const size = readFileSync(path).length;
    const tasks: ChunkTask[] = [0, 1, 2].map((taskId) => ({
      taskId, path, start: 0, end: size, referenceTime: REFERENCE, collectTemplateLines: false, timeZone: undefined,
    }));
    const results = Promise.all(tasks.map((task) => pool.run(task)));
    pool.retireWhenIdle();
    const done = await results;
    assert.deepEqual(done.map((result) => result.records), [4_000, 4_000, 4_000]);
    assert.equal(pool.workerCount, 0);
    await pool.close();
  });

  it('tells when a range is read, before its result, and takes the next task then', async () => {
    const path = writeLines('pipelined.log', accessLogLines(26), 4_000);
    const size = readFileSync(path).length;
    const task = (taskId: number, start: number, end: number): ChunkTask => ({ taskId, path, start, end, referenceTime: REFERENCE, collectTemplateLines: false });
    const pool = new WorkerPool(WORKER, 1);
    const events: string[] = [];
    let second: Promise<ChunkResult> | undefined;
    const first = pool.run(task(0, 0, size), (end) => {
      events.push(`read to ${end}`);
      // Posted to the one worker, which is still packing the first result.
      second = pool.run(task(1, 0, size));
    });
    const firstResult = await first;
    events.push('first result');
    assert.deepEqual(events, [`read to ${size}`, 'first result']);
    assert.equal(firstResult.records, 4_000);
    assert.equal((await second!).records, 4_000);
    assert.equal(pool.workerCount, 1);
    await pool.close();
  });

  it('gives the sequential summary of a multi-line application log (records across cuts)', async () => {
    await checkParallel(writeLines('app.log', applicationLogLines(5), 30_000), 128 << 10);
  });

  it('gives the sequential summary of the Apache corpus', { skip: skipWithoutCorpus('apache') }, async () => {
    await checkParallel(resolve(CORPORA, 'apache/apache_logs.txt'), 256 << 10, 2);
  });

  it('keeps template line numbers of the whole file', async () => {
    const path = writeLines('lines.log', applicationLogLines(9), 20_000);
    const options = { referenceTime: REFERENCE, collectTemplateLines: true };
    const sequential = await analyzePaths([path], options);
    const parallel = await analyzePathsParallel([path], { ...options, jobs: 2, minChunkBytes: 200 << 10, workerScript: WORKER });
    const lines = (r: typeof sequential): string[] =>
      r.aggregator.templateGroups().map((g) => `${g.template}|${[...(g.stats.lines ?? [])].sort((a, b) => a - b).join(',')}`).sort();
    assert.deepEqual(lines(parallel), lines(sequential));
  });

  it("the extension's analysis worker reads a file in ranges on worker threads of its own", async () => {
    const path = writeLines('extension.log', accessLogLines(13), 60_000);
    const sequential = await analyzePaths([path], { referenceTime: REFERENCE });
    const analysis = new Worker(resolve(PROJECT_ROOT, 'out/analysisWorker.js'));
    try {
      // Small ranges and three readers, so a small file is cut (options pass through as the CLI's).
      const options = { referenceTime: REFERENCE, jobs: 3, minChunkBytes: 256 << 10, rangesPerJob: 3 };
      const { result: reply, before, most } = await threadsDuring(() => {
        analysis.postMessage({ type: 'analyzePaths', id: 1, paths: [path], options });
        return new Promise<{ type: string; summary?: Summary; message?: string }>((done) =>
          analysis.on('message', (message: { type: string }) => message.type !== 'progress' && done(message)),
        );
      });
      assert.equal(reply.type, 'result', reply.message);
      assert.deepEqual(comparableSummary(reply.summary!), comparableSummary(sequential.summary));
      if (before > 0) assert.ok(most >= before + 2, `threads: ${before} before, at most ${most} while reading`);
    } finally {
      await analysis.terminate();
    }
  });
});

describe('ranges split while they are read', () => {
  /** The sequential summary, and the parallel one with the splits it made. */
  async function analyzeSplitting(path: string, options: { jobs: number; firstRangeBytes: number }): Promise<{ splits: number }> {
    const sequential = await analyzePaths([path], { referenceTime: REFERENCE });
    let splits = 0;
    const parallel = await analyzePathsParallel([path], {
      referenceTime: REFERENCE, minChunkBytes: 64 << 10, minSplitBytes: 16 << 10, stepBytes: 64 << 10, workerScript: WORKER,
      onSplit: (splitPath, start, end) => {
        assert.equal(splitPath, path);
        assert.ok(start < end);
        splits++;
      },
      ...options,
    });
    assert.ok(parallel.summary.records > 1000);
    assert.deepEqual(comparableSummary(parallel.summary), comparableSummary(sequential.summary));
    assert.deepEqual(parallel.notUnderstood, sequential.notUnderstood);
    return { splits };
  }

  // A first range of 64 KiB is read before the worker has even started: this thread then asks
  // the worker for half of its range, which it gives at its first look at the board.
  it('an access log: this thread takes half of the worker range, and so on', async () => {
    const { splits } = await analyzeSplitting(writeLines('split-access.log', accessLogLines(31), 30_000), { jobs: 2, firstRangeBytes: 64 << 10 });
    assert.ok(splits >= 1, `${splits} splits`);
  });

  it('a multi-line application log (records across the splits)', async () => {
    const { splits } = await analyzeSplitting(writeLines('split-app.log', applicationLogLines(32), 30_000), { jobs: 2, firstRangeBytes: 64 << 10 });
    assert.ok(splits >= 1, `${splits} splits`);
  });

  it('three readers, one range each to start with', async () => {
    await analyzeSplitting(writeLines('split-three.log', applicationLogLines(33), 30_000), { jobs: 3, firstRangeBytes: 64 << 10 });
  });

  // Whether the worker, done early, gets to take half of what this thread has left depends on
  // how soon it starts: only the summary is checked here (the split itself is ChunkRun.split's,
  // checked by hand below).
  it('a first range of nearly the whole file', async () => {
    const path = writeLines('split-here.log', accessLogLines(34), 60_000);
    await analyzeSplitting(path, { jobs: 2, firstRangeBytes: readFileSync(path).length - (64 << 10) });
  });

  it('a run split by hand and its second half, merged, give the whole', () => {
    const path = writeLines('split-run.log', applicationLogLines(35), 8_000);
    const size = readFileSync(path).length;
    const task = (start: number, end: number): ChunkTask => ({
      taskId: 0, path, start, end, referenceTime: REFERENCE, collectTemplateLines: false,
      detectionSample: start === 0 ? undefined : readFileSync(path, 'utf8').split('\n').slice(0, 200),
    });
    const first = new ChunkRun(task(0, size));
    first.step(1); // one block
    assert.equal(first.split(size), NO_SPLIT, 'parts smaller than asked for');
    const cut = first.split(4 << 10);
    assert.ok(cut > first.position && cut < size, `cut ${cut}`);
    assert.equal(readFileSync(path)[cut - 1], 10, 'the cut follows a newline');
    assert.equal(first.end, cut);
    first.step();
    const second = new ChunkRun(task(cut, size));
    second.step();
    const whole = first.outcome();
    const rest = second.outcome();
    rest.aggregator.shiftLines(whole.lines);
    whole.aggregator.merge(rest.aggregator);
    const sequential = analyzeText(readFileSync(path, 'utf8'), path, { referenceTime: REFERENCE }).summary;
    assert.equal(whole.records + rest.records, sequential.records);
    assert.deepEqual(comparableSummary(whole.aggregator.summary(sequential.sources)), comparableSummary(sequential));
  });

  it('a split with a handicap gives the other range half of what is left less the handicap', () => {
    const path = writeLines('split-handicap.log', accessLogLines(36), 8_000);
    const bytes = readFileSync(path);
    const run = new ChunkRun({ taskId: 0, path, start: 0, end: bytes.length, referenceTime: REFERENCE, collectTemplateLines: false });
    run.step(1);
    const left = bytes.length - run.position;
    assert.equal(run.split(4 << 10, left - (8 << 10) + 1), NO_SPLIT, 'the other part would be under 4 KiB');
    const handicap = Math.floor(left / 3);
    const middle = run.position + Math.floor((left + handicap) / 2);
    const cut = run.split(4 << 10, handicap);
    // The first line start past the shifted middle.
    assert.ok(cut > middle && bytes.lastIndexOf(10, cut - 1) === cut - 1 && bytes.lastIndexOf(10, cut - 2) < middle, `cut ${cut}, middle ${middle}`);
    assert.ok(run.readingRate > 0, 'a run that has read knows its rate');
    run.close();
  });

  it("a worker's range answers a request on the board, keeping the asker's handicap on its side", async () => {
    const path = writeLines('split-board.log', accessLogLines(37), 8_000);
    const size = readFileSync(path).length;
    const board = new StealBoard(2);
    const runOn = (slot: number): ChunkRun => {
      board.open(slot, 0);
      const run = new ChunkRun({ taskId: slot, path, start: 0, end: size, referenceTime: REFERENCE, collectTemplateLines: false, board: { buffer: board.buffer, slot, minPart: 4 << 10 } });
      run.step(1);
      return run;
    };
    // The request is out once asked; the reader answers it between two blocks.
    const plain = runOn(0);
    const asked = plain.position;
    const plainAnswer = board.requestSplit(0, () => false);
    plain.step(1);
    const cut = await plainAnswer;
    assert.ok(cut > asked && cut < size, `cut ${cut}`);
    assert.equal(plain.end, cut);
    // An asker slower by far more than the reader has left to read gets nothing.
    const handicapped = runOn(1);
    const handicappedAnswer = board.requestSplit(1, () => false, 1e9);
    handicapped.step(1);
    assert.equal(await handicappedAnswer, NO_SPLIT);
    assert.equal(handicapped.end, size);
    plain.close();
    handicapped.close();
  });

  it('a finished range answers "no" to a request at once', async () => {
    const board = new StealBoard(2);
    board.open(1, 0);
    board.finish(1);
    assert.equal(await board.requestSplit(1, () => false), NO_SPLIT);
  });

  it('a request nobody answers ends when the analysis gives up', async () => {
    const board = new StealBoard(1);
    board.open(0, 0);
    let givenUp = false;
    setTimeout(() => (givenUp = true), 20);
    assert.equal(await board.requestSplit(0, () => givenUp), NO_SPLIT);
  });
});

describe('parallel analysis of a file that cannot be read', () => {
  const chunkOf = (path: string): ChunkTask => ({ taskId: 0, path, start: 0, end: 4096, referenceTime: REFERENCE, collectTemplateLines: false });
  /** What the sequential path says about a file that is not there. */
  const sequentialMessage = async (path: string): Promise<string> => {
    const error = await analyzePaths([path]).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof InputError);
    return error.message;
  };

  it('says so in one line when a chunk is read, as the sequential path does', async () => {
    const missing = join(dir, 'deleted.log');
    const expected = await sequentialMessage(missing);
    assert.equal(expected, `cannot read ${missing}: no such file or directory`);
    assert.throws(() => analyzeChunk(chunkOf(missing)), (error: unknown) => error instanceof InputError && error.message === expected);
    // A folder opens on Linux but fails on read: the read errors are worded too.
    assert.throws(() => analyzeChunk(chunkOf(dir)), (error: unknown) => error instanceof InputError && error.message === `cannot read ${dir}: is a directory`);
  });

  it('keeps the message and its kind across the worker thread', async () => {
    const missing = join(dir, 'gone-before-the-worker.log');
    const pool = new WorkerPool(WORKER, 1);
    try {
      const error = await pool.run(chunkOf(missing)).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof InputError, String(error));
      assert.equal(error.message, await sequentialMessage(missing));
    } finally {
      await pool.close();
    }
  });

  it('reads a file deleted after its first range was read to its end (its ranges share one descriptor)', async () => {
    const path = writeLines('deleted-midway.log', applicationLogLines(13), 30_000);
    const sequential = await analyzePaths([path], { referenceTime: REFERENCE });
    // Eight ranges on two threads: the file is deleted at the first progress, before most of
    // them are opened, and every range still reads what it held.
    let deleted = false;
    const onProgress = (): void => {
      if (deleted) return;
      deleted = true;
      unlinkSync(path);
    };
    const parallel = await analyzePathsParallel([path], { referenceTime: REFERENCE, jobs: 2, rangesPerJob: 4, minChunkBytes: 128 << 10, workerScript: WORKER, onProgress });
    assert.ok(deleted, 'the file was deleted while it was read');
    assert.deepEqual(comparableSummary(parallel.summary), comparableSummary(sequential.summary));
  });

  it('stops when cancelled: every thread stops reading, the file is closed', async () => {
    const path = writeLines('cancelled.log', accessLogLines(44), 60_000);
    const openFiles = (): number => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const controller = new AbortController();
    const error = await analyzePathsParallel([path], {
      referenceTime: REFERENCE, jobs: 2, minChunkBytes: 128 << 10, stepBytes: 64 << 10, workerScript: WORKER,
      onProgress: () => controller.abort(),
      signal: controller.signal,
    }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.message, 'analysis cancelled');
    assert.equal(openFiles(), before);
  });

  it('says so when another file takes the place of one not yet read', async () => {
    const folder = join(dir, 'rotating');
    mkdirSync(folder);
    const first = join(folder, 'a.log');
    const second = join(folder, 'b.log');
    writeFileSync(first, Array.from({ length: 20_000 }, accessLogLines(41)).join('\n') + '\n');
    writeFileSync(second, Array.from({ length: 20_000 }, accessLogLines(42)).join('\n') + '\n');
    writeFileSync(join(dir, 'b.log.next'), Array.from({ length: 20_000 }, accessLogLines(43)).join('\n') + '\n');
    let rotated = false;
    const onProgress = (): void => {
      if (rotated) return;
      rotated = true;
      renameSync(join(dir, 'b.log.next'), second); // b.log is rotated while a.log is read
    };
    const error = await analyzePathsParallel([folder], { referenceTime: REFERENCE, jobs: 2, minChunkBytes: 128 << 10, workerScript: WORKER, onProgress }).then(() => null, (e: unknown) => e);
    assert.ok(rotated);
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.message, `cannot read ${second}: another file took its place while it was being read`);
  });
});

describe('planning a file', () => {
  it('cuts application logs from 32 MiB on, access logs (read from bytes, twice as fast) with two jobs only from 112 MiB', async () => {
    const access = await ensureCorpus(join(dir, 'plan-access.log'), 'access', 34 << 20);
    const application = await ensureCorpus(join(dir, 'plan-app.log'), 'app', 34 << 20);
    assert.equal((await planFile(access, 2, {})).cuts, null, 'a 34 MiB access log is read on one thread');
    assert.equal((await planFile(application, 2, {})).cuts?.length, 2, 'a 34 MiB application log is cut in two');
    // Told a format other than the access log's, or a smallest range, the access log is cut too.
    assert.equal((await planFile(access, 2, { format: 'generic' })).cuts?.length, 2);
    assert.equal((await planFile(access, 2, { minChunkBytes: 16 << 20 })).cuts?.length, 2);
    assert.equal((await planFile(access, 1, {})).cuts, null, 'one job never cuts');
    assert.equal((await planFile(access, 3, {})).cuts?.length, 3, 'three jobs share it as any other file');
  });

  it('reads the first lines as the line splitter gives them, long lines and CRLF included', async () => {
    // Lines from 10 bytes to 300 KiB: the sample crosses the first blocks' ends and needs the larger ones.
    const lines = Array.from({ length: 40 }, (_, i) => `${i} ${'x'.repeat((i * 7919) % 300_000)}`);
    const path = join(dir, 'first-lines.log');
    writeFileSync(path, '\ufeff' + lines.join('\r\n') + '\r\n');
    assert.deepEqual(await readFirstLines(path, 40, 1 << 30), lines);
    assert.deepEqual(await readFirstLines(path, 3, 1 << 30), lines.slice(0, 3));
    assert.equal(await readFirstLines(path, 41, 1 << 30), null, 'fewer lines than asked for');
    assert.equal(await readFirstLines(path, 40, 1 << 20), null, 'not within the first MiB');
  });
});

describe('incremental analysis', () => {
  it('fed in arbitrary pieces, ends with the summary of the whole text', () => {
    const text = readFileSync(writeLines('tail.log', applicationLogLines(11), 5_000), 'utf8');
    const whole = analyzeText(text, 'tail.log', { referenceTime: REFERENCE });
    const incremental = new IncrementalAnalysis('tail.log', { referenceTime: REFERENCE });
    const bytes = Buffer.from(text);
    let position = 0;
    let step = 1;
    while (position < bytes.length) {
      const next = Math.min(bytes.length, position + step);
      incremental.append(bytes.subarray(position, next));
      position = next;
      step = (step * 7 + 13) % 40_000; // cuts inside lines and inside multi-byte characters too
      if (position % 3 === 0) incremental.summary(); // summaries in between must not disturb the result
    }
    assert.deepEqual({ ...incremental.summary(), sources: [] }, { ...whole.summary, sources: [] });
  });

  it('counts only complete lines and answers before a format is chosen', () => {
    const incremental = new IncrementalAnalysis('few.log', { referenceTime: REFERENCE });
    incremental.append('2024-03-01 10:00:00,000 ERROR [main] a.B - first failure\n2024-03-01 10:00:01,000 INFO [main] a.B - par');
    assert.equal(incremental.summary().records, 1);
    incremental.append('tial line done\n');
    const summary = incremental.summary();
    assert.equal(summary.records, 2);
    assert.equal(summary.levels.error, 1);
  });
});
