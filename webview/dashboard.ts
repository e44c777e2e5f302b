/**
 * The dashboard's states (summary, progress, error, no log) and its views. Views are created
 * once and updated in place, so a new summary, a new selection or a theme change re-renders
 * charts without rebuilding them. The selection (filters) lives here and survives live updates
 * of the same log.
 */
import type { Summary } from '../extension/engine/summary';
import type { DashboardFilter, DashboardSubject, DisplayTimeZone } from '../extension/shared/messages';
import type { RenderReason } from './chartPanel';
import { h } from './dom';
import { computeScope } from './scope';
import { NO_SELECTION, type Selection } from './selection';
import { readSeries } from './series';
import { publishLevelColors, type Theme } from './theme';
import { DisplayZone } from './timeZone';
import { ClientsView } from './views/clients';
import { FilterBar } from './views/filterBar';
import { GraphView } from './views/graph';
import { HeaderView } from './views/header';
import { HeatmapView } from './views/heatmap';
import { HostsView } from './views/hosts';
import { LatencyView, PathsView, StatusView } from './views/http';
import { KpiView } from './views/kpis';
import { LatencyHistogramView, LatencyTimeView, StatusTimeView } from './views/httpTime';
import { HostMultiplesView } from './views/multiples';
import { SessionsView } from './views/sessions';
import { TemplatesView } from './views/templates';
import { TimelineView } from './views/timeline';
import type { View, ViewContext } from './views/view';

export const NO_LOG_MESSAGE = 'Open a log file to see its dashboard';

export interface DashboardOptions {
  readonly theme: Theme;
  /** Present in VS Code: opens a document at a line. */
  readonly revealLine?: (uri: string, line: number) => void;
  /** Present in VS Code: opens the records matching a filter as a read-only document. */
  readonly openFilter?: (uri: string, filter: DashboardFilter) => void;
}

export class Dashboard {
  private readonly progress = h('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Analysis progress', 'aria-valuemin': '0', 'aria-valuemax': '100' } });
  private readonly progressFill = h('div', { className: 'progress-fill' });
  private readonly progressLabel = h('span', { className: 'progress-label' });
  private readonly status = h('div', { className: 'status-panel' });
  private readonly main = h('main', { className: 'dashboard' });
  private readonly header = new HeaderView();
  private readonly filterBar = new FilterBar();
  private readonly views: readonly View[];
  /** Cards laid out side by side; when only one of a pair is shown it takes the full width. */
  private readonly pairs: readonly (readonly [View, View])[];
  private theme: Theme;
  private current: { subject: DashboardSubject; summary: Summary } | null = null;
  private progressSubject: string | null = null;
  private selection: Selection = NO_SELECTION;
  private zone = DisplayZone.utc();

  constructor(
    root: HTMLElement,
    private readonly options: DashboardOptions,
  ) {
    this.theme = options.theme;
    publishLevelColors(this.theme);
    const kpis = new KpiView();
    const timeline = new TimelineView();
    const multiples = new HostMultiplesView();
    const templates = new TemplatesView();
    const hosts = new HostsView();
    const graph = new GraphView();
    const heatmap = new HeatmapView();
    const status = new StatusView();
    const statusTime = new StatusTimeView();
    const latency = new LatencyView();
    const latencyTime = new LatencyTimeView();
    const latencyHistogram = new LatencyHistogramView();
    const paths = new PathsView();
    const clients = new ClientsView();
    const sessions = new SessionsView();
    const gridViews: View[] = [
      timeline,
      multiples,
      templates,
      hosts,
      graph,
      heatmap,
      status,
      latency,
      statusTime,
      latencyTime,
      latencyHistogram,
      paths,
      clients,
      sessions,
    ];
    this.views = [this.header, kpis, ...gridViews];
    this.pairs = [
      [hosts, graph],
      [status, latency],
      [latencyTime, latencyHistogram],
      [paths, clients],
    ];
    const grid = h('div', { className: 'grid' }, gridViews.map((view) => view.element));
    this.main.append(this.header.element, this.filterBar.element, kpis.element, grid);
    this.progress.append(this.progressFill, this.progressLabel);
    this.progress.hidden = true;
    this.status.hidden = true;
    this.main.hidden = true;
    root.replaceChildren(this.progress, this.status, this.main);
  }

  get subjectUri(): string | null {
    return this.current?.subject.uri ?? this.progressSubject;
  }

  /** The active filters (for tests and state restoration). */
  get activeSelection(): Selection {
    return this.selection;
  }

  /** The zone times are shown in (for tests). */
  get displayZone(): DisplayZone {
    return this.zone;
  }

  /** `timeZone`: the host's setting; without one (the HTML report), the summary's own zone. */
  showSummary(subject: DashboardSubject, summary: Summary, timeZone?: DisplayTimeZone): void {
    const sameSubject = this.current?.subject.uri === subject.uri;
    this.current = { subject, summary };
    const zone = timeZone ? DisplayZone.fromSetting(timeZone.zone, timeZone.problem) : DisplayZone.of(summary.timeZone);
    // Keep the zone (and its cache of offsets) while the choice stays the same.
    if (zone.name !== this.zone.name || zone.isLocal !== this.zone.isLocal || zone.problem !== this.zone.problem) this.zone = zone;
    if (!sameSubject) this.selection = NO_SELECTION;
    this.progressSubject = null;
    this.progress.hidden = true;
    this.status.hidden = true;
    this.main.hidden = false;
    this.main.setAttribute('aria-busy', 'false');
    this.render(sameSubject ? 'data' : 'subject');
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
    this.selection = NO_SELECTION;
    this.progress.hidden = true;
    this.main.hidden = true;
    this.showStatus('noLog', message || NO_LOG_MESSAGE, 'Logscope shows records over time, top error templates, hosts and HTTP statistics for the active log.');
  }

  applyTheme(theme: Theme): void {
    this.theme = theme;
    publishLevelColors(theme);
    if (this.current && !this.main.hidden) this.render('theme');
  }

  /** Narrows the dashboard; `null` values remove a filter. */
  select(patch: Partial<Selection>): void {
    this.selection = { ...this.selection, ...patch };
    if (this.current && !this.main.hidden) this.render('data');
  }

  private render(reason: RenderReason): void {
    if (!this.current) return;
    const { subject, summary } = this.current;
    const series = readSeries(summary);
    const openFilter = this.options.openFilter;
    const context: ViewContext = {
      subject,
      theme: this.theme,
      zone: this.zone,
      scope: computeScope(summary, this.selection, series),
      select: (patch) => this.select(patch),
      ...(this.options.revealLine ? { revealLine: this.options.revealLine } : {}),
      ...(openFilter ? { openFilter: (filter: DashboardFilter) => openFilter(subject.uri, filter) } : {}),
    };
    for (const view of this.views) view.element.hidden = !view.hasData(summary);
    for (const [left, right] of this.pairs) {
      left.element.classList.toggle('wide', right.element.hidden);
      right.element.classList.toggle('wide', left.element.hidden);
    }
    this.filterBar.update(summary, context);
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
