/**
 * The one protocol between the extension host and the dashboard webview (also used by the
 * standalone HTML report, which plays the host's part in-page). Each side switches on `type`.
 */
import { LEVELS, type Level, type Summary } from '../engine/summary';
import { normalizeTimeZone } from '../engine/timeZone';

/** What the dashboard shows for: a document or file, and a short title for the header. */
export interface DashboardSubject {
  readonly uri: string;
  readonly title: string;
}

/** The zone the dashboard shows times in (`logscope.timeZone`). */
export interface DisplayTimeZone {
  /** "local" (the browser's zone), "UTC" or an IANA zone name. */
  readonly zone: string;
  /** Why the setting is not used as written (the dashboard shows it), or null. */
  readonly problem: string | null;
}

export type ToWebview =
  | {
      readonly type: 'summary';
      readonly subject: DashboardSubject;
      readonly summary: Summary;
      /** Absent: the zone the summary's day and hour aggregates use. */
      readonly timeZone?: DisplayTimeZone;
    }
  | {
      readonly type: 'progress';
      readonly subject: DashboardSubject;
      /** 0..1, or null when the total is unknown. */
      readonly fraction: number | null;
    }
  | { readonly type: 'error'; readonly subject: DashboardSubject | null; readonly message: string }
  | { readonly type: 'noLog'; readonly message: string };

/** What the user clicked in the dashboard to see the matching records as a filtered document. */
export interface DashboardFilter {
  readonly levels?: readonly Level[];
  readonly host?: string;
  readonly template?: { readonly text: string; readonly level: Level };
  /** ISO-8601 start (inclusive) and end (exclusive). */
  readonly from?: string;
  readonly to?: string;
}

export type FromWebview =
  /** `timeZone`: the browser's own zone, which "local" means in the dashboard. */
  | { readonly type: 'ready'; readonly timeZone?: string }
  | { readonly type: 'openFilter'; readonly uri: string; readonly filter: DashboardFilter }
  | {
      /** The user clicked an error template: show its example line in the editor. */
      readonly type: 'revealLine';
      readonly uri: string;
      /** 1-based line number. */
      readonly line: number;
    };

/** State the webview persists with `setState`, so the serializer can restore the panel. */
export interface DashboardState {
  readonly subjectUri: string | null;
}

/** Runtime check for messages coming from the webview: never trust their shape. */
export function parseFromWebview(value: unknown): FromWebview | null {
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready': {
      const zone = typeof message.timeZone === 'string' && message.timeZone.length <= 64 ? normalizeTimeZone(message.timeZone) : null;
      return zone === null ? { type: 'ready' } : { type: 'ready', timeZone: zone };
    }
    case 'revealLine': {
      const { uri, line } = message;
      if (typeof uri !== 'string' || uri.length > 4096) return null;
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) return null;
      return { type: 'revealLine', uri, line };
    }
    case 'openFilter': {
      const { uri, filter } = message;
      if (typeof uri !== 'string' || uri.length > 4096) return null;
      const parsed = parseDashboardFilter(filter);
      return parsed === null ? null : { type: 'openFilter', uri, filter: parsed };
    }
    default:
      return null;
  }
}

function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function shortString(value: unknown, max = 10_000): value is string {
  return typeof value === 'string' && value.length <= max;
}

function parseDashboardFilter(value: unknown): DashboardFilter | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  const out: { -readonly [K in keyof DashboardFilter]: DashboardFilter[K] } = {};
  if (raw.levels !== undefined) {
    if (!Array.isArray(raw.levels) || !raw.levels.every(isLevel)) return null;
    out.levels = raw.levels;
  }
  if (raw.host !== undefined) {
    if (!shortString(raw.host, 1024)) return null;
    out.host = raw.host;
  }
  if (raw.template !== undefined) {
    const t = raw.template as Record<string, unknown> | null;
    if (typeof t !== 'object' || t === null || !shortString(t.text) || !isLevel(t.level)) return null;
    out.template = { text: t.text, level: t.level };
  }
  for (const key of ['from', 'to'] as const) {
    if (raw[key] === undefined) continue;
    const text = raw[key];
    if (!shortString(text, 64) || Number.isNaN(Date.parse(text))) return null;
    out[key] = text;
  }
  return out;
}
