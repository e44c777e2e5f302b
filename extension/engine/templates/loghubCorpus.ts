/**
 * Loader for the Loghub-2k benchmark folder (`<root>/<D>/<D>_2k.log` plus ground-truth CSVs),
 * shared by the template benchmark and the unit tests. Node-only (reads files).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvWithHeader } from './csv';

export interface LoghubDataset {
  readonly name: string;
  /** Loghub log format string (from `benchmark_log_formats.csv`). */
  readonly format: string;
  /** Raw lines with `\r` removed. */
  readonly lines: readonly string[];
  /** Ground-truth message part, per line. */
  readonly contents: readonly string[];
  /** Original ground truth (ICSE'19), per line. */
  readonly eventIds: readonly string[];
  /** Corrected ground-truth template strings (ISSTA'24 / ICSE'22), per line. */
  readonly correctedTemplates: readonly string[];
}

/** The folder beside the project: `<projectRoot>/../shared/corpora/loghub-2k`. */
export function loghubRoot(projectRoot: string): string {
  return join(projectRoot, '..', 'shared', 'corpora', 'loghub-2k');
}

export function loghubAvailable(root: string): boolean {
  return existsSync(join(root, 'benchmark_log_formats.csv'));
}

/** Dataset names that are present in `root`, in the order of `benchmark_log_formats.csv`. */
export function loghubDatasetNames(root: string): string[] {
  return readFormats(root)
    .map((row) => row.dataset ?? '')
    .filter((name) => name !== '' && existsSync(join(root, name, `${name}_2k.log`)));
}

export function loadLoghubDataset(root: string, name: string): LoghubDataset {
  const formatRow = readFormats(root).find((row) => row.dataset === name);
  if (!formatRow) throw new Error(`No log format for dataset ${name}`);
  const dir = join(root, name);
  const lines = splitLines(readFileSync(join(dir, `${name}_2k.log`), 'utf8'));
  const original = parseCsvWithHeader(readFileSync(join(dir, `${name}_2k.log_structured.csv`), 'utf8'));
  const corrected = parseCsvWithHeader(readFileSync(join(dir, `${name}_2k.log_structured_corrected.csv`), 'utf8'));
  if (original.length !== lines.length || corrected.length !== lines.length) {
    throw new Error(`${name}: ${lines.length} lines but ${original.length}/${corrected.length} ground-truth rows`);
  }
  return {
    name,
    format: formatRow.log_format ?? '',
    lines,
    contents: original.map((row) => row.Content ?? ''),
    eventIds: original.map((row) => row.EventId ?? ''),
    correctedTemplates: corrected.map((row) => row.EventTemplate ?? ''),
  };
}

/** Drain's published GA per dataset (ICSE'19 table, original ground truth). */
export function drainPublishedGa(root: string): Map<string, number> {
  const text = readFileSync(join(root, 'published_results', 'icse19_zhu_parsing_accuracy_GA_loghub2k.csv'), 'utf8');
  const drain = parseCsvWithHeader(text).find((row) => row.parser === 'Drain');
  const result = new Map<string, number>();
  if (!drain) return result;
  for (const [key, value] of Object.entries(drain)) {
    if (key !== 'parser' && key !== 'average') result.set(key, Number(value));
  }
  return result;
}

function readFormats(root: string): Record<string, string>[] {
  return parseCsvWithHeader(readFileSync(join(root, 'benchmark_log_formats.csv'), 'utf8'));
}

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
