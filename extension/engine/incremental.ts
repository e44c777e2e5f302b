/**
 * Analysis that grows with its input, for live tail: keep one of these per followed file, give
 * it the bytes appended since last time, and ask for the summary whenever the view refreshes.
 * The work per update is proportional to the appended bytes (plus building the summary).
 * Fed in any pieces, it ends with the same aggregates as analysing the whole text at once.
 */
import { Aggregator } from './aggregator';
import type { AnalyzeOptions } from './analyze';
import type { LineSplitter } from './lines';
import { SourceAnalyzer } from './sourceAnalyzer';
import type { Summary } from './summary';

/**
 * What was read of a source before an IncrementalAnalysis takes it over (a file's head read in
 * ranges, see analyzeFileHead): its bytes end where a record starts.
 */
export interface AnalysisHead {
  /** The aggregates of the head's lines. */
  readonly aggregator: Aggregator;
  /** Lines in the head. */
  readonly lines: number;
  /** Where the head ends: the start of a line that starts a record. */
  readonly bytes: number;
  /** The source's first lines: the format is detected from them. */
  readonly detectionSample: readonly string[];
  /** The reference time the head was read with (year-less timestamps). */
  readonly referenceTime: number;
}

export class IncrementalAnalysis {
  readonly aggregator: Aggregator;
  private readonly source: SourceAnalyzer;
  private readonly splitter: LineSplitter;
  private appendedBytes: number;

  constructor(
    /** The source's name or path (the default host of its records). */
    private readonly name: string,
    private readonly options: AnalyzeOptions = {},
    /** Reads on after this head, whose aggregates it adds to (given: the bytes appended follow it). */
    head?: AnalysisHead,
  ) {
    this.aggregator = head?.aggregator ?? new Aggregator(options);
    this.appendedBytes = head?.bytes ?? 0;
    const sourceOptions =
      head === undefined ? options : { ...options, lineOffset: head.lines, detectionSample: head.detectionSample, referenceTime: head.referenceTime };
    this.source = new SourceAnalyzer(this.aggregator, name, () => this.appendedBytes, sourceOptions);
    this.splitter = this.source.lineSplitter(head === undefined);
  }

  /** Bytes given so far (with the head's). */
  get bytes(): number {
    return this.appendedBytes;
  }

  /** Adds bytes appended to the source. A last line without newline waits for the rest. */
  append(chunk: Buffer | string): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.appendedBytes += buffer.length;
    this.splitter.push(buffer);
  }

  /**
   * The summary of every complete line so far. Cheap to call often; later appends continue
   * where this left off (a record still open for continuation lines is counted already).
   */
  summary(): Summary {
    if (this.source.detecting) return this.summaryWhileDetecting();
    this.source.commitPending();
    return this.aggregator.summary([
      { path: this.name, format: this.source.formatName, bytes: this.appendedBytes, records: this.aggregator.records },
    ]);
  }

  /** Too few lines to choose a format for good: summarise them on the side, as if they were all. */
  private summaryWhileDetecting(): Summary {
    const aggregator = new Aggregator(this.options);
    const source = new SourceAnalyzer(aggregator, this.name, () => this.appendedBytes, this.options);
    for (const line of this.source.bufferedLines) source.pushLine(line);
    return aggregator.summary([source.finish()]);
  }
}
