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
import { LineSplitter, type LineDecoder } from '../lines';
import { SourceAnalyzer } from '../sourceAnalyzer';
import type { Summary } from '../summary';
import type { ChunkResult, ChunkTask } from './chunkProtocol';
import { NO_SPLIT, StealBoard } from './stealBoard';
import { aggregatorToData } from './transfer';

const READ_BYTES = 1 << 20;
/** How far past the middle of what is left a split looks for a newline before giving up. */
const SPLIT_PROBE_BYTES = 1 << 20;
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
  /** The run opened `fd` itself (it closes it then; a task's shared descriptor stays open). */
  private readonly ownsFd: boolean;
  private readonly block = Buffer.allocUnsafe(READ_BYTES);
  /** Next byte to read. */
  position: number;
  private sessionsExpected = false;
  /** Where the range ends: the task's end, until a split moves it closer. */
  private rangeEnd: number;
  /** Where a worker's range is asked to split (absent on the merging thread, which splits its own). */
  private readonly board: StealBoard | null;
  /** When the run was made (performance.now()), for its reading rate. */
  private readonly startedAt: number;

  /**
   * @param sessionBytes the bytes whose sessions this range's table will hold in the end: its
   *   own (a worker's range), or the whole file's (the range the others are merged into).
   */
  constructor(
    private readonly task: ChunkTask,
    private readonly sessionBytes = task.end - task.start,
  ) {
    this.startedAt = performance.now();
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
    this.rangeEnd = task.end;
    this.board = task.board !== undefined ? new StealBoard(task.board.buffer) : null;
    const onBytes = (buffer: Buffer, start: number, end: number, decoder: LineDecoder): void => {
      if (this.done) return;
      if (this.phase !== 'run' && (!source.multiline || source.startsRecord(buffer, start, end))) {
        if (this.phase === 'overrun') {
          this.done = true; // the next range starts here
          return;
        }
        this.phase = 'run';
      }
      if (this.phase === 'skip') return;
      source.pushBytes(buffer, start, end, decoder);
    };
    this.splitter = new LineSplitter((line) => source.pushLine(line), undefined, onBytes, task.start === 0);
    this.ownsFd = task.fd === undefined;
    if (task.fd !== undefined) {
      this.fd = task.fd;
      return;
    }
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
      if (this.board !== null) this.answerBoard(this.board, this.task.board!.slot);
      const inRange = this.position < this.rangeEnd;
      const n = this.read(inRange ? Math.min(READ_BYTES, this.rangeEnd - this.position) : READ_BYTES);
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
      if (this.position >= this.rangeEnd && this.phase === 'skip') this.done = true; // no record starts here: all of it went to the previous range
      if (this.done) this.finished = true;
      if (!this.sessionsExpected && this.position - this.task.start >= SESSION_SAMPLE_BYTES) this.expectSessions();
    }
    if (this.finished) this.close();
    return this.finished;
  }

  /** Bytes a millisecond this run has read since it was made (its warm-up included). */
  get readingRate(): number {
    const elapsed = performance.now() - this.startedAt;
    return elapsed > 0 ? (this.position - this.task.start) / elapsed : 0;
  }

  /** Bytes this run reads in `ms` milliseconds at its rate so far: a handicap for `split`. */
  bytesIn(ms: number): number {
    return Math.round(this.readingRate * ms);
  }

  /** Where the range ends now (its task's end, or where it was last split). */
  get end(): number {
    return this.rangeEnd;
  }

  /**
   * Gives up the second half of what is left to read, if both halves would hold at least
   * `minPart` bytes: the range then ends at the first line start past the middle, which is
   * returned (the rest is another range's, from there to the old end). NO_SPLIT otherwise.
   * `handicap`: bytes the other range's reader is slower by (see readingRate), kept on this
   * side of the middle (half of them) so both ranges end about together.
   */
  split(minPart: number, handicap = 0): number {
    const left = this.rangeEnd - this.position;
    if (this.finished || left < 2 * minPart + handicap) return NO_SPLIT;
    const middle = this.position + Math.floor((left + handicap) / 2);
    let cut: number;
    try {
      cut = lineStartAfter(this.fd!, middle, Math.min(this.rangeEnd, middle + SPLIT_PROBE_BYTES));
    } catch (error) {
      throw cannotRead(this.task.path, error);
    }
    // No line starts in the second half's first MiB: it stays with this range.
    if (cut < 0 || cut >= this.rangeEnd) return NO_SPLIT;
    this.rangeEnd = cut;
    return cut;
  }

  /** Tells the board how far this worker has read, and answers its request to split, if any. */
  private answerBoard(board: StealBoard, slot: number): void {
    board.tellPosition(slot, this.position);
    if (board.asked(slot)) board.answer(slot, this.split(this.task.board!.minPart, this.bytesIn(board.handicapMs(slot))));
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

  /** Closes the file (a run given up on); a request to split gets "no" from now on. */
  close(): void {
    if (this.fd !== null && this.ownsFd) closeSync(this.fd);
    this.fd = null;
    this.board?.finish(this.task.board!.slot);
  }

  /**
   * A summary of what this run has read so far, while it reads on: for the range at a file's
   * start, the summary of the file's first bytes. The aggregates stay usable (as a tail's are
   * after its summaries): the counts kept by key are folded in and the record waiting for its
   * continuation lines is added now.
   */
  summarySoFar(): Summary {
    this.source.commitPending();
    return this.aggregator.summary([
      { path: this.task.path, format: this.source.formatName, bytes: this.bytesRead, records: this.aggregator.records },
    ]);
  }

  /** Bytes of the range read so far. */
  get bytesRead(): number {
    return Math.min(this.position, this.rangeEnd) - this.task.start;
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

/**
 * Where the line after the first newline at or past `from` starts, if that newline lies before
 * `limit`; -1 otherwise. Read errors are thrown as they are.
 */
export function lineStartAfter(fd: number, from: number, limit: number): number {
  const probe = Buffer.allocUnsafe(64 << 10);
  for (let at = from; at < limit; ) {
    const n = readSync(fd, probe, 0, Math.min(probe.length, limit - at), at);
    if (n === 0) break;
    const newline = probe.subarray(0, n).indexOf(10);
    if (newline >= 0) return at + newline + 1;
    at += n;
  }
  return -1;
}

/** `onRead`: told where the range ended once it is read, before its aggregates are packed. */
export function analyzeChunk(task: ChunkTask, onRead?: (end: number) => void): ChunkResult {
  const run = new ChunkRun(task);
  try {
    run.step();
  } finally {
    run.close();
  }
  onRead?.(run.end);
  const outcome = run.outcome();
  return { taskId: task.taskId, ...outcome, end: run.end, aggregator: aggregatorToData(outcome.aggregator) };
}
