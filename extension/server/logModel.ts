/**
 * What the language server knows about one log document: every record's line span, level, time
 * and template, built by the engine's SourceAnalyzer (no parsing here). Lines are 0-based.
 */
import { Aggregator, type RecordInput } from '../engine/aggregator';
import type { CustomFormatSetting } from '../engine/formats/customFormats';
import { BUILTIN_FORMATS } from '../engine/formats/registry';
import type { LevelKeywords } from '../engine/levelKeywords';
import { LevelVocabulary } from '../engine/levels';
import { forEachLine } from '../engine/lines';
import { SourceAnalyzer, type RecordSpan } from '../engine/sourceAnalyzer';
import { emptyLevelCounts, type Level, type LevelCounts } from '../engine/summary';

/** Documents are analyzed up to this many lines (VS Code syncs documents up to 50 MB). */
export const DEFAULT_MAX_LINES = 1_000_000;
/** Diagnostic messages keep this much of a record's message. */
const MAX_MESSAGE_CHARS = 300;
/** Text handed to the engine between two yields of the async builder (~20 ms of work). */
const SLICE_CHARS = 256 << 10;

export interface LogModelOptions {
  /** File name (the engine uses it as the host of records that name none). */
  readonly name: string;
  /** The `logscope.logFormat` setting: a Loghub `<Field>` pattern, or empty for detection. */
  readonly logFormat?: string;
  /** The `logscope.formats` setting (validated): regex formats tried before the built-in ones. */
  readonly customFormats?: readonly CustomFormatSetting[];
  /** The `logscope.levelKeywords` setting (validated): the user's extra level words. */
  readonly levelKeywords?: LevelKeywords;
  /** Time the log is known not to be later than (file mtime), for year-less timestamps. */
  readonly referenceTime?: number;
  readonly maxLines?: number;
}

export interface TemplateInfo {
  readonly id: number;
  readonly template: string;
  readonly level: Level;
  count: number;
  /** Index of the template's first record. */
  readonly firstRecord: number;
  firstTime: number | null;
  lastTime: number | null;
}

export interface ErrorRecord {
  readonly record: number;
  /** The record's message (first line), shortened. */
  readonly message: string;
  /** Length of the record's first line, so a diagnostic covers exactly that line. */
  readonly lineLength: number;
}

export function isErrorLevel(level: Level): boolean {
  return level === 'error' || level === 'fatal';
}

export class LogModel {
  /** Per record, in document order. `time` is NaN when the record has no timestamp. */
  readonly firstLine: number[] = [];
  readonly lastLine: number[] = [];
  readonly level: Level[] = [];
  readonly time: number[] = [];
  readonly templateId: number[] = [];
  /** True for records no format understood (their first line has no fields to highlight). */
  readonly unparsed: boolean[] = [];
  readonly errors: ErrorRecord[] = [];
  readonly templates = new Map<number, TemplateInfo>();
  readonly levels: LevelCounts = emptyLevelCounts();
  format = 'unknown';
  /** Set when the configured `logscope.logFormat` could not be used (detection was used instead). */
  logFormatProblem: string | null = null;
  /** The user pattern in effect (empty: the format was detected). */
  logFormat = '';
  /** The regex of the `logscope.formats` format that was detected, or null (built-in or user format). */
  customFormatPattern: string | null = null;
  /** The level words in effect (built-in plus `logscope.levelKeywords`). */
  levelWords = LevelVocabulary.BUILTIN;
  analyzedLines = 0;
  totalLines = 0;

  get records(): number {
    return this.firstLine.length;
  }

  get truncated(): boolean {
    return this.analyzedLines < this.totalLines;
  }

  /** Index of the record whose span holds `line`, or -1 (blank lines before the first record…). */
  recordAtLine(line: number): number {
    let low = 0;
    let high = this.firstLine.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.firstLine[middle]! <= line) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found >= 0 && line <= this.lastLine[found]! ? found : -1;
  }

  /** Index of the first record starting at or after `line` (`records` when there is none). */
  firstRecordFrom(line: number): number {
    let low = 0;
    let high = this.firstLine.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.firstLine[middle]! < line) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The closest earlier record that has a timestamp, or -1. */
  previousTimedRecord(record: number): number {
    for (let i = record - 1; i >= 0; i--) if (!Number.isNaN(this.time[i]!)) return i;
    return -1;
  }

  templateOf(record: number): TemplateInfo | undefined {
    return this.templates.get(this.templateId[record]!);
  }
}

/** Feeds lines to the engine and records what it reports about each record. */
export class LogModelBuilder {
  private readonly model = new LogModel();
  private readonly aggregator = new Aggregator();
  private readonly source: SourceAnalyzer;
  private readonly maxLines: number;
  /** Engine template keys per record; resolved once at the end, after clusters stop merging. */
  private readonly keys: number[] = [];

