/**
 * `analyzePaths` on several cores: large plain files are cut into newline-aligned ranges that
 * worker threads analyse on their own (see analyzeChunk.ts); their aggregates are merged in
 * file order. Small and gzip files are read on the main thread as before. With one job, or
 * nothing large to split, this is exactly `analyzePaths`.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Aggregator } from '../aggregator';
import { analyzePaths, cannotRead, expandPaths, InputError, isGzip, streamFile, type AnalysisResult, type AnalyzeOptions } from '../analyze';
import type { AnalysisHead } from '../incremental';
import { LineSplitter, utf16ByteOrder } from '../lines';
import { DETECTION_LINES, readsBytes, SourceAnalyzer, type SourceOptions } from '../sourceAnalyzer';
import type { SourceInfo, Summary } from '../summary';
import { ChunkRun, lineStartAfter, type ChunkOutcome } from './analyzeChunk';
import type { ChunkTask } from './chunkProtocol';
import { NO_SPLIT, StealBoard } from './stealBoard';
import { aggregatorFromData } from './transfer';
import { findWorkerScript, WorkerPool } from './workerPool';

export interface ParallelAnalyzeOptions extends AnalyzeOptions {
  /** Worker threads (default: the machine's available parallelism). 1 = sequential. */
  readonly jobs?: number;
  /** Path of the bundled `chunkWorker.js` (default: found beside this bundle). */
  readonly workerScript?: string;
  /** Called once, early, with a summary of the first bytes of the first file (time to first figures). */
  readonly onPartialSummary?: (summary: Summary) => void;
  /**
   * Called now and then after the first figures, while this thread reads the first file's first
   * range, with a summary of the file's bytes read so far from its start: the views fill in
   * while the other ranges are read. Only past the first figures' bytes (never fewer records).
   */
  readonly onSummarySoFar?: (summary: Summary) => void;
  /** Least time between two `onSummarySoFar` calls (default 1.5 s, as a tail's partial summaries). */
  readonly summarySoFarEveryMs?: number;
  /**
   * Smallest range a worker gets (default 16 MiB, and 56 MiB for access logs read with two
   * jobs: see DEFAULT_MIN_CHUNK_READ_AS_BYTES); smaller files are read on the main thread.
   */
  readonly minChunkBytes?: number;
  /** Most ranges a file is cut into per worker (default 1; see DEFAULT_RANGES_PER_JOB). */
  readonly rangesPerJob?: number;
  /** Smallest part a split of a range leaves on either side (default 32 MiB). */
  readonly minSplitBytes?: number;
  /** Bytes this thread reads between two looks at the workers (default 4 MiB). */
  readonly stepBytes?: number;
  /** Where the first range ends (default: where an equal share would; tests make it small or large). */
  readonly firstRangeBytes?: number;
  /** Called when a range is split: the new range is [start, end) of `path`. */
  readonly onSplit?: (path: string, start: number, end: number) => void;
}

/** Bytes the first figures are made of (see tail.ts: one MiB fills every view, fast even cold). */
const PARTIAL_BYTES = 1 << 20;
const DEFAULT_MIN_CHUNK = 16 << 20;
/**
 * The same for formats a byte-level parser reads (access logs), which cost about half as much
 * per byte, when two threads read (two cores, shared: one thread alone runs about 1.4 times as
 * fast as each of two): a second thread's start, warm-up and merge pay only from some 110 MiB
 * on. One job against two on this project's 2-vCPU machine, access logs: 50 MiB 0.77-0.80 s
 * against 0.91-0.96 s, 100 MiB 1.06-1.12 against 1.10-1.15 s, 150 MiB 1.37-1.40 against
 * 1.28-1.34 s; application logs gain from 50 MiB on (0.98-1.14 against 0.99-1.06 s; 100 MiB
 * 1.55-1.72 against 1.24-1.33 s). With three threads or more, not measured here, each reads a
 * smaller share: the general smallest range applies.
 */
const DEFAULT_MIN_CHUNK_READ_AS_BYTES = 56 << 20;
/**
 * Ranges per worker, by default. More would balance the workers when other work shares the
 * cores, but every range has its own interners and maps to fill, send and merge: on the 1 GiB
 * bench files two ranges a worker instead of one cost 20% more time on access logs (4.97-5.06 s
 * against 4.08-4.30 s) and 4-8% on application logs, and 30-55 MiB more peak RSS.
 */
