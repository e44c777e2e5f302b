/**
 * Worker thread entry: parsing runs here so the extension host's main thread never blocks on it.
 */
import { readlinkSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { analyzeText } from '../engine/analyze';
import { analyzePathsParallel } from '../engine/parallel/analyzeParallel';
import { readLineSpans } from '../engine/lineSource';
import { findRecords } from '../engine/recordFilter';
import { FileTail } from '../engine/tail';
import type { FromWorker, ToWorker } from './workerProtocol';

const port = parentPort;
if (port === null) throw new Error('analysisWorker must run in a worker thread');

lowerThreadPriority();

/**
 * Threads a large file is read with: one core stays with the editor. On a 2-core machine that
 * means one (the file is read on this thread alone): with both cores reading, the 60 MB test in
 * code-server saw the extension host stall for 122 ms in one of three runs (33-40 ms otherwise,
 * and 13-39 ms reading on one), its renderer and server left without a core of their own.
 */
const READ_JOBS = Math.max(1, availableParallelism() - 1);

/**
 * Parsing is background work: on Linux a thread has its own nice value, so lowering this one
 * lets the extension host's main thread win the CPU on a busy machine. Best effort elsewhere.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: run at normal priority.
  }
}

/**
 * Requests in progress, each with what stops it. A cancelled request is forgotten at once, so
 * nothing more is sent for it (a summary would cost the host's main thread its deserializing).
 */
const running = new Map<number, () => void>();

/** Sends a message of request `id` while it runs. */
function sendFor(id: number, message: FromWorker): void {
  if (running.has(id)) port!.postMessage(message);
}

/** Sends the last message of request `id`, unless it was cancelled. */
function finish(id: number, message: FromWorker): void {
  if (running.delete(id)) port!.postMessage(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Progress of request `id`, told at most every 100 ms (a message per MiB would flood the host). */
function progressReporter(id: number): (bytesRead: number, totalBytes: number) => void {
  let lastReport = 0;
  return (bytesRead, totalBytes) => {
    const now = Date.now();
    if (now - lastReport < 100) return;
    lastReport = now;
    sendFor(id, { type: 'progress', id, bytesRead, totalBytes });
  };
}

/** The file this worker follows (one at a time: a new tail stops the last). */
let tail: { readonly id: number; readonly file: FileTail } | null = null;

/** Stops the tail of request `id` (any tail when not given), if it is the one followed. */
function stopTail(id?: number): void {
  if (tail === null || (id !== undefined && tail.id !== id)) return;
  tail.file.stop();
  running.delete(tail.id);
  tail = null;
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'cancel':
      running.get(message.id)?.();
      running.delete(message.id);
      // Answered at once: this thread hears messages only between two steps of its work.
      port.postMessage({ type: 'cancelled', id: message.id } satisfies FromWorker);
      break;
    case 'tail': {
      stopTail();
      const { id } = message;
      // Its last message, whether the start or a later read failed; the tail is followed no more.
      const failTail = (error: unknown): void => {
        finish(id, { type: 'failed', id, message: describe(error) });
        stopTail(id);
      };
      // A large file's head is read in ranges by worker threads started from this one.
      const file = new FileTail(message.path, { jobs: READ_JOBS, ...message.options }, {
        onProgress: progressReporter(id),
        onSummary: (summary, event) => sendFor(id, event === 'initial' ? { type: 'result', id, summary } : { type: 'update', id, summary, event }),
        onError: (error) => failTail(error),
      }, message.intervalMs);
      tail = { id, file };
      running.set(id, () => stopTail(id));
      file.start().catch(failTail);
      break;
    }
    case 'analyzeText':
      // Synchronous: a cancel cannot reach it (the host replaces this worker instead).
      running.set(message.id, () => undefined);
      try {
        const { summary } = analyzeText(message.text, message.name, message.options);
        finish(message.id, { type: 'result', id: message.id, summary });
      } catch (error) {
        finish(message.id, { type: 'failed', id: message.id, message: describe(error) });
      }
      break;
    case 'findRecords': {
      const { id, source } = message;
      const cancel = new AbortController();
      running.set(id, () => cancel.abort());
      findRecords(source, message.spec, message.limit, message.options, cancel.signal)
        .then(async (found) => {
          const texts = source.kind === 'file' && running.has(id) ? await readLineSpans(source.path, found.spans) : null;
          finish(id, { type: 'records', id, found, texts });
        })
        .catch((error: unknown) => finish(id, { type: 'failed', id, message: describe(error) }));
      break;
    }
    case 'analyzePaths': {
      const { id } = message;
      const cancel = new AbortController();
      running.set(id, () => cancel.abort());
      // Files of 32 MiB and more (on two threads, 112 MiB for access logs) are read in ranges by
      // worker threads started from this one (as the CLI does); they inherit its lowered
      // priority and end with it when it is terminated.
      analyzePathsParallel(message.paths, {
        jobs: READ_JOBS,
        ...message.options,
        signal: cancel.signal,
        onProgress: progressReporter(id),
      }).then(
        ({ summary }) => finish(id, { type: 'result', id, summary }),
        (error: unknown) => finish(id, { type: 'failed', id, message: describe(error) }),
      );
      break;
    }
  }
});
