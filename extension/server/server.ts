/**
 * The Logscope language server (bundled as out/server.js, started by the extension over IPC).
 * Every feature reads one LogModel per document, built by the engine off the extension host.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DocumentStatsChangedNotification,
  DocumentStatsRequest,
  RecordAtRequest,
  type DocumentStats,
  type RecordAtResult,
} from '../shared/lspProtocol';
import { AnalysisScheduler } from './analysisScheduler';
import { errorDiagnostics } from './diagnostics';
import { createFieldLocator, type FieldLocator } from './fieldSpans';
import { recordFoldingRanges } from './folding';
import { hoverAt } from './hover';
import { buildLogModelAsync, type LogModel } from './logModel';
import { outlineSymbols } from './outline';
import { encodeTokens, fieldTokens, MAX_RECORDS_FOR_FULL_TOKENS, SEMANTIC_TOKENS_LEGEND } from './semanticTokens';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { normalizeTimeZone, UTC_ZONE } from '../engine/timeZone';
import { LOCAL_ZONE } from '../shared/timeZoneSetting';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let canPullConfiguration = false;
let canRefreshSemanticTokens = false;
/** Settings pushed with didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: ServerSettings = DEFAULT_SETTINGS;
const settingsByUri = new Map<string, Promise<ServerSettings>>();

interface Analysis {
  readonly model: LogModel;
  readonly settings: ServerSettings;
  readonly analysisMs: number;
  locator?: FieldLocator;
}

const scheduler = new AnalysisScheduler<Analysis>(analyzeDocument, publish);

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  canRefreshSemanticTokens = params.capabilities.workspace?.semanticTokens?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      foldingRangeProvider: true,
      documentSymbolProvider: { label: 'Logscope' },
      hoverProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
    },
    serverInfo: { name: 'Logscope Language Server' },
  };
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as { logscope?: unknown } | null)?.logscope;
  if (pushed !== undefined) pushedSettings = readSettings(pushed);
  settingsByUri.clear();
  scheduler.invalidateAll();
  if (canRefreshSemanticTokens) void connection.languages.semanticTokens.refresh();
});

// Fired on open too: the scheduler analyzes a document it does not know yet right away.
documents.onDidChangeContent((event) => scheduler.schedule(event.document.uri));
documents.onDidClose((event) => {
  scheduler.forget(event.document.uri);
  settingsByUri.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

function settingsFor(uri: string): Promise<ServerSettings> {
  if (!canPullConfiguration) return Promise.resolve(pushedSettings);
  let settings = settingsByUri.get(uri);
  if (settings === undefined) {
    settings = connection.workspace.getConfiguration({ scopeUri: uri, section: 'logscope' }).then(readSettings, () => pushedSettings);
    settingsByUri.set(uri, settings);
  }
  return settings;
}

/** The file's modification time: year-less timestamps (syslog) cannot be later than it. */
function referenceTimeOf(uri: string): number | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return statSync(fileURLToPath(uri)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The document's file name (the engine names the host of records that state none after it). */
function fileNameOf(uri: string): string {
  const last = basename(uri.replace(/[?#].*$/, ''));
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // malformed escapes: keep the name as written
  }
}

async function analyzeDocument(uri: string, isStale: () => boolean): Promise<{ model: Analysis; version: number } | null> {
  const settings = await settingsFor(uri);
  const document = documents.get(uri);
  if (document === undefined || isStale()) return null;
  // Read version and text together: the document object is updated in place by later edits.
  const version = document.version;
  const text = document.getText();
  const started = performance.now();
  const name = fileNameOf(uri);
  const options = {
    name,
    logFormat: settings.logFormat,
    customFormats: settings.customFormats,
    levelKeywords: settings.levelKeywords,
    referenceTime: referenceTimeOf(uri),
  };
  const model = await buildLogModelAsync(text, options, isStale);
  if (model === null) return null;
  return { model: { model, settings, analysisMs: performance.now() - started }, version };
}

function publish(uri: string, analysis: Analysis, version: number): void {
  const { maxProblems, levelKeywordsProblems, formatsProblem } = analysis.settings;
  const diagnostics = errorDiagnostics(analysis.model, maxProblems, levelKeywordsProblems, formatsProblem);
  void connection.sendDiagnostics({ uri, version, diagnostics });
  void connection.sendNotification(DocumentStatsChangedNotification, statsOf(uri, analysis, version));
}

function statsOf(uri: string, analysis: Analysis, version: number): DocumentStats {
  const { model, settings } = analysis;
  let start = Infinity;
  let end = -Infinity;
  for (const time of model.time) {
    if (time < start) start = time;
    if (time > end) end = time;
  }
  return {
    uri,
    version,
    format: model.format,
    records: model.records,
    levels: { ...model.levels },
    timeRange: start === Infinity ? null : { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
    templates: model.templates.size,
    analyzedLines: model.analyzedLines,
    totalLines: model.totalLines,
    problemsReported: Math.min(model.errors.length, settings.maxProblems),
    problemsTotal: model.errors.length,
    analysisMs: Math.round(analysis.analysisMs),
  };
}

/** The current analysis of an open document (awaits a pending one), or null. */
async function analysisOf(uri: string): Promise<{ analysis: Analysis; document: TextDocument } | null> {
  const document = documents.get(uri);
  if (document === undefined) return null;
  const analysis = await scheduler.modelFor(uri, document.version);
  return analysis === null ? null : { analysis, document };
}

function locatorOf(analysis: Analysis): FieldLocator {
  analysis.locator ??= createFieldLocator(analysis.model.format, analysis.model.logFormat, analysis.model.customFormatPattern);
  return analysis.locator;
}

function lineOf(document: TextDocument, line: number): string {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$/, '');
}

connection.onFoldingRanges(async (params) => {
  const found = await analysisOf(params.textDocument.uri);
  return found === null ? null : recordFoldingRanges(found.analysis.model);
});

connection.onDocumentSymbol(async (params) => {
  const found = await analysisOf(params.textDocument.uri);
  if (found === null) return null;
  const zone = found.analysis.settings.timeZone;
  // "local" is the zone of the machine the server runs on, as for hovers.
  return outlineSymbols(found.analysis.model, zone === LOCAL_ZONE ? normalizeTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone) ?? UTC_ZONE : zone);
});

connection.onHover(async (params) => {
  const found = await analysisOf(params.textDocument.uri);
  if (found === null) return null;
  const { analysis, document } = found;
  const zone = analysis.settings.timeZone;
  return hoverAt(analysis.model, locatorOf(analysis), lineOf(document, params.position.line), params.position, zone === LOCAL_ZONE ? {} : { timeZone: zone });
});

connection.languages.semanticTokens.on(async (params) => {
  const found = await analysisOf(params.textDocument.uri);
  if (found === null) return { data: [] };
  const { analysis, document } = found;
  if (analysis.model.records > MAX_RECORDS_FOR_FULL_TOKENS) return null;
  return { data: encodeTokens(fieldTokens(analysis.model, locatorOf(analysis), (line) => lineOf(document, line))) };
});

connection.languages.semanticTokens.onRange(async (params) => {
  const found = await analysisOf(params.textDocument.uri);
  if (found === null) return { data: [] };
  const { analysis, document } = found;
  const tokens = fieldTokens(analysis.model, locatorOf(analysis), (line) => lineOf(document, line), params.range.start.line, params.range.end.line);
  return { data: encodeTokens(tokens) };
});

connection.onRequest(RecordAtRequest, async (params): Promise<RecordAtResult | null> => {
  const found = await analysisOf(params.uri);
  if (found === null) return null;
  const model = found.analysis.model;
  const record = model.recordAtLine(params.line);
  const template = record < 0 ? undefined : model.templateOf(record);
  if (template === undefined) return null;
  const time = model.time[record]!;
  return {
    firstLine: model.firstLine[record]!,
    lastLine: model.lastLine[record]!,
    level: model.level[record]!,
    timestamp: Number.isNaN(time) ? null : new Date(time).toISOString(),
    templateId: template.id,
    template: template.template,
    occurrences: template.count,
    records: model.records,
  };
});

connection.onRequest(DocumentStatsRequest, async (params): Promise<DocumentStats | null> => {
  const found = await analysisOf(params.uri);
  return found === null ? null : statsOf(params.uri, found.analysis, found.document.version);
});

documents.listen(connection);
connection.listen();
