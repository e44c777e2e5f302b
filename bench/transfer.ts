/**
 * The end of a parallel run, phase by phase, on one thread: a file's two halves are analysed as
 * two ranges, then the second half's aggregates go through what a worker's go through (to data,
 * a structured clone as postMessage makes, back to an Aggregator), are merged into the first's,
 * and summarized. Each phase runs once, cold, as in a real run. Usage:
 *   node out/bench/transfer.js <file>
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { ChunkRun, lineStartAfter } from '../extension/engine/parallel/analyzeChunk';
import { readFirstLines } from '../extension/engine/parallel/analyzeParallel';
import { DETECTION_LINES } from '../extension/engine/sourceAnalyzer';
import { aggregatorFromData, aggregatorToData, transferables } from '../extension/engine/parallel/transfer';

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: node out/bench/transfer.js <file>');
  const size = statSync(path).size;
  // The format is chosen on the file's first lines, read as a parallel run reads them for a worker's range.
  const fd = openSync(path, 'r');
  const middle = lineStartAfter(fd, Math.floor(size / 2), size);
  closeSync(fd);
  const sample = (await readFirstLines(path, DETECTION_LINES, middle)) ?? undefined;
  const task = (start: number, end: number) => ({
    taskId: start,
    path,
    start,
    end,
    detectionSample: start === 0 ? undefined : sample,
    referenceTime: Date.now(),
    collectTemplateLines: false,
  });
  const first = new ChunkRun(task(0, middle), size);
  first.step();
  const whole = first.outcome().aggregator;
  const second = new ChunkRun(task(middle, size));
  second.step();
  const part = second.outcome().aggregator;

  const phases: [string, number][] = [];
  let last = performance.now();
  const mark = (name: string): void => {
    const now = performance.now();
    phases.push([name, now - last]);
    last = now;
  };
  const data = aggregatorToData(part);
  mark('to data');
  // As the worker posts it: the session table's buffers move instead of being copied.
  const cloned = structuredClone(data, { transfer: transferables(data) });
  mark('clone');
  const received = aggregatorFromData(cloned);
  mark('from data');
  whole.merge(received);
  mark('merge');
  whole.summary([]);
  mark('summary');
  const total = phases.reduce((sum, [, ms]) => sum + ms, 0);
  process.stdout.write(`${phases.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(' | ')} | total ${total.toFixed(1)} ms\n`);
}

void main();
