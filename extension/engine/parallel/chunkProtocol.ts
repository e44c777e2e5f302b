import type { CustomFormatSetting } from '../formats/customFormats';
import type { LevelKeywords } from '../levelKeywords';
import type { AggregatorData } from './transfer';

/** Analyse bytes [start, end) of a file (newline-aligned) in a worker thread. */
export interface ChunkTask {
  readonly taskId: number;
  readonly path: string;
  /**
   * An open descriptor of `path`, which a process's threads share: every range then reads the
   * file as it was when its analysis began, though it be renamed, replaced or deleted meanwhile
   * (absent: the range opens `path` itself).
   */
  readonly fd?: number;
  readonly start: number;
  readonly end: number;
  /** The file's first lines, to choose the format as for the whole file (absent for the first chunk). */
  readonly detectionSample?: readonly string[];
  // How to read lines: the same as for the rest of the file (see SourceOptions).
  readonly format?: string;
  readonly logFormat?: string;
  readonly customFormats?: readonly CustomFormatSetting[];
  readonly levelKeywords?: LevelKeywords;
  readonly referenceTime: number;
  readonly collectTemplateLines: boolean;
  /** Zone of the day and hour aggregates (as for the whole file). */
  readonly timeZone?: string;
  /** Where the merging thread may ask this range to split (see StealBoard), and its smallest part. */
  readonly board?: { readonly buffer: SharedArrayBuffer; readonly slot: number; readonly minPart: number };
}

export interface ChunkResult {
  readonly taskId: number;
  /** Where the range ended: the task's end, or where it split. */
  readonly end: number;
  readonly aggregator: AggregatorData;
  /** Lines this chunk handled (after the lines it left to the previous chunk). */
  readonly lines: number;
  readonly records: number;
  readonly format: string;
  readonly notUnderstood: readonly string[];
}

/**
 * Sent when a task's range is read, before its aggregates are packed and sent (its result
 * follows): the worker can be given its next range now, to start on once the result is out.
 */
export interface ChunkRead {
  readonly taskId: number;
  readonly read: true;
  /** Where the range ended (as the result will say). */
  readonly end: number;
}

/** `input`: the error is an InputError (a file that cannot be read), to be shown as it is. */
export type ChunkFailure = { readonly taskId: number; readonly error: string; readonly input: boolean };

/** A worker's messages: for each task, perhaps a ChunkRead, then its result or its failure. */
export type ChunkReply = ChunkResult | ChunkRead | ChunkFailure;
