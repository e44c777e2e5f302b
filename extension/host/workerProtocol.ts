/** Messages between the extension host and the analysis worker thread. */
import type { CustomFormatSetting } from '../engine/formats/customFormats';
import type { LevelKeywords } from '../engine/levelKeywords';
import type { LineSource } from '../engine/lineSource';
import type { RecordFilterSpec, RecordSpans } from '../engine/recordFilter';
import type { Summary } from '../engine/summary';

export interface WorkerAnalyzeOptions {
  readonly format?: string;
  readonly logFormat?: string;
  readonly customFormats?: readonly CustomFormatSetting[];
  readonly levelKeywords?: LevelKeywords;
  /** Zone of the day and hour aggregates ("UTC" or an IANA name; never "local"). */
  readonly timeZone?: string;
}

export type ToWorker =
  | { readonly type: 'analyzeText'; readonly id: number; readonly text: string; readonly name: string; readonly options: WorkerAnalyzeOptions }
  | { readonly type: 'analyzePaths'; readonly id: number; readonly paths: readonly string[]; readonly options: WorkerAnalyzeOptions }
  /** Analyze one file, then keep following it: `update` messages carry the summaries after appends. */
  | { readonly type: 'tail'; readonly id: number; readonly path: string; readonly options: WorkerAnalyzeOptions; readonly intervalMs: number }
  | {
      readonly type: 'findRecords';
      readonly id: number;
      readonly source: LineSource;
      readonly spec: RecordFilterSpec;
      readonly limit: number;
      /** The dashboard's options, so a filter by level finds the records its counts show. */
      readonly options: WorkerAnalyzeOptions;
    }
  /** Stop request `id` (its reading stops at its next step; nothing more is sent for it). */
  | { readonly type: 'cancel'; readonly id: number };

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'result'; readonly id: number; readonly summary: Summary }
  /** `partial`: figures so far while a file is first read; the others: after it changed. */
  | { readonly type: 'update'; readonly id: number; readonly summary: Summary; readonly event: 'partial' | 'appended' | 'truncated' | 'rotated' }
  /** `texts`: the lines of each span, for file sources (the host has text sources itself). */
  | { readonly type: 'records'; readonly id: number; readonly found: RecordSpans; readonly texts: string[][] | null }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  /** The worker took `cancel` of request `id`: it is free for the next request. */
  | { readonly type: 'cancelled'; readonly id: number };
