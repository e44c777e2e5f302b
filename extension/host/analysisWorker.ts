/**
 * Worker thread entry: parsing runs here so the extension host's main thread never blocks on it.
 */
import { parentPort } from 'node:worker_threads';
import { analyzePaths, analyzeText } from '../engine/analyze';
import type { FromWorker, ToWorker } from './workerProtocol';

const port = parentPort;
if (port === null) throw new Error('analysisWorker must run in a worker thread');

function send(message: FromWorker): void {
  port!.postMessage(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'analyzeText':
      try {
        const { summary } = analyzeText(message.text, message.name, message.options);
        send({ type: 'result', id: message.id, summary });
      } catch (error) {
        send({ type: 'failed', id: message.id, message: describe(error) });
      }
      break;
    case 'analyzePaths': {
      let lastReport = 0;
      analyzePaths(message.paths, {
        ...message.options,
        onProgress: (bytesRead, totalBytes) => {
          const now = Date.now();
          if (now - lastReport < 100) return;
          lastReport = now;
          send({ type: 'progress', id: message.id, bytesRead, totalBytes });
        },
      }).then(
        ({ summary }) => send({ type: 'result', id: message.id, summary }),
        (error: unknown) => send({ type: 'failed', id: message.id, message: describe(error) }),
      );
      break;
    }
  }
});
