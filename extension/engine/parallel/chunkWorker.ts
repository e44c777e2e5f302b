/** Worker-thread entry: analyses file chunks sent by `analyzeParallel` (one task at a time). */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../analyze';
import { analyzeChunk } from './analyzeChunk';
import type { ChunkFailure, ChunkRead, ChunkResult, ChunkTask } from './chunkProtocol';
import { transferables } from './transfer';

parentPort?.on('message', (task: ChunkTask) => {
  let reply: ChunkResult | ChunkFailure;
  try {
    reply = analyzeChunk(task, (end) => parentPort?.postMessage({ taskId: task.taskId, read: true, end } satisfies ChunkRead));
  } catch (error) {
    reply = { taskId: task.taskId, error: error instanceof Error ? error.message : String(error), input: error instanceof InputError };
  }
  parentPort?.postMessage(reply, 'aggregator' in reply ? transferables(reply.aggregator) : []);
});
