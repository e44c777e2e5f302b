/**
 * The `logscope` settings the server uses, read defensively: a settings file can hold anything.
 * Workspace Trust is applied by the client, which only hands over the values trust allows.
 */
import { parseCustomFormats, type CustomFormatSetting } from '../engine/formats/customFormats';
import { parseLevelKeywords, type LevelKeywords } from '../engine/levelKeywords';
import { LOCAL_ZONE, parseTimeZoneSetting } from '../shared/timeZoneSetting';
import { DEFAULT_MAX_PROBLEMS } from './diagnostics';

export interface ServerSettings {
  /** Error diagnostics per document; 0 turns them off. */
  readonly maxProblems: number;
  /** Loghub `<Field>` pattern, or empty for detection. */
  readonly logFormat: string;
  /** The `logscope.formats` custom formats (validated; empty when the setting was refused). */
  readonly customFormats: readonly CustomFormatSetting[];
  /** Why `logscope.formats` was refused (shown as a warning diagnostic), or null. */
  readonly formatsProblem: string | null;
  /** The valid part of `logscope.levelKeywords` (the user's extra level words). */
  readonly levelKeywords: LevelKeywords;
  /** What was left out of `logscope.levelKeywords` and why (shown as a warning diagnostic). */
  readonly levelKeywordsProblems: readonly string[];
  /** "local" or a zone name for the timestamp hover (an invalid value is reported by the extension host). */
  readonly timeZone: string;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  maxProblems: DEFAULT_MAX_PROBLEMS,
  logFormat: '',
  customFormats: [],
  formatsProblem: null,
  levelKeywords: {},
  levelKeywordsProblems: [],
  timeZone: LOCAL_ZONE,
};

/** Reads the `logscope` section (as returned by `workspace/configuration`). */
export function readSettings(section: unknown): ServerSettings {
  if (typeof section !== 'object' || section === null) return DEFAULT_SETTINGS;
  const values = section as { logFormat?: unknown; timeZone?: unknown; diagnostics?: { maxProblems?: unknown } | null; formats?: unknown; levelKeywords?: unknown };
  const maxProblems = values.diagnostics?.maxProblems;
  const formats = parseCustomFormats(values.formats);
  const keywords = parseLevelKeywords(values.levelKeywords);
  return {
    maxProblems: typeof maxProblems === 'number' && Number.isFinite(maxProblems) && maxProblems >= 0 ? Math.floor(maxProblems) : DEFAULT_MAX_PROBLEMS,
    logFormat: typeof values.logFormat === 'string' ? values.logFormat : '',
    customFormats: formats.formats,
    formatsProblem: formats.problem,
    levelKeywords: keywords.keywords,
    levelKeywordsProblems: keywords.problems,
    timeZone: parseTimeZoneSetting(values.timeZone).zone,
  };
}
