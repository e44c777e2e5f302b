import type { Aggregator, RecordHandles, RecordInput } from './aggregator';
import { newEntryHandle } from './boundedMap';
import { compileCustomFormats, type CustomFormatSetting } from './formats/customFormats';
import { BUILTIN_FORMATS, compileFormat, detectFormat, formatByName, looksLikeContinuation } from './formats/registry';
import { newParsedLine, resetParsedLine, type FormatDefinition, type LineParser, type ParsedLine } from './formats/types';
import { compileUserFormat } from './formats/userFormat';
import { apacheCombined } from './formats/builtin/access';
import { compileAccessBytesParser, type BytesLineParser, type MutableHandles } from './formats/accessBytesParser';
import type { LevelKeywords } from './levelKeywords';
import { LevelVocabulary } from './levels';
import { LineSplitter, UTF8_DECODER, type LineDecoder } from './lines';
import type { SourceInfo } from './summary';
import { YearContext } from './time';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every field of a record, so that records made from it share one shape. */
const EMPTY_RECORD: RecordInput = {
  timestamp: null, level: 'info', host: '', message: '', line: 0, text: '', source: '', client: null, method: null, path: null,
  status: null, bytes: null, responseTimeMs: null, session: null, handles: undefined, cachedCluster: -1, cachedMiner: null, cachedFacts: -1,
};

/** Lines read before choosing a format (a range of a file gets that many of its start). */
export const DETECTION_LINES = 200;

export interface SourceOptions {
  /** A built-in format name, instead of detection. */
  readonly format?: string;
  /** A Loghub-style `<Field>` pattern, instead of detection. */
  readonly logFormat?: string;
  /** User formats from settings, tried before the built-in ones when detecting. */
  readonly customFormats?: readonly CustomFormatSetting[];
  /**
   * The user's extra level words (`logscope.levelKeywords`). They count wherever built-in level
   * words do: level fields, JSON/logfmt level values, the generic parser's header, detection,
   * and the message words of records that state no level.
   */
  readonly levelKeywords?: LevelKeywords;
  /** Time the log is known not to be later than (file mtime), for year-less timestamps. */
  readonly referenceTime?: number;
  /** Lines before this part of the source (a chunk parsed on its own starts past them). */
  readonly lineOffset?: number;
  /**
   * Called for every record once it is complete, with its template key, the 1-based line of its
   * last line (continuation lines included) and whether no format understood it.
   */
  readonly onRecord?: (record: RecordInput, info: RecordSpan) => void;
  /**
   * The first lines of the whole source, when this analyzer reads a later part of it (a chunk):
   * the format is detected from them, as for the whole source, instead of from the chunk.
   */
  readonly detectionSample?: readonly string[];
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

/** Formats detection chooses from: the user's first (validated), then the built-in ones. */
function detectionCandidates(options: SourceOptions): readonly FormatDefinition[] {
  const custom = options.customFormats;
  return custom === undefined || custom.length === 0 ? BUILTIN_FORMATS : [...compileCustomFormats(custom), ...BUILTIN_FORMATS];
}

/** Formats whose lines a byte-level parser reads (about twice as fast as the others). */
function hasBytesParser(format: FormatDefinition | undefined): boolean {
  return format === apacheCombined;
}

/**
 * Whether a source read with `options` whose first lines are `sample` would be read by a
 * byte-level parser, decided as SourceAnalyzer decides it but without building one (a tenth of
 * the time: no parser tables). False when the options are not valid: reading reports that.
 */
export function readsBytes(sample: readonly string[], options: SourceOptions): boolean {
  try {
    if (options.logFormat !== undefined && options.logFormat !== '') return false;
    if (options.format !== undefined && options.format !== '') return hasBytesParser(formatByName(options.format));
    // The choice does not depend on the year context (detection samples with its own).
    return hasBytesParser(detectFormat(sample, new YearContext(), detectionCandidates(options), LevelVocabulary.of(options.levelKeywords)).format);
  } catch {
    return false;
  }
}

/** Feeds one source's lines (in order) into an aggregator, assembling multi-line records. */
export class SourceAnalyzer {
  private parser: LineParser | null = null;
  private fallbacks: LineParser[] | null = null;
  private readonly buffered: string[] = [];
  private readonly parsed: ParsedLine = newParsedLine();
  private readonly scratch: ParsedLine = newParsedLine();
  private readonly years: YearContext;
  private readonly levels: LevelVocabulary;
  private readonly defaultHost: string;
  private lineNumber = 0;
  private records = 0;
  private pending: RecordInput | null = null;
  private pendingUnparsed = false;
  /** Last non-blank line of the pending record. */
  private pendingEnd = 0;
  private unparsedExamples: string[] = [];
  /** Byte-level parser of the chosen format, when it has one (access logs). */
  private bytesParser: BytesLineParser | null = null;
  /** The format's records start with a digit and may span lines (see continuesPending). */
  private indentedContinues = false;
  /** The pending record was already added to the aggregator (for partial summaries). */
  private pendingCommitted = false;
  private pendingTemplateId = 0;
  private readonly defaultHostHandle = newEntryHandle();
  /** The one record object every record is written into when nobody keeps records (no onRecord). */
  private readonly reusedRecord: Mutable<RecordInput> = { ...EMPTY_RECORD };
  private reusedText: LazyText | null = null;
  /** The bytes of the line being handled, while `pushBytes` hands it on decoded; else null. */
  private lineBytes: Buffer | null = null;
  private lineBytesStart = 0;
  private lineBytesEnd = 0;

