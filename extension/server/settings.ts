/**
 * The `logscope` settings the server uses, read defensively: a settings file can hold anything.
 */
import { LOCAL_ZONE, parseTimeZoneSetting } from '../shared/timeZoneSetting';
import { DEFAULT_MAX_PROBLEMS } from './diagnostics';

export interface ServerSettings {
  /** Error diagnostics per document; 0 turns them off. */
  readonly maxProblems: number;
  /** Loghub `<Field>` pattern, or empty for detection. */
  readonly logFormat: string;
  /** "local" or a zone name for the timestamp hover (an invalid value is reported by the extension host). */
  readonly timeZone: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { maxProblems: DEFAULT_MAX_PROBLEMS, logFormat: '', timeZone: LOCAL_ZONE };

/** Reads the `logscope` section (as returned by `workspace/configuration`). */
export function readSettings(section: unknown): ServerSettings {
  if (typeof section !== 'object' || section === null) return DEFAULT_SETTINGS;
  const values = section as { logFormat?: unknown; timeZone?: unknown; diagnostics?: { maxProblems?: unknown } | null };
  const maxProblems = values.diagnostics?.maxProblems;
  return {
    maxProblems: typeof maxProblems === 'number' && Number.isFinite(maxProblems) && maxProblems >= 0 ? Math.floor(maxProblems) : DEFAULT_MAX_PROBLEMS,
    logFormat: typeof values.logFormat === 'string' ? values.logFormat : '',
    timeZone: parseTimeZoneSetting(values.timeZone).zone,
  };
}
