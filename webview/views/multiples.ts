/**
 * Small multiples: errors over time for the top hosts, one small chart each on shared axes (same
 * time span, same scale), so hosts compare at a glance. Needs per-host series of at least two
 * hosts with errors; hidden otherwise (one host's errors over time are the timeline's). Clicking a host's
 * chart focuses the dashboard on it.
 */
import type { Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { formatCompact, formatCount, truncate } from '../format';
import { readSeries, type HostSeries } from '../series';
import { timeTicks } from '../timeAxis';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import { bucketCell, bucketColumn } from './timeColumns';
import type { View, ViewContext } from './view';

const MAX_HOSTS = 12;
const ROW_HEIGHT = 118;

export class HostMultiplesView implements View {
  private readonly panel = new ChartPanel('multiples', 'Errors over time by host', { wide: true });
  readonly element = this.panel.element;
  private shown: readonly HostSeries[] = [];
  private selected: string | null = null;
  private select: ViewContext['select'] | null = null;

  constructor() {
    this.panel.overlay.onAxisClick(({ seriesIndex }) => {
      const host = this.shown[seriesIndex];
      if (host) this.select?.({ host: host.name === this.selected ? null : host.name });
    });
  }

  /** Two hosts with errors at least: a host without errors would only add an empty chart. */
  hasData(summary: Summary): boolean {
    return (readSeries(summary).hosts ?? []).filter((host) => host.errors.some((n) => n > 0)).length > 1;
  }

  update(summary: Summary, context: ViewContext, reason: RenderReason): void {
    const { theme, scope, zone } = context;
    this.select = context.select;
    this.selected = scope.selection.host;
    const ranked = [...(scope.series.hosts ?? [])]
      .map((host) => ({ host, errors: host.errors.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.errors - a.errors || a.host.name.localeCompare(b.host.name));
    // Hosts without errors (in the selected range) are left out, unless no host has any.
    const failing = ranked.filter((entry) => entry.errors > 0);
    const hosts = (failing.length > 0 ? failing : ranked).slice(0, MAX_HOSTS).map((entry) => entry.host);
    this.shown = hosts;
    const { bucketMs } = summary.timeline;
    const starts = scope.bucketStarts;
    const width = this.element.clientWidth || 900;
    const columns = width < 520 ? 1 : width < 900 ? 2 : 3;
    const rows = Math.ceil(hosts.length / columns);
    this.panel.setHeight(rows * ROW_HEIGHT + 8);
    const range = scope.selection.range;
    const xMin = range?.from ?? starts[0] ?? 0;
    const xMax = range?.to ?? (starts[starts.length - 1] ?? 0) + bucketMs;
    const inView = (index: number): boolean => (starts[index] ?? 0) + bucketMs > xMin && (starts[index] ?? 0) < xMax;
    const yMax = Math.max(1, ...hosts.flatMap((host) => host.errors.filter((_, index) => inView(index))));
    this.panel.setSubtitle(`top ${hosts.length} hosts by errors · shared scale, max ${formatCompact(yMax)} per bucket${range ? ' · selected range' : ''}`);
    const cell = 100 / columns;
    // Labels of these small plots may not overflow their grid: none right at either end.
    const ticks = timeTicks(zone, xMin, xMax, (width * (cell - 3)) / 100, 18);
    const option = {
      animationDurationUpdate: 300,
      useUTC: true,
      textStyle: { fontFamily: theme.fontFamily, color: theme.foreground },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'line', lineStyle: { color: theme.muted } },
        formatter: (raw: unknown) => {
          const param = asParams(raw)[0];
          const host = hosts[param?.seriesIndex ?? -1];
          const index = param?.dataIndex ?? 0;
          if (!host) return '';
          return tooltipElement(host.name, [
            { label: 'Errors', value: formatCount(host.errors[index] ?? 0), color: theme.levels.error },
            { label: 'Records', value: formatCount(host.records[index] ?? 0) },
          ], zone.bucketRange(starts[index] ?? 0, bucketMs));
        },
      },
      grid: hosts.map((_, index) => ({
        left: `${(index % columns) * cell + 1}%`,
        width: `${cell - 3}%`,
        top: Math.floor(index / columns) * ROW_HEIGHT + 24,
        height: ROW_HEIGHT - 50,
        outerBoundsMode: 'none',
        containLabel: false,
      })),
      xAxis: hosts.map((_, index) => ({
        type: 'time',
        gridIndex: index,
        min: xMin,
        max: xMax,
        axisLine: { lineStyle: { color: theme.border } },
        axisTick: { show: false },
        axisLabel: { color: theme.muted, fontSize: 10, hideOverlap: true, customValues: [...ticks.values], formatter: (value: number) => ticks.label(value) },
        splitLine: { show: false },
      })),
      yAxis: hosts.map((host, index) => ({
        type: 'value',
        gridIndex: index,
        min: 0,
        max: yMax,
        splitNumber: 2,
        // The axis name is the small chart's title (canvas text).
        name: truncate(host.name, 34),
        nameLocation: 'end',
        nameGap: 8,
        nameTextStyle: {
          align: 'left',
          color: this.selected === null || this.selected === host.name ? theme.foreground : theme.muted,
          fontWeight: this.selected === host.name ? 'bold' : 'normal',
          fontSize: 11.5,
        },
        // One shared scale (stated in the subtitle): no per-chart labels to crowd the small plots.
        axisLabel: { show: false },
        splitLine: { lineStyle: { color: theme.gridLine } },
      })),
      series: hosts.map((host, index) => ({
        id: `host-${index}`,
        name: host.name,
        type: 'bar',
        xAxisIndex: index,
        yAxisIndex: index,
        barCategoryGap: '10%',
        itemStyle: { color: theme.levels.error, opacity: this.selected === null || this.selected === host.name ? 1 : 0.3 },
        data: host.errors.map((count, bucket) => [(starts[bucket] ?? 0) + bucketMs / 2, count]),
      })),
    };
    const table = {
      caption: 'Errors per bucket for the top hosts',
      columns: [bucketColumn(zone), ...hosts.map((host) => ({ label: host.name, numeric: true }))],
      rows: starts.map((start, index) => [bucketCell(zone, start, bucketMs), ...hosts.map((host) => formatCount(host.errors[index] ?? 0))]),
    };
    this.panel.render(option, table, `Small multiples: errors over time for ${hosts.length} hosts on a shared scale up to ${formatCount(yMax)} per bucket.`, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
