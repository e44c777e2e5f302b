/**
 * Extension entry point. Activation only registers commands and the panel serializer; the
 * engine runs in a worker thread and is loaded on first use.
 */
import * as vscode from 'vscode';
import type { DashboardState } from '../shared/messages';
import { DashboardController } from './dashboardController';
import { DASHBOARD_VIEW_TYPE } from './dashboardPanel';

export function activate(context: vscode.ExtensionContext): void {
  const controller = new DashboardController(context);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('logscope.visualizeErrors', (uri?: unknown) =>
      controller.visualize(uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        controller.restore(panel, isDashboardState(state) ? state : undefined);
        return Promise.resolve();
      },
    }),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // Test-only hook: the integration suite reads what the webview was last sent.
    context.subscriptions.push(vscode.commands.registerCommand('logscope.test.lastPosted', () => controller.lastPosted));
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function isDashboardState(value: unknown): value is DashboardState {
  return typeof value === 'object' && value !== null && 'subjectUri' in value;
}
