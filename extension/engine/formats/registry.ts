import { LevelVocabulary } from '../levels';
import { YearContext } from '../time';
import { apacheCombined, apacheCommon } from './builtin/access';
import { glog, log4j, postgres, pythonLogging, vmwareVpxd, zapConsole } from './builtin/application';
import { generic, jsonLines, logfmt } from './builtin/structured';
import { mysqlSlow, strace, uwsgi } from './builtin/misc';
import { haproxy, syslogRfc3164, syslogRfc5424 } from './builtin/syslog';
import { w3c, zeek } from './builtin/tabular';
import { compileFieldsHeaderFormat } from './fieldsHeaderParser';
import { compileGenericFormat } from './genericParser';
import { compileJsonFormat } from './jsonParser';
import { compileLogfmtFormat } from './logfmtParser';
import { compileRegexFormat } from './regexParser';
import { newParsedLine, resetParsedLine, type FormatDefinition, type LineParser } from './types';

/** Built-in formats, most specific first: on equal detection scores the earlier one wins. */
export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  apacheCombined,
  apacheCommon,
  w3c,
  zeek,
  uwsgi,
  haproxy,
  syslogRfc5424,
  syslogRfc3164,
  jsonLines,
  logfmt,
  glog,
  postgres,
  vmwareVpxd,
  zapConsole,
  mysqlSlow,
  strace,
  pythonLogging,
  log4j,
  generic,
];

export function formatByName(name: string): FormatDefinition | undefined {
  return BUILTIN_FORMATS.find((format) => format.name === name);
}

/** `levels`: the level words of this analysis (built-in plus the user's keywords). */
export function compileFormat(format: FormatDefinition, years: YearContext, levels = LevelVocabulary.BUILTIN, timestampsExpected = true): LineParser {
  switch (format.kind) {
    case 'regex':
      return compileRegexFormat(format, years, levels);
    case 'fields-header':
      return compileFieldsHeaderFormat(format, years, levels);
    case 'json':
      return compileJsonFormat(format, years, levels);
    case 'logfmt':
      return compileLogfmtFormat(format, years, levels);
    case 'generic':
      return compileGenericFormat(format, years, levels, timestampsExpected);
  }
}

/**
 * A Java exception's first line, `java.lang.IllegalStateException: message` (a packaged class
 * whose name ends in Exception, Error or Throwable), as a stack trace starts under a log line.
 */
const EXCEPTION_HEADER = /^(?:[a-z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)(?::|$)/;

/** Lines that continue a record in most formats: indented, stack frames, "Caused by:", exception headers. */
export function looksLikeContinuation(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9 || line.startsWith('Caused by') || line.startsWith('at ') || line.startsWith('...') || EXCEPTION_HEADER.test(line);
}

export interface Detection {
  readonly format: FormatDefinition;
  /** Share of the sampled header lines the format understood (0..1). */
  readonly confidence: number;
  readonly parser: LineParser;
}

/** Minimum share of sampled lines a specific format must parse to be chosen over the fallback. */
const MIN_CONFIDENCE = 0.5;
/** For multi-line formats that also explain the first line. */
const MIN_MULTILINE_CONFIDENCE = 0.1;

/**
 * Picks the format that understands most of the sample lines (the first lines of a file).
 * Candidates are compiled with `levels`, so a user's level keyword in a format's level position
 * counts as a match there instead of disqualifying the line.
 */
export function detectFormat(sample: readonly string[], years: YearContext, candidates = BUILTIN_FORMATS, levels = LevelVocabulary.BUILTIN): Detection {
  const lines = sample.filter((line) => line.trim().length > 0 && !looksLikeContinuation(line));
  const scratch = newParsedLine();
  // Sampling must not move the caller's year inference forward.
  const sampleYears = new YearContext();
  let best: Detection | null = null;
  let multiline: Detection | null = null;
  for (const format of candidates) {
    if (format.kind === 'generic') continue;
    const parser = compileFormat(format, sampleYears, levels);
    let considered = 0;
    let matched = 0;
    let firstMatched = false;
    for (const line of lines) {
      if (parser.isMetadata(line)) continue;
      considered++;
      resetParsedLine(scratch);
      if (parser.parse(line, scratch)) {
        matched++;
        if (considered === 1) firstMatched = true;
      }
    }
    const confidence = considered === 0 ? 0 : matched / considered;
    if (best === null || confidence > best.confidence) best = { format, confidence, parser };
    // Multi-line records whose bodies do not look like continuations (MySQL slow log): the
    // format must at least explain the first line and a fair share of the rest.
    if (format.multiline && firstMatched && confidence >= MIN_MULTILINE_CONFIDENCE && (multiline === null || confidence > multiline.confidence)) {
      multiline = { format, confidence, parser };
    }
  }
  if (best !== null && best.confidence >= MIN_CONFIDENCE) {
    return { format: best.format, confidence: best.confidence, parser: compileFormat(best.format, years, levels) };
  }
  if (multiline !== null) {
    return { format: multiline.format, confidence: multiline.confidence, parser: compileFormat(multiline.format, years, levels) };
  }
  // Fallback: does this file start its records with a time?
  const probe = compileFormat(generic, sampleYears, levels, true);
  let withTime = 0;
  for (const line of lines) {
    resetParsedLine(scratch);
    if (probe.parse(line, scratch)) withTime++;
  }
  const timestampsExpected = lines.length > 0 && withTime / lines.length >= MIN_CONFIDENCE;
  return { format: generic, confidence: lines.length === 0 ? 0 : withTime / lines.length, parser: compileFormat(generic, years, levels, timestampsExpected) };
}
