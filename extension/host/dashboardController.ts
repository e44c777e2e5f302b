import * as vscode from 'vscode';
import type { Summary } from '../engine/summary';
import { machineTimeZone, sameTimeZone } from '../engine/timeZone';
import type { DashboardFilter, DashboardState, DashboardSubject, ToWebview } from '../shared/messages';
import { LOCAL_ZONE, resolveTimeZone, type TimeZoneChoice } from '../shared/timeZoneSetting';
import { AnalysisCancelled, AnalysisClient } from './analysisClient';
import { DashboardPanel, type DashboardRequests } from './dashboardPanel';
import { FILTER_SCHEME, FilterDocuments, queryOf } from './filterDocuments';
import { pickFilter } from './filterCommand';
import { isLogDocument, isLogUri } from './logDocuments';
import { readSettings, type Settings } from './settings';
import { ErrorStatusBar } from './statusBar';
import type { WorkerAnalyzeOptions } from './workerProtocol';

/** What is being analyzed: an open document, or files read from disk (a big file, a folder). */
type Subject =
  | { readonly kind: 'document'; readonly document: vscode.TextDocument; readonly info: DashboardSubject }
  | { readonly kind: 'files'; readonly uri: vscode.Uri; readonly info: DashboardSubject };

const LIVE_UPDATE_DELAY_MS = 400;

/**
 * Keeps the dashboard panel and the status bar in step with the active log: analyzes it in a
 * worker thread when it becomes active or changes, reveals lines and opens filtered views the
 * user asks for from the dashboard.
 */
