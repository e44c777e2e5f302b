/**
 * A dashboard card holding one chart, with a "Table" toggle that shows the same data as an
 * HTML table (the chart's text alternative). Charts update in place and follow the card's size.
 */
import { h, uniqueId } from './dom';
import { init, type ECharts, type EChartsCoreOption } from './echarts';
import { renderTable, type TableData } from './table';

/** Why a chart is re-rendered: new data animates from the old state; a theme change rebuilds. */
export type RenderReason = 'data' | 'theme';

export class ChartPanel {
  readonly element: HTMLElement;
  private readonly chartHost: HTMLDivElement;
  private readonly tableHost: HTMLDivElement;
  private readonly toggle: HTMLButtonElement;
  private readonly subtitle: HTMLElement;
  private chart: ECharts | null = null;
  private pendingOption: EChartsCoreOption | null = null;
  private showingTable = false;
  private resizeFrame = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    readonly key: string,
    title: string,
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
    this.chartHost = h('div', { className: 'chart', attrs: { role: 'img', 'data-chart': key } });
    this.tableHost = h('div', { className: 'table-scroll', attrs: { id: tableId } });
    this.tableHost.hidden = true;
    this.element = h(
      'section',
      { className: `card chart-card${options.wide ? ' wide' : ''}`, attrs: { 'aria-labelledby': titleId, 'data-view': key } },
      [
        h('header', { className: 'card-header' }, [
          h('div', { className: 'card-titles' }, [h('h2', { text: title, attrs: { id: titleId } }), this.subtitle]),
          this.toggle,
        ]),
        this.chartHost,
        this.tableHost,
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

  setHeight(pixels: number): void {
    this.chartHost.style.height = `${Math.round(pixels)}px`;
  }

  /** Sets the chart option and the matching table; `description` becomes the chart's aria-label. */
  render(option: EChartsCoreOption, table: TableData, description: string, reason: RenderReason): void {
    this.chartHost.setAttribute('aria-label', description);
    this.tableHost.replaceChildren(renderTable(table));
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

  private applyOption(option: EChartsCoreOption, reason: RenderReason): void {
    const chart = this.chart;
    if (!chart) return;
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) option = { ...option, animation: false };
    if (reason === 'theme') {
      chart.setOption(option, { notMerge: true });
    } else {
      // Merge keeps the previous bars so the update animates instead of redrawing from zero;
      // series and axes are replaced wholesale so removed levels or categories disappear.
      chart.setOption(option, { replaceMerge: ['series', 'xAxis', 'yAxis'] });
    }
  }

  /** ECharts needs a laid-out container; a hidden card gets its chart when it first has a size. */
  private ensureChart(): boolean {
    if (this.chart) return true;
    if (this.chartHost.clientWidth === 0 || this.chartHost.clientHeight === 0) return false;
    this.chart = init(this.chartHost, null, { renderer: 'canvas' });
    return true;
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
}
