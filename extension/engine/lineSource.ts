import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Aggregator } from './aggregator';
import { isGzip, streamFile } from './analyze';
import { LineSplitter, forEachLine } from './lines';
import { SourceAnalyzer, type SourceOptions } from './sourceAnalyzer';
import type { SourceInfo } from './summary';

/** Where lines come from: an editor's text, or a file on disk (plain or gzip). */
export type LineSource =
  | { readonly kind: 'text'; readonly text: string; readonly name: string }
  | { readonly kind: 'file'; readonly path: string };

/**
 * Runs one source's lines through a SourceAnalyzer into `aggregator`. `signal` stops the reading
 * of a file source between two chunks (a text source is read at once).
 */
export async function analyzeLinesOf(source: LineSource, aggregator: Aggregator, options: SourceOptions = {}, signal?: AbortSignal): Promise<SourceInfo> {
  if (source.kind === 'text') {
    const analyzer = new SourceAnalyzer(aggregator, source.name, () => Buffer.byteLength(source.text), options);
    forEachLine(source.text, (line) => analyzer.pushLine(line));
    return analyzer.finish();
  }
  const stat = await fs.stat(source.path);
  const analyzer = new SourceAnalyzer(aggregator, source.path, () => stat.size, { referenceTime: stat.mtimeMs, ...options });
  await streamFile(source.path, analyzer, () => undefined, signal);
  return analyzer.finish();
}

/**
 * The text of the given 1-based line spans (sorted, non-overlapping) of a file, read from disk;
 * stops adding text past `maxChars` so a filtered view of a huge file stays openable.
 */
export async function readLineSpans(path: string, spans: readonly (readonly [number, number])[], maxChars = 64 << 20): Promise<string[][]> {
  const out: string[][] = spans.map(() => []);
  if (spans.length === 0) return out;
  let span = 0;
  let lineNumber = 0;
  let chars = 0;
  await analyzeRawLines(path, (line) => {
    lineNumber++;
    while (span < spans.length && spans[span]![1] < lineNumber) span++;
    const current = spans[span];
    if (current !== undefined && current[0] <= lineNumber && chars < maxChars) {
      out[span]!.push(line);
      chars += line.length + 1;
    }
  });
  return out;
}

/** Every line of a file (plain or gzip), in order. */
async function analyzeRawLines(path: string, onLine: (line: string) => void): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = (await isGzip(path)) ? raw.pipe(createGunzip()) : raw;
  const splitter = new LineSplitter(onLine);
  for await (const chunk of stream) splitter.push(chunk as Buffer);
  splitter.end();
}
