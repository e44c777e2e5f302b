import { Aggregator } from './aggregator';
import { analyzeLinesOf, type LineSource } from './lineSource';
import type { SourceOptions } from './sourceAnalyzer';
import type { Level } from './summary';

/** Which records to keep. Every given criterion must hold. */
export interface RecordFilterSpec {
  readonly levels?: readonly Level[];
  readonly host?: string;
  /** A template as the summary lists it: its text and level. */
  readonly template?: { readonly text: string; readonly level: Level };
  /** Epoch ms, inclusive start and exclusive end. */
  readonly from?: number;
  readonly to?: number;
  /** Case-insensitive text the record's first line must contain. */
  readonly contains?: string;
  /** Records of the same template and level as the record holding this 1-based line. */
  readonly likeLine?: number;
}

export interface RecordSpans {
  /** 1-based [first line, last line] of each matching record, in file order. */
  readonly spans: readonly (readonly [number, number])[];
  /** Matching records, including those past `limit`. */
  readonly matched: number;
  readonly records: number;
}

/**
 * Finds the records matching `spec` in a source, with their line spans (continuation lines
 * included), so a filtered view can show them and link each back to its place. `options` are
 * the dashboard's (format, custom formats, level keywords), so "errors" means the same records
 * here as in its counts.
 */
export async function findRecords(
  source: LineSource,
  spec: RecordFilterSpec,
  limit = 200_000,
  options: Omit<SourceOptions, 'onRecord'> = {},
  /** Stops the reading of a file source (a text source is read at once). */
  signal?: AbortSignal,
): Promise<RecordSpans> {
  const aggregator = new Aggregator();
  const levels = spec.levels === undefined ? null : new Set(spec.levels);
  const needle = spec.contains?.toLowerCase();
  // Template keys are resolved after the pass (clusters may merge later), so keep candidates.
  const candidates: { key: number; start: number; end: number }[] = [];
  let records = 0;
  await analyzeLinesOf(source, aggregator, {
    ...options,
    onRecord: (record, info) => {
      records++;
      if (levels !== null && !levels.has(record.level)) return;
      if (spec.host !== undefined && record.host !== spec.host) return;
      if (spec.from !== undefined && (record.timestamp === null || record.timestamp < spec.from)) return;
      if (spec.to !== undefined && (record.timestamp === null || record.timestamp >= spec.to)) return;
      if (spec.template !== undefined && record.level !== spec.template.level) return;
      if (needle !== undefined && !record.text.toLowerCase().includes(needle)) return;
      candidates.push({ key: info.templateId, start: record.line, end: info.endLine });
    },
  }, signal);
  let kept = candidates;
  const wanted = spec.template;
  if (wanted !== undefined) kept = kept.filter((c) => aggregator.resolveTemplate(c.key).template === wanted.text);
  const like = spec.likeLine;
  if (like !== undefined) {
    const anchor = candidates.find((c) => c.start <= like && like <= c.end);
    const id = anchor === undefined ? null : aggregator.resolveTemplate(anchor.key).id;
    kept = id === null ? [] : kept.filter((c) => aggregator.resolveTemplate(c.key).id === id);
  }
  return { spans: kept.slice(0, limit).map((c) => [c.start, c.end] as const), matched: kept.length, records };
}