  constructor(
    private readonly aggregator: Aggregator,
    private readonly path: string,
    private readonly bytes: () => number,
    private readonly options: SourceOptions = {},
  ) {
    this.years = new YearContext(options.referenceTime ?? Date.now());
    this.levels = LevelVocabulary.of(options.levelKeywords);
    this.defaultHost = hostFromPath(path);
    this.lineNumber = options.lineOffset ?? 0;
    if (options.logFormat !== undefined && options.logFormat !== '') {
      this.parser = compileUserFormat(options.logFormat, this.years, this.levels);
    } else if (options.format !== undefined && options.format !== '') {
      const format = formatByName(options.format);
      if (format === undefined) throw new Error(`unknown format "${options.format}"`);
      this.parser = compileFormat(format, this.years, this.levels);
    }
    if (options.detectionSample !== undefined) {
      this.parser ??= detectFormat(options.detectionSample, this.years, this.candidates(), this.levels).parser;
      // A later part of a file still needs the directives at its start (W3C `#Fields:`, Zeek `#fields`).
      for (const line of options.detectionSample) if (line.startsWith('#')) this.parser.isMetadata(line);
    }
    this.chooseBytesParser();
  }

  private chooseBytesParser(): void {
    const format = this.parser?.format;
    this.indentedContinues =
      format !== undefined && format.kind === 'regex' && format.multiline && format.startsWithDigit === true && format.commentPrefix === undefined;
    this.bytesParser = format !== undefined && hasBytesParser(format) ? compileAccessBytesParser(this.years) : null;
    if (this.bytesParser !== null) {
      this.bytesParser.tally.sink = this.aggregator;
      // Records passed on (onRecord) carry their texts; records added at once need not.
      this.bytesParser.lean = this.options.onRecord === undefined;
    }
  }

  get formatName(): string {
    return this.parser?.format.name ?? 'unknown';
  }

