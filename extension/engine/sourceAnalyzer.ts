import type { Aggregator, RecordInput } from './aggregator';
import { BUILTIN_FORMATS, compileFormat, detectFormat, formatByName, looksLikeContinuation } from './formats/registry';
import { newParsedLine, resetParsedLine, type LineParser, type ParsedLine } from './formats/types';
import { compileUserFormat } from './formats/userFormat';
import { inferLevelFromMessage } from './levelInference';
import type { Level, SourceInfo } from './summary';
import { YearContext } from './time';

/** Lines read before choosing a format. */
const DETECTION_LINES = 200;

export interface SourceOptions {
  /** A built-in format name, instead of detection. */
  readonly format?: string;
  /** A Loghub-style `<Field>` pattern, instead of detection. */
  readonly logFormat?: string;
  /** Time the log is known not to be later than (file mtime), for year-less timestamps. */
  readonly referenceTime?: number;
  /** Lines before this part of the source (a chunk parsed on its own starts past them). */
  readonly lineOffset?: number;
  /**
   * Called for every record once it is complete, with its template key, the 1-based line of its
   * last line (continuation lines included) and whether no format understood it.
   */
  readonly onRecord?: (record: RecordInput, info: RecordSpan) => void;
}

export interface RecordSpan {
  readonly endLine: number;
  readonly templateId: number;
  readonly unparsed: boolean;
}

/** The host a file's records are attributed to when lines do not name one: its base name. */
export function hostFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  let name = base.replace(/\.gz$/i, '').replace(/(\.\d+)+$/, '');
  name = name.replace(/\.(log|txt|out|err|jsonl|json)$/i, '').replace(/(\.\d+)+$/, '');
  return name.length > 0 ? name : base;
}

/** Feeds one source's lines (in order) into an aggregator, assembling multi-line records. */
export class SourceAnalyzer {
  private parser: LineParser | null = null;
  private fallbacks: LineParser[] | null = null;
  private readonly buffered: string[] = [];
  private readonly parsed: ParsedLine = newParsedLine();
  private readonly years: YearContext;
  private readonly defaultHost: string;
  private lineNumber = 0;
  private records = 0;
  private pending: RecordInput | null = null;
  private pendingUnparsed = false;
  /** Last non-blank line of the pending record. */
  private pendingEnd = 0;
  private unparsedExamples: string[] = [];

  constructor(
    private readonly aggregator: Aggregator,
    private readonly path: string,
    private readonly bytes: () => number,
    private readonly options: SourceOptions = {},
  ) {
    this.years = new YearContext(options.referenceTime ?? Date.now());
    this.defaultHost = hostFromPath(path);
    this.lineNumber = options.lineOffset ?? 0;
    if (options.logFormat !== undefined && options.logFormat !== '') {
      this.parser = compileUserFormat(options.logFormat, this.years);
    } else if (options.format !== undefined && options.format !== '') {
      const format = formatByName(options.format);
      if (format === undefined) throw new Error(`unknown format "${options.format}"`);
      this.parser = compileFormat(format, this.years);
    }
  }

  get formatName(): string {
    return this.parser?.format.name ?? 'unknown';
  }

  get examplesNotUnderstood(): readonly string[] {
    return this.unparsedExamples;
  }

  pushLine(line: string): void {
    if (this.parser === null) {
      this.buffered.push(line);
      if (this.buffered.length >= DETECTION_LINES) this.detectAndReplay();
      return;
    }
    this.handle(line);
  }

  finish(): SourceInfo {
    if (this.parser === null) this.detectAndReplay();
    this.flush();
    return { path: this.path, format: this.formatName, bytes: this.bytes(), records: this.records };
  }

  private detectAndReplay(): void {
    this.parser = detectFormat(this.buffered, this.years).parser;
    for (const line of this.buffered) this.handle(line);
    this.buffered.length = 0;
  }

  private handle(line: string): void {
    this.lineNumber++;
    if (line.length === 0 || line.trim().length === 0) return;
    const parser = this.parser!;
    if (parser.isMetadata(line)) return;
    const out = this.parsed;
    resetParsedLine(out);
    if (parser.parse(line, out)) {
      this.startRecord(out, line, false);
      return;
    }
    const continuable = parser.format.multiline && this.pending !== null;
    if (!(continuable && looksLikeContinuation(line)) && this.parseWithOtherFormat(line, out)) {
      this.startRecord(out, line, false);
      return;
    }
    if (continuable) {
      this.pendingEnd = this.lineNumber; // continuation of the pending record
      return;
    }
    // Not understood and not a continuation: still a record, so nothing is lost.
    resetParsedLine(out);
    out.message = line;
    this.startRecord(out, line, true);
  }

  /** Files that mix formats (or a prefix in front of JSON) are understood line by line. */
  private parseWithOtherFormat(line: string, out: ParsedLine): boolean {
    if (this.options.format || this.options.logFormat) return false;
    this.fallbacks ??= BUILTIN_FORMATS.filter((f) => f.kind !== 'generic' && f.kind !== 'fields-header' && f !== this.parser!.format).map((f) =>
      compileFormat(f, this.years),
    );
    for (const fallback of this.fallbacks) {
      resetParsedLine(out);
      if (fallback.parse(line, out)) return true;
    }
    resetParsedLine(out);
    return false;
  }

  private startRecord(out: ParsedLine, line: string, unparsed: boolean): void {
    this.flush();
    if (unparsed) {
      this.aggregator.unparsedLines++;
      if (this.unparsedExamples.length < 5) this.unparsedExamples.push(line.slice(0, 300));
    }
    const level: Level = out.level ?? inferLevelFromMessage(out.message);
    this.pendingUnparsed = unparsed;
    this.pendingEnd = this.lineNumber;
    this.pending = {
      timestamp: out.timestamp,
      level,
      host: out.host ?? this.defaultHost,
      message: out.message,
      line: this.lineNumber,
      text: line,
      source: this.path,
      client: out.client,
      method: out.method,
      path: out.path,
      status: out.status,
      bytes: out.bytes,
      responseTimeMs: out.responseTimeMs,
      session: out.session,
    };
  }

  private flush(): void {
    if (this.pending === null) return;
    const templateId = this.aggregator.add(this.pending);
    this.options.onRecord?.(this.pending, { endLine: this.pendingEnd, templateId, unparsed: this.pendingUnparsed });
    this.records++;
    this.pending = null;
  }
}
