/**
 * Analyses one newline-aligned byte range of a file on its own, so that the ranges of a file,
 * analysed in parallel and merged in order, give the same aggregates as one sequential pass.
 *
 * Records of multi-line formats may straddle a range boundary. A range therefore leaves the
 * lines before its first record start to the previous range, and a range reads past its end
 * until the next record start (the same rule on both sides, so every line is read once).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { Aggregator } from '../aggregator';
import { cannotRead } from '../analyze';
import { LineSplitter } from '../lines';
import { SourceAnalyzer } from '../sourceAnalyzer';
import type { ChunkResult, ChunkTask } from './chunkProtocol';
import { aggregatorToData } from './transfer';

const READ_BYTES = 1 << 20;
/** Bytes read before the session count is extrapolated to the bytes to come. */
const SESSION_SAMPLE_BYTES = 16 << 20;

/** What a range's analysis gives, with its aggregates as they are (see ChunkResult). */
export interface ChunkOutcome {
  readonly aggregator: Aggregator;
  readonly lines: number;
  readonly records: number;
  readonly format: string;
  readonly notUnderstood: readonly string[];
}

/**
 * One range's analysis, read a step at a time: a worker reads its range in one step, the
 * thread that merges reads its own range in steps between which it answers messages.
 */
export class ChunkRun {
  private readonly aggregator: Aggregator;
  private readonly source: SourceAnalyzer;
  private readonly splitter: LineSplitter;
  /** skip: lines before this range's first record start; run: the range; overrun: past the end. */
  private phase: 'skip' | 'run' | 'overrun';
  /** The next range starts at the line just seen (or no record starts in this one). */
  private done = false;
  /** Every line of the range has been read. */
  private finished = false;
  private fd: number | null;
  private readonly block = Buffer.allocUnsafe(READ_BYTES);
  /** Next byte to read. */
  position: number;
  private sessionsExpected = false;

  /**
   * @param sessionBytes the bytes whose sessions this range's table will hold in the end: its
   *   own (a worker's range), or the whole file's (the range the others are merged into).
   */
  constructor(
    private readonly task: ChunkTask,
    private readonly sessionBytes = task.end - task.start,
  ) {
    this.aggregator = new Aggregator({ collectTemplateLines: task.collectTemplateLines, timeZone: task.timeZone });
    const source = new SourceAnalyzer(this.aggregator, task.path, () => 0, {
      format: task.format,
      logFormat: task.logFormat,
      customFormats: task.customFormats,
      levelKeywords: task.levelKeywords,
      referenceTime: task.referenceTime,
      detectionSample: task.detectionSample,
    });
    this.source = source;
    this.phase = task.start > 0 ? 'skip' : 'run';
    this.position = task.start;
    const onBytes = (buffer: Buffer, start: number, end: number): void => {
      if (this.done) return;
      if (this.phase !== 'run' && (!source.multiline || source.startsRecord(buffer, start, end))) {
        if (this.phase === 'overrun') {
          this.done = true; // the next range starts here
          return;
        }
        this.phase = 'run';
      }
      if (this.phase === 'skip') return;
      source.pushBytes(buffer, start, end);
    };
    this.splitter = new LineSplitter((line) => source.pushLine(line), undefined, onBytes, task.start === 0);
    // The file can vanish or turn unreadable after it was planned: say so as the sequential path does.
    try {
      this.fd = openSync(task.path, 'r');
    } catch (error) {
      throw cannotRead(task.path, error);
    }
  }

  /** Reads about `bytes` more (at least a block); true once the range is read (the file is then closed). */
  step(bytes = Infinity): boolean {
    let budget = bytes;
    while (!this.finished && budget > 0) {
      const inRange = this.position < this.task.end;
      const n = this.read(inRange ? Math.min(READ_BYTES, this.task.end - this.position) : READ_BYTES);
      if (n === 0) {
        // A last line without newline is ours if the range reached the end of the file (and a
        // record started in it: a range that shrank before its first record start has none).
        if (this.phase !== 'skip') this.splitter.end();
        this.finished = true;
        break;
      }
      if (!inRange) this.phase = 'overrun';
      this.splitter.push(this.block.subarray(0, n));
      this.position += n;
      budget -= n;
      // The range ends after a newline: no partial line is pending there.
      if (this.position >= this.task.end && this.phase === 'skip') this.done = true; // no record starts here: all of it went to the previous range
      if (this.done) this.finished = true;
      if (!this.sessionsExpected && this.position - this.task.start >= SESSION_SAMPLE_BYTES) this.expectSessions();
    }
    if (this.finished) this.close();
    return this.finished;
  }

  /**
   * Sizes the session table once for the sessions the bytes to come will likely bring, at the
   * rate seen so far (plus a tenth): the application bench log's million trace ids otherwise
   * grew it a dozen times per range, and once more in the final merge.
   */
  private expectSessions(): void {
    this.sessionsExpected = true;
    const seen = this.aggregator.liveSessions;
    const read = this.position - this.task.start;
    if (seen > 0) this.aggregator.expectSessions(seen * (this.sessionBytes / read) * 1.1);
  }

  /** Closes the file (a run given up on). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** The range's aggregates, once `step` said it is read. */
  outcome(): ChunkOutcome {
    const info = this.source.finish();
    return {
      aggregator: this.aggregator,
      lines: this.source.linesSeen,
      records: info.records,
      format: info.format,
      notUnderstood: this.source.examplesNotUnderstood,
    };
  }

  private read(length: number): number {
    try {
      return readSync(this.fd!, this.block, 0, length, this.position);
    } catch (error) {
      throw cannotRead(this.task.path, error);
    }
  }
}

export function analyzeChunk(task: ChunkTask): ChunkResult {
  const run = new ChunkRun(task);
  try {
    run.step();
  } finally {
    run.close();
  }
  const outcome = run.outcome();
  return { taskId: task.taskId, ...outcome, aggregator: aggregatorToData(outcome.aggregator) };
}