  /** The format in use (a custom one can share a built-in's name), or null before detection. */
  get format(): FormatDefinition | null {
    return this.parser?.format ?? null;
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

  /**
   * A splitter whose lines come to this source, as bytes after the first (see pushBytes).
   * @param atStartOfInput false when the bytes start mid-file (no byte-order mark there)
   */
  lineSplitter(atStartOfInput = true): LineSplitter {
    return new LineSplitter(
      (line) => this.pushLine(line),
      undefined,
      (buffer, start, end, decoder) => this.pushBytes(buffer, start, end, decoder),
      atStartOfInput,
    );
  }

  /**
   * One line as bytes (no line ending). Formats with a byte-level parser read it without
   * decoding; other lines are decoded and go through `pushLine`.
   */
  pushBytes(buffer: Buffer, start: number, end: number, decoder: LineDecoder = UTF8_DECODER): void {
    const fast = this.bytesParser;
    if (fast !== null) {
      const out = this.parsed;
      resetParsedLine(out);
      if (fast.parseBytes(buffer, start, end, out)) {
        this.lineNumber++;
        // The parser's lines name no host: all their records go to the file's host.
        (fast.handles as MutableHandles).host = this.defaultHostHandle;
        if (this.options.onRecord === undefined) {
          this.addAtOnce(out, buffer, start, end, fast.handles);
          return;
        }
        this.startRecord(out, decoder.decode(buffer, start, end), false, fast.handles);
        this.flush();
        return;
      }
    }
    if (this.indentedContinues && this.pending !== null && this.continuesPending(buffer, start, end)) return;
    const line = decoder.decode(buffer, start, end);
    if (this.parser === null) {
      this.pushLine(line);
      return;
    }
    // Handled now (not kept for detection): its record can find its template from these bytes.
    this.lineBytes = buffer;
    this.lineBytesStart = start;
    this.lineBytesEnd = end;
    this.handle(line);
    this.lineBytes = null;
  }

  /**
   * An indented line that is not blank, while a record waits for its continuation lines, of a
   * format whose records start with a digit: `handle` would only extend that record with it
   * (no record starts with a space or tab, and indented lines look like continuations). Done
   * here without decoding it: a third of an application log's lines are stack frames.
   */
  private continuesPending(buffer: Buffer, start: number, end: number): boolean {
    const first = buffer[start];
    if (first !== 9 && first !== 32) return false;
    // A printable ASCII byte is never trimmed away: the line is not blank.
    for (let i = start + 1; i < end; i++) {
      const byte = buffer[i]!;
      if (byte > 32 && byte < 127) {
        this.lineNumber++;
        this.pendingEnd = this.lineNumber;
        return true;
      }
    }
    return false;
  }

  /** True when records may span several lines (chunks must then be cut at record starts). */
  get multiline(): boolean {
    return this.parser?.format.multiline ?? true;
  }

  /**
   * True when this line would start a new record whatever came before it (the chosen format
   * parses it), so a chunk may begin there. Needs a chosen format.
   */
  startsRecord(buffer: Buffer, start: number, end: number): boolean {
    const parser = this.parser;
    if (parser === null) return false;
    const scratch = this.scratch;
    resetParsedLine(scratch);
    if (this.bytesParser !== null && this.bytesParser.parseBytes(buffer, start, end, scratch)) return true;
    const line = buffer.toString('utf8', start, end);
    if (line.trim().length === 0 || parser.isMetadata(line)) return false;
    resetParsedLine(scratch);
    return parser.parse(line, scratch);
  }

  /** Lines given so far (including lines before `lineOffset`). */
  get linesSeen(): number {
    return this.lineNumber + this.buffered.length;
  }

  /**
   * Brings the aggregator up to date for a summary taken mid-stream: the counts the access
   * parser keeps by key are folded in, and the record still waiting for continuation lines is
   * added now (later continuation lines still extend it).
   */
  commitPending(): void {
    this.bytesParser?.tally.settle();
    if (this.pending === null || this.pendingCommitted) return;
    this.pendingTemplateId = this.aggregator.add(this.pending);
    this.pendingCommitted = true;
  }

  /** True until a format is chosen (fewer than the detection sample's lines seen). */
  get detecting(): boolean {
    return this.parser === null;
  }

  /** The lines waiting for format detection. */
  get bufferedLines(): readonly string[] {
    return this.buffered;
  }

  finish(): SourceInfo {
    if (this.parser === null) this.detectAndReplay();
    this.flush();
    this.bytesParser?.tally.settle();
    return { path: this.path, format: this.formatName, bytes: this.bytes(), records: this.records };
  }

  private detectAndReplay(): void {
    this.parser = detectFormat(this.buffered, this.years, this.candidates(), this.levels).parser;
    this.chooseBytesParser();
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
    out.messageOffset = 0;
    this.startRecord(out, line, true);
  }

  private candidates(): readonly FormatDefinition[] {
    return detectionCandidates(this.options);
  }

  /** Files that mix formats (or a prefix in front of JSON) are understood line by line. */
  private parseWithOtherFormat(line: string, out: ParsedLine): boolean {
    if (this.options.format || this.options.logFormat) return false;
    this.fallbacks ??= BUILTIN_FORMATS.filter((f) => f.kind !== 'generic' && f.kind !== 'fields-header' && f !== this.parser!.format).map((f) =>
      compileFormat(f, this.years, this.levels),
    );
    for (const fallback of this.fallbacks) {
      resetParsedLine(out);
      if (fallback.parse(line, out)) return true;
    }
    resetParsedLine(out);
    return false;
  }

  private startRecord(out: ParsedLine, line: string | LazyText, unparsed: boolean, handles?: RecordHandles): void {
    this.flush();
    if (unparsed) {
      this.aggregator.unparsedLines++;
      if (this.unparsedExamples.length < 5) this.unparsedExamples.push(String(line).slice(0, 300));
    }
    this.pendingUnparsed = unparsed;
    this.pendingEnd = this.lineNumber;
    // Nobody keeps a record once it is added (no onRecord; the aggregator copies what it
    // keeps), so one object serves every record: as many bytes of garbage fewer as were read.
    const reused = this.options.onRecord === undefined ? this.reusedRecord : undefined;
    this.pending = this.recordOf(out, line as string, handles, reused);
  }

  /** Writes the record of a parsed line into `into` (a new object unless given one to reuse). */
  private recordOf(out: ParsedLine, text: string, handles: RecordHandles | undefined, into: Mutable<RecordInput> = { ...EMPTY_RECORD }): RecordInput {
    const cluster = this.cachedClusterOf(out, text);
    into.timestamp = out.timestamp;
    into.level = out.level ?? this.levels.inferFromMessage(out.message);
    into.host = out.host ?? this.defaultHost;
    into.message = out.message;
    into.line = this.lineNumber;
    into.text = text;
    into.source = this.path;
    into.client = out.client;
    into.method = out.method;
    into.path = out.path;
    into.status = out.status;
    into.bytes = out.bytes;
    into.responseTimeMs = out.responseTimeMs;
    into.session = out.session;
    into.handles = handles;
    into.cachedCluster = cluster;
    into.cachedMiner = cluster >= 0 ? this.aggregator.miner : null;
    into.cachedFacts = cluster >= 0 ? this.aggregator.miner.lastFacts : -1;
    return into;
  }

  /**
   * The cluster of the line's message from the template miner's cache, read from the bytes of
   * the line being handled when the message is written in an ASCII line as it is; -1 otherwise.
   */
  private cachedClusterOf(out: ParsedLine, text: string): number {
    const bytes = this.lineBytes;
    // As many characters as bytes: no multi-byte character, so the message's bytes are at its offset.
    if (bytes === null || out.messageOffset < 0 || text.length !== this.lineBytesEnd - this.lineBytesStart) return -1;
    const start = this.lineBytesStart + out.messageOffset;
    return this.aggregator.miner.cachedClusterOfAscii(bytes, start, start + out.message.length, out.message);
  }

  /**
   * A record with no continuation lines (access logs) goes to the aggregator at once, through
   * one reused record and text: nobody keeps them (no onRecord), and the aggregator copies
   * what it keeps. Saves two allocations per line, which the profile showed as GC time.
   */
  private addAtOnce(out: ParsedLine, buffer: Buffer, start: number, end: number, handles: RecordHandles): void {
    this.flush();
    const text = (this.reusedText ??= new LazyText());
    text.point(buffer, start, end);
    const record = this.recordOf(out, text as unknown as string, handles, this.reusedRecord);
    this.aggregator.add(record);
    this.records++;
  }

  private flush(): void {
    if (this.pending === null) return;
    const templateId = this.pendingCommitted ? this.pendingTemplateId : this.aggregator.add(this.pending);
    this.pendingCommitted = false;
    this.options.onRecord?.(this.pending, { endLine: this.pendingEnd, templateId, unparsed: this.pendingUnparsed });
    this.records++;
    this.pending = null;
  }
}

/**
 * A line's text decoded only when read (most records never need it: only a template's first
 * example does). Valid while the buffer is unchanged, i.e. while the record is being added.
 */
class LazyText {
  private buffer: Buffer | null = null;
  private start = 0;
  private end = 0;

  point(buffer: Buffer, start: number, end: number): void {
    this.buffer = buffer;
    this.start = start;
    this.end = end;
  }

  slice(from?: number, to?: number): string {
    return this.toString().slice(from, to);
  }

  toString(): string {
    return this.buffer === null ? '' : this.buffer.toString('utf8', this.start, this.end);
  }
}
