import { KEYWORD_LEVELS } from './levelKeywords';
import type { Level } from './summary';

// For records whose format states no level (syslog without PRI, plain text): words that an
// operator reads as a failure or a warning. Checked on the message only, never on the header.
const ERROR_WORDS = [
  'error', 'errors', 'failed', 'failure', 'fatal', 'exception', 'panic', 'segfault', 'refused', 'denied', 'unreachable',
  'timed out', 'timeout', 'abort', 'aborted', 'critical', 'cannot', "can't", "couldn't", 'unable to',
];
const WARN_WORDS = ['warn', 'warning', 'deprecated', 'retry', 'retrying', 'slow'];

/** Only the start of a long message is searched. */
const HEAD_CHARS = 512;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function builtinPattern(words: readonly string[]): string {
  return String.raw`\b(?:${words.map(escapeRegex).join('|')})\b`;
}

const ERROR_PATTERN = new RegExp(builtinPattern(ERROR_WORDS), 'i');
const WARN_PATTERN = new RegExp(builtinPattern(WARN_WORDS), 'i');

/** The level a level-less record's message suggests with the built-in words only. */
export function inferLevelFromMessage(message: string): Level {
  const head = message.length > HEAD_CHARS ? message.slice(0, HEAD_CHARS) : message;
  if (ERROR_PATTERN.test(head)) return 'error';
  if (WARN_PATTERN.test(head)) return 'warn';
  return 'unknown';
}

/**
 * Inference that also knows the user's words (any script, so word edges are letters and digits
 * of any script rather than `\b`). A user word keeps its level in a message too, and one that
 * names a built-in inference word ("timeout" as warn) takes that word over. The most severe
 * level found wins: one regex per level, tried from fatal down, each a single scan.
 */
export function compileMessageInference(userWords: readonly (readonly [word: string, level: Level])[]): (message: string) => Level {
  if (userWords.length === 0) return inferLevelFromMessage;
  const taken = new Set(userWords.map(([word]) => word.toUpperCase()));
  const tiers: { readonly level: Level; readonly pattern: RegExp }[] = [];
  for (const level of KEYWORD_LEVELS) {
    const builtin = (level === 'error' ? ERROR_WORDS : level === 'warn' ? WARN_WORDS : []).filter((word) => !taken.has(word.toUpperCase()));
    const own = userWords.filter(([, wordLevel]) => wordLevel === level).map(([word]) => escapeRegex(word));
    const parts: string[] = [];
    if (builtin.length > 0) parts.push(builtinPattern(builtin));
    if (own.length > 0) parts.push(String.raw`(?<![\p{L}\p{N}_])(?:${own.join('|')})(?![\p{L}\p{N}_])`);
    if (parts.length > 0) tiers.push({ level, pattern: new RegExp(parts.join('|'), 'iu') });
  }
  return (message) => {
    const head = message.length > HEAD_CHARS ? message.slice(0, HEAD_CHARS) : message;
    for (const tier of tiers) if (tier.pattern.test(head)) return tier.level;
    return 'unknown';
  };
}