const DEFAULT_RANGES_PER_JOB = 1;

export interface FilePlan {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Which file this is (a file put in its place later has another). */
  readonly identity: string;
  /** Range starts (the first is 0), or null: read on the main thread. */
  readonly cuts: number[] | null;
  readonly sample: readonly string[] | null;
}

async function isUtf16(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return utf16ByteOrder(head.subarray(0, bytesRead)) !== null;
  } finally {
    await handle.close();
  }
}

/** Threads an analysis reads with, this one included (default: one per core). */
function jobsOf(options: ParallelAnalyzeOptions): number {
  return Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
}

export async function analyzePathsParallel(paths: readonly string[], options: ParallelAnalyzeOptions = {}): Promise<AnalysisResult> {
  const jobs = jobsOf(options);
  const script = findWorkerScript(options.workerScript);
  const files = await expandPaths(paths);
  const plans: FilePlan[] = [];
  for (const path of files) {
    try {
      plans.push(await planFile(path, jobs > 1 && script !== undefined ? jobs : 1, options));
    } catch (error) {
      // Gone or unreadable since it was listed: the same one line as the sequential path.
      throw cannotRead(path, error);
    }
  }
  const firstFigures = files.length > 0 ? startFirstFigures(plans[0]!, options) : Promise.resolve();
  if (!plans.some((plan) => plan.cuts !== null)) return analyzePaths(paths, options);

  // This thread reads the first range of each file itself: one thread fewer to start, and one
  // range's aggregates that need not cross threads.
  const pool = new WorkerPool(script!, jobs - 1);
  try {
    let aggregator = new Aggregator(options);
    const sources: SourceInfo[] = [];
    const notUnderstood: { source: string; lines: readonly string[] }[] = [];
    const total = plans.reduce((sum, plan) => sum + plan.size, 0);
    let done = 0;
    const progress = (n: number): void => {
      done += n;
      options.onProgress?.(done, total);
    };
    const lastChunked = plans.map((plan) => plan.cuts !== null).lastIndexOf(true);
    for (const [index, plan] of plans.entries()) {
      if (options.signal?.aborted) throw new InputError('analysis cancelled');
      const referenceTime = options.referenceTime ?? plan.mtimeMs;
      if (plan.cuts === null) {
        const source = new SourceAnalyzer(aggregator, plan.path, () => plan.size, { ...options, referenceTime });
        await streamFile(plan.path, source, progress, options.signal);
        sources.push(source.finish());
        if (source.examplesNotUnderstood.length > 0) notUnderstood.push({ source: plan.path, lines: source.examplesNotUnderstood });
        continue;
      }
      const info = await analyzeChunked({ pool, plan, aggregator, referenceTime, options, progress, last: index === lastChunked, firstFigures });
      aggregator = info.aggregator;
      sources.push(info.source);
      if (info.notUnderstood.length > 0) notUnderstood.push({ source: plan.path, lines: info.notUnderstood });
    }
    return { summary: aggregator.summary(sources), aggregator, notUnderstood };
  } finally {
    await pool.close();
  }
}

function fileIdentity(stat: { dev: number; ino: number }): string {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * First figures from the first megabytes, while the whole input is being read; settles once
 * they are out (this thread reads its own range only after them: its steps would delay them).
 */
function startFirstFigures(plan: FilePlan, options: ParallelAnalyzeOptions): Promise<void> {
  const onPartialSummary = options.onPartialSummary;
  if (onPartialSummary === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    setImmediate(() => void partialSummary(plan, options).then(onPartialSummary, () => undefined).finally(resolve));
  });
}

/** Bytes at the end of a file where the line a tail reads on from is looked for (see analyzeFileHead). */
const TAIL_PROBE_BYTES = 4 << 20;
/** Longest line tried there (far below the line splitter's limit). */
const MAX_PROBED_LINE = 64 << 10;

/**
 * Reads a file of `size` bytes as `analyzePathsParallel` would, but for its last few MiB: they
 * are left to a tail (an IncrementalAnalysis given the head), which then follows the file. The
 * head ends where a record starts, so none straddles the two. Null when the file would not be
 * read in ranges (small, compressed, UTF-16, one job, no worker script) or no record starts
 * near its end: the tail reads it all then.
 */
