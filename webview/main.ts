/**
 * Dashboard entry point. In VS Code: says `ready`, then renders what the host posts. In the HTML
 * report: renders the embedded summary once.
 */
import './style.css';
import { Dashboard, NO_LOG_MESSAGE } from './dashboard';
import { parseToWebview, readEmbeddedReport, vsCodeApi, type VsCodeApi } from './host';
import { readTheme, watchTheme } from './theme';
import type { DashboardFilter } from '../extension/shared/messages';
import { machineTimeZone } from '../extension/engine/timeZone';

/** `?theme=dark|light` forces a theme in the report (handy for screenshots and tests). */
function applyThemeOverride(): void {
  const requested = new URLSearchParams(window.location.search).get('theme');
  if (requested === 'dark' || requested === 'light') document.documentElement.dataset.theme = requested;
}

function appRoot(): HTMLElement {
  const existing = document.getElementById('app');
  if (existing) return existing;
  const created = document.createElement('div');
  created.id = 'app';
  document.body.appendChild(created);
  return created;
}

function runInVsCode(api: VsCodeApi, dashboard: Dashboard): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseToWebview(event.data);
    if (!message) return;
    switch (message.type) {
      case 'summary':
        dashboard.showSummary(message.subject, message.summary, message.timeZone);
        api.setState({ subjectUri: message.subject.uri });
        break;
      case 'progress':
        dashboard.showProgress(message.subject, message.fraction);
        api.setState({ subjectUri: message.subject.uri });
        break;
      case 'error':
        dashboard.showError(message.subject, message.message);
        break;
      case 'noLog':
        dashboard.showNoLog(message.message || NO_LOG_MESSAGE);
        api.setState({ subjectUri: null });
        break;
      case 'invalid':
        dashboard.showError(null, message.reason);
        break;
    }
  });
  // "local" in the dashboard is this browser's zone: the host bins days and hours in it.
  api.postMessage({ type: 'ready', timeZone: machineTimeZone() });
}

function runReport(dashboard: Dashboard): void {
  const data = readEmbeddedReport();
  if (data) dashboard.showSummary(data.subject, data.summary);
  else dashboard.showError(null, 'This report contains no readable summary.');
}

function start(): void {
  applyThemeOverride();
  const api = vsCodeApi();
  document.body.classList.add(api ? 'mode-vscode' : 'mode-report');
  const theme = readTheme();
  const dashboard = new Dashboard(appRoot(), {
    theme,
    ...(api
      ? {
          revealLine: (uri: string, line: number) => api.postMessage({ type: 'revealLine', uri, line }),
          openFilter: (uri: string, filter: DashboardFilter) => api.postMessage({ type: 'openFilter', uri, filter }),
        }
      : {}),
  });
  watchTheme(theme, (next) => dashboard.applyTheme(next));
  if (api) runInVsCode(api, dashboard);
  else runReport(dashboard);
}

start();
