/**
 * The one protocol between the extension host and the dashboard webview (also used by the
 * standalone HTML report, which plays the host's part in-page). Each side switches on `type`.
 */
import type { Summary } from '../engine/summary';

/** What the dashboard shows for: a document or file, and a short title for the header. */
export interface DashboardSubject {
  readonly uri: string;
  readonly title: string;
}

export type ToWebview =
  | { readonly type: 'summary'; readonly subject: DashboardSubject; readonly summary: Summary }
  | {
      readonly type: 'progress';
      readonly subject: DashboardSubject;
      /** 0..1, or null when the total is unknown. */
      readonly fraction: number | null;
    }
  | { readonly type: 'error'; readonly subject: DashboardSubject | null; readonly message: string }
  | { readonly type: 'noLog'; readonly message: string };

export type FromWebview =
  | { readonly type: 'ready' }
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
    case 'ready':
      return { type: 'ready' };
    case 'revealLine': {
      const { uri, line } = message;
      if (typeof uri !== 'string' || uri.length > 4096) return null;
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) return null;
      return { type: 'revealLine', uri, line };
    }
    default:
      return null;
  }
}
