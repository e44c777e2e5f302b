/**
 * A dashboard card holding one chart, with a "Table" toggle that shows the same data as an
 * HTML table (the chart's text alternative), and PNG/CSV export. Charts update in place, follow
 * the card's size and keep the user's zoom across updates.
 */
import { h, uniqueId } from './dom';
import { init, type ECharts, type EChartsCoreOption } from './echarts';
import { download, downloadBlob, fileStem, tableToCsv } from './export';
import { renderTable, type TableData } from './table';

/**
 * Why a chart is re-rendered: new data (or a new selection) animates from the old state; a theme
 * change rebuilds; a new subject rebuilds and forgets the zoom.
 */
export type RenderReason = 'data' | 'theme' | 'subject';

interface ZoomState {
  readonly startValue: number;
  readonly endValue: number;
}

export class ChartPanel {
  readonly element: HTMLElement;
  private readonly chartHost: HTMLDivElement;
  private readonly tableHost: HTMLDivElement;
  private readonly toggle: HTMLButtonElement;
  private readonly subtitle: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly note: HTMLElement;
  private chart: ECharts | null = null;
  private pendingOption: EChartsCoreOption | null = null;
  private showingTable = false;
  private resizeFrame = 0;
  private readonly resizeObserver: ResizeObserver;
  private table: TableData | null = null;
  private zoom: ZoomState | null = null;
  private readonly chartListeners: ((chart: ECharts) => void)[] = [];
  private readonly renderedListeners: ((chart: ECharts) => void)[] = [];

  constructor(
    readonly key: string,
    private readonly title: string,
    options: { readonly wide?: boolean; readonly height?: number } = {},
  ) {
    const titleId = uniqueId(`${key}-title`);
    const tableId = uniqueId(`${key}-table`);
    this.subtitle = h('span', { className: 'card-subtitle' });
    this.toggle = h('button', {
      className: 'toggle',
      text: 'Table',
      attrs: { type: 'button', 'aria-pressed': 'false', 'aria-controls': tableId, title: 'Show the data as a table' },
    });
    const png = h('button', { className: 'toggle ghost', text: 'PNG', attrs: { type: 'button', 'data-export': 'png', title: `Save “${title}” as a PNG image` } });
    const csv = h('button', { className: 'toggle ghost', text: 'CSV', attrs: { type: 'button', 'data-export': 'csv', title: `Save the data of “${title}” as CSV` } });
    png.addEventListener('click', () => this.exportPng());
    csv.addEventListener('click', () => this.exportCsv());
    this.actions = h('div', { className: 'card-actions' });
    this.chartHost = h('div', { className: 'chart', attrs: { role: 'img', 'data-chart': key } });
    this.tableHost = h('div', { className: 'table-scroll', attrs: { id: tableId } });
    this.tableHost.hidden = true;
    this.note = h('p', { className: 'card-note' });
    this.note.hidden = true;
    this.element = h(
      'section',
      { className: `card chart-card${options.wide ? ' wide' : ''}`, attrs: { 'aria-labelledby': titleId, 'data-view': key } },
      [
        h('header', { className: 'card-header' }, [
          h('div', { className: 'card-titles' }, [h('h2', { text: title, attrs: { id: titleId } }), this.subtitle]),
          h('div', { className: 'card-tools' }, [this.actions, h('div', { className: 'card-buttons' }, [png, csv, this.toggle])]),
        ]),
        this.chartHost,
        this.tableHost,
        this.note,
      ],
    );
    if (options.height) this.setHeight(options.height);
    this.toggle.addEventListener('click', () => this.setShowTable(!this.showingTable));
    this.resizeObserver = new ResizeObserver(() => this.scheduleResize());
    this.resizeObserver.observe(this.chartHost);
  }

  setSubtitle(text: string): void {
    this.subtitle.textContent = text;
  }

  /** A short line under the chart (e.g. what part of the selection could not be applied). */
  setNote(text: string): void {
    this.note.textContent = text;
    this.note.hidden = text === '';
  }

  /** Controls shown in the header before the export buttons (segmented buttons, sliders). */
  setActions(...controls: HTMLElement[]): void {
    this.actions.replaceChildren(...controls);
  }

  setHeight(pixels: number): void {
    this.chartHost.style.height = `${Math.round(pixels)}px`;
  }

