/**
 * The top 25 servers by errors (bars: errors and warnings) with the cumulative share of errors
 * (a Pareto line on a percentage axis): how few servers produce most errors. Clicking a bar
 * focuses the dashboard on that host. With per-host series, a time range re-ranks the hosts.
 */
import type { HostSummary, Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { polyline } from '../chartStyle';
import { formatCompact, formatCount, formatPercent, truncate } from '../format';
import { sumWindow } from '../scope';
import type { TableData } from '../table';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import type { View, ViewContext } from './view';

const MAX_HOSTS = 25;
const LABEL_CHARS = 26;

interface HostRow {
  readonly name: string;
  readonly records: number;
  readonly errors: number;
  readonly warnings: number;
}

function rank(hosts: readonly HostRow[]): HostRow[] {
  return [...hosts].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || b.records - a.records || a.name.localeCompare(b.name));
}

/** Hosts for the selected range: from per-host series when present (only those hosts), else totals. */
function hostsInScope(summary: Summary, context: ViewContext): { rows: HostRow[]; ranged: boolean } {
  const { scope } = context;
  const series = scope.series.hosts;
  if (!scope.selection.range || !series || !scope.window) return { rows: summary.hosts.map((host: HostSummary) => ({ ...host })), ranged: false };
  const window = scope.window;
  const rows = series.map((entry) => ({
    name: entry.name,
    records: sumWindow(entry.records, window),
    errors: sumWindow(entry.errors, window),
    warnings: entry.warnings ? sumWindow(entry.warnings, window) : 0,
  }));
  return { rows: rows.filter((row) => row.records > 0), ranged: true };
}

export class HostsView implements View {
  private readonly panel = new ChartPanel('hosts', 'Top servers by errors');
  readonly element = this.panel.element;
  private shown: readonly HostRow[] = [];
  private selected: string | null = null;
  private select: ViewContext['select'] | null = null;

  constructor() {
    // A click anywhere on a host's row (not only its bar, which may be tiny) selects the host.
    this.panel.overlay.onAxisClick(({ dataIndex }) => {
      const host = this.shown[dataIndex];
      if (host) this.select?.({ host: host.name === this.selected ? null : host.name });
    });
  }

  /** One host (often just the file name standing in for it) makes a chart with nothing to compare. */
  hasData(summary: Summary): boolean {
    return summary.hosts.length > 1;
  }

  update(summary: Summary, context: ViewContext, reason: RenderReason): void {
    const { theme, scope } = context;
    this.select = context.select;
    this.selected = scope.selection.host;
    const { rows, ranged } = hostsInScope(summary, context);
    const ranked = rank(rows);
    const shown = ranked.slice(0, MAX_HOSTS);
    this.shown = shown;
    const totalErrors = ranked.reduce((sum, host) => sum + host.errors, 0);
    const anyProblems = shown.some((host) => host.errors + host.warnings > 0);
    const pareto = totalErrors > 0;
    let running = 0;
    const cumulative = shown.map((host) => {
      running += host.errors;
      return totalErrors > 0 ? (running / totalErrors) * 100 : 0;
    });
    const half = cumulative.findIndex((share) => share >= 80);
    this.panel.setSubtitle(
      (ranked.length > shown.length ? `top ${shown.length} of ${formatCount(ranked.length)}` : `${formatCount(ranked.length)} hosts`) +
        (pareto && half >= 0 ? ` · ${half + 1} ${half === 0 ? 'host has' : 'hosts have'} 80% of errors` : '') +
        (anyProblems ? '' : ' · no errors or warnings'),
    );
    this.panel.setNote(
      scope.selection.range && !ranged ? 'Whole log: per-host counts over time are not in this summary, so the time range does not apply here.' : ranged ? 'In the selected time range (top hosts with series).' : '',
    );
    this.panel.setHeight(Math.max(200, 64 + shown.length * 22));
    const dim = (name: string, color: string): { color: string; opacity: number } => ({
      color,
      opacity: this.selected === null || this.selected === name ? 1 : 0.3,
    });

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
        top: 0,
        left: 0,
        icon: 'roundRect',
        itemWidth: 12,
        itemHeight: 12,
        textStyle: { color: theme.foreground, fontSize: 12 },
        inactiveColor: theme.border,
      },
      grid: { left: 4, right: 8, top: pareto ? 22 : 4, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const index = asParams(raw)[0]?.dataIndex ?? -1;
          const host = shown[index];
          if (!host) return '';
          return tooltipElement(host.name, [
            { label: 'Errors', value: formatCount(host.errors), color: theme.levels.error },
            { label: 'Warnings', value: formatCount(host.warnings), color: theme.levels.warn },
            { label: 'Records', value: formatCount(host.records) },
            ...(pareto ? [{ label: 'Cumulative share of errors', value: formatPercent((cumulative[index] ?? 0) / 100), color: theme.foreground }] : []),
          ], this.selected === host.name ? 'Click to clear the host filter' : 'Click to focus the dashboard on this host');
        },
      },
      xAxis: {
        type: 'value',
        minInterval: 1,
        position: 'bottom',
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
      series: [
        ...series.map((entry) => ({
          id: entry.id,
          name: entry.name,
          type: 'bar',
          stack: 'hosts',
          barMaxWidth: 16,
          cursor: 'pointer',
          itemStyle: { color: entry.color },
          data: entry.values.map((value, index) => ({ value, itemStyle: dim(shown[index]?.name ?? '', entry.color) })),
        })),
        ...(pareto
          ? [
              polyline('pareto', 'Cumulative % of errors', theme.foreground, cumulative.map((share, index): [number, number] => [share, index]), {
                xAxisIndex: 1,
                symbolSize: 5,
                lineStyle: { color: theme.foreground, width: 1.5, opacity: 1 },
              }),
            ]
          : []),
      ],
    };
    if (pareto) {
      // Horizontal bars: the Pareto share gets its own percentage axis along the top.
      (option as { xAxis: unknown }).xAxis = [
        option.xAxis,
        {
          type: 'value',
          position: 'top',
          min: 0,
          max: 100,
          axisLabel: { color: theme.muted, fontSize: 10, formatter: '{value}%' },
          splitLine: { show: false },
        },
      ];
    }
    const table: TableData = {
      caption: 'Hosts ranked by errors, with the cumulative share of errors',
      columns: [
        { label: 'Host' },
        { label: 'Errors', numeric: true },
        { label: 'Warnings', numeric: true },
        { label: 'Records', numeric: true },
        { label: 'Cumulative % of errors', numeric: true },
      ],
      rows: (() => {
        let sum = 0;
        return ranked.map((host) => {
          sum += host.errors;
          return [host.name, formatCount(host.errors), formatCount(host.warnings), formatCount(host.records), formatPercent(totalErrors ? sum / totalErrors : 0)];
        });
      })(),
    };
    const top = shown[0];
    const description = top
      ? `Bar chart of the top ${shown.length} hosts by errors with a cumulative share line. Most errors: ${top.name} with ${formatCount(top.errors)}.`
      : 'Bar chart of hosts by errors.';
    this.panel.render(option, table, description, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
