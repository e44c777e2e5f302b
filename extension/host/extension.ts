/**
 * Extension entry point. Activation registers commands, providers and the panel serializer;
 * parsing runs in worker threads and the language server process, never on this thread.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DashboardState } from '../shared/messages';
import { AnalysisClient } from './analysisClient';
import { DashboardController } from './dashboardController';
import { DASHBOARD_VIEW_TYPE } from './dashboardPanel';
import { FILTER_SCHEME, FilterDocuments } from './filterDocuments';
import type * as LanguageClientModule from './languageClient';
import { RecordNavigator } from './navigation';

export function activate(context: vscode.ExtensionContext): void {
  // Queries (filters, navigation) get their own worker, so they never cancel a dashboard analysis.
  const queries = new AnalysisClient(context.extensionPath);
  const filters = new FilterDocuments(queries);
  const controller = new DashboardController(context, filters);
  const navigator = new RecordNavigator(queries);
  context.subscriptions.push(
    { dispose: () => queries.dispose() },
    filters,
    controller,
    vscode.workspace.registerTextDocumentContentProvider(FILTER_SCHEME, filters),
    vscode.languages.registerDefinitionProvider({ scheme: FILTER_SCHEME }, filters),
    vscode.commands.registerCommand('logscope.visualizeErrors', (uri?: unknown) =>
      controller.visualize(uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand('logscope.filter', () => controller.filter()),
    vscode.commands.registerCommand('logscope.nextError', () => navigator.nextError(1)),
    vscode.commands.registerCommand('logscope.previousError', () => navigator.nextError(-1)),
    vscode.commands.registerCommand('logscope.nextOccurrence', () => navigator.nextOccurrence(1)),
    vscode.commands.registerCommand('logscope.previousOccurrence', () => navigator.nextOccurrence(-1)),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        controller.restore(panel, isDashboardState(state) ? state : undefined);
        return Promise.resolve();
      },
    }),
  );
  // The language client is most of the extension's code: load it (its own bundle) once
  // activation has returned, so activating stays fast.
  const loadClient = setTimeout(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const client = require(join(context.extensionPath, 'out', 'languageClient.js')) as typeof LanguageClientModule;
    context.subscriptions.push(client.startLanguageClient(context));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(loadClient) });
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // Test-only hooks: the integration suite reads what the webview was last sent.
    context.subscriptions.push(vscode.commands.registerCommand('logscope.test.lastPosted', () => controller.lastPosted));
    context.subscriptions.push(vscode.commands.registerCommand('logscope.test.summaryTimes', () => controller.summaryTimes));
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function isDashboardState(value: unknown): value is DashboardState {
  return typeof value === 'object' && value !== null && 'subjectUri' in value;
}
