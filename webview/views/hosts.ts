/** Hosts ranked by errors (then warnings), as horizontal stacked bars. */
import type { HostSummary, Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { formatCompact, formatCount, truncate } from '../format';
import type { TableData } from '../table';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import type { View, ViewContext } from './view';

const MAX_HOSTS = 15;
const LABEL_CHARS = 28;

function rank(hosts: readonly HostSummary[]): HostSummary[] {
  return [...hosts].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || b.records - a.records || a.name.localeCompare(b.name));
}

export class HostsView implements View {
  private readonly panel = new ChartPanel('hosts', 'Hosts by errors');
  readonly element = this.panel.element;

  /** One host (often just the file name standing in for it) makes a chart with nothing to compare. */
  hasData(summary: Summary): boolean {
    return summary.hosts.length > 1;
  }

  update(summary: Summary, { theme }: ViewContext, reason: RenderReason): void {
    const ranked = rank(summary.hosts);
    const shown = ranked.slice(0, MAX_HOSTS);
    const anyProblems = shown.some((host) => host.errors + host.warnings > 0);
    this.panel.setSubtitle(
      (anyProblems ? '' : 'No errors or warnings · records per host · ') +
        (ranked.length > shown.length ? `top ${shown.length} of ${formatCount(ranked.length)}` : `${formatCount(ranked.length)} ${ranked.length === 1 ? 'host' : 'hosts'}`),
    );
    this.panel.setHeight(56 + shown.length * 26);

    const series = anyProblems
      ? [
          { id: 'errors', name: 'Errors', color: theme.levels.error, values: shown.map((host) => host.errors) },
          { id: 'warnings', name: 'Warnings', color: theme.levels.warn, values: shown.map((host) => host.warnings) },
        ]
      : [{ id: 'records', name: 'Records', color: theme.levels.info, values: shown.map((host) => host.records) }];

    const option = {
      animationDurationUpdate: 300,
      textStyle: { fontFamily: theme.fontFamily, color: theme.foreground },
      legend: {
        show: anyProblems,
        top: 0,
        left: 0,
        icon: 'roundRect',
        itemWidth: 12,
        itemHeight: 12,
        textStyle: { color: theme.foreground, fontSize: 12 },
        inactiveColor: theme.border,
      },
      grid: { left: 4, right: 16, top: anyProblems ? 32 : 8, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const host = shown[asParams(raw)[0]?.dataIndex ?? -1];
          if (!host) return '';
          return tooltipElement(host.name, [
            { label: 'Errors', value: formatCount(host.errors), color: theme.levels.error },
            { label: 'Warnings', value: formatCount(host.warnings), color: theme.levels.warn },
            { label: 'Records', value: formatCount(host.records) },
          ]);
        },
      },
      xAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: theme.muted, fontSize: 11, formatter: (value: number) => formatCompact(value) },
        splitLine: { lineStyle: { color: theme.gridLine } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        // Canvas text, never markup; long names are cut so the bars keep their room.
        data: shown.map((host) => truncate(host.name, LABEL_CHARS)),
        axisLine: { lineStyle: { color: theme.border } },
        axisTick: { show: false },
        axisLabel: { color: theme.foreground, fontSize: 11 },
      },
      series: series.map((entry) => ({
        id: entry.id,
        name: entry.name,
        type: 'bar',
        stack: 'hosts',
        barMaxWidth: 18,
        itemStyle: { color: entry.color },
        data: entry.values,
      })),
    };
    const table: TableData = {
      caption: 'Hosts ranked by errors',
      columns: [{ label: 'Host' }, { label: 'Errors', numeric: true }, { label: 'Warnings', numeric: true }, { label: 'Records', numeric: true }],
      rows: ranked.map((host) => [host.name, formatCount(host.errors), formatCount(host.warnings), formatCount(host.records)]),
    };
    const top = shown[0];
    const description = top
      ? `Bar chart of ${shown.length} hosts by errors. Most errors: ${top.name} with ${formatCount(top.errors)}.`
      : 'Bar chart of hosts by errors.';
    this.panel.render(option, table, description, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
