import { isAsciiDigit } from './charCodes';
import { compileMessageInference } from './levelInference';
import { keywordEntries, parseLevelKeywords, type LevelKeywords } from './levelKeywords';
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

/** Longest built-in word ("INFORMATION"): longer tokens are not looked up. */
const LONGEST_BUILTIN = 11;

/**
 * The level words an analysis knows: the built-in ones, plus the user's (`logscope.levelKeywords`),
 * which win over a built-in meaning of the same word. Built from the analysis options (no global
 * word list to change) and handed to the parsers, so a per-line lookup stays one map access.
 */
export class LevelVocabulary {
  static readonly BUILTIN = new LevelVocabulary({});
  /**
   * Compiled vocabularies by the keywords object they came from: the sources of one analysis
   * (the files of a folder, the summaries of a live tail) share its options, so they compile
   * once. A vocabulary is immutable and depends only on its keywords; entries go with them.
   */
  private static readonly compiled = new WeakMap<LevelKeywords, LevelVocabulary>();

  private readonly words: ReadonlyMap<string, Level>;
  /** The user's words, upper-cased. */
  private readonly userWords: ReadonlySet<string>;
  private readonly maxLength: number;
  /** By first letter (its code mod 128): the word `fromWord` last looked up, and its level. */
  private readonly recentWords: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined);
  private readonly recentLevels: (Level | null)[] = new Array<Level | null>(128).fill(null);
  /** The level a record that states none gets from its message (see levelInference.ts). */
  readonly inferFromMessage: (message: string) => Level;

  private constructor(keywords: LevelKeywords) {
    const user = keywordEntries(keywords);
    const words = new Map(LEVEL_WORDS);
    let maxLength = LONGEST_BUILTIN;
    for (const [word, level] of user) {
      const key = word.toUpperCase();
      words.set(key, level);
      maxLength = Math.max(maxLength, word.length, key.length);
    }
    this.words = words;
    this.userWords = new Set(user.map(([word]) => word.toUpperCase()));
    this.maxLength = maxLength;
    this.inferFromMessage = compileMessageInference(user);
  }

  /** A vocabulary with the user's words; throws when they are not valid (see parseLevelKeywords). */
  static of(keywords: LevelKeywords | undefined): LevelVocabulary {
    if (keywords === undefined || keywordEntries(keywords).length === 0) return LevelVocabulary.BUILTIN;
    let vocabulary = LevelVocabulary.compiled.get(keywords);
    if (vocabulary === undefined) {
      const { problems } = parseLevelKeywords(keywords);
      if (problems.length > 0) throw new Error(`invalid level keywords: ${problems.join('; ')}`);
      vocabulary = new LevelVocabulary(keywords);
      LevelVocabulary.compiled.set(keywords, vocabulary);
    }
    return vocabulary;
  }

  /**
   * Normalises a level word ("ERROR", "warning", "E", "crit", a user word...) to a Level, or null
   * when the word is not a level. Single letters are only accepted when the caller knows the
   * field is a level.
   */
  fromWord(word: string, allowSingleLetter = true): Level | null {
    if (word.length === 0 || word.length > this.maxLength) return null;
    if (word.length === 1 && !allowSingleLetter) return null;
    // The word last seen with this first letter: a log repeats a handful of level words, and a
    // string comparison is cheaper than hashing the new string a regex capture is.
    const first = word.charCodeAt(0) & 127;
    if (this.recentWords[first] === word) return this.recentLevels[first]!;
    // Level words are mostly written upper-case: found as they are, without a new string.
    const level = this.words.get(word) ?? this.words.get(word.toUpperCase()) ?? null;
    this.recentWords[first] = word;
    this.recentLevels[first] = level;
    return level;
  }

  /** The level of `word` when it is one of the user's keywords (which the TextMate grammar cannot know), else null. */
  userLevel(word: string): Level | null {
    return this.userWords.size > 0 && this.userWords.has(word.toUpperCase()) ? this.fromWord(word) : null;
  }

  /** Any level-ish value found in structured data (JSON/logfmt): a number or a word. */
  fromValue(value: unknown): Level | null {
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value >= 10 ? levelFromBunyanNumber(value) : levelFromSyslogSeverity(value);
    }
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (isAsciiDigit(trimmed.charCodeAt(0)) && /^\d{1,2}$/.test(trimmed)) return this.fromValue(Number(trimmed));
      return this.fromWord(trimmed);
    }
    return null;
  }
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
