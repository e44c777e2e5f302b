/**
 * Reading the project's sample logs for the language-server tests, plus an independent parse of
 * the log4j sample (a plain regex, not the engine) to compare the server's answers with.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from './corpora';

export function readSample(name: string): string {
  return readFileSync(resolve(PROJECT_ROOT, 'samples', name), 'utf8');
}

export interface Log4jHeader {
  /** 0-based line. */
  readonly line: number;
  /** The timestamp text, e.g. `2026-11-20 06:00:20,453`. */
  readonly time: string;
  readonly level: string;
  readonly message: string;
  /** Last non-blank line of the record (continuation lines included). */
  lastLine: number;
}

const HEADER = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}) (TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+\[[^\]]*\] \S+ - (.*)$/;

/** Records of a log4j text: each header line and the lines that follow it up to the next header. */
export function log4jHeaders(text: string): Log4jHeader[] {
  const headers: Log4jHeader[] = [];
  text.split('\n').forEach((line, index) => {
    const m = HEADER.exec(line);
    if (m !== null) {
      headers.push({ line: index, time: m[1]!, level: m[2]!, message: m[3]!, lastLine: index });
    } else if (line.trim().length > 0 && headers.length > 0) {
      headers[headers.length - 1]!.lastLine = index;
    }
  });
  return headers;
}

/** `2026-11-20 06:00:20,453` (UTC) as epoch ms, parsed field by field. */
export function log4jTimeMs(time: string): number {
  const [date, clock] = time.split(' ') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [hms, millis] = clock.split(',') as [string, string];
  const [h, mi, s] = hms.split(':').map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s, Number(millis));
}

/** A diagnostic's message as text (LSP 3.18 allows markup there; the server sends plain strings). */
export function messageText(message: string | { readonly value: string }): string {
  return typeof message === 'string' ? message : message.value;
}
