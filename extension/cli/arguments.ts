import { formatByName, BUILTIN_FORMATS } from '../engine/formats/registry';
import { KEYWORD_LEVELS, parseLevelKeywords, type LevelKeywords } from '../engine/levelKeywords';
import { machineTimeZone, normalizeTimeZone } from '../engine/timeZone';

export const USAGE = `Usage:
  logscope analyze <file|folder>... [--format NAME | --log-format PATTERN] [--level-keyword LEVEL=WORD,...] [--json] [--jobs N] [--time-zone ZONE]
  logscope templates <file> [--log-format PATTERN] [--format NAME] [--level-keyword LEVEL=WORD,...] [--json]
  logscope report <file|folder>... [--format NAME | --log-format PATTERN] [--level-keyword LEVEL=WORD,...] [--time-zone ZONE] -o report.html

Formats: ${BUILTIN_FORMATS.map((f) => f.name).join(', ')}
--jobs N: worker threads for large files (default: number of cores; 1 = single-threaded)
--time-zone ZONE: days and hours of the error heatmap and sessions per day, and the report's
  times, in ZONE: UTC (default), local (this machine's zone) or an IANA name such as Europe/Berlin.
  JSON times stay ISO-8601 UTC instants.
--log-format takes a Loghub-style pattern, e.g. '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>'
--level-keyword LEVEL=WORD[,WORD...]: extra words for a level (${KEYWORD_LEVELS.join(', ')}), case-insensitive;
  repeat it for other levels, e.g. --level-keyword error=OOPS,BOOM --level-keyword fatal=MELTDOWN
  (the logscope.levelKeywords setting of the extension)
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Command = 'analyze' | 'templates' | 'report' | 'help';

export interface Arguments {
  readonly command: Command;
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly format: string | undefined;
  readonly logFormat: string | undefined;
  readonly output: string | undefined;
  /** Worker threads; undefined = one per core. */
  readonly jobs: number | undefined;
  /** From `--level-keyword`; undefined when none was given. */
  readonly levelKeywords: LevelKeywords | undefined;
  /** "UTC" or an IANA zone name ("local" already resolved); undefined = UTC. */
  readonly timeZone: string | undefined;
}

/** Adds one `--level-keyword LEVEL=WORD[,WORD...]` to `into` (words per level, as given). */
function addLevelKeyword(text: string, into: Record<string, string[]>): void {
  const m = /^([^=]+)=(.*)$/.exec(text);
  if (m === null) throw new UsageError(`--level-keyword needs LEVEL=WORD[,WORD...] (e.g. error=OOPS,BOOM), not "${text}"`);
  (into[m[1]!.trim().toLowerCase()] ??= []).push(...m[2]!.split(','));
}

export function parseArguments(argv: readonly string[]): Arguments {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help', paths: [], json: false, format: undefined, logFormat: undefined, output: undefined, jobs: undefined, levelKeywords: undefined, timeZone: undefined };
  }
  if (command !== 'analyze' && command !== 'templates' && command !== 'report') {
    throw new UsageError(`unknown command "${command}" (expected analyze, templates or report; see logscope --help)`);
  }
  const paths: string[] = [];
  let json = false;
  let format: string | undefined;
  let logFormat: string | undefined;
  let output: string | undefined;
  let jobs: number | undefined;
  const keywordArguments: Record<string, string[]> = {};
  let timeZone: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--format') format = value();
    else if (arg === '--log-format') logFormat = value();
    else if (arg === '-o' || arg === '--output') output = value();
    else if (arg === '--level-keyword') addLevelKeyword(value(), keywordArguments);
    else if (arg === '--jobs' || arg === '-j') {
      const text = value();
      jobs = Number(text);
      if (!/^\d+$/.test(text) || jobs < 1) throw new UsageError(`--jobs needs a whole number of at least 1, not "${text}"`);
    }
    else if (arg === '--time-zone' || arg === '--tz') {
      const text = value();
      const zone = text.trim().toLowerCase() === 'local' ? machineTimeZone() : normalizeTimeZone(text);
      if (zone === null) throw new UsageError(`--time-zone needs "UTC", "local" or an IANA zone name such as Europe/Berlin, not "${text}"`);
      timeZone = zone;
    }
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError(`${command} needs at least one file or folder`);
  if (command === 'templates' && paths.length !== 1) throw new UsageError('templates takes exactly one file');
  if (command === 'report' && output === undefined) throw new UsageError('report needs -o <file.html>');
  if (format !== undefined && logFormat !== undefined) throw new UsageError('use either --format or --log-format, not both');
  if (format !== undefined && formatByName(format) === undefined) {
    throw new UsageError(`unknown format "${format}" (known: ${BUILTIN_FORMATS.map((f) => f.name).join(', ')})`);
  }
  let levelKeywords: LevelKeywords | undefined;
  if (Object.keys(keywordArguments).length > 0) {
    // Stricter than the setting: a command line with a mistake stops instead of half applying.
    const parsed = parseLevelKeywords(keywordArguments);
    if (parsed.problems.length > 0) throw new UsageError(`--level-keyword: ${parsed.problems.join('; ')}`);
    levelKeywords = parsed.keywords;
  }
  return { command, paths, json, format, logFormat, output, jobs, levelKeywords, timeZone };
}
