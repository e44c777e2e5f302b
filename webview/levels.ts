/** Level names and groupings as the dashboard shows them. */
import type { Level, LevelCounts } from '../extension/engine/summary';

export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  fatal: 'Fatal',
  error: 'Error',
  warn: 'Warning',
  info: 'Info',
  debug: 'Debug',
  trace: 'Trace',
  unknown: 'Unknown',
};

export function errorCount(levels: LevelCounts): number {
  return levels.fatal + levels.error;
}

export function isErrorLevel(level: Level): boolean {
  return level === 'fatal' || level === 'error';
}

/** A level name from the summary, tolerated if an engine ever sends one we do not know. */
export function levelLabel(level: string): string {
  return Object.hasOwn(LEVEL_LABELS, level) ? LEVEL_LABELS[level as Level] : level;
}
