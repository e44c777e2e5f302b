/**
 * Analyses one newline-aligned byte range of a file on its own, so that the ranges of a file,
 * analysed in parallel and merged in order, give the same aggregates as one sequential pass.
 *
 * Records of multi-line formats may straddle a range boundary. A range therefore leaves the
 * lines before its first record start to the previous range, and a range reads past its end
 * until the next record start (the same rule on both sides, so every line is read once).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { Aggregator } from '../aggregator';
import { cannotRead } from '../analyze';
import { LineSplitter } from '../lines';
import { SourceAnalyzer } from '../sourceAnalyzer';
import type { ChunkResult, ChunkTask } from './chunkProtocol';
import { aggregatorToData } from './transfer';

const READ_BYTES = 1 << 20;

export function analyzeChunk(task: ChunkTask): ChunkResult {
  const aggregator = new Aggregator({ collectTemplateLines: task.collectTemplateLines, timeZone: task.timeZone });
  const source = new SourceAnalyzer(aggregator, task.path, () => 0, {
    format: task.format,
    logFormat: task.logFormat,
    customFormats: task.customFormats,
    levelKeywords: task.levelKeywords,
    referenceTime: task.referenceTime,
    detectionSample: task.detectionSample,
  });
  // skip: lines before this range's first record start; run: the range; overrun: past the end.
  let phase: 'skip' | 'run' | 'overrun' = task.start > 0 ? 'skip' : 'run';
  let done = false;

  const onBytes = (buffer: Buffer, start: number, end: number): void => {
    if (done) return;
    if (phase !== 'run' && (!source.multiline || source.startsRecord(buffer, start, end))) {
      if (phase === 'overrun') {
        done = true; // the next range starts here
        return;
      }
      phase = 'run';
    }
    if (phase === 'skip') return;
    source.pushBytes(buffer, start, end);
  };
  const splitter = new LineSplitter((line) => source.pushLine(line), undefined, onBytes, task.start === 0);

  // The file can vanish or turn unreadable after it was planned: say so as the sequential path does.
  let fd: number;
  try {
    fd = openSync(task.path, 'r');
  } catch (error) {
    throw cannotRead(task.path, error);
  }
  const read = (block: Buffer, length: number, position: number): number => {
    try {
      return readSync(fd, block, 0, length, position);
    } catch (error) {
      throw cannotRead(task.path, error);
    }
  };
  try {
    const block = Buffer.allocUnsafe(READ_BYTES);
    let position = task.start;
    while (position < task.end) {
      const n = read(block, Math.min(READ_BYTES, task.end - position), position);
      if (n === 0) break;
      splitter.push(block.subarray(0, n));
      position += n;
    }
    // The range ends after a newline: no partial line is pending here.
    if (phase === 'skip') done = true; // no record starts in this range: all of it went to the previous one
    while (!done) {
      const n = read(block, READ_BYTES, position);
      if (n === 0) {
        splitter.end(); // a last line without newline: ours if the range reached the end of the file
        break;
      }
      phase = 'overrun';
      splitter.push(block.subarray(0, n));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
  const info = source.finish();
  return {
    taskId: task.taskId,
    aggregator: aggregatorToData(aggregator),
    lines: source.linesSeen,
    records: info.records,
    format: info.format,
    notUnderstood: source.examplesNotUnderstood,
  };
}