  /** Runs once the ECharts instance exists (to attach event handlers). */
  onChart(listener: (chart: ECharts) => void): void {
    if (this.chart) listener(this.chart);
    this.chartListeners.push(listener);
  }

  /** Runs after every setOption (to restore a brush area, for instance). */
  onRendered(listener: (chart: ECharts) => void): void {
    this.renderedListeners.push(listener);
  }

  /** Sets the chart option and the matching table; `description` becomes the chart's aria-label. */
  render(option: EChartsCoreOption, table: TableData, description: string, reason: RenderReason): void {
    this.chartHost.setAttribute('aria-label', description);
    this.table = table;
    this.tableHost.replaceChildren(renderTable(table));
    if (reason === 'subject') this.zoom = null;
    if (!this.ensureChart()) {
      this.pendingOption = option;
      return;
    }
    this.applyOption(option, reason);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.resizeFrame);
    this.chart?.dispose();
    this.chart = null;
  }

  private withZoom(option: EChartsCoreOption): EChartsCoreOption {
    const zoom = this.zoom;
    const dataZoom = (option as { dataZoom?: unknown }).dataZoom;
    if (!zoom || !Array.isArray(dataZoom) || dataZoom.length === 0) return option;
    return { ...option, dataZoom: dataZoom.map((entry: object) => ({ ...entry, startValue: zoom.startValue, endValue: zoom.endValue })) };
  }

  private applyOption(option: EChartsCoreOption, reason: RenderReason): void {
    const chart = this.chart;
    if (!chart) return;
    option = this.withZoom(option);
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) option = { ...option, animation: false };
    if (reason !== 'data') {
      chart.setOption(option, { notMerge: true });
    } else {
      // Merge keeps the previous bars so the update animates instead of redrawing from zero;
      // series and axes are replaced wholesale so removed levels or categories disappear.
      chart.setOption(option, { replaceMerge: ['series', 'xAxis', 'yAxis', 'grid', 'dataZoom'] });
    }
    for (const listener of this.renderedListeners) listener(chart);
  }

  /** ECharts needs a laid-out container; a hidden card gets its chart when it first has a size. */
  private ensureChart(): boolean {
    if (this.chart) return true;
    if (this.chartHost.clientWidth === 0 || this.chartHost.clientHeight === 0) return false;
    const chart = init(this.chartHost, null, { renderer: 'canvas' });
    this.chart = chart;
    chart.on('datazoom', () => this.rememberZoom());
    for (const listener of this.chartListeners) listener(chart);
    return true;
  }

  private rememberZoom(): void {
    const zooms = (this.chart?.getOption() as { dataZoom?: { start?: number; end?: number; startValue?: number; endValue?: number }[] } | undefined)?.dataZoom;
    const first = zooms?.[0];
    if (!first || typeof first.startValue !== 'number' || typeof first.endValue !== 'number') return;
    const whole = (first.start ?? 0) <= 0 && (first.end ?? 100) >= 100;
    this.zoom = whole ? null : { startValue: first.startValue, endValue: first.endValue };
  }

  private scheduleResize(): void {
    cancelAnimationFrame(this.resizeFrame);
    this.resizeFrame = requestAnimationFrame(() => {
      if (!this.chart && this.pendingOption && this.ensureChart()) {
        this.applyOption(this.pendingOption, 'theme');
        this.pendingOption = null;
        return;
      }
      if (this.chartHost.clientWidth > 0) this.chart?.resize();
    });
  }

  private setShowTable(show: boolean): void {
    this.showingTable = show;
    this.toggle.setAttribute('aria-pressed', String(show));
    this.toggle.textContent = show ? 'Chart' : 'Table';
    this.toggle.title = show ? 'Show the chart' : 'Show the data as a table';
    this.tableHost.hidden = !show;
    this.chartHost.hidden = show;
  }

  private exportPng(): void {
    if (!this.chart) return;
    const background = getComputedStyle(this.element).backgroundColor || '#ffffff';
    download(this.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }), `${fileStem(this.title)}.png`);
  }

  private exportCsv(): void {
    if (this.table) downloadBlob(tableToCsv(this.table), 'text/csv;charset=utf-8', `${fileStem(this.title)}.csv`);
  }
}
