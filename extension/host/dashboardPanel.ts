import * as vscode from 'vscode';
import { createNonce, webviewPageHtml } from '../shared/dashboardPage';
import { parseFromWebview, type DashboardFilter, type DashboardSubject, type ToWebview } from '../shared/messages';

export const DASHBOARD_VIEW_TYPE = 'logscope.dashboard';

/** What the dashboard asks the host to do when the user clicks through. */
export interface DashboardRequests {
  /** Show a 1-based line of a log in the editor. */
  revealLine(uri: string, line: number): void;
  /** Open a filtered view of a log's records. */
  openFilter(uri: string, filter: DashboardFilter): void;
  /** The page (re)loaded; `timeZone` is its browser's zone ("local" in the dashboard), when it said. */
  ready(timeZone: string | null): void;
}

/** The webview panel: builds its page, posts messages, and hands webview requests to the host. */
export class DashboardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** The newest message, re-sent when the webview (re)loads. */
  private latest: ToWebview | null = null;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** Last message posted (read by the integration tests through a test-only command). */
  lastPosted: ToWebview | null = null;
  /** When each summary was posted and how many records it held (test-only, the last 100). */
  readonly summaryTimes: { readonly at: number; readonly uri: string; readonly records: number }[] = [];
  /** The zone of the browser showing the page, once it said it is ready. */
  viewerTimeZone: string | null = null;

  static create(extensionUri: vscode.Uri, requests: DashboardRequests): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Logscope',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      DashboardPanel.webviewOptions(extensionUri),
    );
    return new DashboardPanel(panel, extensionUri, requests);
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out')],
    };
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly requests: DashboardRequests,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.options = DashboardPanel.webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  show(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  setTitle(subject: DashboardSubject | null): void {
    this.panel.title = subject === null ? 'Logscope' : `Logscope: ${subject.title}`;
  }

  post(message: ToWebview): void {
    this.latest = message;
    this.lastPosted = message;
    if (message.type === 'summary') {
      this.summaryTimes.push({ at: Date.now(), uri: message.subject.uri, records: message.summary.records });
      if (this.summaryTimes.length > 100) this.summaryTimes.shift();
    }
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const out = vscode.Uri.joinPath(this.extensionUri, 'out');
    return webviewPageHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(out, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(out, 'webview.css')).toString(),
    });
  }

  private receive(raw: unknown): void {
    const message = parseFromWebview(raw);
    if (message === null) return; // not of our protocol: ignore
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.viewerTimeZone = message.timeZone ?? null;
        if (this.latest !== null) void this.panel.webview.postMessage(this.latest);
        this.requests.ready(this.viewerTimeZone);
        break;
      case 'revealLine':
        this.requests.revealLine(message.uri, message.line);
        break;
      case 'openFilter':
        this.requests.openFilter(message.uri, message.filter);
        break;
    }
  }

  dispose(): void {
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }
}
