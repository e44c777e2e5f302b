/** A fixed set of worker threads running chunk tasks, first come first served. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError } from '../analyze';
import type { ChunkReply, ChunkResult, ChunkTask } from './chunkProtocol';

/** Where the bundled worker script lies, relative to the bundle that runs this code. */
export function findWorkerScript(explicit?: string): string | undefined {
  const candidates = [explicit, join(__dirname, 'chunkWorker.js'), join(__dirname, '..', 'chunkWorker.js'), join(__dirname, '..', '..', 'chunkWorker.js')];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

/**
 * A small young generation per worker: the records' garbage dies young either way, and the
 * process's peak RSS measured lower (≈ 220 vs 285 MiB for two workers) and no slower.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

interface Pending {
  readonly task: ChunkTask;
  readonly resolve: (result: ChunkResult) => void;
  readonly reject: (error: Error) => void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly workers: Worker[] = [];
  private failure: Error | null = null;
  /** Once set, a worker that falls idle with nothing queued is stopped (see `retireWhenIdle`). */
  private retiring = false;

  constructor(
    private readonly script: string,
    /** Workers at most. */
    readonly size: number,
  ) {}

  run(task: ChunkTask): Promise<ChunkResult> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null) {
        reject(this.failure);
        return;
      }
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Worker threads alive. */
  get workerCount(): number {
    return this.workers.length;
  }

  /**
   * No task will be added after those already given: each worker stops as soon as it has
   * nothing left to do, so its heap is gone before the last results are merged and summarized
   * (those moments made the peak RSS).
   */
  retireWhenIdle(): void {
    this.retiring = true;
    if (this.queue.length === 0) for (const worker of this.idle.splice(0)) this.stop(worker);
  }

  private stop(worker: Worker): void {
    this.workers.splice(this.workers.indexOf(worker), 1);
    void worker.terminate();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers.length < this.size ? this.spawn() : undefined);
      if (worker === undefined) return;
      const next = this.queue.shift()!;
      this.running.set(worker, next);
      worker.postMessage(next.task);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.workers.push(worker);
    worker.on('message', (reply: ChunkReply) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      if (this.retiring && this.queue.length === 0) this.stop(worker);
      else this.idle.push(worker);
      if (pending !== undefined) {
        // Only the message crosses the thread boundary: a user-facing error stays one.
        if ('error' in reply) pending.reject(reply.input ? new InputError(reply.error) : new Error(reply.error));
        else pending.resolve(reply);
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (code !== 0 && this.running.has(worker)) this.fail(new Error(`analysis worker exited with code ${code}`));
    });
    return worker;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of [...this.running.values(), ...this.queue]) pending.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
