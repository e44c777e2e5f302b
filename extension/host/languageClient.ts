/**
 * Starts the Logscope language server (out/server.js, a separate Node process over IPC) for
 * documents of language `log`, and the command that asks it about the line under the cursor.
 */
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DocumentStatsRequest, LOG_LANGUAGE_ID, RecordAtRequest, type DocumentStats, type RecordAtResult } from '../shared/lspProtocol';
import { trustedLogscopeSection } from './trustedSettings';

export const SHOW_LINE_TEMPLATE_COMMAND = 'logscope.showLineTemplate';

export function startLanguageClient(context: vscode.ExtensionContext): vscode.Disposable {
  const module = context.asAbsolutePath('out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LOG_LANGUAGE_ID, scheme: 'file' },
      { language: LOG_LANGUAGE_ID, scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'logscope' },
    // The server reads every setting from the client, so Workspace Trust is applied here: it
    // never sees a workspace-level pattern (logscope.formats, logscope.logFormat) while the
    // workspace is untrusted, whether it asks (workspace/configuration) or is told (didChange).
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values)) return values; // an error response
          return params.items.map((item, index) => {
            if (item.section !== 'logscope') return values[index] as unknown;
            return trustedLogscopeSection(typeof item.scopeUri === 'string' ? client.protocol2CodeConverter.asUri(item.scopeUri) : undefined);
          });
        },
        didChangeConfiguration: () => sendSettings(),
      },
    },
    diagnosticCollectionName: 'logscope',
    // Hovers quote log text: never trusted, no HTML, so nothing in a log can run a command.
    markdown: { isTrusted: false, supportHtml: false },
  };
  const client = new LanguageClient('logscope', 'Logscope Language Server', serverOptions, clientOptions);
  const sendSettings = (): Promise<void> => client.sendNotification(DidChangeConfigurationNotification.type, { settings: { logscope: trustedLogscopeSection() } });
  const started = client.start().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Logscope language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  });

  const disposables: vscode.Disposable[] = [
    // Granting trust lets workspace-level patterns apply: the server asks for its settings again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void started.then(sendSettings).catch(() => undefined);
    }),
    vscode.commands.registerCommand(SHOW_LINE_TEMPLATE_COMMAND, async (uri?: unknown, line?: unknown) => {
      await started;
      return showLineTemplate(client, uri instanceof vscode.Uri ? uri : undefined, typeof line === 'number' ? line : undefined);
    }),
  ];
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // Test-only hook: the integration suite reads the server's figures for a document.
    disposables.push(
      vscode.commands.registerCommand('logscope.test.documentStats', async (uri: vscode.Uri): Promise<DocumentStats | null> => {
        await started;
        return client.sendRequest(DocumentStatsRequest, { uri: client.code2ProtocolConverter.asUri(uri) });
      }),
    );
  }
  return new vscode.Disposable(() => {
    for (const disposable of disposables) disposable.dispose();
    void client.dispose();
  });
}

/** Shows the template of a line (default: the cursor's) and how often it occurs; returns what the server said. */
async function showLineTemplate(client: LanguageClient, uri?: vscode.Uri, line?: number): Promise<RecordAtResult | null> {
  const editor = vscode.window.activeTextEditor;
  const target = uri ?? editor?.document.uri;
  const targetLine = line ?? editor?.selection.active.line;
  if (target === undefined || targetLine === undefined) {
    void vscode.window.showInformationMessage('Logscope: open a log file and put the cursor on a record.');
    return null;
  }
  const result = await client.sendRequest(RecordAtRequest, { uri: client.code2ProtocolConverter.asUri(target), line: targetLine });
  if (result === null) {
    void vscode.window.showInformationMessage(`Logscope: line ${targetLine + 1} is not part of a log record.`);
    return null;
  }
  const share = ((result.occurrences / result.records) * 100).toFixed(1);
  void vscode.window.showInformationMessage(
    `Logscope: ${result.level} template "${withoutLinks(result.template)}" occurs ${result.occurrences} of ${result.records} records (${share}%).`,
  );
  return result;
}

/**
 * Notifications turn `[text](command:…)` into clickable links; log text must not, so the link
 * syntax is broken with a space (the only change to the text).
 */
export function withoutLinks(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