  constructor(options: LogModelOptions) {
    this.maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
    const onRecord = (record: RecordInput, span: RecordSpan): void => this.addRecord(record, span);
    const logFormat = options.logFormat?.trim() ?? '';
    const base = { referenceTime: options.referenceTime, levelKeywords: options.levelKeywords, customFormats: options.customFormats, onRecord };
    let source: SourceAnalyzer;
    try {
      source = new SourceAnalyzer(this.aggregator, options.name, () => 0, logFormat === '' ? base : { ...base, logFormat });
      this.model.logFormat = logFormat;
    } catch (error) {
      // A bad pattern in the settings must not leave the user without any feature.
      source = new SourceAnalyzer(this.aggregator, options.name, () => 0, base);
      this.model.logFormatProblem = error instanceof Error ? error.message : String(error);
    }
    this.source = source;
    this.model.levelWords = LevelVocabulary.of(options.levelKeywords);
  }

  /** False once the line cap is reached (later lines are only counted). */
  pushLine(line: string): boolean {
    const model = this.model;
    model.totalLines++;
    if (model.analyzedLines >= this.maxLines) return false;
    model.analyzedLines++;
    this.source.pushLine(line);
    return true;
  }

  /** Counts lines past the cap without analyzing them. */
  skipLines(count: number): void {
    this.model.totalLines += count;
  }

  finish(): LogModel {
    const model = this.model;
    this.source.finish();
    model.format = this.source.formatName;
    const format = this.source.format;
    // A custom format may share a built-in's name: what tells them apart is the definition itself.
    if (model.logFormat === '' && format?.kind === 'regex' && !BUILTIN_FORMATS.includes(format)) model.customFormatPattern = format.pattern;
    const resolved = new Map<number, { id: number; template: string }>();
    for (let record = 0; record < this.keys.length; record++) {
      const key = this.keys[record]!;
      let canonical = resolved.get(key);
      if (canonical === undefined) {
        canonical = this.aggregator.resolveTemplate(key);
        resolved.set(key, canonical);
      }
      model.templateId.push(canonical.id);
      const time = model.time[record]!;
      let info = model.templates.get(canonical.id);
      if (info === undefined) {
        info = { id: canonical.id, template: canonical.template, level: model.level[record]!, count: 0, firstRecord: record, firstTime: null, lastTime: null };
        model.templates.set(canonical.id, info);
      }
      info.count++;
      if (!Number.isNaN(time)) {
        if (info.firstTime === null || time < info.firstTime) info.firstTime = time;
        if (info.lastTime === null || time > info.lastTime) info.lastTime = time;
      }
    }
    return model;
  }

  private addRecord(record: RecordInput, span: RecordSpan): void {
    const model = this.model;
    const index = model.firstLine.length;
    model.firstLine.push(record.line - 1);
    model.lastLine.push(span.endLine - 1);
    model.level.push(record.level);
    model.time.push(record.timestamp ?? Number.NaN);
    model.unparsed.push(span.unparsed);
    model.levels[record.level]++;
    this.keys.push(span.templateId);
    if (isErrorLevel(record.level)) {
      const message = record.message.trim().length > 0 ? record.message : record.text;
      model.errors.push({ record: index, message: shorten(message.trim(), MAX_MESSAGE_CHARS), lineLength: record.text.length });
    }
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Builds the model of a whole text at once (tests, small documents). */
export function buildLogModel(text: string, options: LogModelOptions): LogModel {
  const builder = new LogModelBuilder(options);
  forEachLine(text, (line) => builder.pushLine(line));
  return builder.finish();
}

/**
 * Builds the model slice by slice, yielding to the event loop in between so the server keeps
 * answering, and gives up (null) as soon as `isStale` says a newer version of the text exists.
 */
export async function buildLogModelAsync(text: string, options: LogModelOptions, isStale: () => boolean): Promise<LogModel | null> {
  const builder = new LogModelBuilder(options);
  let start = 0;
  let capped = false;
  while (start < text.length) {
    // Cut after a line end so no line is split between slices.
    let end = Math.min(text.length, start + SLICE_CHARS);
    if (end < text.length) {
      const newline = text.indexOf('\n', end - 1);
      end = newline < 0 ? text.length : newline + 1;
    }
    const slice = text.slice(start, end);
    if (capped) {
      builder.skipLines(countLines(slice));
    } else {
      forEachLine(slice, (line) => {
        if (!builder.pushLine(line)) capped = true;
      });
    }
    start = end;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (isStale()) return null;
  }
  return builder.finish();
}

function countLines(slice: string): number {
  let count = 0;
  for (let i = slice.indexOf('\n'); i >= 0; i = slice.indexOf('\n', i + 1)) count++;
  // A last line without a line end still counts.
  return slice.endsWith('\n') ? count : count + 1;
}
