/**
 * Where the time of one analysis goes, stage by stage, on one thread (no workers): reading,
 * splitting lines, the format's parser alone, then the whole engine. Each stage adds one step to
 * the previous, so differences are the cost of that step. Usage:
 *   node out/bench/stages.js <file> [runs]
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { Aggregator } from '../extension/engine/aggregator';
import { SourceAnalyzer } from '../extension/engine/sourceAnalyzer';
import { compileAccessBytesParser } from '../extension/engine/formats/accessBytesParser';
import { newParsedLine } from '../extension/engine/formats/types';
import { YearContext } from '../extension/engine/time';

const CHUNK = 1 << 20;

function forEachChunk(path: string, onChunk: (buffer: Buffer, length: number) => void): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      onChunk(buffer, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Calls `onLine` for each complete line of each chunk (a line cut by a chunk end is skipped: a benchmark, not the engine). */
function forEachLine(path: string, onLine: (buffer: Buffer, start: number, end: number) => void): number {
  let lines = 0;
  forEachChunk(path, (buffer, length) => {
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(10, start);
      if (newline < 0 || newline >= length) break;
      onLine(buffer, start, newline);
      lines++;
      start = newline + 1;
    }
  });
  return lines;
}

/** Best of `runs`, as wall time and as this thread's CPU time (steadier when other work shares the cores). */
function time(label: string, bytes: number, runs: number, work: () => string): void {
  let bestWall = Infinity;
  let bestCpu = Infinity;
  let detail = "";
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    detail = work();
    const cpu = process.cpuUsage(cpuStarted);
    bestWall = Math.min(bestWall, Number(process.hrtime.bigint() - started) / 1e6);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  const mib = bytes / (1 << 20);
  const rate = (ms: number): string => (mib / (ms / 1000)).toFixed(0).padStart(5);
  console.log(`${label.padEnd(28)} wall ${bestWall.toFixed(0).padStart(6)} ms ${rate(bestWall)} MiB/s   cpu ${bestCpu.toFixed(0).padStart(6)} ms ${rate(bestCpu)} MiB/s  ${detail}`);
}

const [path, runsText] = process.argv.slice(2);
if (path === undefined) {
  console.error('usage: node out/bench/stages.js <file> [runs]');
  process.exit(2);
}
const runs = Number(runsText ?? 3);
const bytes = statSync(path).size;
time('read 1 MiB chunks', bytes, runs, () => {
  let n = 0;
  forEachChunk(path, (_b, length) => (n += length));
  return `${n} bytes`;
});
time('+ split lines', bytes, runs, () => `${forEachLine(path, () => undefined)} lines`);
time('+ access byte parser', bytes, runs, () => {
  const parser = compileAccessBytesParser(new YearContext(Date.now()));
  const out = newParsedLine();
  let parsed = 0;
  forEachLine(path, (buffer, start, end) => {
    if (parser.parseBytes(buffer, start, end, out)) parsed++;
  });
  return `${parsed} parsed`;
});
time('+ whole engine (1 thread)', bytes, runs, () => {
  const aggregator = new Aggregator();
  const source = new SourceAnalyzer(aggregator, path, () => bytes);
  forEachLine(path, (buffer, start, end) => source.pushBytes(buffer, start, end));
  source.finish();
  return `${aggregator.records} records`;
});
time('  + summary', bytes, 1, () => {
  const aggregator = new Aggregator();
  const source = new SourceAnalyzer(aggregator, path, () => bytes);
  forEachLine(path, (buffer, start, end) => source.pushBytes(buffer, start, end));
  const info = source.finish();
  return `${aggregator.summary([info]).templates.length} templates`;
});
