/**
 * A dashboard card holding one chart, with a "Table" toggle that shows the same data as an
 * HTML table (the chart's text alternative), and PNG/CSV export. Charts update in place and
 * follow the card's size. Tooltips, legend and shaded bands are DOM overlays (chartOverlay.ts);
 * a chart can also let the user drag out a range on its x axis.
 */
import { ChartOverlay } from './chartOverlay';
import { h, uniqueId } from './dom';
import { init, type ECharts, type EChartsCoreOption } from './echarts';
import { download, downloadBlob, fileStem, tableToCsv } from './export';
import { renderTable, type TableData } from './table';

/**
 * Why a chart is re-rendered: new data (or a new selection) animates from the old state; a theme
 * change or a new subject rebuilds it.
 */
export type RenderReason = 'data' | 'theme' | 'subject';

/** Below this many pixels a press on the plot is a click, not a drag. */
const DRAG_THRESHOLD = 4;

export class ChartPanel {
  readonly element: HTMLElement;
  readonly overlay: ChartOverlay;
  private readonly chartHost: HTMLDivElement;
  private readonly chartFrame: HTMLDivElement;
  private readonly plot: HTMLDivElement;
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
  private readonly chartListeners: ((chart: ECharts) => void)[] = [];

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
    const png = h('button', { className: 'tool', text: 'PNG', attrs: { type: 'button', 'data-export': 'png', title: `Save “${title}” as a PNG image` } });
    const csv = h('button', { className: 'tool', text: 'CSV', attrs: { type: 'button', 'data-export': 'csv', title: `Save the data of “${title}” as CSV` } });
    png.addEventListener('click', () => this.exportPng());
    csv.addEventListener('click', () => this.exportCsv());
    this.actions = h('div', { className: 'card-actions' });
    this.chartHost = h('div', { className: 'chart', attrs: { role: 'img', 'data-chart': key } });
    // ECharts empties its container, so the overlays live beside it in a positioned wrapper.
    this.plot = h('div', { className: 'chart-plot' }, [this.chartHost]);
    this.overlay = new ChartOverlay(this.plot);
    this.chartFrame = h('div', { className: 'chart-frame' }, [this.overlay.legend, this.plot]);
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
        this.chartFrame,
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

  /** The chart's width in pixels (a guess before it is laid out), to choose how many time ticks fit. */
  width(): number {
    return this.chartHost.clientWidth || this.element.clientWidth || 900;
  }

  setHeight(pixels: number): void {
    this.chartHost.style.height = `${Math.round(pixels)}px`;
  }

  /** Runs once the ECharts instance exists (to attach event handlers). */
  onChart(listener: (chart: ECharts) => void): void {
    if (this.chart) listener(this.chart);
    this.chartListeners.push(listener);
  }

  /**
   * Lets the user drag across the plot to pick an x range (values on x axis 0); a click without
   * a drag reports null. The band follows the pointer while dragging.
   */
  enableRangeSelect(onSelect: (range: readonly [number, number] | null) => void): void {
    const band = h('div', { className: 'chart-band chart-band-drag', attrs: { 'aria-hidden': 'true' } });
    band.hidden = true;
    this.plot.appendChild(band);
    let start: number | null = null;
    const offsetX = (event: PointerEvent): number => event.clientX - this.chartHost.getBoundingClientRect().left;
    this.chartHost.classList.add('selectable');
    this.chartHost.addEventListener('pointerdown', (event) => {
      const grid = this.overlay.gridRect();
      const x = offsetX(event);
      if (event.button !== 0 || !grid || x < grid.x || x > grid.x + grid.width) return;
      start = x;
      this.chartHost.setPointerCapture(event.pointerId);
      Object.assign(band.style, { left: `${x}px`, width: '0px', top: `${grid.y}px`, height: `${grid.height}px` });
    });
    this.chartHost.addEventListener('pointermove', (event) => {
      const grid = this.overlay.gridRect();
      if (start === null || !grid) return;
      const x = Math.max(grid.x, Math.min(grid.x + grid.width, offsetX(event)));
      band.hidden = Math.abs(x - start) < DRAG_THRESHOLD;
      Object.assign(band.style, { left: `${Math.min(start, x)}px`, width: `${Math.abs(x - start)}px` });
    });
    const finish = (event: PointerEvent): void => {
      if (start === null) return;
      const grid = this.overlay.gridRect();
      const from = start;
      start = null;
      band.hidden = true;
      if (!grid || !this.chart) return;
      const x = Math.max(grid.x, Math.min(grid.x + grid.width, offsetX(event)));
      if (Math.abs(x - from) < DRAG_THRESHOLD) {
        onSelect(null);
        return;
      }
      const a = Number(this.chart.convertFromPixel({ xAxisIndex: 0 }, from));
      const b = Number(this.chart.convertFromPixel({ xAxisIndex: 0 }, x));
      if (Number.isFinite(a) && Number.isFinite(b)) onSelect([Math.min(a, b), Math.max(a, b)]);
    };
    this.chartHost.addEventListener('pointerup', finish);
    this.chartHost.addEventListener('pointercancel', () => {
      start = null;
      band.hidden = true;
    });
  }

  /** Sets the chart option and the matching table; `description` becomes the chart's aria-label. */
  render(option: EChartsCoreOption, table: TableData, description: string, reason: RenderReason): void {
    this.chartHost.setAttribute('aria-label', description);
    this.table = table;
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
    let echartsOption = this.overlay.setOption(option);
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) echartsOption = { ...echartsOption, animation: false };
    if (reason !== 'data') {
      chart.setOption(echartsOption, { notMerge: true });
    } else {
      // Merge keeps the previous bars so the update animates instead of redrawing from zero;
      // series and axes are replaced wholesale so removed levels or categories disappear.
      chart.setOption(echartsOption, { replaceMerge: ['series', 'xAxis', 'yAxis', 'grid'] });
    }
    this.overlay.positionBands();
  }

  /** ECharts needs a laid-out container; a hidden card gets its chart when it first has a size. */
  private ensureChart(): boolean {
    if (this.chart) return true;
    if (this.chartHost.clientWidth === 0 || this.chartHost.clientHeight === 0) return false;
    const chart = init(this.chartHost, null, { renderer: 'canvas' });
    this.chart = chart;
    this.overlay.attach(chart);
    for (const listener of this.chartListeners) listener(chart);
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
      if (this.chartHost.clientWidth > 0) {
        this.chart?.resize();
        this.overlay.positionBands();
      }
    });
  }

  private setShowTable(show: boolean): void {
    this.showingTable = show;
    this.toggle.setAttribute('aria-pressed', String(show));
    this.toggle.textContent = show ? 'Chart' : 'Table';
    this.toggle.title = show ? 'Show the chart' : 'Show the data as a table';
    this.tableHost.hidden = !show;
    this.chartFrame.hidden = show;
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
