import * as vscode from 'vscode';
import { compileCustomFormats, type CustomFormatSetting } from '../engine/formats/customFormats';
import { levelKeywordsMessage, parseLevelKeywords, type LevelKeywords } from '../engine/levelKeywords';
import { LogFormatError, compileLogFormat } from '../engine/logFormatPattern';
import { parseTimeZoneSetting, type TimeZoneChoice } from '../shared/timeZoneSetting';
import type { WorkerAnalyzeOptions } from './workerProtocol';

export interface Settings {
  readonly analysis: WorkerAnalyzeOptions;
  readonly liveTail: boolean;
  readonly folderInclude: string;
  readonly folderExclude: string;
  /** Zone the dashboard shows times in ("local", "UTC" or an IANA name). */
  readonly timeZone: TimeZoneChoice;
  /** One message per invalid setting, naming it; empty when all are valid. Analysis waits for a fix. */
  readonly problems: readonly string[];
  /**
   * One message per setting that is invalid or partly invalid, naming it: its valid part (or
   * its default) applies, so the analysis goes ahead (shown once, not blocking like `problems`).
   */
  readonly warnings: readonly string[];
}

/**
 * Reads the `logscope.*` settings. In an untrusted workspace, workspace-level patterns are
 * ignored (user-level ones still apply): a cloned repository must not run its regexes here.
 */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('logscope');
  const problems: string[] = [];
  const trusted = vscode.workspace.isTrusted;
  const userOnly = <T>(key: string, fallback: T): T => {
    if (trusted) return config.get<T>(key, fallback);
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };

  const logFormat = String(userOnly<string>('logFormat', '') ?? '').trim();
  const analysis: { logFormat?: string; customFormats?: CustomFormatSetting[]; levelKeywords?: LevelKeywords } = {};
  const warnings: string[] = [];
  // Not limited to user settings in untrusted workspaces: keywords are plain words (never a
  // pattern: escaped before they join a regex), capped in number and length, so a cloned
  // repository can only relabel its own log lines with them, not run or stall anything.
  const keywords = parseLevelKeywords(config.get<unknown>('levelKeywords', {}));
  if (keywords.problems.length > 0) warnings.push(levelKeywordsMessage(keywords.problems));
  if (Object.keys(keywords.keywords).length > 0) analysis.levelKeywords = keywords.keywords;
  const formats = userOnly<unknown>('formats', []);
  if (formats !== undefined && formats !== null && !(Array.isArray(formats) && formats.length === 0)) {
    try {
      if (!Array.isArray(formats)) throw new Error('it must be a list of { "name", "regex" } objects');
      compileCustomFormats(formats as CustomFormatSetting[]);
      analysis.customFormats = formats as CustomFormatSetting[];
    } catch (error) {
      problems.push(`Setting "logscope.formats" is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (logFormat !== '') {
    try {
      compileLogFormat(logFormat);
      analysis.logFormat = logFormat;
    } catch (error) {
      const reason = error instanceof LogFormatError ? error.message : String(error);
      problems.push(`Setting "logscope.logFormat" is invalid: ${reason}`);
    }
  }
  const include = config.get<string>('folder.include', '**/*.{log,log.[0-9]*,gz,jsonl,txt}');
  const exclude = config.get<string>('folder.exclude', '**/node_modules/**');
  if (typeof include !== 'string' || include.trim() === '') problems.push('Setting "logscope.folder.include" must be a non-empty glob.');
  if (typeof exclude !== 'string') problems.push('Setting "logscope.folder.exclude" must be a glob (or empty).');
  const liveTail = config.get<boolean>('liveTail', true);
  const timeZone = parseTimeZoneSetting(config.get<unknown>('timeZone'));
  return {
    analysis,
    liveTail: liveTail !== false,
    folderInclude: typeof include === 'string' ? include : '**/*.log',
    folderExclude: typeof exclude === 'string' ? exclude : '',
    timeZone,
    problems,
    warnings: timeZone.problem === null ? warnings : [...warnings, timeZone.problem],
  };
}
