/**
 * Folding ranges for multi-line records: a stack trace folds under the line that logged it.
 */
import type { FoldingRange } from 'vscode-languageserver-types';
import type { LogModel } from './logModel';

/** VS Code keeps 5000 regions by default (`editor.foldingMaximumRegions`); allow users who raise it. */
export const MAX_FOLDING_RANGES = 50_000;

export function recordFoldingRanges(model: LogModel, limit = MAX_FOLDING_RANGES): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (let record = 0; record < model.records && ranges.length < limit; record++) {
    const startLine = model.firstLine[record]!;
    const endLine = model.lastLine[record]!;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  }
  return ranges;
}
