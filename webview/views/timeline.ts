/** Records over time, stacked by level (most severe at the bottom so errors form the baseline). */
import { LEVELS, type Level, type Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { formatBucketRange, formatBucketSize, formatBucketStart, formatCompact, formatCount } from '../format';
import { LEVEL_LABELS } from '../levels';
import type { TableData } from '../table';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import type { View, ViewContext } from './view';

/** Past this many buckets the chart gets wheel/drag zoom. */
const ZOOM_THRESHOLD = 90;

export class TimelineView implements View {
  private readonly panel = new ChartPanel('timeline', 'Records over time', { wide: true, height: 280 });
  readonly element = this.panel.element;

  hasData(summary: Summary): boolean {
    return summary.timeline.buckets.length > 0;
  }

  update(summary: Summary, { theme }: ViewContext, reason: RenderReason): void {
    const { bucketMs, buckets } = summary.timeline;
    const times = buckets.map((bucket) => Date.parse(bucket.start));
    // Bars sit at the middle of their bucket, so a bucket spans its interval on the time axis.
    const centres = times.map((time) => time + bucketMs / 2);
    const present = LEVELS.filter((level) => buckets.some((bucket) => bucket.counts[level] > 0));
    const levels: readonly Level[] = present.length > 0 ? present : ['unknown'];
    this.panel.setSubtitle(`${formatBucketSize(bucketMs)} · UTC`);

    const option = {
      animationDurationUpdate: 300,
      useUTC: true,
      textStyle: { fontFamily: theme.fontFamily, color: theme.foreground },
      legend: {
        top: 0,
        left: 0,
        icon: 'roundRect',
        itemWidth: 12,
        itemHeight: 12,
        itemGap: 16,
        textStyle: { color: theme.foreground, fontSize: 12 },
        inactiveColor: theme.border,
      },
      grid: { left: 4, right: 12, top: 36, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const params = asParams(raw);
          const index = params[0]?.dataIndex ?? 0;
          const bucket = buckets[index];
          if (!bucket) return '';
          const rows = [...levels]
            .reverse()
            .filter((level) => bucket.counts[level] > 0)
            .map((level) => ({ label: LEVEL_LABELS[level], value: formatCount(bucket.counts[level]), color: theme.levels[level] }));
          const total = LEVELS.reduce((sum, level) => sum + bucket.counts[level], 0);
          return tooltipElement(formatBucketRange(times[index] ?? 0, bucketMs), rows, `${formatCount(total)} records`);
        },
      },
      xAxis: {
        type: 'time',
        axisLine: { lineStyle: { color: theme.border } },
        axisTick: { lineStyle: { color: theme.border } },
        axisLabel: {
          color: theme.muted,
          hideOverlap: true,
          fontSize: 11,
          // Day boundaries read "May 18" rather than a bare "18".
          formatter: { year: '{yyyy}', month: '{MMM} {yyyy}', day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}', second: '{HH}:{mm}:{ss}', millisecond: '{HH}:{mm}:{ss}.{SSS}' },
        },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: theme.muted, fontSize: 11, formatter: (value: number) => formatCompact(value) },
        splitLine: { lineStyle: { color: theme.gridLine } },
      },
      dataZoom: buckets.length > ZOOM_THRESHOLD ? [{ type: 'inside', filterMode: 'weakFilter' }] : [],
      series: levels.map((level) => ({
        id: level,
        name: LEVEL_LABELS[level],
        type: 'bar',
        stack: 'levels',
        barCategoryGap: '15%',
        barMaxWidth: 48,
        itemStyle: { color: theme.levels[level] },
        data: buckets.map((bucket, index) => [centres[index], bucket.counts[level]]),
      })),
    };

    const table: TableData = {
      caption: `Records per ${formatBucketSize(bucketMs).replace('per ', '')} by level`,
      columns: [{ label: 'Bucket start (UTC)' }, ...levels.map((level) => ({ label: LEVEL_LABELS[level], numeric: true }))],
      rows: buckets.map((bucket, index) => [
        formatBucketStart(times[index] ?? 0, bucketMs),
        ...levels.map((level) => formatCount(bucket.counts[level])),
      ]),
    };
    const peak = buckets.reduce((best, bucket, index) => {
      const total = LEVELS.reduce((sum, level) => sum + bucket.counts[level], 0);
      return total > best.total ? { total, index } : best;
    }, { total: -1, index: 0 });
    const description =
      `Stacked bar chart of records over time, ${formatBucketSize(bucketMs)}, ${buckets.length} buckets. ` +
      `Busiest bucket ${formatBucketStart(times[peak.index] ?? 0, bucketMs)} with ${formatCount(Math.max(peak.total, 0))} records.`;
    this.panel.render(option, table, description, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
