/**
 * The dashboard's states (summary, progress, error, no log) and its views. Views are created
 * once and updated in place, so a new summary or theme re-renders charts without rebuilding them.
 */
import type { Summary } from '../extension/engine/summary';
import type { DashboardSubject } from '../extension/shared/messages';
import type { RenderReason } from './chartPanel';
import { h } from './dom';
import { publishLevelColors, type Theme } from './theme';
import { HeaderView } from './views/header';
import { HeatmapView } from './views/heatmap';
import { HostsView } from './views/hosts';
import { LatencyView, PathsView, StatusView } from './views/http';
import { KpiView } from './views/kpis';
import { TemplatesView } from './views/templates';
import { TimelineView } from './views/timeline';
import type { View, ViewContext } from './views/view';

export const NO_LOG_MESSAGE = 'Open a log file to see its dashboard';

export interface DashboardOptions {
  readonly theme: Theme;
  /** Present in VS Code: opens a document at a line. */
  readonly revealLine?: (uri: string, line: number) => void;
}

export class Dashboard {
  private readonly progress = h('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Analysis progress', 'aria-valuemin': '0', 'aria-valuemax': '100' } });
  private readonly progressFill = h('div', { className: 'progress-fill' });
  private readonly progressLabel = h('span', { className: 'progress-label' });
  private readonly status = h('div', { className: 'status-panel' });
  private readonly main = h('main', { className: 'dashboard' });
  private readonly header = new HeaderView();
  private readonly kpis = new KpiView();
  private readonly views: readonly View[];
  /** Cards laid out side by side; when only one of a pair is shown it takes the full width. */
  private readonly pairs: readonly (readonly [View, View])[];
  private theme: Theme;
  private current: { subject: DashboardSubject; summary: Summary } | null = null;
  private progressSubject: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly options: DashboardOptions,
  ) {
    this.theme = options.theme;
    publishLevelColors(this.theme);
    const timeline = new TimelineView();
    const templates = new TemplatesView();
    const hosts = new HostsView();
    const status = new StatusView();
    const latency = new LatencyView();
    const paths = new PathsView();
    const heatmap = new HeatmapView();
    this.views = [this.header, this.kpis, timeline, templates, hosts, status, heatmap, latency, paths];
    this.pairs = [
      [hosts, status],
      [latency, paths],
    ];
    const grid = h('div', { className: 'grid' }, [
      timeline.element,
      templates.element,
      hosts.element,
      status.element,
      heatmap.element,
      latency.element,
      paths.element,
    ]);
    this.main.append(this.header.element, this.kpis.element, grid);
    this.progress.append(this.progressFill, this.progressLabel);
    this.progress.hidden = true;
    this.status.hidden = true;
    this.main.hidden = true;
    root.replaceChildren(this.progress, this.status, this.main);
  }

  get subjectUri(): string | null {
    return this.current?.subject.uri ?? this.progressSubject;
  }

  showSummary(subject: DashboardSubject, summary: Summary): void {
    const sameSubject = this.current?.subject.uri === subject.uri;
    this.current = { subject, summary };
    this.progressSubject = null;
    this.progress.hidden = true;
    this.status.hidden = true;
    this.main.hidden = false;
    this.main.setAttribute('aria-busy', 'false');
    this.render(sameSubject ? 'data' : 'theme');
  }

  showProgress(subject: DashboardSubject, fraction: number | null): void {
    this.progressSubject = subject.uri;
    this.progress.hidden = false;
    this.progress.classList.toggle('indeterminate', fraction === null);
    if (fraction === null) {
      this.progress.removeAttribute('aria-valuenow');
      this.progressFill.style.width = '';
      this.progressLabel.textContent = 'Analyzing…';
    } else {
      const percent = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
      this.progress.setAttribute('aria-valuenow', String(percent));
      this.progressFill.style.width = `${percent}%`;
      this.progressLabel.textContent = `Analyzing… ${percent}%`;
    }
    if (this.current?.subject.uri === subject.uri) {
      // Re-analysis of what is shown: keep the dashboard, the bar says it is refreshing.
      this.main.setAttribute('aria-busy', 'true');
      return;
    }
    this.main.hidden = true;
    this.showStatus('progress', `Analyzing ${subject.title}`, 'Reading and summarizing the log…');
  }

  showError(subject: DashboardSubject | null, message: string): void {
    this.progress.hidden = true;
    this.progressSubject = null;
    const keep = subject !== null && this.current?.subject.uri === subject.uri;
    if (!keep) this.main.hidden = true;
    this.main.setAttribute('aria-busy', 'false');
    this.showStatus('error', subject ? `Could not analyze ${subject.title}` : 'Something went wrong', message);
  }

  showNoLog(message: string): void {
    this.current = null;
    this.progressSubject = null;
    this.progress.hidden = true;
    this.main.hidden = true;
    this.showStatus('noLog', message || NO_LOG_MESSAGE, 'Logscope shows records over time, top error templates, hosts and HTTP statistics for the active log.');
  }

  applyTheme(theme: Theme): void {
    this.theme = theme;
    publishLevelColors(theme);
    if (this.current && !this.main.hidden) this.render('theme');
  }

  private render(reason: RenderReason): void {
    if (!this.current) return;
    const { subject, summary } = this.current;
    const context: ViewContext = {
      subject,
      theme: this.theme,
      ...(this.options.revealLine ? { revealLine: this.options.revealLine } : {}),
    };
    for (const view of this.views) view.element.hidden = !view.hasData(summary);
    for (const [left, right] of this.pairs) {
      left.element.classList.toggle('wide', right.element.hidden);
      right.element.classList.toggle('wide', left.element.hidden);
    }
    for (const view of this.views) if (!view.element.hidden) view.update(summary, context, reason);
  }

  private showStatus(kind: 'progress' | 'error' | 'noLog', title: string, detail: string): void {
    this.status.hidden = false;
    this.status.className = `status-panel status-${kind}`;
    this.status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    this.status.replaceChildren(
      h('div', { className: 'status-icon', attrs: { 'aria-hidden': 'true' } }),
      h('div', { className: 'status-text' }, [h('h1', { className: 'status-title', text: title }), h('p', { className: 'status-detail', text: detail })]),
    );
  }
}
