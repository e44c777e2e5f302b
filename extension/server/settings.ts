/**
 * The `logscope` settings the server uses, read defensively: a settings file can hold anything.
 */
import { parseLevelKeywords, type LevelKeywords } from '../engine/levelKeywords';
import { LOCAL_ZONE, parseTimeZoneSetting } from '../shared/timeZoneSetting';
import { DEFAULT_MAX_PROBLEMS } from './diagnostics';

export interface ServerSettings {
  /** Error diagnostics per document; 0 turns them off. */
  readonly maxProblems: number;
  /** Loghub `<Field>` pattern, or empty for detection. */
  readonly logFormat: string;
  /** The valid part of `logscope.levelKeywords` (the user's extra level words). */
  readonly levelKeywords: LevelKeywords;
  /** What was left out of `logscope.levelKeywords` and why (shown as a warning diagnostic). */
  readonly levelKeywordsProblems: readonly string[];
  /** "local" or a zone name for the timestamp hover (an invalid value is reported by the extension host). */
  readonly timeZone: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { maxProblems: DEFAULT_MAX_PROBLEMS, logFormat: '', levelKeywords: {}, levelKeywordsProblems: [], timeZone: LOCAL_ZONE };

/** Reads the `logscope` section (as returned by `workspace/configuration`). */
export function readSettings(section: unknown): ServerSettings {
  if (typeof section !== 'object' || section === null) return DEFAULT_SETTINGS;
  const values = section as { logFormat?: unknown; timeZone?: unknown; diagnostics?: { maxProblems?: unknown } | null; levelKeywords?: unknown };
  const maxProblems = values.diagnostics?.maxProblems;
  const keywords = parseLevelKeywords(values.levelKeywords);
  return {
    maxProblems: typeof maxProblems === 'number' && Number.isFinite(maxProblems) && maxProblems >= 0 ? Math.floor(maxProblems) : DEFAULT_MAX_PROBLEMS,
    logFormat: typeof values.logFormat === 'string' ? values.logFormat : '',
    levelKeywords: keywords.keywords,
    levelKeywordsProblems: keywords.problems,
    timeZone: parseTimeZoneSetting(values.timeZone).zone,
  };
}
