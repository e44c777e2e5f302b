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
  /** The request as posted (posted again to a new worker if this one had to be replaced). */
  readonly message: ToWorker;
  resolve(result: Summary | FoundRecords): void;
  /** For tails: summaries after the first, as the file grows. */
  onUpdate?: (summary: Summary, event: string) => void;
  reject(error: Error): void;
  onProgress?: (fraction: number) => void;
}

/**
 * How long a worker has to take a cancel before it is replaced. It hears messages between two
 * steps of its work (a MiB or a few of a file); one that does not answer in this time is stuck.
 */
const CANCEL_GRACE_MS = 1000;

/**
 * Runs analyses in one worker thread. A new request cancels the one in flight, so switching logs
 * quickly never queues stale work: the worker is told to stop it and is kept, warm (a followed
 * 5 MB access log after an application log gave its first summary in 242-302 ms, against
 * 393-462 ms in a new worker). A request the worker cannot stop (text analysed at once), or a
 * worker that does not take the cancel in time, gets the worker replaced.
 */
export class AnalysisClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests told to stop whose worker has not said it took the cancel yet. */
  private readonly unanswered = new Set<number>();

  constructor(
    private readonly extensionPath: string,
    private readonly cancelGraceMs = CANCEL_GRACE_MS,
  ) {}

  analyze(request: AnalysisRequest): Promise<Summary> {
    const id = this.nextId++;
    const message: ToWorker =
      request.kind === 'text'
        ? { type: 'analyzeText', id, text: request.text ?? '', name: request.name ?? 'untitled', options: request.options }
        : { type: 'analyzePaths', id, paths: request.paths ?? [], options: request.options };
    return this.post(message, { onProgress: request.onProgress }) as Promise<Summary>;
  }

  /**
   * Analyzes a file and keeps following it: resolves with the first summary, then calls
   * `onUpdate` after appends, truncation or rotation until cancelled.
   */
  tail(path: string, options: WorkerAnalyzeOptions, onProgress: (fraction: number) => void, onUpdate: (summary: Summary, event: string) => void): Promise<Summary> {
    const message: ToWorker = { type: 'tail', id: this.nextId++, path, options, intervalMs: 500 };
    return this.post(message, { onProgress, onUpdate }) as Promise<Summary>;
  }

  /** Line spans of the records matching `spec` (a newer request cancels this one). */
  findRecords(source: LineSource, spec: RecordFilterSpec, limit: number, options: WorkerAnalyzeOptions): Promise<FoundRecords> {
    return this.post({ type: 'findRecords', id: this.nextId++, source, spec, limit, options }, {}) as Promise<FoundRecords>;
  }

  /** The worker's thread id (-1 when none runs): tests tell a kept worker from a new one by it. */
  get workerThreadId(): number {
    return this.worker?.threadId ?? -1;
  }

  /** Stops any analysis in flight; its promise rejects with AnalysisCancelled. */
  cancelAll(): void {
    if (this.pending.size === 0) return;
    const stale = [...this.pending.values()];
    this.pending.clear();
    for (const pending of stale) pending.reject(new AnalysisCancelled('analysis cancelled'));
    const worker = this.worker;
    if (worker === null) return;
    if (stale.some((pending) => !canStop(pending.message))) {
      this.replaceWorker();
      return;
    }
    for (const { message } of stale) {
      worker.postMessage({ type: 'cancel', id: message.id } satisfies ToWorker);
      this.unanswered.add(message.id);
    }
    const timer = setTimeout(() => {
      if (this.worker === worker && stale.some(({ message }) => this.unanswered.has(message.id))) this.replaceWorker();
    }, this.cancelGraceMs);
    timer.unref();
  }

  dispose(): void {
    this.cancelAll();
    void this.worker?.terminate();
    this.worker = null;
  }

  private post(message: ToWorker, handlers: Pick<Pending, 'onProgress' | 'onUpdate'>): Promise<Summary | FoundRecords> {
    this.cancelAll();
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { message, resolve, reject, ...handlers });
      worker.postMessage(message);
    });
  }

  /** Ends the worker (stuck, or busy with work it cannot stop) and gives the requests still waiting to a new one. */
  private replaceWorker(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.unanswered.clear();
    if (this.pending.size === 0) return;
    const worker = this.ensureWorker();
    for (const { message } of this.pending.values()) worker.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(join(this.extensionPath, 'out', 'analysisWorker.js'));
    // A replaced worker's last messages are dropped: its requests went to the new one.
    worker.on('message', (message: FromWorker) => {
      if (this.worker === worker) this.onMessage(message);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.failAll(error);
    });
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
    if (message.type === 'cancelled') {
      this.unanswered.delete(message.id);
      return;
    }
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

/** Whether the worker can stop a request when told (it reads a file in steps), or only finish it (text is read at once). */
function canStop(message: ToWorker): boolean {
  return message.type === 'analyzePaths' || message.type === 'tail' || (message.type === 'findRecords' && message.source.kind === 'file');
}
