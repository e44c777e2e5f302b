/**
 * What the dashboard draws over an ECharts canvas in DOM: the tooltip (built by the views as
 * elements, so log text stays text), the hovered-bucket band, shaded time bands and the legend.
 * This replaces ECharts' tooltip, axis-pointer, legend and marker components (bundle size), and
 * reads positions from the chart with convertToPixel / convertFromPixel.
 */
import { h } from './dom';
import type { ECharts } from './echarts';

export interface TooltipSpec {
  readonly trigger: 'axis' | 'item';
  readonly formatter: (params: unknown) => HTMLElement | string;
}

export interface LegendItem {
  readonly name: string;
  readonly color: string;
}

interface AxisInfo {
  readonly index: number;
  readonly type: string;
  readonly gridIndex: number;
}

type Entry = Record<string, unknown>;

/** ECharts options take one component or an array of them. */
function entries(value: unknown): readonly Entry[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((entry): entry is Entry => typeof entry === 'object' && entry !== null);
}

function axesOf(option: Record<string, unknown>, key: 'xAxis' | 'yAxis'): AxisInfo[] {
  return entries(option[key]).map((axis, index) => ({
    index,
    type: typeof axis.type === 'string' ? axis.type : 'value',
    gridIndex: typeof axis.gridIndex === 'number' ? axis.gridIndex : 0,
  }));
}

/** x positions of the first series drawn on `xAxisIndex` (time/value axes), for nearest-point lookup. */
function seriesOnAxis(option: Record<string, unknown>, axisKey: 'xAxisIndex' | 'yAxisIndex', axisIndex: number): { seriesIndex: number; xs: number[] } | null {
  const series = entries(option.series);
  for (let seriesIndex = 0; seriesIndex < series.length; seriesIndex += 1) {
    const entry = series[seriesIndex];
    if (!entry || entry.type === 'graph') continue;
    if (((entry[axisKey] as number | undefined) ?? 0) !== axisIndex) continue;
    const data = Array.isArray(entry.data) ? (entry.data as unknown[]) : [];
    return { seriesIndex, xs: data.map((point) => (Array.isArray(point) ? Number(point[0]) : Number.NaN)) };
  }
  return null;
}

function nearest(values: readonly number[], target: number): number {
  let best = -1;
  let distance = Number.POSITIVE_INFINITY;
  values.forEach((value, index) => {
    const d = Math.abs(value - target);
    if (d < distance) {
      distance = d;
      best = index;
    }
  });
  return best;
}

export class ChartOverlay {
  readonly legend = h('div', { className: 'chart-legend', attrs: { role: 'group', 'aria-label': 'Legend' } });
  private readonly tooltip = h('div', { className: 'chart-tooltip', attrs: { 'aria-hidden': 'true' } });
  private readonly hoverBand = h('div', { className: 'chart-hover-band', attrs: { 'aria-hidden': 'true' } });
  private readonly bandLayer = h('div', { className: 'chart-bands', attrs: { 'aria-hidden': 'true' } });
  private option: Record<string, unknown> = {};
  private spec: TooltipSpec | null = null;
  private bands: readonly { readonly from: number; readonly to: number; readonly className: string }[] = [];
  private chart: ECharts | null = null;
  private pointer: { x: number; y: number } = { x: 0, y: 0 };
  /** The category or bucket under the pointer (axis-trigger charts), for clicks on whole rows. */
  private hovered: { readonly dataIndex: number; readonly seriesIndex: number } | null = null;
  private readonly axisClickListeners: ((hit: { dataIndex: number; seriesIndex: number }) => void)[] = [];

  constructor(private readonly host: HTMLElement) {
    this.tooltip.hidden = true;
    this.hoverBand.hidden = true;
    host.append(this.bandLayer, this.hoverBand, this.tooltip);
  }

  attach(chart: ECharts): void {
    this.chart = chart;
    const zr = chart.getZr();
    zr.on('mousemove', (event: { offsetX: number; offsetY: number }) => {
      this.pointer = { x: event.offsetX, y: event.offsetY };
      if (this.spec?.trigger === 'axis') this.showAxisTooltip();
      else if (!this.tooltip.hidden) this.place();
    });
    zr.on('globalout', () => this.hide());
    zr.on('click', () => {
      const hit = this.hovered;
      if (hit) for (const listener of this.axisClickListeners) listener(hit);
    });
    chart.on('mouseover', (params: unknown) => {
      if (this.spec?.trigger !== 'item') return;
      this.show(this.spec.formatter(params));
    });
    chart.on('mouseout', () => {
      if (this.spec?.trigger === 'item') this.hide();
    });
    chart.on('finished', () => this.positionBands());
  }

