/**
 * One diagnostic per error or fatal record, on the record's first line, so the Problems panel
 * lists the errors and F8 walks through them. Capped: past the cap one Information diagnostic
 * says how many were left out and which setting changes it.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { levelKeywordsMessage } from '../engine/levelKeywords';
import type { LogModel } from './logModel';

export const DEFAULT_MAX_PROBLEMS = 1000;
export const MAX_PROBLEMS_SETTING = 'logscope.diagnostics.maxProblems';
const FORMATS_SETTING = 'logscope.formats';
const SOURCE = 'logscope';

/**
 * `levelKeywordsProblems`: what was left out of `logscope.levelKeywords`; `formatsProblem`: why
 * `logscope.formats` was refused (one warning each).
 */
export function errorDiagnostics(
  model: LogModel,
  maxProblems = DEFAULT_MAX_PROBLEMS,
  levelKeywordsProblems: readonly string[] = [],
  formatsProblem: string | null = null,
): Diagnostic[] {
  if (maxProblems <= 0) return [];
  const diagnostics: Diagnostic[] = [];
  const shown = model.errors.slice(0, maxProblems);
  for (const error of shown) {
    const line = model.firstLine[error.record]!;
    const level = model.level[error.record]!;
    diagnostics.push({
      range: { start: { line, character: 0 }, end: { line, character: error.lineLength } },
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: level,
      message: error.message,
    });
  }
  if (model.errors.length > shown.length) {
    // Placed where reporting stops, so the note sits next to the first error left out.
    const firstLeftOut = model.firstLine[model.errors[shown.length]!.record]!;
    diagnostics.push(note(firstLeftOut, `Logscope shows the first ${shown.length} of ${model.errors.length} error records as problems; raise "${MAX_PROBLEMS_SETTING}" to see more.`));
  }
  if (model.truncated) {
    diagnostics.push(note(Math.max(0, model.analyzedLines - 1), `Logscope analyzed the first ${model.analyzedLines} of ${model.totalLines} lines; later lines have no problems, outline or hovers.`));
  }
  if (model.logFormatProblem !== null) {
    diagnostics.push({ ...note(0, `The "logscope.logFormat" setting was not used (${model.logFormatProblem}); the format was detected instead.`), severity: DiagnosticSeverity.Warning });
  }
  if (formatsProblem !== null) {
    diagnostics.push({ ...note(0, `The "${FORMATS_SETTING}" setting was not used (${formatsProblem}); the built-in formats were detected instead.`), severity: DiagnosticSeverity.Warning });
  }
  if (levelKeywordsProblems.length > 0) {
    diagnostics.push({ ...note(0, levelKeywordsMessage(levelKeywordsProblems)), severity: DiagnosticSeverity.Warning });
  }
  return diagnostics;
}

function note(line: number, message: string): Diagnostic {
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message,
  };
}