export class DashboardController implements vscode.Disposable {
  private panel: DashboardPanel | null = null;
  private subject: Subject | null = null;
  private summary: Summary | null = null;
  private readonly client: AnalysisClient;
  private readonly statusBar = new ErrorStatusBar();
  private readonly disposables: vscode.Disposable[] = [];
  private liveTimer: NodeJS.Timeout | undefined;
  /** Bumped per analysis so a late result never overwrites a newer one. */
  private generation = 0;
  /** The zone the latest analysis binned days and hours in. */
  private analysisZone: string | null = null;
  /** Setting warnings already shown since the settings last changed (live updates must not repeat them). */
  private readonly shownWarnings = new Set<string>();
  private readonly requests: DashboardRequests = {
    revealLine: (uri, line) => void this.revealLine(uri, line),
    openFilter: (uri, filter) => void this.openFilter(uri, filter),
    ready: (timeZone) => this.onViewerReady(timeZone),
  };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly filters: FilterDocuments,
  ) {
    this.client = new AnalysisClient(context.extensionPath);
    this.disposables.push(
      this.statusBar,
      vscode.window.onDidChangeActiveTextEditor((editor) => this.onActiveEditor(editor)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onDocumentChanged(event.document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('logscope')) this.onSettingsChanged();
      }),
      // Trust lets workspace-level formats (logscope.formats, logscope.logFormat) apply: read again.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.onSettingsChanged()),
    );
    this.onActiveEditor(vscode.window.activeTextEditor);
  }

  /** Settings (or what trust lets them say) changed: warn afresh and analyse again. */
  private onSettingsChanged(): void {
    this.shownWarnings.clear();
    if (this.subject !== null) this.refresh();
  }

  get lastPosted(): unknown {
    return this.panel?.lastPosted ?? null;
  }

  get summaryTimes(): unknown {
    return this.panel?.summaryTimes ?? [];
  }

  /** The command: show the dashboard for `uri` (explorer: a file or a folder) or the active log. */
  async visualize(uri?: vscode.Uri): Promise<void> {
    const subject = uri !== undefined ? await this.subjectForUri(uri) : this.activeSubject();
    this.ensurePanel();
    if (subject === null) {
      this.panel!.post({ type: 'noLog', message: 'Open a log file, then run "Logscope: Visualize Errors".' });
      return;
    }
    if (this.subject !== null && sameSubject(this.subject, subject) && this.summary !== null) {
      this.panel!.setTitle(subject.info);
      this.panel!.post(summaryMessage(subject.info, this.summary, readSettings().timeZone));
      return;
    }
    this.setSubject(subject);
  }

  /** Restores a panel VS Code kept across a restart. */
  restore(webviewPanel: vscode.WebviewPanel, state: DashboardState | undefined): void {
    this.panel?.panel.dispose();
    this.adoptPanel(new DashboardPanel(webviewPanel, this.context.extensionUri, this.requests));
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

  /** "Logscope: Filter…" on the active log (or on the log behind the active filtered view). */
  async filter(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const current = editor?.document.uri.scheme === FILTER_SCHEME ? queryOf(editor.document.uri) : null;
    const source = current?.source ?? (this.subject?.info.uri ?? null);
    if (source === null) {
      void vscode.window.showInformationMessage('Logscope: open a log file to filter it.');
      return;
    }
    const spec = await pickFilter(this.subject?.info.uri === source ? this.summary : null, current?.spec ?? {});
    if (spec !== undefined) await this.filters.open({ source, spec });
  }

  private ensurePanel(): void {
    if (this.panel !== null) {
      this.panel.show();
      return;
    }
    this.adoptPanel(DashboardPanel.create(this.context.extensionUri, this.requests));
  }

  private adoptPanel(panel: DashboardPanel): void {
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = null;
      // Closing the dashboard stops following a file from disk (editor documents need no tail).
      if (this.subject?.kind === 'files') {
        this.client.cancelAll();
        this.subject = null;
        this.summary = null;
      }
    });
  }

  private activeSubject(): Subject | null {
    const editor = vscode.window.activeTextEditor;
    if (editor !== undefined && editor.document.uri.scheme !== FILTER_SCHEME && isLogDocument(editor.document)) return documentSubject(editor.document);
    // Files over VS Code's size limit have a tab but no TextDocument: read them from disk.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputText && input.uri.scheme === 'file' && isLogUri(input.uri)) return filesSubject(input.uri);
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
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(`Logscope: ${uri.toString()} is not a file on disk.`);
      return null;
    }
    return filesSubject(uri);
  }

  private onActiveEditor(editor: vscode.TextEditor | undefined): void {
    if (editor === undefined || editor.document.uri.scheme === FILTER_SCHEME) return; // the panel, or a view of this log
    if (!isLogDocument(editor.document)) {
      // Another kind of file: the dashboard keeps its log; the status bar only speaks for logs.
      this.statusBar.hide();
      return;
    }
    if (this.subject?.kind === 'document' && this.subject.document === editor.document) {
      if (this.summary !== null) this.statusBar.show(this.summary);
      return;
    }
    this.setSubject(documentSubject(editor.document));
  }

  /**
   * "local" means the zone of the browser showing the dashboard (it may run elsewhere than this
   * extension host, e.g. over SSH): re-bin days and hours when it turns out to differ.
   */
  private onViewerReady(timeZone: string | null): void {
    if (timeZone === null || this.subject === null || this.analysisZone === null) return;
    if (readSettings().timeZone.zone !== LOCAL_ZONE || sameTimeZone(timeZone, this.analysisZone)) return;
    this.refresh();
  }

  private onDocumentChanged(document: vscode.TextDocument): void {
    if (this.subject?.kind !== 'document' || this.subject.document !== document) return;
    if (!readSettings().liveTail) return;
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => this.refresh(), LIVE_UPDATE_DELAY_MS);
  }

  private setSubject(subject: Subject): void {
    this.subject = subject;
    this.summary = null;
    this.panel?.setTitle(subject.info);
    this.refresh();
  }

  private refresh(): void {
    const subject = this.subject;
    if (subject === null) return;
    const settings = readSettings();
    if (settings.problems.length > 0) {
      const message = settings.problems.join(' ');
      void vscode.window.showErrorMessage(`Logscope: ${message}`);
      this.panel?.post({ type: 'error', subject: subject.info, message });
      return;
    }
    for (const warning of settings.warnings) {
      if (this.shownWarnings.has(warning)) continue;
      this.shownWarnings.add(warning);
      void vscode.window.showWarningMessage(`Logscope: ${warning}`);
    }
    const timeZone = resolveTimeZone(settings.timeZone.zone, this.panel?.viewerTimeZone ?? machineTimeZone());
    this.analysisZone = timeZone;
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    // Where the notification (files from disk) wants progress, once it is shown.
    let notify: ((fraction: number) => void) | null = null;
    this.panel?.post({ type: 'progress', subject: subject.info, fraction: null });
    const onProgress = (fraction: number): void => {
      if (!current()) return;
      this.panel?.post({ type: 'progress', subject: subject.info, fraction });
      notify?.(fraction);
    };
    const show = (summary: Summary): void => {
      if (!current()) return;
      this.summary = summary;
      this.panel?.post(summaryMessage(subject.info, summary, settings.timeZone));
      this.statusBar.show(summary);
    };
    const work = this.analyze(subject, { ...settings.analysis, timeZone }, settings, onProgress, show).then(
      show,
      (error: unknown) => {
        if (error instanceof AnalysisCancelled || !current()) return;
        const message = error instanceof Error ? error.message : String(error);
        this.panel?.post({ type: 'error', subject: subject.info, message });
        if (this.panel !== null) void vscode.window.showErrorMessage(`Logscope: ${message}`);
      },
    );
    if (subject.kind === 'files') {
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

  /** `onLive`: later summaries of a followed file (live tail), after the first one. */
  private async analyze(
    subject: Subject,
    options: WorkerAnalyzeOptions,
    settings: Settings,
    onProgress: (fraction: number) => void,
    onLive: (summary: Summary) => void,
  ): Promise<Summary> {
    if (subject.kind === 'document') {
      return this.client.analyze({ kind: 'text', text: subject.document.getText(), name: subject.info.title, options, onProgress });
    }
    const stat = await vscode.workspace.fs.stat(subject.uri);
    if (!(stat.type & vscode.FileType.Directory) && settings.liveTail) {
      // One file from disk: read it once, then only what is appended (rotation handled).
      return this.client.tail(subject.uri.fsPath, options, onProgress, onLive);
    }
    let paths = [subject.uri.fsPath];
    if (stat.type & vscode.FileType.Directory) {
      // Folders: every log matching the include globs and none of the exclude globs, recursively.
      const found = await vscode.workspace.findFiles(
        new vscode.RelativePattern(subject.uri, settings.folderInclude),
        settings.folderExclude === '' ? null : new vscode.RelativePattern(subject.uri, settings.folderExclude),
      );
      if (found.length === 0) throw new Error(`no files in ${subject.uri.fsPath} match logscope.folder.include (${settings.folderInclude})`);
      paths = found.map((u) => u.fsPath).sort();
    }
    return this.client.analyze({ kind: 'paths', paths, options, onProgress });
  }

  private async openFilter(uri: string, filter: DashboardFilter): Promise<void> {
    try {
      await this.filters.open({
        source: uri,
        spec: {
          levels: filter.levels,
          host: filter.host,
          template: filter.template,
          from: filter.from === undefined ? undefined : Date.parse(filter.from),
          to: filter.to === undefined ? undefined : Date.parse(filter.to),
        },
      });
    } catch (error) {
      void vscode.window.showErrorMessage(`Logscope: cannot open the filtered view: ${error instanceof Error ? error.message : String(error)}`);
    }
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

function summaryMessage(subject: DashboardSubject, summary: Summary, timeZone: TimeZoneChoice): ToWebview {
  return { type: 'summary', subject, summary, timeZone: { zone: timeZone.zone, problem: timeZone.problem } };
}

function sameSubject(a: Subject, b: Subject): boolean {
  return a.info.uri === b.info.uri;
}

function documentSubject(document: vscode.TextDocument): Subject {
  return { kind: 'document', document, info: { uri: document.uri.toString(), title: baseName(document.uri) } };
}

function filesSubject(uri: vscode.Uri): Subject {
  return { kind: 'files', uri, info: { uri: uri.toString(), title: baseName(uri) } };
}
