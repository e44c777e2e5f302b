/**
 * Logscope's own LSP messages, declared once and imported by both the language client (extension
 * host) and the language server, so a method name or a payload shape cannot drift between them.
 * Lines are 0-based, like every LSP position.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Level, LevelCounts } from '../engine/summary';

/** The language id the server serves (contributed by package.json). */
export const LOG_LANGUAGE_ID = 'log';

export interface RecordAtParams {
  readonly uri: string;
  /** Any line of the record: its first line or a continuation line (stack frame…). */
  readonly line: number;
}

export interface RecordAtResult {
  readonly firstLine: number;
  readonly lastLine: number;
  readonly level: Level;
  /** ISO-8601 UTC, or null when the record states no time. */
  readonly timestamp: string | null;
  readonly templateId: number;
  /** The message with its variable parts replaced by `<*>`. */
  readonly template: string;
  /** Records of this template in the document. */
  readonly occurrences: number;
  /** Records in the (analyzed part of the) document. */
  readonly records: number;
}

/** The record at a line, with its template and how often that template occurs. */
export const RecordAtRequest = new RequestType<RecordAtParams, RecordAtResult | null, void>('logscope/recordAt');

export interface DocumentStatsParams {
  readonly uri: string;
}

export interface DocumentStats {
  readonly uri: string;
  /** Document version the figures describe. */
  readonly version: number;
  /** Detected (or configured) format name, e.g. "log4j". */
  readonly format: string;
  readonly records: number;
  readonly levels: LevelCounts;
  readonly timeRange: { readonly start: string; readonly end: string } | null;
  readonly templates: number;
  /** Lines analyzed; less than `totalLines` when the document is over the size cap. */
  readonly analyzedLines: number;
  readonly totalLines: number;
  /** Error diagnostics published, and error/fatal records in total (more when capped). */
  readonly problemsReported: number;
  readonly problemsTotal: number;
  readonly analysisMs: number;
}

/** Figures of one open log document (null when the server does not have it open). */
export const DocumentStatsRequest = new RequestType<DocumentStatsParams, DocumentStats | null, void>('logscope/documentStats');

/** Sent by the server after every analysis of a document (open, edit, settings change). */
export const DocumentStatsChangedNotification = new NotificationType<DocumentStats>('logscope/documentStatsChanged');
