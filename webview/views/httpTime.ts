/**
 * HTTP views that need the optional data: status codes over time (per-bucket status series),
 * response-time percentiles over time (per-bucket p50/p95/p99), and the latency histogram.
 * Each is hidden when the summary lacks its data.
 */
import type { Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { baseOption, categoryAxis, legend, polyline, timeAxis, valueAxis } from '../chartStyle';
import { formatCount, formatMillis, formatPercent } from '../format';
import { readSeries, type Histogram } from '../series';
import type { Theme } from '../theme';
import { timeTicks } from '../timeAxis';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import { bucketCell, bucketColumn } from './timeColumns';
import type { View, ViewContext } from './view';

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', '1xx', 'other'] as const;
type StatusClass = (typeof STATUS_CLASSES)[number];

function classOf(code: string): StatusClass {
  const trimmed = code.trim();
  const first = trimmed[0];
  return trimmed.length === 3 && first && '12345'.includes(first) ? (`${first}xx` as StatusClass) : 'other';
}

export class StatusTimeView implements View {
  private readonly panel = new ChartPanel('statusTime', 'HTTP status over time', { wide: true, height: 240 });
  readonly element = this.panel.element;

  hasData(summary: Summary): boolean {
    return readSeries(summary).status !== null;
  }

  update(summary: Summary, { theme, scope, zone }: ViewContext, reason: RenderReason): void {
    const status = scope.series.status ?? [];
    const { bucketMs } = summary.timeline;
    const starts = scope.bucketStarts;
    const byClass = new Map<StatusClass, number[]>();
    for (const entry of status) {
      const key = classOf(entry.code);
      const values = byClass.get(key) ?? new Array<number>(starts.length).fill(0);
      entry.counts.forEach((count, index) => (values[index] = (values[index] ?? 0) + count));
      byClass.set(key, values);
    }
    const classes = STATUS_CLASSES.filter((key) => byClass.has(key));
    this.panel.setSubtitle(`${formatCount(status.length)} status codes by class · ${zone.name}`);
    const option = {
      ...baseOption(theme),
      legend: legend(theme),
      grid: { left: 4, right: 12, top: 8, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const index = asParams(raw)[0]?.dataIndex ?? 0;
          const rows = classes.map((key) => ({ label: key, value: formatCount(byClass.get(key)?.[index] ?? 0), color: theme.status[key] }));
          return tooltipElement(zone.bucketRange(starts[index] ?? 0, bucketMs), rows);
        },
      },
      xAxis: timeAxis(theme, timeTicks(zone, starts[0] ?? 0, (starts[starts.length - 1] ?? 0) + bucketMs, this.panel.width())),
      yAxis: { ...valueAxis(theme), minInterval: 1 },
      series: classes.map((key) => ({
        id: key,
        name: key,
        type: 'bar',
        stack: 'status',
        barCategoryGap: '15%',
        itemStyle: { color: theme.status[key] },
        data: (byClass.get(key) ?? []).map((count, bucket) => [(starts[bucket] ?? 0) + bucketMs / 2, count]),
      })),
    };
    const table = {
      caption: 'Responses per bucket by status class',
      columns: [bucketColumn(zone), ...classes.map((key) => ({ label: key, numeric: true }))],
      rows: starts.map((start, index) => [bucketCell(zone, start, bucketMs), ...classes.map((key) => formatCount(byClass.get(key)?.[index] ?? 0))]),
    };
    this.panel.overlay.setBands(scope.selection.range ? [{ ...scope.selection.range, className: 'band-range' }] : []);
    this.panel.render(option, table, `Stacked bar chart of HTTP responses over time by status class: ${classes.join(', ')}.`, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}

export class LatencyTimeView implements View {
  private readonly panel = new ChartPanel('latencyTime', 'Response time over time', { height: 240 });
  readonly element = this.panel.element;

  hasData(summary: Summary): boolean {
    return readSeries(summary).responseTimeMs !== null;
  }

  update(summary: Summary, { theme, scope, zone }: ViewContext, reason: RenderReason): void {
    const latency = scope.series.responseTimeMs;
    if (!latency) return;
    const { bucketMs } = summary.timeline;
    const starts = scope.bucketStarts;
    const lines = [
      { key: 'p50', label: 'p50', values: latency.p50, color: theme.levels.info },
      { key: 'p95', label: 'p95', values: latency.p95, color: theme.levels.warn },
      { key: 'p99', label: 'p99', values: latency.p99, color: theme.levels.error },
    ] as const;
    this.panel.setSubtitle(`per bucket · ${zone.name}`);
    const option = {
      ...baseOption(theme),
      legend: legend(theme),
      grid: { left: 4, right: 12, top: 8, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        formatter: (raw: unknown) => {
          const index = asParams(raw)[0]?.dataIndex ?? 0;
          const rows = lines.map((line) => ({ label: line.label, value: formatMillis(line.values[index] ?? Number.NaN), color: line.color }));
          return tooltipElement(zone.bucketRange(starts[index] ?? 0, bucketMs), rows, `${formatCount(latency.count[index] ?? 0)} timed requests`);
        },
      },
      xAxis: timeAxis(theme, timeTicks(zone, starts[0] ?? 0, (starts[starts.length - 1] ?? 0) + bucketMs, this.panel.width())),
      yAxis: valueAxis(theme, formatMillis),
      series: [
        // An invisible bar series gives the axis tooltip its buckets to snap to.
        { id: 'requests', type: 'bar', silent: true, itemStyle: { opacity: 0 }, data: latency.count.map((count, bucket) => [(starts[bucket] ?? 0) + bucketMs / 2, 0 * count]) },
        ...lines.map((line) =>
          polyline(line.key, line.label, line.color, line.values.map((value, bucket): [number, number | null] => [(starts[bucket] ?? 0) + bucketMs / 2, value])),
        ),
      ],
    };
    const table = {
      caption: 'Response-time percentiles per bucket',
      columns: [bucketColumn(zone), { label: 'Requests', numeric: true }, ...lines.map((line) => ({ label: line.label, numeric: true }))],
      rows: starts.map((start, index) => [
        bucketCell(zone, start, bucketMs),
        formatCount(latency.count[index] ?? 0),
        ...lines.map((line) => formatMillis(line.values[index] ?? Number.NaN)),
      ]),
    };
    this.panel.overlay.setBands(scope.selection.range ? [{ ...scope.selection.range, className: 'band-range' }] : []);
    this.panel.render(option, table, 'Line chart of response-time percentiles p50, p95 and p99 over time.', reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}

function histogramLabels(histogram: Histogram, format: (value: number) => string): string[] {
  return histogram.counts.map((_, index) => `${format(histogram.boundsMs[index] ?? 0)}–${format(histogram.boundsMs[index + 1] ?? 0)}`);
}

/** A histogram of durations as bars, shared by the latency and session-length views. */
export function histogramOption(theme: Theme, histogram: Histogram, format: (value: number) => string, unitLabel: string) {
  const labels = histogramLabels(histogram, format);
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  return {
    option: {
      ...baseOption(theme),
      grid: { left: 4, right: 12, top: 12, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const index = asParams(raw)[0]?.dataIndex ?? 0;
          const count = histogram.counts[index] ?? 0;
          return tooltipElement(labels[index] ?? '', [
            { label: unitLabel, value: formatCount(count), color: theme.accent },
            { label: 'Share', value: formatPercent(total ? count / total : 0) },
          ]);
        },
      },
      xAxis: categoryAxis(theme, labels, { axisLabel: { color: theme.muted, fontSize: 10, hideOverlap: true } }),
      yAxis: { ...valueAxis(theme), minInterval: 1 },
      series: [{ id: 'histogram', name: unitLabel, type: 'bar', barCategoryGap: '8%', itemStyle: { color: theme.accent }, data: [...histogram.counts] }],
    },
    table: {
      caption: `${unitLabel} per duration bucket`,
      columns: [{ label: 'Duration' }, { label: unitLabel, numeric: true }, { label: 'Share', numeric: true }],
      rows: histogram.counts.map((count, index) => [labels[index] ?? '', formatCount(count), formatPercent(total ? count / total : 0)]),
    },
    total,
  };
}

export class LatencyHistogramView implements View {
  private readonly panel = new ChartPanel('latencyHistogram', 'Latency distribution', { height: 240 });
  readonly element = this.panel.element;

  hasData(summary: Summary): boolean {
    return readSeries(summary).latencyHistogram !== null;
  }

  update(_summary: Summary, { theme, scope }: ViewContext, reason: RenderReason): void {
    const histogram = scope.series.latencyHistogram;
    if (!histogram) return;
    const { option, table, total } = histogramOption(theme, histogram, formatMillis, 'Requests');
    this.panel.setSubtitle(`${formatCount(total)} timed requests · whole log`);
    this.panel.render(option, table, `Histogram of ${formatCount(total)} response times in ${histogram.counts.length} buckets.`, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
