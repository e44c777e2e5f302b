/** In-process latency measures: time to first figures, and a live-tail update. */
import { createReadStream } from 'node:fs';
import { IncrementalAnalysis } from '../extension/engine/incremental';
import { analyzePathsParallel } from '../extension/engine/parallel/analyzeParallel';

export interface FirstFigures {
  /** From the call to the first (partial) summary. */
  readonly firstMs: number;
  readonly totalMs: number;
}

export async function measureFirstFigures(file: string, workerScript: string): Promise<FirstFigures> {
  const start = performance.now();
  let firstMs = Number.NaN;
  await analyzePathsParallel([file], { jobs: 2, workerScript, onPartialSummary: () => (firstMs = performance.now() - start) });
  return { firstMs, totalMs: performance.now() - start };
}

export interface LiveTail {
  readonly lines: number;
  readonly runs: number;
  readonly appendMs: number;
  readonly summaryMs: number;
}

/** Loads `file` into an incremental analysis, then times appending `lines` new lines and summarising. */
export async function measureLiveTail(file: string, nextLine: () => string, lines: number, runs = 3): Promise<LiveTail> {
  const analysis = new IncrementalAnalysis(file);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) analysis.append(chunk as Buffer);
  analysis.summary();
  let best: { appendMs: number; summaryMs: number } | undefined;
  for (let run = 0; run < runs; run++) {
    const appended = Buffer.from(Array.from({ length: lines }, nextLine).join('\n') + '\n');
    const start = performance.now();
    analysis.append(appended);
    const appendedAt = performance.now();
    analysis.summary();
    const end = performance.now();
    const result = { appendMs: appendedAt - start, summaryMs: end - appendedAt };
    if (best === undefined || result.appendMs + result.summaryMs < best.appendMs + best.summaryMs) best = result;
  }
  return { lines, runs, ...best! };
}
