import type { Level } from './summary';

// For records whose format states no level (syslog without PRI, plain text): words that an
// operator reads as a failure or a warning. Checked on the message only, never on the header.
const ERROR_WORDS = /\b(?:error|errors|failed|failure|fatal|exception|panic|segfault|refused|denied|unreachable|timed out|timeout|abort(?:ed)?|critical|cannot|can't|couldn't|unable to)\b/i;
const WARN_WORDS = /\b(?:warn|warning|deprecated|retry(?:ing)?|slow)\b/i;

export function inferLevelFromMessage(message: string): Level {
  const head = message.length > 512 ? message.slice(0, 512) : message;
  if (ERROR_WORDS.test(head)) return 'error';
  if (WARN_WORDS.test(head)) return 'warn';
  return 'unknown';
}