  /**
   * Takes the option's `tooltip` and `legend` (drawn here) and returns the option ECharts gets.
   * The legend lists the named series with their colours.
   */
  setOption(option: Record<string, unknown>): Record<string, unknown> {
    const { tooltip, legend, ...rest } = option as { tooltip?: Partial<TooltipSpec>; legend?: { show?: boolean } } & Record<string, unknown>;
    this.spec = tooltip?.formatter ? { trigger: tooltip.trigger === 'item' ? 'item' : 'axis', formatter: tooltip.formatter } : null;
    this.option = rest;
    this.hide();
    const items: LegendItem[] = [];
    if (legend && legend.show !== false) {
      for (const series of entries(rest.series)) {
        const style = (series.itemStyle ?? series.lineStyle) as { color?: unknown } | undefined;
        if (typeof series.name === 'string' && typeof style?.color === 'string') items.push({ name: series.name, color: style.color });
      }
    }
    this.setLegend(items);
    return rest;
  }

  setLegend(items: readonly LegendItem[]): void {
    this.legend.replaceChildren(
      ...items.map((item) => {
        const swatch = h('span', { className: 'ls-swatch', attrs: { 'aria-hidden': 'true' } });
        swatch.style.backgroundColor = item.color;
        return h('span', { className: 'chart-legend-item' }, [swatch, h('span', { text: item.name })]);
      }),
    );
    this.legend.hidden = items.length === 0;
  }

  /** Shaded time ranges (bucket values on x axis 0), repositioned after every render. */
  setBands(bands: readonly { readonly from: number; readonly to: number; readonly className: string }[]): void {
    this.bands = bands;
    this.positionBands();
  }

  positionBands(): void {
    const chart = this.chart;
    const elements = this.bands.map((band) => {
      const element = h('div', { className: `chart-band ${band.className}` });
      if (!chart) return element;
      const grid = this.gridRect();
      const left = Number(chart.convertToPixel({ xAxisIndex: 0 }, band.from));
      const right = Number(chart.convertToPixel({ xAxisIndex: 0 }, band.to));
      if (!Number.isFinite(left) || !Number.isFinite(right) || !grid) {
        element.hidden = true;
        return element;
      }
      const from = Math.max(grid.x, Math.min(left, right));
      const to = Math.min(grid.x + grid.width, Math.max(left, right));
      Object.assign(element.style, { left: `${from}px`, width: `${Math.max(2, to - from)}px`, top: `${grid.y}px`, height: `${grid.height}px` });
      element.hidden = to <= from;
      return element;
    });
    this.bandLayer.replaceChildren(...elements);
  }

  /** Pixel rect of grid 0 (the plot area). */
  gridRect(): { x: number; y: number; width: number; height: number } | null {
    return this.chart ? this.gridRectFor(this.chart, 0) : null;
  }

  /** Clicks anywhere in a category row or bucket column (not only on its bar). */
  onAxisClick(listener: (hit: { dataIndex: number; seriesIndex: number }) => void): void {
    this.axisClickListeners.push(listener);
  }

  hide(): void {
    this.hovered = null;
    this.tooltip.hidden = true;
    this.hoverBand.hidden = true;
  }

  private show(content: HTMLElement | string): void {
    if (content === '' || (typeof content !== 'string' && !content.hasChildNodes())) {
      this.hide();
      return;
    }
    if (typeof content === 'string') this.tooltip.textContent = content;
    else this.tooltip.replaceChildren(content);
    this.tooltip.hidden = false;
    this.place();
  }

