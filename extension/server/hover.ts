/**
 * Hovers: on a record's timestamp, the time in UTC and in local time (or in the zone set in
 * `logscope.timeZone`) and the delta from the previous record; anywhere else on a record, its
 * template and how often it occurs. Log text only appears inside code blocks (see markdown.ts).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { timestampSpan, type FieldLocator } from './fieldSpans';
import type { LogModel } from './logModel';
import { codeBlock, escapeMarkdown } from './markdown';

export interface HoverOptions {
  /** IANA zone chosen in `logscope.timeZone`; without it, the machine's zone (the server runs beside the editor). */
  readonly timeZone?: string;
}

export function hoverAt(model: LogModel, locate: FieldLocator, lineText: string, position: Position, options: HoverOptions = {}): Hover | null {
  const record = model.recordAtLine(position.line);
  if (record < 0) return null;
  const firstLine = model.firstLine[record]!;
  if (position.line === firstLine && !Number.isNaN(model.time[record]!)) {
    const span = timestampSpan(locate(lineText));
    if (span !== null && position.character >= span.start && position.character < span.end) {
      return {
        contents: { kind: MarkupKind.Markdown, value: timestampMarkdown(model, record, options) },
        range: { start: { line: firstLine, character: span.start }, end: { line: firstLine, character: span.end } },
      };
    }
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: templateMarkdown(model, record, position.line) },
    range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: lineText.length } },
  };
}

export function timestampMarkdown(model: LogModel, record: number, options: HoverOptions = {}): string {
  const time = model.time[record]!;
  const zone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const rows = [
    `**UTC** \`${formatUtc(time)}\``,
    `**${options.timeZone === undefined ? 'Local' : 'Time zone'}** \`${formatInZone(time, zone)}\` (${escapeMarkdown(zone)})`,
  ];
  const previous = model.previousTimedRecord(record);
  if (previous >= 0) {
    rows.push(`**Since previous record** \`${formatDelta(time - model.time[previous]!)}\` (line ${model.firstLine[previous]! + 1})`);
  } else {
    rows.push('**Since previous record** — first timed record');
  }
  return rows.join('  \n');
}

export function templateMarkdown(model: LogModel, record: number, hoveredLine: number): string {
  const template = model.templateOf(record);
  const level = model.level[record]!;
  const parts: string[] = [];
  if (template !== undefined) {
    const share = (template.count / model.records) * 100;
    parts.push(`**Template** · ${level} · occurs **${template.count.toLocaleString('en-US')}** ${template.count === 1 ? 'time' : 'times'} (${formatShare(share)} of ${model.records.toLocaleString('en-US')} records)`);
    parts.push(codeBlock(template.template));
    if (template.firstTime !== null && template.lastTime !== null) {
      parts.push(`First seen \`${formatUtc(template.firstTime)}\` · last seen \`${formatUtc(template.lastTime)}\` (UTC)`);
    }
  }
  const first = model.firstLine[record]!;
  const last = model.lastLine[record]!;
  if (last > first) {
    parts.push(`Line ${hoveredLine - first + 1} of a ${last - first + 1}-line record (lines ${first + 1}–${last + 1})`);
  }
  return parts.join('\n\n');
}

function formatShare(percent: number): string {
  return percent >= 10 ? `${percent.toFixed(0)}%` : percent >= 0.1 ? `${percent.toFixed(1)}%` : '<0.1%';
}

/** `2026-11-20 06:00:20.453` */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** The same shape as `formatUtc`, in `timeZone`, with its offset: `2026-11-20 07:00:20.453 GMT+1`. */
export function formatInZone(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    fractionalSecondDigits: 3, timeZoneName: 'shortOffset',
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}.${part('fractionalSecond')} ${part('timeZoneName')}`;
}

/** `+834 ms`, `+16.919 s`, `+2 min 03.500 s`, `-1 h 00 min 00.000 s`, `+3 d 04 h 05 min 06.000 s`. */
export function formatDelta(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest} ms`;
  if (rest < 60_000) return `${sign}${(rest / 1000).toFixed(3)} s`;
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = (rest / 1000).toFixed(3).padStart(6, '0');
  const two = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${sign}${days} d ${two(hours)} h ${two(minutes)} min ${seconds} s`;
  if (hours > 0) return `${sign}${hours} h ${two(minutes)} min ${seconds} s`;
  return `${sign}${minutes} min ${seconds} s`;
}
