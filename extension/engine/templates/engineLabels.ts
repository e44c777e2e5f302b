import { analyzeText } from '../analyze';

/**
 * Per-line template labels from the whole engine (format detection or a user format, records,
 * levels, templates), as `logscope templates` computes them, for grouping accuracy. Lines that
 * joined another record get a label of their own, so they count as mistakes.
 */
export function engineTemplateLabels(text: string, lineCount: number, logFormat?: string): number[] {
  const { aggregator } = analyzeText(text, 'loghub.log', { collectTemplateLines: true, logFormat, referenceTime: Date.UTC(2026, 0, 1) });
  const labels = Array.from({ length: lineCount }, (_, i) => -1 - i);
  for (const { id, stats } of aggregator.templateGroups()) for (const line of stats.lines ?? []) labels[line - 1] = id;
  return labels;
}
