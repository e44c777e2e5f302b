/**
 * Extra level words a user declares (`logscope.levelKeywords`, the CLI's `--level-keyword`):
 * `{ "error": ["OOPS"], "fatal": ["MELTDOWN"] }`. Checked here, without `vscode`, so the
 * extension, the language server and the CLI accept and refuse the same things.
 */
import type { Level } from './summary';

/** Levels a word can stand for (`unknown` is what no word says). */
export const KEYWORD_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const satisfies readonly Level[];
export type KeywordLevel = (typeof KEYWORD_LEVELS)[number];

/** Words per level, as the user wrote them. Plain data: it travels to worker threads as is. */
export type LevelKeywords = Readonly<Partial<Record<KeywordLevel, readonly string[]>>>;

export const LEVEL_KEYWORDS_SETTING = 'logscope.levelKeywords';
export const MAX_KEYWORD_LENGTH = 24;
/** Words in all levels together: each one joins a regex tried on level-less messages. */
export const MAX_KEYWORDS = 200;

/** Letters and digits of any script, with `_`, `-` or `.` inside (SEV-1, db.fail). */
const WORD = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?$/u;
const LETTER = /\p{L}/u;

export interface ParsedLevelKeywords {
  /** The valid words, first level wins for a word listed twice. */
  readonly keywords: LevelKeywords;
  /** What was left out and why, one sentence each; the caller names the setting or flag. */
  readonly problems: readonly string[];
}

function isKeywordLevel(name: string): name is KeywordLevel {
  return (KEYWORD_LEVELS as readonly string[]).includes(name);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function quoted(word: string): string {
  return JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}…` : word);
}

/** Why `word` cannot be a level keyword, or null when it can. */
function wordProblem(word: string): string | null {
  if (word === '') return 'is empty';
  if (/\s/.test(word)) return 'holds a space (each entry is one word)';
  if (word.length > MAX_KEYWORD_LENGTH) return `is longer than ${MAX_KEYWORD_LENGTH} characters`;
  if (!WORD.test(word)) return 'may only hold letters, digits, "_", "-" and "." (starting and ending with a letter or digit)';
  if (!LETTER.test(word)) return 'has no letter (numbers are read as syslog or bunyan levels)';
  return null;
}

/**
 * Validates a level-keywords value. Invalid parts are left out with a reason; the valid parts
 * are kept, so one typo does not undo the rest.
 */
export function parseLevelKeywords(value: unknown): ParsedLevelKeywords {
  if (value === undefined || value === null) return { keywords: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      keywords: {},
      problems: [`it must be an object mapping levels (${KEYWORD_LEVELS.join(', ')}) to lists of words, like { "error": ["OOPS"] }, not ${kindOf(value)}`],
    };
  }
  const problems: string[] = [];
  const levelOf = new Map<string, KeywordLevel>();
  const words: Partial<Record<KeywordLevel, string[]>> = {};
  let total = 0;
  let overLimit = false;
  const entries = Object.entries(value as Record<string, unknown>);
  // Most severe level first, so a word listed under two levels keeps the more severe one.
  entries.sort(([a], [b]) => rank(a) - rank(b));
  for (const [name, list] of entries) {
    if (!isKeywordLevel(name)) {
      const hint = KEYWORD_LEVELS.find((level) => level === name.toLowerCase() || (level === 'warn' && name.toLowerCase() === 'warning'));
      problems.push(`"${name}" is not a level${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; levels are ${KEYWORD_LEVELS.join(', ')}`);
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(`"${name}" must be a list of words, like ["OOPS"], not ${kindOf(list)}`);
      continue;
    }
    for (const [index, entry] of list.entries()) {
      if (typeof entry !== 'string') {
        problems.push(`"${name}" entry ${index + 1} is ${kindOf(entry)}, not a word`);
        continue;
      }
      const word = entry.trim();
      const problem = wordProblem(word);
      if (problem !== null) {
        problems.push(`"${name}" word ${quoted(entry)} ${problem}`);
        continue;
      }
      const key = word.toUpperCase();
      const earlier = levelOf.get(key);
      if (earlier === name) continue;
      if (earlier !== undefined) {
        problems.push(`${quoted(word)} is listed for both ${earlier} and ${name}; ${earlier} applies`);
        continue;
      }
      if (total >= MAX_KEYWORDS) {
        overLimit = true;
        continue;
      }
      levelOf.set(key, name);
      (words[name] ??= []).push(word);
      total++;
    }
  }
  if (overLimit) problems.push(`at most ${MAX_KEYWORDS} words are used; the rest are left out`);
  return { keywords: words, problems };
}

/** What the extension and the language server say about a partly invalid setting. */
export function levelKeywordsMessage(problems: readonly string[]): string {
  return `Setting "${LEVEL_KEYWORDS_SETTING}" is partly invalid (its valid words still apply): ${problems.join('; ')}.`;
}

function rank(name: string): number {
  const index = (KEYWORD_LEVELS as readonly string[]).indexOf(name);
  return index < 0 ? KEYWORD_LEVELS.length : index;
}

/** Each word with its level, most severe level first. */
export function keywordEntries(keywords: LevelKeywords): [word: string, level: KeywordLevel][] {
  return KEYWORD_LEVELS.flatMap((level) => (keywords[level] ?? []).map((word): [string, KeywordLevel] => [word, level]));
}
