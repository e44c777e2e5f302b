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

function send(message: FromWorker): void {
  port!.postMessage(message);
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
    send({ type: 'progress', id, bytesRead, totalBytes });
  };
}

/** The file this worker follows (one at a time; a new request replaces the worker anyway). */
let tail: FileTail | null = null;

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'tail': {
      tail?.stop();
      const { id } = message;
      // A large file's head is read in ranges by worker threads started from this one.
      const current = new FileTail(message.path, { jobs: READ_JOBS, ...message.options }, {
        onProgress: progressReporter(id),
        onSummary: (summary, event) => send(event === 'initial' ? { type: 'result', id, summary } : { type: 'update', id, summary, event }),
        onError: (error) => send({ type: 'failed', id, message: describe(error) }),
      }, message.intervalMs);
      tail = current;
      current.start().catch((error: unknown) => send({ type: 'failed', id, message: describe(error) }));
      break;
    }
    case 'analyzeText':
      try {
        const { summary } = analyzeText(message.text, message.name, message.options);
        send({ type: 'result', id: message.id, summary });
      } catch (error) {
        send({ type: 'failed', id: message.id, message: describe(error) });
      }
      break;
    case 'findRecords':
      findRecords(message.source, message.spec, message.limit, message.options)
        .then(async (found) => {
          const texts = message.source.kind === 'file' ? await readLineSpans(message.source.path, found.spans) : null;
          send({ type: 'records', id: message.id, found, texts });
        })
        .catch((error: unknown) => send({ type: 'failed', id: message.id, message: describe(error) }));
      break;
    case 'analyzePaths': {
      // Files of 32 MiB and more (112 MiB for access logs) are read in ranges by worker threads
      // started from this one (as the CLI does); they inherit its lowered priority and end with
      // it when it is terminated.
      analyzePathsParallel(message.paths, {
        jobs: READ_JOBS,
        ...message.options,
        onProgress: progressReporter(message.id),
      }).then(
        ({ summary }) => send({ type: 'result', id: message.id, summary }),
        (error: unknown) => send({ type: 'failed', id: message.id, message: describe(error) }),
      );
      break;
    }
  }
});
