import * as vscode from 'vscode';
import type { LineSource } from '../engine/lineSource';
import type { RecordFilterSpec } from '../engine/recordFilter';
import type { AnalysisClient } from './analysisClient';
import { readSettings } from './settings';

export const FILTER_SCHEME = 'logscope-filter';
/** Records shown at most in one filtered view. */
const MAX_RECORDS = 100_000;

/** What a filtered view shows: records of `source` (a URI) matching `spec`. */
export interface FilterQuery {
  readonly source: string;
  readonly spec: RecordFilterSpec;
}

/** A short description of a filter, for titles and the view's first line. */
export function describeFilter(spec: RecordFilterSpec): string {
  const parts: string[] = [];
  if (spec.levels) parts.push(`level ${spec.levels.join('/')}`);
  if (spec.host !== undefined) parts.push(`host ${spec.host}`);
  if (spec.template) parts.push(`template "${spec.template.text.slice(0, 60)}"`);
  if (spec.from !== undefined) parts.push(`from ${new Date(spec.from).toISOString()}`);
  if (spec.to !== undefined) parts.push(`to ${new Date(spec.to).toISOString()}`);
  if (spec.contains !== undefined) parts.push(`containing "${spec.contains}"`);
  if (spec.likeLine !== undefined) parts.push(`like line ${spec.likeLine}`);
  return parts.length === 0 ? 'all records' : parts.join(', ');
}

export function filterUri(query: FilterQuery): vscode.Uri {
  const source = vscode.Uri.parse(query.source);
  const name = (source.path.split('/').pop() ?? 'log').replace(/\.log$/i, '');
  // The path ends in .log so the view gets the log language; the query carries the filter.
  return vscode.Uri.from({ scheme: FILTER_SCHEME, path: `/${name} (filtered).log`, query: JSON.stringify(query) });
}

export function queryOf(uri: vscode.Uri): FilterQuery | null {
  try {
    const query = JSON.parse(uri.query) as FilterQuery;
    return typeof query.source === 'string' && typeof query.spec === 'object' ? query : null;
  } catch {
    return null;
  }
}

/**
 * Read-only documents holding only the matching records; every line maps back to its place in
 * the original (Go to Definition jumps there). Built from disk for files VS Code cannot open.
 */
export class FilterDocuments implements vscode.TextDocumentContentProvider, vscode.DefinitionProvider {
  /** View line (0-based) → original line (0-based), per filter URI. */
  private readonly lineMaps = new Map<string, Int32Array>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: AnalysisClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = queryOf(uri);
    if (query === null) return '# Logscope: this filter link is not valid.\n';
    const sourceUri = vscode.Uri.parse(query.source);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === query.source);
    const source: LineSource = open !== undefined ? { kind: 'text', text: open.getText(), name: sourceUri.path } : { kind: 'file', path: sourceUri.fsPath };
    const { found, texts } = await this.client.findRecords(source, query.spec, MAX_RECORDS, readSettings().analysis);
    const lines: string[] = [];
    const map: number[] = [];
    const shown = found.spans.length < found.matched ? `first ${found.spans.length} of ${found.matched}` : `${found.matched}`;
    lines.push(`# Logscope filter: ${describeFilter(query.spec)} · ${shown} of ${found.records} records in ${sourceUri.path.split('/').pop()} · Go to Definition (F12) on a line opens it in the original`);
    map.push(-1);
    found.spans.forEach(([start, end], i) => {
      for (let line = start; line <= end; line++) {
        const text = open !== undefined ? open.lineAt(line - 1).text : texts?.[i]?.[line - start];
        if (text === undefined) break;
        lines.push(text);
        map.push(line - 1);
      }
    });
    this.lineMaps.set(uri.toString(), Int32Array.from(map));
    return lines.join('\n') + '\n';
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const original = this.originalLine(document.uri, position.line);
    const query = queryOf(document.uri);
    if (original === null || query === null) return undefined;
    return new vscode.Location(vscode.Uri.parse(query.source), new vscode.Position(original, 0));
  }

  /** The original 0-based line of a view line, or null for the header. */
  originalLine(uri: vscode.Uri, viewLine: number): number | null {
    const line = this.lineMaps.get(uri.toString())?.[viewLine];
    return line === undefined || line < 0 ? null : line;
  }

  /** Opens (or refreshes) the filtered view for a query beside the current editor. */
  async open(query: FilterQuery): Promise<vscode.TextEditor> {
    const uri = filterUri(query);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'log') await vscode.languages.setTextDocumentLanguage(document, 'log');
    return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Active });
  }

  dispose(): void {
    this.changed.dispose();
    this.lineMaps.clear();
  }
}
