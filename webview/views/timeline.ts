/**
 * Records over time, stacked by level (most severe at the bottom so errors form the baseline).
 * Dragging across the plot selects a time range (a brush snapped to buckets) that filters the
 * dashboard; long timelines also get a zoom slider, and the zoom survives live updates.
 */
import { LEVELS, type Level, type Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { polyline, timeAxis } from '../chartStyle';
import { h } from '../dom';
import { formatBucketSize, formatCompact, formatCount, truncate } from '../format';
import { LEVEL_LABELS } from '../levels';
import { LEVEL_GROUPS, type Selection } from '../selection';
import type { TableData } from '../table';
import { timeTicks } from '../timeAxis';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import { bucketColumn, bucketCell } from './timeColumns';
import type { View, ViewContext } from './view';


export class TimelineView implements View {
  private readonly panel = new ChartPanel('timeline', 'Records over time', { wide: true, height: 300 });
  readonly element = this.panel.element;
  private starts: readonly number[] = [];
  private bucketMs = 0;
  private range: Selection['range'] = null;
  private select: ViewContext['select'] | null = null;
  private rerender: (() => void) | null = null;

  /** Zoomed to the selected range: kept across live updates until the user zooms out. */
  private zoomed = false;
  private readonly zoomButton = h('button', { className: 'tool', text: 'Zoom to range', attrs: { type: 'button', 'aria-pressed': 'false', 'data-action': 'zoom' } });

  constructor() {
    this.panel.enableRangeSelect((range) => this.onRangeDrawn(range));
    this.zoomButton.addEventListener('click', () => {
      this.zoomed = !this.zoomed;
      this.rerender?.();
    });
    this.panel.setActions(this.zoomButton);
  }

  hasData(summary: Summary): boolean {
    return summary.timeline.buckets.length > 0;
  }

  update(summary: Summary, context: ViewContext, reason: RenderReason): void {
    const { theme, scope, select, zone } = context;
    this.rerender = () => this.update(summary, context, 'data');
    const { bucketMs, buckets } = summary.timeline;
    const selection = scope.selection;
    this.select = select;
    this.range = selection.range;
    this.bucketMs = bucketMs;
    const times = buckets.map((bucket) => Date.parse(bucket.start));
    this.starts = times;
    // Bars sit at the middle of their bucket, so a bucket spans its interval on the time axis.
    const centres = times.map((time) => time + bucketMs / 2);
    const present = LEVELS.filter((level) => buckets.some((bucket) => bucket.counts[level] > 0));
    const levels: readonly Level[] = present.length > 0 ? present : ['unknown'];
    const focusLevels: readonly Level[] | null = selection.levels ? LEVEL_GROUPS[selection.levels] : null;
    const zoomed = this.zoomed && selection.range !== null;
    this.zoomButton.hidden = selection.range === null;
    this.zoomButton.setAttribute('aria-pressed', String(zoomed));
    this.zoomButton.textContent = zoomed ? 'Show all time' : 'Zoom to range';
    this.panel.setSubtitle(`${formatBucketSize(bucketMs)} · ${zone.name} · drag across the chart to select a range`);

    // The host/template selection over time, when the summary has its series.
    const narrowed = (selection.host !== null || selection.template !== null) && scope.perBucket && scope.applied.host && scope.applied.template;
    const overlayName = selection.template ? `Template: ${truncate(selection.template.text, 40)}` : `Host: ${truncate(selection.host ?? '', 40)}`;
    const overlay = narrowed && scope.perBucket ? scope.perBucket.records : null;
    const template = selection.template ? summary.templates.find((entry) => entry.id === selection.template?.id) : undefined;
    const seenArea = !overlay && template?.firstSeen && template.lastSeen ? [Date.parse(template.firstSeen), Date.parse(template.lastSeen)] : null;
    this.panel.setNote(
      seenArea ? 'Shaded: from the selected template’s first to its last occurrence (per-template counts over time are not in this summary).' : '',
    );

    const axisFrom = zoomed && selection.range ? selection.range.from : (times[0] ?? 0);
    const axisTo = zoomed && selection.range ? selection.range.to : (times[times.length - 1] ?? 0) + bucketMs;
    const axis = timeAxis(theme, timeTicks(zone, axisFrom, axisTo, this.panel.width()));
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
      grid: { left: 4, right: 12, top: 8, bottom: 4, outerBoundsMode: 'same' },
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
          if (overlay) rows.push({ label: overlayName, value: formatCount(overlay[index] ?? 0), color: theme.foreground });
          const total = LEVELS.reduce((sum, level) => sum + bucket.counts[level], 0);
          return tooltipElement(zone.bucketRange(times[index] ?? 0, bucketMs), rows, `${formatCount(total)} records`);
        },
      },
      xAxis: {
        ...axis,
        ...(zoomed && selection.range ? { min: selection.range.from, max: selection.range.to } : {}),
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: theme.muted, fontSize: 11, formatter: (value: number) => formatCompact(value) },
        splitLine: { lineStyle: { color: theme.gridLine } },
      },
      series: [
        ...levels.map((level) => ({
          id: level,
          name: LEVEL_LABELS[level],
          type: 'bar',
          stack: 'levels',
          barCategoryGap: '15%',
          barMaxWidth: 48,
          itemStyle: { color: theme.levels[level], opacity: focusLevels && !focusLevels.includes(level) ? 0.22 : 1 },
          data: buckets.map((bucket, bucketIndex) => [centres[bucketIndex], bucket.counts[level]]),
        })),
        ...(overlay
          ? [
              polyline('selection', overlayName, theme.foreground, overlay.map((count, index): [number, number] => [centres[index] ?? 0, count]), {
                lineStyle: { color: theme.foreground, width: 2, opacity: 1, type: 'solid' },
              }),
            ]
          : []),
      ],
    };

    const table: TableData = {
      caption: `Records per ${formatBucketSize(bucketMs).replace('per ', '')} by level`,
      columns: [
        bucketColumn(zone),
        ...levels.map((level) => ({ label: LEVEL_LABELS[level], numeric: true })),
        ...(overlay ? [{ label: overlayName, numeric: true }] : []),
      ],
      rows: buckets.map((bucket, index) => [
        bucketCell(zone, times[index] ?? 0, bucketMs),
        ...levels.map((level) => formatCount(bucket.counts[level])),
        ...(overlay ? [formatCount(overlay[index] ?? 0)] : []),
      ]),
    };
    const peak = buckets.reduce((best, bucket, index) => {
      const total = LEVELS.reduce((sum, level) => sum + bucket.counts[level], 0);
      return total > best.total ? { total, index } : best;
    }, { total: -1, index: 0 });
    const description =
      `Stacked bar chart of records over time, ${formatBucketSize(bucketMs)}, ${buckets.length} buckets. ` +
      `Busiest bucket ${zone.bucketStart(times[peak.index] ?? 0, bucketMs)} with ${formatCount(Math.max(peak.total, 0))} records.` +
      (selection.range ? ` Selected ${zone.bucketRange(selection.range.from, selection.range.to - selection.range.from)}.` : '');
    const bands = [
      ...(seenArea ? [{ from: seenArea[0] ?? 0, to: seenArea[1] ?? 0, className: 'band-seen' }] : []),
      ...(selection.range && !zoomed ? [{ ...selection.range, className: 'band-range' }] : []),
    ];
    this.panel.render(option, table, description, reason);
    this.panel.overlay.setBands(bands);
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** A drawn range becomes the bucket-aligned range it touches; a click without a drag clears it. */
  private onRangeDrawn(drawn: readonly [number, number] | null): void {
    if (!drawn) {
      if (this.range && !this.zoomed) this.select?.({ range: null });
      return;
    }
    const [low, high] = drawn;
    const touched = this.starts.filter((start) => start + this.bucketMs > low && start < high);
    const first = touched[0];
    const last = touched[touched.length - 1];
    if (first === undefined || last === undefined) {
      this.select?.({ range: null });
      return;
    }
    const range = { from: first, to: last + this.bucketMs };
    if (this.range && this.range.from === range.from && this.range.to === range.to) return;
    this.select?.({ range });
  }
}
