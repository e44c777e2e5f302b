/**
 * Where the dashboard runs: inside a VS Code webview (messages from the extension host) or in
 * the standalone HTML report (data embedded in the page). Incoming data is checked, not trusted.
 */
import { SCHEMA_VERSION, type Summary } from '../extension/engine/summary';
import { REPORT_DATA_ELEMENT_ID, type ReportData } from '../extension/shared/dashboardPage';
import type { DashboardState, DashboardSubject, DisplayTimeZone, FromWebview, ToWebview } from '../extension/shared/messages';

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  setState(state: DashboardState): void;
  getState(): unknown;
}

declare global {
  // Defined by VS Code inside webviews only; absent in the HTML report.
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

export function vsCodeApi(): VsCodeApi | null {
  return typeof globalThis.acquireVsCodeApi === 'function' ? globalThis.acquireVsCodeApi() : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asSubject(value: unknown): DashboardSubject | null {
  if (!isRecord(value) || typeof value.uri !== 'string' || typeof value.title !== 'string') return null;
  return { uri: value.uri, title: value.title };
}

/** A summary this dashboard can render (schema version and the fields the views index into). */
function asSummary(value: unknown): Summary | null {
  if (!isRecord(value) || value.schemaVersion !== SCHEMA_VERSION) return null;
  if (!Array.isArray(value.sources) || !Array.isArray(value.templates) || !Array.isArray(value.hosts)) return null;
  if (!isRecord(value.levels) || !isRecord(value.timeline) || !Array.isArray(value.timeline.buckets)) return null;
  // Summaries written before `timeZone` existed binned days and hours in UTC.
  if (typeof value.timeZone !== 'string') return { ...value, timeZone: 'UTC' } as unknown as Summary;
  return value as unknown as Summary;
}

/** The host's display zone; anything malformed counts as absent (the summary's zone is used). */
function asDisplayTimeZone(value: unknown): DisplayTimeZone | undefined {
  if (!isRecord(value) || typeof value.zone !== 'string' || value.zone.length > 64) return undefined;
  const problem = typeof value.problem === 'string' ? value.problem.slice(0, 500) : null;
  return { zone: value.zone, problem };
}

export type ParsedMessage = ToWebview | { readonly type: 'invalid'; readonly reason: string };

/** Checks a message posted by the extension host. */
export function parseToWebview(data: unknown): ParsedMessage | null {
  if (!isRecord(data)) return null;
  switch (data.type) {
    case 'summary': {
      const subject = asSubject(data.subject);
      const summary = asSummary(data.summary);
      if (!subject) return { type: 'invalid', reason: 'The dashboard received a summary without a subject.' };
      if (!summary) return { type: 'invalid', reason: `Unsupported summary (expected schemaVersion ${SCHEMA_VERSION}).` };
      const timeZone = asDisplayTimeZone(data.timeZone);
      return timeZone ? { type: 'summary', subject, summary, timeZone } : { type: 'summary', subject, summary };
    }
    case 'progress': {
      const subject = asSubject(data.subject);
      const fraction = typeof data.fraction === 'number' && Number.isFinite(data.fraction) ? data.fraction : null;
      return subject ? { type: 'progress', subject, fraction } : null;
    }
    case 'error':
      return { type: 'error', subject: asSubject(data.subject), message: typeof data.message === 'string' ? data.message : 'Unknown error' };
    case 'noLog':
      return { type: 'noLog', message: typeof data.message === 'string' ? data.message : '' };
    default:
      return null;
  }
}

/** Reads the data embedded in the HTML report. */
export function readEmbeddedReport(): ReportData | null {
  const element = document.getElementById(REPORT_DATA_ELEMENT_ID);
  if (!element?.textContent) return null;
  try {
    const data: unknown = JSON.parse(element.textContent);
    if (!isRecord(data)) return null;
    const subject = asSubject(data.subject);
    const summary = asSummary(data.summary);
    return subject && summary ? { subject, summary } : null;
  } catch {
    return null;
  }
}
