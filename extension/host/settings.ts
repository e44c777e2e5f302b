import * as vscode from 'vscode';
import { parseCustomFormats, type CustomFormatSetting } from '../engine/formats/customFormats';
import { levelKeywordsMessage, parseLevelKeywords, type LevelKeywords } from '../engine/levelKeywords';
import { LogFormatError, compileLogFormat } from '../engine/logFormatPattern';
import { parseTimeZoneSetting, type TimeZoneChoice } from '../shared/timeZoneSetting';
import { trustedValue } from './trustedSettings';
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
 * ignored (user-level ones still apply; see trustedSettings.ts).
 */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('logscope');
  const problems: string[] = [];

  const logFormat = String(trustedValue<string>(config, 'logFormat', '') ?? '').trim();
  const analysis: { logFormat?: string; customFormats?: CustomFormatSetting[]; levelKeywords?: LevelKeywords } = {};
  const warnings: string[] = [];
  // Not limited to user settings in untrusted workspaces: keywords are plain words (never a
  // pattern: escaped before they join a regex), capped in number and length, so a cloned
  // repository can only relabel its own log lines with them, not run or stall anything.
  const keywords = parseLevelKeywords(config.get<unknown>('levelKeywords', {}));
  if (keywords.problems.length > 0) warnings.push(levelKeywordsMessage(keywords.problems));
  if (Object.keys(keywords.keywords).length > 0) analysis.levelKeywords = keywords.keywords;
  const formats = parseCustomFormats(trustedValue<unknown>(config, 'formats', []));
  if (formats.problem !== null) problems.push(`Setting "logscope.formats" is invalid: ${formats.problem}`);
  else if (formats.formats.length > 0) analysis.customFormats = [...formats.formats];
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
