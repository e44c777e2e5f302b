import type { Level } from './summary';

/** Level words and abbreviations seen in the wild, upper-cased. */
const LEVEL_WORDS: ReadonlyMap<string, Level> = new Map<string, Level>([
  ['FATAL', 'fatal'], ['F', 'fatal'], ['CRIT', 'fatal'], ['CRITICAL', 'fatal'], ['EMERG', 'fatal'],
  ['EMERGENCY', 'fatal'], ['ALERT', 'fatal'], ['PANIC', 'fatal'], ['SEVERE', 'fatal'], ['DPANIC', 'fatal'],
  ['ERROR', 'error'], ['ERR', 'error'], ['E', 'error'], ['FAILURE', 'error'], ['FAIL', 'error'],
  ['WARN', 'warn'], ['WARNING', 'warn'], ['W', 'warn'],
  ['INFO', 'info'], ['I', 'info'], ['NOTICE', 'info'], ['INFORMATION', 'info'], ['LOG', 'info'],
  ['STATEMENT', 'info'], ['DETAIL', 'info'], ['HINT', 'info'], ['CONFIG', 'info'],
  ['DEBUG', 'debug'], ['D', 'debug'], ['DBG', 'debug'], ['FINE', 'debug'], ['DEBUG1', 'debug'],
  ['DEBUG2', 'debug'], ['DEBUG3', 'debug'], ['DEBUG4', 'debug'], ['DEBUG5', 'debug'],
  ['TRACE', 'trace'], ['T', 'trace'], ['V', 'trace'], ['VERBOSE', 'trace'], ['FINER', 'trace'],
  ['FINEST', 'trace'], ['ALL', 'trace'],
]);

/**
 * Normalises a level word ("ERROR", "warning", "E", "crit"...) to a Level, or null when the word
 * is not a level. Single letters are only accepted when the caller knows the field is a level.
 */
export function levelFromWord(word: string, allowSingleLetter = true): Level | null {
  if (word.length === 0 || word.length > 11) return null;
  if (word.length === 1 && !allowSingleLetter) return null;
  return LEVEL_WORDS.get(word.toUpperCase()) ?? null;
}

/** Syslog severity 0..7 (RFC 5424 §6.2.1). */
export function levelFromSyslogSeverity(severity: number): Level {
  if (severity <= 2) return 'fatal';
  if (severity === 3) return 'error';
  if (severity === 4) return 'warn';
  if (severity <= 6) return 'info';
  return 'debug';
}

/** Bunyan/pino numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
export function levelFromBunyanNumber(value: number): Level {
  if (value >= 60) return 'fatal';
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  if (value >= 20) return 'debug';
  return 'trace';
}

/** HTTP rule: 5xx is an error, 4xx a warning, everything else info. */
export function levelFromHttpStatus(status: number): Level {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

/** Any level-ish value found in structured data (JSON/logfmt). */
export function levelFromValue(value: unknown): Level | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value >= 10 ? levelFromBunyanNumber(value) : levelFromSyslogSeverity(value);
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d{1,2}$/.test(trimmed)) return levelFromValue(Number(trimmed));
    return levelFromWord(trimmed);
  }
  return null;
}
