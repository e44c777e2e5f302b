/** Messages between the extension host and the analysis worker thread. */
import type { Summary } from '../engine/summary';

export interface WorkerAnalyzeOptions {
  readonly format?: string;
  readonly logFormat?: string;
}

export type ToWorker =
  | { readonly type: 'analyzeText'; readonly id: number; readonly text: string; readonly name: string; readonly options: WorkerAnalyzeOptions }
  | { readonly type: 'analyzePaths'; readonly id: number; readonly paths: readonly string[]; readonly options: WorkerAnalyzeOptions };

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'result'; readonly id: number; readonly summary: Summary }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