  /** Next to the pointer, flipped to stay inside the chart. */
  private place(): void {
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    const box = this.tooltip.getBoundingClientRect();
    let left = this.pointer.x + 14;
    let top = this.pointer.y + 14;
    if (left + box.width > width) left = Math.max(0, this.pointer.x - box.width - 14);
    if (top + box.height > height) top = Math.max(0, height - box.height);
    this.tooltip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  /** The category or bucket under the pointer, in whichever grid it is. */
  private showAxisTooltip(): void {
    const chart = this.chart;
    const spec = this.spec;
    if (!chart || !spec) return;
    const point = [this.pointer.x, this.pointer.y];
    const grids = Math.max(1, entries(this.option.grid).length);
    let gridIndex = -1;
    for (let index = 0; index < grids; index += 1) {
      if (chart.containPixel({ gridIndex: index }, point)) {
        gridIndex = index;
        break;
      }
    }
    if (gridIndex < 0) {
      this.hide();
      return;
    }
    const xAxis = axesOf(this.option, 'xAxis').find((axis) => axis.gridIndex === gridIndex);
    const yAxis = axesOf(this.option, 'yAxis').find((axis) => axis.gridIndex === gridIndex);
    let dataIndex = -1;
    let seriesIndex = 0;
    let bandAxis: 'x' | 'y' = 'x';
    if (yAxis?.type === 'category') {
      dataIndex = Math.round(Number(chart.convertFromPixel({ yAxisIndex: yAxis.index }, this.pointer.y)));
      bandAxis = 'y';
    } else if (xAxis?.type === 'category') {
      dataIndex = Math.round(Number(chart.convertFromPixel({ xAxisIndex: xAxis.index }, this.pointer.x)));
    } else if (xAxis) {
      const value = Number(chart.convertFromPixel({ xAxisIndex: xAxis.index }, this.pointer.x));
      const series = seriesOnAxis(this.option, 'xAxisIndex', xAxis.index);
      if (series) {
        dataIndex = nearest(series.xs, value);
        seriesIndex = series.seriesIndex;
      }
    }
    if (dataIndex < 0) {
      this.hide();
      return;
    }
    this.placeHoverBand(chart, bandAxis, bandAxis === 'y' ? yAxis : xAxis, dataIndex);
    this.show(spec.formatter([{ dataIndex, seriesIndex, axisValue: dataIndex }]));
    this.hovered = { dataIndex, seriesIndex };
  }

  private placeHoverBand(chart: ECharts, axis: 'x' | 'y', info: AxisInfo | undefined, dataIndex: number): void {
    if (!info) return;
    const finder = axis === 'x' ? { xAxisIndex: info.index } : { yAxisIndex: info.index };
    let centre: number;
    let size: number;
    if (info.type === 'category') {
      centre = Number(chart.convertToPixel(finder, dataIndex));
      size = Math.abs(Number(chart.convertToPixel(finder, dataIndex + 1)) - centre) || 12;
    } else {
      const series = seriesOnAxis(this.option, 'xAxisIndex', info.index);
      const xs = series?.xs ?? [];
      const value = xs[dataIndex] ?? 0;
      const neighbour = xs[dataIndex + 1] ?? xs[dataIndex - 1] ?? value + 1;
      centre = Number(chart.convertToPixel(finder, value));
      size = Math.abs(Number(chart.convertToPixel(finder, neighbour)) - centre) || 8;
    }
    const rect = chart.containPixel({ gridIndex: info.gridIndex }, [this.pointer.x, this.pointer.y]) ? this.gridRectFor(chart, info.gridIndex) : null;
    if (!rect || !Number.isFinite(centre)) {
      this.hoverBand.hidden = true;
      return;
    }
    const style = axis === 'x'
      ? { left: `${centre - size / 2}px`, width: `${size}px`, top: `${rect.y}px`, height: `${rect.height}px` }
      : { left: `${rect.x}px`, width: `${rect.width}px`, top: `${centre - size / 2}px`, height: `${size}px` };
    Object.assign(this.hoverBand.style, style);
    this.hoverBand.hidden = false;
  }

  private gridRectFor(chart: ECharts, gridIndex: number): { x: number; y: number; width: number; height: number } | null {
    // The grid's coordinate system knows its pixel rect; ECharts has no public getter for it.
    const model = (chart as unknown as { getModel(): { getComponent(type: string, index: number): { coordinateSystem?: { getRect(): { x: number; y: number; width: number; height: number } } } | undefined } }).getModel();
    return model.getComponent('grid', gridIndex)?.coordinateSystem?.getRect() ?? null;
  }
}