export async function analyzeFileHead(path: string, size: number, options: ParallelAnalyzeOptions): Promise<AnalysisHead | null> {
  const jobs = jobsOf(options);
  const script = findWorkerScript(options.workerScript);
  if (jobs < 2 || script === undefined) return null;
  let whole: FilePlan;
  try {
    whole = await planFile(path, jobs, options, size);
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (whole.cuts === null) return null;
  const firstFigures = startFirstFigures(whole, options);
  let end = -1;
  try {
    end = await recordStartNear(whole, Math.max(whole.cuts[whole.cuts.length - 1]! + 1, size - TAIL_PROBE_BYTES), options);
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (end < 0) {
    await firstFigures; // out before the tail's own
    return null;
  }
  // The head is the whole file's plan cut short: its cuts all lie before `end`, and its sample is
  // the one the probe detected the format from, as the tail will (a file put in its place
  // meanwhile is caught when the ranges open it).
  const plan: FilePlan = { ...whole, size: end };
  const referenceTime = options.referenceTime ?? plan.mtimeMs;
  const pool = new WorkerPool(script, jobs - 1);
  try {
    let done = 0;
    const progress = (n: number): void => {
      done += n;
      options.onProgress?.(done, size);
    };
    const outcome = await analyzeChunked({ pool, plan, aggregator: new Aggregator(options), referenceTime, options, progress, last: true, firstFigures });
    return { aggregator: outcome.aggregator, lines: outcome.lines, bytes: end, detectionSample: plan.sample!, referenceTime };
  } finally {
    await pool.close();
  }
}

/**
 * The first line start in `[from, plan.size)` of a line that starts a record (any line in a
 * one-line format), by the rule ranges use to leave lines to the range before (ChunkRun), so the
 * last range stops right there; -1 if none does.
 */
async function recordStartNear(plan: FilePlan, from: number, options: ParallelAnalyzeOptions): Promise<number> {
  const source = new SourceAnalyzer(new Aggregator(), plan.path, () => 0, {
    ...lineOptions(options),
    referenceTime: options.referenceTime ?? plan.mtimeMs,
    detectionSample: plan.sample!,
  });
  const handle = await fs.open(plan.path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(plan.size - from), 0, plan.size - from, from);
    const block = buffer.subarray(0, bytesRead);
    // Lines whole in the block, from the first line start in it. A line feed always ends a line
    // (a CR before it too, and a lone CR earlier: the line the splitter gives ends there).
    let start = block.indexOf(10) + 1;
    if (start === 0) return -1;
    // The next CR, looked for again only once passed (a search per line would read the whole
    // block each time when it has none).
    let cr = block.indexOf(13, start);
    for (let newline = block.indexOf(10, start); newline >= 0; newline = block.indexOf(10, start)) {
      if (cr >= 0 && cr < start) cr = block.indexOf(13, start);
      const end = cr >= 0 && cr < newline ? cr : newline;
      // A line the splitter would cut short is not tried: the rule would see other bytes.
      if (end - start <= MAX_PROBED_LINE && (!source.multiline || source.startsRecord(block, start, end))) return from + start;
      start = newline + 1;
    }
    return -1;
  } finally {
    await handle.close();
  }
}

/**
 * How a file is read: its ranges for `jobs` workers, or in one piece (`cuts` null).
 * `sizeLimit`: plan the file's first bytes only (a tail reads on from there).
 */
export async function planFile(path: string, jobs: number, options: ParallelAnalyzeOptions, sizeLimit?: number): Promise<FilePlan> {
  const minChunk = options.minChunkBytes ?? DEFAULT_MIN_CHUNK;
  const stat = await fs.stat(path);
  const size = Math.min(stat.size, sizeLimit ?? stat.size);
  let cuts: number[] | null = null;
  let sample: readonly string[] | null = null;
  // Compressed and UTF-16 files are read in one piece: neither can be cut at a newline byte.
  if (jobs > 1 && size >= 2 * minChunk && !(await isGzip(path)) && !(await isUtf16(path))) {
    cuts = await planCuts(path, size, jobs, minChunk, options.rangesPerJob ?? DEFAULT_RANGES_PER_JOB, options.firstRangeBytes);
    sample = await readFirstLines(path, DETECTION_LINES, cuts[1] ?? size);
    if (sample === null || cuts.length < 2) cuts = null; // detection would need more than the first range
    else if (jobs === 2 && options.minChunkBytes === undefined && size < 2 * DEFAULT_MIN_CHUNK_READ_AS_BYTES && readsBytes(sample, lineOptions(options))) cuts = null;
  }
  return { path, size, mtimeMs: stat.mtimeMs, identity: fileIdentity(stat), cuts, sample };
}

/** A file read in ranges, and what its reading needs. */
interface ChunkedFile {
  readonly pool: WorkerPool;
  readonly plan: FilePlan;
  /** The aggregates of the files before it (its ranges are merged into them). */
  readonly aggregator: Aggregator;
  readonly referenceTime: number;
  readonly options: ParallelAnalyzeOptions;
  readonly progress: (bytes: number) => void;
  /** No file after this one needs the workers. */
  readonly last: boolean;
  /** Settled once the first figures are out (this thread's range waits for them). */
  readonly firstFigures: Promise<void>;
}

interface ChunkedOutcome {
  readonly source: SourceInfo;
  /** Lines read (all the file's up to its planned size: the last range reads on to a record start). */
  readonly lines: number;
  readonly notUnderstood: string[];
  readonly aggregator: Aggregator;
}

/** A byte range of a file and where its analysis stands. */
interface Range {
  readonly start: number;
  /** Its end: final once `outcome` is set (a split moves it closer before). */
  end: number;
  /** Its slot on the file's StealBoard. */
  readonly slot: number;
  /** Whether this thread or a worker reads it; null until someone does. */
  reader: 'here' | 'worker' | null;
  /** A split of it was asked for and not yet answered: nothing after it may be merged. */
  splitting: boolean;
  /** It refused a split (too little left, or read to its end): it will not split again. */
  whole: boolean;
  /** Read to its end (`outcome` is set until it is merged). */
  done: boolean;
  outcome?: ChunkOutcome;
}

/** Least time between two summaries of what was read so far (see onSummarySoFar). */
const SUMMARY_SO_FAR_EVERY_MS = 1500;
/** Bytes this thread reads between two looks at its messages (tens of milliseconds of work). */
const STEP_BYTES = 4 << 20;
/**
 * Smallest part a split leaves on either side. A new range costs 50-150 ms before it reads at
 * full speed (fresh interners and maps to fill, on access logs the most), and on this project's
 * 2-vCPU machine one thread alone runs about 1.4 times as fast as each of two together (two
 * single-threaded runs side by side took 1.66-1.74 s against 1.19-1.30 s alone): a split pays
 * only when the reader left alone would need more than about half a second, some 64 MiB.
 */
const DEFAULT_MIN_SPLIT = 32 << 20;
/**
 * What a worker pays for taking part of this thread's range late in a run: a new range's cold
 * start (fresh interners and maps) and, at the end, packing and sending its aggregates. Measured
 * on the 1 GiB access log: a worker given 42 MiB of this thread's last 84 MiB took 611 ms for
 * it, its aggregates arriving 240 ms after this thread had read its 42 MiB.
 */
const WORKER_THIEF_COST_MS = 250;
/**
 * What a reader pays for taking part of a worker's range: the new range's warm-up (the worker
 * keeps its own aggregates to send either way). Measured in one thread on the 1 GiB access log:
 * the first 16 MiB of its second range took 260 ms, of its third to fifth 133-162 ms, at full
 * speed 88.
 */
const NEW_RANGE_WARMUP_MS = 150;
/** Ranges a file may end up cut into (one StealBoard slot each). */
const MAX_RANGES = 1024;

/**
 * Reads a file's ranges on this thread and the pool's workers and merges each result, in file
 * order, as soon as it can. A reader with nothing left to read takes a range nobody has
 * started, or else the second half of what is left of the range that has the most. On the
 * bench's 1 GiB access log cut 25/75, that took 4.21-4.27 s against 4.41-4.51 s without;
 * cut in halves, the threads of this machine's shared cores still finished up to 1.7 s apart.
 */
async function analyzeChunked(file: ChunkedFile): Promise<ChunkedOutcome> {
  const { plan } = file;
  // One descriptor for every range (see ChunkTask.fd): a split may open its range seconds
  // after the others, when a rotated log's name already points to its successor.
  let handle: FileHandle;
  try {
    handle = await fs.open(plan.path, 'r');
  } catch (error) {
    throw cannotRead(plan.path, error);
  }
  try {
    if (fileIdentity(await handle.stat()) !== plan.identity) throw new InputError(`cannot read ${plan.path}: another file took its place while it was being read`);
    return await readRanges(file, handle.fd);
  } finally {
    await handle.close();
  }
}

/** `analyzeChunked` once the file is open as `fd`; no thread reads it once this settles. */
async function readRanges(file: ChunkedFile, fd: number): Promise<ChunkedOutcome> {
  const { pool, plan, aggregator, referenceTime, options, progress, last, firstFigures } = file;
  const cuts = plan.cuts!;
  const minPart = Math.max(1, options.minSplitBytes ?? DEFAULT_MIN_SPLIT);
  const board = new StealBoard(MAX_RANGES);
  const ranges: Range[] = cuts.map((start, slot) => ({ start, end: cuts[slot + 1] ?? plan.size, slot, reader: null, splitting: false, whole: false, done: false }));
  for (const range of ranges) board.open(range.slot, range.start);
  const unstarted = ranges.slice(1);
  /** Set once the file's analysis failed or was cancelled. */
  const stop = { failed: false };
  /** The run of the range this thread reads, while it reads it (it splits that one itself). */
  let here: ChunkRun | null = null;
  let merged = 0;
  let lineOffset = 0;
  let records = 0;
  let format = 'unknown';
  const notUnderstood: string[] = [];
  let into = aggregator;
  const mergeReady = (): void => {
    for (let range = ranges[merged]; range?.outcome !== undefined && !range.splitting; range = ranges[merged]) {
      const { aggregator: part, ...result } = range.outcome;
      range.outcome = undefined;
      part.shiftLines(lineOffset);
      // Nothing to add to yet (the first range of the first file): the part becomes the whole,
      // which spares a merge of a full range's aggregates at the end of the run.
      if (into.isEmpty()) into = part;
      else into.merge(part);
      lineOffset += result.lines;
      records += result.records;
      if (merged === 0) format = result.format;
      for (const line of result.notUnderstood) if (notUnderstood.length < 5) notUnderstood.push(line);
      merged++;
    }
  };
  const taskOf = (range: Range): ChunkTask => ({
    taskId: range.slot,
    path: plan.path,
    fd,
    start: range.start,
    end: range.end,
    detectionSample: range.start === 0 ? undefined : plan.sample!,
    ...lineOptions(options),
    referenceTime,
    collectTemplateLines: options.collectTemplateLines === true,
    timeZone: options.timeZone,
    board: range.reader === 'worker' ? { buffer: board.buffer, slot: range.slot, minPart } : undefined,
  });
  /** Bytes a range has left to read, as far as this thread knows. */
  const left = (range: Range): number => {
    if (range.reader === 'here') return here === null ? 0 : here.end - here.position;
    return range.end - board.position(range.slot);
  };
  /** The next range for `reader`: one nobody has started, or the second half of the one with most left. */
  const nextFor = async (reader: 'here' | 'worker'): Promise<Range | null> => {
    for (;;) {
      const first = unstarted.shift();
      if (first !== undefined) {
        first.reader = reader;
        return first;
      }
      let victim: Range | null = null;
      for (const range of ranges) {
        if (range.reader === null || range.done || range.whole || range.splitting || left(range) < 2 * minPart) continue;
        if (victim === null || left(range) > left(victim)) victim = range;
      }
      if (victim === null || ranges.length >= MAX_RANGES || stop.failed) return null;
      const oldEnd = victim.end;
      let cut: number;
      if (victim.reader === 'here') {
        // A worker that takes part of this thread's range starts it cold and sends it back at
        // the end: it gets less than half, by what it reads in that time at this thread's rate.
        cut = here!.split(minPart, here!.bytesIn(WORKER_THIEF_COST_MS));
      } else {
        victim.splitting = true;
        // Either thief then warms up a new range; the part it gets is smaller by that.
        cut = await board.requestSplit(victim.slot, () => stop.failed, NEW_RANGE_WARMUP_MS);
        victim.splitting = false;
      }
      if (cut === NO_SPLIT) {
        // It had less left than its last word said (what is left only shrinks): look again.
        victim.whole = true;
        mergeReady();
        continue;
      }
      victim.end = cut;
      const tail: Range = { start: cut, end: oldEnd, slot: ranges.length, reader, splitting: false, whole: false, done: false };
      board.open(tail.slot, tail.start);
      ranges.splice(ranges.indexOf(victim) + 1, 0, tail);
      options.onSplit?.(plan.path, cut, oldEnd);
      mergeReady();
      return tail;
    }
  };
  const readOnWorkers = async (): Promise<void> => {
    // A worker's next range is asked for as soon as it has read one (see WorkerPool.run): the
    // results of the ranges before may still be on their way. The first failure ends the wait.
    const results: Promise<void>[] = [];
    let failWith: (error: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (failWith = reject));
    failed.catch(() => undefined); // raced below
    for (let range = await nextFor('worker'); range !== null && !stop.failed; range = await nextFor('worker')) {
      const current = range;
      await new Promise<void>((whenRead) => {
        const settled = pool.run(taskOf(current), () => whenRead()).then(
          (result) => {
            current.end = result.end;
            current.outcome = { ...result, aggregator: aggregatorFromData(result.aggregator, options) };
            current.done = true;
            progress(current.end - current.start);
            mergeReady();
            whenRead();
          },
          (error: unknown) => {
            stop.failed = true;
            board.finish(current.slot); // a request to split it gets its answer
            failWith(error);
            whenRead();
          },
        );
        results.push(settled);
      });
    }
    await Promise.race([Promise.all(results), failed]);
    // Nothing is left to split for this worker, nor will be for any other.
    if (last) pool.retireWhenIdle();
  };
  const readHere = async (): Promise<void> => {
    await firstFigures;
    const first = ranges[0]!;
    first.reader = 'here';
    for (let range: Range | null = first; range !== null; range = await nextFor('here')) {
      // When the first range becomes the whole (nothing read before it), the other ranges'
      // sessions will be merged into its table.
      const sessionBytes = range === first && aggregator.isEmpty() ? plan.size : range.end - range.start;
      const run = new ChunkRun(taskOf(range), sessionBytes);
      here = run;
      // The first file's start: what this thread has read is the file's first bytes.
      const soFar = range === first && range.start === 0 && aggregator.isEmpty() ? options.onSummarySoFar : undefined;
      try {
        range.outcome = await readInSteps(run, options, progress, stop, soFar);
      } catch (error) {
        stop.failed = true; // cancelled, or the file went: the workers' loops stop asking too
        throw error;
      } finally {
        here = null;
        run.close();
      }
      range.end = run.end;
      range.done = true;
      mergeReady();
    }
  };
  // The workers' loops first: this thread's first step runs before it yields, and their
  // threads started only after it (a quarter of a second on a cold start).
  const workersDone = Array.from({ length: pool.size }, readOnWorkers);
  const hereDone = readHere();
  try {
    await Promise.all([hereDone, ...workersDone]);
  } catch (error) {
    // The file closes after this: first stop every thread that might still read it.
    stop.failed = true;
    await pool.close();
    await hereDone.catch(() => undefined);
    throw error;
  }
  if (merged !== ranges.length) throw new Error(`internal error: ${ranges.length - merged} of ${ranges.length} ranges left unmerged`);
  return { source: { path: plan.path, format, bytes: plan.size, records }, lines: lineOffset, notUnderstood, aggregator: into };
}

/**
 * A range read on this thread, in steps: between them, results from the workers are taken in,
 * splits are answered, progress is told and cancellation is seen. Stops when a worker failed
 * (`stop.failed`).
 */
async function readInSteps(
  run: ChunkRun,
  options: ParallelAnalyzeOptions,
  progress: (bytes: number) => void,
  stop: { failed: boolean },
  onSummarySoFar?: (summary: Summary) => void,
): Promise<ChunkOutcome> {
  const every = options.summarySoFarEveryMs ?? SUMMARY_SO_FAR_EVERY_MS;
  let nextSummary = performance.now() + every;
  for (;;) {
    const before = run.bytesRead;
    const finished = run.step(options.stepBytes ?? STEP_BYTES);
    progress(run.bytesRead - before);
    if (finished) return run.outcome();
    if (onSummarySoFar !== undefined && run.bytesRead > PARTIAL_BYTES && performance.now() >= nextSummary) {
      onSummarySoFar(run.summarySoFar());
      nextSummary = performance.now() + every;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new InputError('analysis cancelled');
    if (stop.failed) throw new InputError('analysis stopped: a worker failed');
  }
}

/**
 * The options that decide how lines are read, which every range and the partial summary need
 * to agree with a sequential pass (plain data: they are posted to the workers).
 */
function lineOptions(options: AnalyzeOptions): Pick<SourceOptions, 'format' | 'logFormat' | 'customFormats' | 'levelKeywords'> {
  return { format: options.format, logFormat: options.logFormat, customFormats: options.customFormats, levelKeywords: options.levelKeywords };
}

/**
 * Range starts: `jobs × k` near-equal ranges (or a first range of `firstRangeBytes`, the rest
 * equal), each moved to just after a newline. A 32 MiB head start for the first range, which
 * this thread reads while the workers start, measured slower on the bench files (access 1 GiB
 * 3.95-4.09 s against 3.80-3.86 s, 100 MiB 1.36-1.50 against 1.28-1.42 s), and so did giving
 * it 16 MiB less (100 MiB 1.35-1.41 s); splits even out what equal ranges leave uneven.
 */
async function planCuts(path: string, size: number, jobs: number, minChunk: number, rangesPerJob: number, firstRangeBytes?: number): Promise<number[]> {
  const perJob = Math.max(1, Math.min(rangesPerJob, Math.floor(size / (jobs * minChunk))));
  const count = jobs * perJob;
  // The k-th range starts here, before it is moved to a line start.
  const first = firstRangeBytes === undefined ? size / count : Math.min(size - 1, firstRangeBytes);
  const target = (k: number): number => (k === 1 ? first : first + ((size - first) * (k - 1)) / (count - 1));
  const handle = await fs.open(path, 'r');
  try {
    const cuts = [0];
    for (let k = 1; k < count; k++) {
      const cut = lineStartAfter(handle.fd, Math.max(cuts[cuts.length - 1]! + 1, Math.floor(target(k)) - 1), size);
      if (cut < 0 || cut >= size) break;
      cuts.push(cut);
    }
    return cuts;
  } finally {
    await handle.close();
  }
}

/** First block readFirstLines reads: 200 lines of most logs fit in it. */
const FIRST_LINES_BLOCK = 64 << 10;
/** Its largest block, for long lines. */
const MAX_FIRST_LINES_BLOCK = 1 << 20;

/** The first `count` lines as the line splitter gives them, if they lie within `withinBytes`. */
export async function readFirstLines(path: string, count: number, withinBytes: number): Promise<string[] | null> {
  const handle = await fs.open(path, 'r');
  try {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => {
      if (lines.length < count) lines.push(line);
    });
    // Small blocks first: the splitter decodes every line of a block, and a whole MiB of them
    // cost 20 ms of a run's start (31 ms cold against 10 for the sample's 64 KiB).
    let block = Buffer.allocUnsafe(FIRST_LINES_BLOCK);
    let position = 0;
    while (lines.length < count && position < withinBytes) {
      const { bytesRead } = await handle.read(block, 0, Math.min(block.length, withinBytes - position), position);
      if (bytesRead === 0) break;
      // The splitter keeps its own copy of a line cut at the block's end.
      splitter.push(block.subarray(0, bytesRead));
      position += bytesRead;
      if (block.length < MAX_FIRST_LINES_BLOCK) block = Buffer.allocUnsafe(block.length * 4);
    }
    return lines.length >= count ? lines : null;
  } finally {
    await handle.close();
  }
}

/** A summary of the first megabytes of a file (its record count covers those bytes only). */
async function partialSummary(plan: FilePlan, options: AnalyzeOptions): Promise<Summary> {
  if (await isGzip(plan.path)) throw new InputError('no partial summary of compressed files');
  const aggregator = new Aggregator({ timeZone: options.timeZone });
  const source = new SourceAnalyzer(aggregator, plan.path, () => Math.min(plan.size, PARTIAL_BYTES), {
    ...lineOptions(options),
    referenceTime: options.referenceTime ?? plan.mtimeMs,
  });
  const splitter = source.lineSplitter();
  const handle = await fs.open(plan.path, 'r');
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    let position = 0;
    while (position < PARTIAL_BYTES) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      // Only whole lines: stop at the last newline of the last block.
      let usable = bytesRead;
      if (position + bytesRead >= PARTIAL_BYTES) usable = block.subarray(0, bytesRead).lastIndexOf(10) + 1;
      splitter.push(block.subarray(0, usable));
      position += bytesRead;
    }
    if (position < PARTIAL_BYTES) splitter.end();
  } finally {
    await handle.close();
  }
  return aggregator.summary([source.finish()]);
}
