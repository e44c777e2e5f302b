import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LineSource } from '../engine/lineSource';
import type { RecordFilterSpec, RecordSpans } from '../engine/recordFilter';

/** Matching records, with their lines' text when read from disk by the worker. */
export interface FoundRecords {
  readonly found: RecordSpans;
  readonly texts: string[][] | null;
}
import type { Summary } from '../engine/summary';
import type { FromWorker, ToWorker, WorkerAnalyzeOptions } from './workerProtocol';

export interface AnalysisRequest {
  readonly kind: 'text' | 'paths';
  readonly text?: string;
  readonly name?: string;
  readonly paths?: readonly string[];
  readonly options: WorkerAnalyzeOptions;
  readonly onProgress?: (fraction: number) => void;
}

export class AnalysisCancelled extends Error {
  override readonly name = 'AnalysisCancelled';
}

interface Pending {
  resolve(result: Summary | FoundRecords): void;
  /** For tails: summaries after the first, as the file grows. */
  onUpdate?: (summary: Summary, event: string) => void;
  reject(error: Error): void;
  onProgress?: (fraction: number) => void;
}

/**
 * Runs analyses in one worker thread. A new request cancels the one in flight (the worker is
 * terminated and replaced), so switching logs quickly never queues stale work.
 */
export class AnalysisClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly extensionPath: string) {}

  analyze(request: AnalysisRequest): Promise<Summary> {
    this.cancelAll();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const message: ToWorker =
      request.kind === 'text'
        ? { type: 'analyzeText', id, text: request.text ?? '', name: request.name ?? 'untitled', options: request.options }
        : { type: 'analyzePaths', id, paths: request.paths ?? [], options: request.options };
    return new Promise<Summary>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: Summary | FoundRecords) => void, reject, onProgress: request.onProgress });
      worker.postMessage(message);
    });
  }

  /**
   * Analyzes a file and keeps following it: resolves with the first summary, then calls
   * `onUpdate` after appends, truncation or rotation until cancelled.
   */
  tail(path: string, options: WorkerAnalyzeOptions, onProgress: (fraction: number) => void, onUpdate: (summary: Summary, event: string) => void): Promise<Summary> {
    this.cancelAll();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Summary>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: Summary | FoundRecords) => void, reject, onProgress, onUpdate });
      worker.postMessage({ type: 'tail', id, path, options, intervalMs: 500 } satisfies ToWorker);
    });
  }

  /** Line spans of the records matching `spec` (a newer request cancels this one). */
  findRecords(source: LineSource, spec: RecordFilterSpec, limit: number, options: WorkerAnalyzeOptions): Promise<FoundRecords> {
    this.cancelAll();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<FoundRecords>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: Summary | FoundRecords) => void, reject });
      worker.postMessage({ type: 'findRecords', id, source, spec, limit, options } satisfies ToWorker);
    });
  }

  /** Stops any analysis in flight; its promise rejects with AnalysisCancelled. */
  cancelAll(): void {
    if (this.pending.size === 0) return;
    for (const pending of this.pending.values()) pending.reject(new AnalysisCancelled('analysis cancelled'));
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = null;
  }

  dispose(): void {
    this.cancelAll();
    void this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(join(this.extensionPath, 'out', 'analysisWorker.js'));
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = null;
        if (code !== 0) this.failAll(new Error(`analysis worker stopped (exit code ${code})`));
      }
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message.totalBytes > 0 ? message.bytesRead / message.totalBytes : 0);
        break;
      case 'result':
        // A tail stays registered for its updates.
        if (pending.onUpdate === undefined) this.pending.delete(message.id);
        pending.resolve(message.summary);
        break;
      case 'update':
        pending.onUpdate?.(message.summary, message.event);
        break;
      case 'records':
        this.pending.delete(message.id);
        pending.resolve({ found: message.found, texts: message.texts });
        break;
      case 'failed':
        this.pending.delete(message.id);
        pending.reject(new Error(message.message));
        break;
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
