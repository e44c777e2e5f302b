import type { RegexFormat } from './types';

/** A format a user defines in settings: a regex with named groups (see RegexFormat). */
export interface CustomFormatSetting {
  readonly name: string;
  readonly regex: string;
  readonly multiline?: boolean;
}

const KNOWN_GROUPS = new Set(['time', 'level', 'host', 'message', 'client', 'method', 'path', 'status', 'bytes', 'duration', 'pri', 'session', 'unit']);
const MAX_PATTERN = 2000;

/**
 * Checks user regexes before any line sees them. Refused: patterns that do not compile, that
 * name none of our fields, back-references, and a repeated group holding a quantifier
 * (`(a+)+`, the shape of catastrophic backtracking). Throws with a reason naming the format.
 */
export function compileCustomFormats(settings: readonly CustomFormatSetting[]): RegexFormat[] {
  const seen = new Set<string>();
  return settings.map((setting, index) => {
    const label = `format ${index + 1}${typeof setting?.name === 'string' ? ` ("${setting.name}")` : ''}`;
    if (typeof setting !== 'object' || setting === null || typeof setting.name !== 'string' || !/^[\w.-]{1,40}$/.test(setting.name)) {
      throw new Error(`${label}: "name" must be 1–40 letters, digits, dots or dashes`);
    }
    // A name may be a built-in's (the custom regex then takes precedence), but not used twice.
    const key = setting.name.toLowerCase();
    if (seen.has(key)) throw new Error(`${label}: another format is already named "${setting.name}"`);
    seen.add(key);
    if (typeof setting.regex !== 'string' || setting.regex === '' || setting.regex.length > MAX_PATTERN) {
      throw new Error(`${label}: "regex" must be a non-empty string of at most ${MAX_PATTERN} characters`);
    }
    if (/\\[1-9]|\\k</.test(setting.regex)) throw new Error(`${label}: back-references are not allowed`);
    if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/.test(setting.regex)) {
      throw new Error(`${label}: a repeated group that holds a repetition (like "(a+)+") can take exponential time; rewrite it`);
    }
    let groups: string[];
    try {
      groups = [...new RegExp(setting.regex).source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
    } catch (error) {
      throw new Error(`${label}: the regex does not compile: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!groups.some((g) => KNOWN_GROUPS.has(g))) {
      throw new Error(`${label}: name at least one field with a group such as (?<time>…), (?<level>…) or (?<message>…)`);
    }
    return {
      name: setting.name,
      title: `Custom format ${setting.name}`,
      kind: 'regex',
      pattern: setting.regex,
      multiline: setting.multiline !== false,
      samples: [],
    } satisfies RegexFormat;
  });
}

/** What the `logscope.formats` setting allows: its formats, or why none of them can be used. */
export interface CustomFormatsSetting {
  readonly formats: readonly CustomFormatSetting[];
  /** Why the setting was refused (every format is dropped then), or null. */
  readonly problem: string | null;
}

/**
 * Reads a `logscope.formats` value from a settings file (which can hold anything): unset or empty
 * means no custom format; anything else must be a list whose every format compiles.
 */
export function parseCustomFormats(value: unknown): CustomFormatsSetting {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return { formats: [], problem: null };
  if (!Array.isArray(value)) return { formats: [], problem: 'it must be a list of { "name", "regex" } objects' };
  try {
    compileCustomFormats(value as CustomFormatSetting[]);
    return { formats: value as CustomFormatSetting[], problem: null };
  } catch (error) {
    return { formats: [], problem: error instanceof Error ? error.message : String(error) };
  }
}
