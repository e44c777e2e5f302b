import * as vscode from 'vscode';
import { LogFormatError, compileLogFormat } from '../engine/logFormatPattern';
import type { Summary } from '../engine/summary';
import type { DashboardState, DashboardSubject } from '../shared/messages';
import { AnalysisCancelled, AnalysisClient } from './analysisClient';
import { DashboardPanel } from './dashboardPanel';
import { isLogDocument, isLogUri } from './logDocuments';
import type { WorkerAnalyzeOptions } from './workerProtocol';

/** What the dashboard is showing: an open document, or a file read from disk. */
type Subject =
  | { readonly kind: 'document'; readonly document: vscode.TextDocument; readonly info: DashboardSubject }
  | { readonly kind: 'file'; readonly uri: vscode.Uri; readonly info: DashboardSubject };

const LIVE_UPDATE_DELAY_MS = 400;

/**
 * Keeps one dashboard panel in step with the active log: opens it, re-analyzes when the active
 * editor switches to another log or the log changes, and reveals lines the user clicks.
 */
export class DashboardController implements vscode.Disposable {
  private panel: DashboardPanel | null = null;
  private subject: Subject | null = null;
  private readonly client: AnalysisClient;
  private readonly disposables: vscode.Disposable[] = [];
  private liveTimer: NodeJS.Timeout | undefined;
  /** Bumped per analysis so a late result never overwrites a newer one. */
  private generation = 0;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.client = new AnalysisClient(context.extensionPath);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.onActiveEditor(editor)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onDocumentChanged(event.document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('logscope') && this.subject !== null) this.refresh();
      }),
    );
  }

  get lastPosted(): unknown {
    return this.panel?.lastPosted ?? null;
  }

  /** The command: show the dashboard for `uri` (explorer) or the active log. */
  async visualize(uri?: vscode.Uri): Promise<void> {
    const subject = uri !== undefined ? await this.subjectForUri(uri) : this.activeSubject();
    this.ensurePanel();
    if (subject === null) {
      this.panel!.post({ type: 'noLog', message: 'Open a log file, then run "Logscope: Visualize Errors".' });
      return;
    }
    this.setSubject(subject);
  }

  /** Restores a panel VS Code kept across a restart. */
  restore(webviewPanel: vscode.WebviewPanel, state: DashboardState | undefined): void {
    this.panel?.panel.dispose();
    this.adoptPanel(new DashboardPanel(webviewPanel, this.context.extensionUri, (uri, line) => void this.revealLine(uri, line)));
    const subject = this.activeSubject();
    if (subject !== null) {
      this.setSubject(subject);
      return;
    }
    if (state?.subjectUri) {
      void this.subjectForUri(vscode.Uri.parse(state.subjectUri)).then((restored) => {
        if (restored !== null) this.setSubject(restored);
      });
      return;
    }
    this.panel!.post({ type: 'noLog', message: 'Open a log file to see its dashboard.' });
  }

  private ensurePanel(): void {
    if (this.panel !== null) {
      this.panel.show();
      return;
    }
    this.adoptPanel(DashboardPanel.create(this.context.extensionUri, (uri, line) => void this.revealLine(uri, line)));
  }

  private adoptPanel(panel: DashboardPanel): void {
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = null;
        this.subject = null;
        this.client.cancelAll();
      }
    });
  }

  private activeSubject(): Subject | null {
    const editor = vscode.window.activeTextEditor;
    if (editor !== undefined && isLogDocument(editor.document)) return documentSubject(editor.document);
    // Files over VS Code's size limit have a tab but no TextDocument: read them from disk.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputText && isLogUri(input.uri)) return fileSubject(input.uri);
    return null;
  }

  private async subjectForUri(uri: vscode.Uri): Promise<Subject | null> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open !== undefined) return documentSubject(open);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showErrorMessage(`Logscope: cannot read ${uri.fsPath}.`);
      return null;
    }
    return uri.scheme === 'file' ? fileSubject(uri) : null;
  }

  private onActiveEditor(editor: vscode.TextEditor | undefined): void {
    if (this.panel === null || editor === undefined || !isLogDocument(editor.document)) return;
    if (this.subject?.kind === 'document' && this.subject.document === editor.document) return;
    this.setSubject(documentSubject(editor.document));
  }

  private onDocumentChanged(document: vscode.TextDocument): void {
    if (this.panel === null || this.subject?.kind !== 'document' || this.subject.document !== document) return;
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => this.refresh(), LIVE_UPDATE_DELAY_MS);
  }

  private setSubject(subject: Subject): void {
    this.subject = subject;
    this.panel?.setTitle(subject.info);
    this.refresh();
  }

  private refresh(): void {
    const subject = this.subject;
    const panel = this.panel;
    if (subject === null || panel === null) return;
    const options = this.analysisOptions();
    if (options === null) return;
    const generation = ++this.generation;
    panel.post({ type: 'progress', subject: subject.info, fraction: null });
    // Where the notification (files from disk) wants progress, once it is shown.
    let notify: ((fraction: number) => void) | null = null;
    const onProgress = (fraction: number): void => {
      if (generation !== this.generation) return;
      panel.post({ type: 'progress', subject: subject.info, fraction });
      notify?.(fraction);
    };
    const run =
      subject.kind === 'document'
        ? this.client.analyze({ kind: 'text', text: subject.document.getText(), name: subject.info.title, options, onProgress })
        : this.client.analyze({ kind: 'paths', paths: [subject.uri.fsPath], options, onProgress });
    const work = run.then(
      (summary: Summary) => {
        if (generation === this.generation) panel.post({ type: 'summary', subject: subject.info, summary });
      },
      (error: unknown) => {
        if (error instanceof AnalysisCancelled || generation !== this.generation) return;
        const message = error instanceof Error ? error.message : String(error);
        panel.post({ type: 'error', subject: subject.info, message });
        void vscode.window.showErrorMessage(`Logscope: ${message}`);
      },
    );
    if (subject.kind === 'file') {
      // Files from disk can be large: show progress in a cancellable notification.
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Logscope: analyzing ${subject.info.title}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => this.client.cancelAll());
          let reported = 0;
          notify = (fraction) => {
            const percent = Math.floor(fraction * 100);
            if (percent <= reported) return;
            progress.report({ increment: percent - reported, message: `${percent}%` });
            reported = percent;
          };
          return work;
        },
      );
    }
  }

  /** Reads and validates settings; shows a message naming the setting when one is invalid. */
  private analysisOptions(): WorkerAnalyzeOptions | null {
    const config = vscode.workspace.getConfiguration('logscope');
    const logFormat = config.get<string>('logFormat', '').trim();
    if (logFormat !== '') {
      try {
        compileLogFormat(logFormat);
      } catch (error) {
        const reason = error instanceof LogFormatError ? error.message : String(error);
        void vscode.window.showErrorMessage(`Logscope: setting "logscope.logFormat" is invalid: ${reason}`);
        this.panel?.post({ type: 'error', subject: this.subject?.info ?? null, message: `Setting "logscope.logFormat" is invalid: ${reason}` });
        return null;
      }
      return { logFormat };
    }
    return {};
  }

  private async revealLine(uriText: string, line: number): Promise<void> {
    const uri = vscode.Uri.parse(uriText);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const position = new vscode.Position(Math.min(line - 1, document.lineCount - 1), 0);
      await vscode.window.showTextDocument(document, {
        viewColumn: vscode.ViewColumn.One,
        selection: new vscode.Range(position, document.lineAt(position.line).range.end),
      });
    } catch (error) {
      void vscode.window.showErrorMessage(`Logscope: cannot open ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.liveTimer);
    this.client.dispose();
    this.panel?.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

function documentSubject(document: vscode.TextDocument): Subject {
  return { kind: 'document', document, info: { uri: document.uri.toString(), title: baseName(document.uri) } };
}

function fileSubject(uri: vscode.Uri): Subject {
  return { kind: 'file', uri, info: { uri: uri.toString(), title: baseName(uri) } };
}
