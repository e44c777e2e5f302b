/** Axis and legend settings shared by the dashboard's charts, so they all read alike. */
import { formatCompact } from './format';
import type { Theme } from './theme';
import type { TimeTicks } from './timeAxis';

export function baseOption(theme: Theme) {
  return {
    animationDurationUpdate: 300,
    useUTC: true,
    textStyle: { fontFamily: theme.fontFamily, color: theme.foreground },
  };
}

export function legend(theme: Theme) {
  return {
    top: 0,
    left: 0,
    icon: 'roundRect',
    itemWidth: 12,
    itemHeight: 12,
    itemGap: 14,
    textStyle: { color: theme.foreground, fontSize: 12 },
    inactiveColor: theme.border,
  };
}

/** A time axis whose ticks and labels are the display zone's round times (see timeAxis.ts). */
export function timeAxis(theme: Theme, ticks: TimeTicks) {
  return {
    type: 'time',
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { lineStyle: { color: theme.border }, customValues: [...ticks.values] },
    axisLabel: { color: theme.muted, hideOverlap: true, fontSize: 11, customValues: [...ticks.values], formatter: (value: number) => ticks.label(value) },
    splitLine: { show: false },
  };
}

export function valueAxis(theme: Theme, format: (value: number) => string = formatCompact) {
  return {
    type: 'value',
    axisLabel: { color: theme.muted, fontSize: 11, formatter: (value: number) => format(value) },
    splitLine: { lineStyle: { color: theme.gridLine } },
  };
}

export function categoryAxis(theme: Theme, data: readonly string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'category',
    data,
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { show: false },
    axisLabel: { color: theme.foreground, fontSize: 11, hideOverlap: true },
    ...extra,
  };
}

/**
 * A polyline on a cartesian grid, drawn with the graph series (nodes at data points, links
 * between neighbours) so the bundle needs no separate line chart. Null values break the line.
 */
export function polyline(
  id: string,
  name: string,
  color: string,
  points: readonly (readonly [number, number | null])[],
  extra: Record<string, unknown> = {},
) {
  const data: { value: [number, number] }[] = [];
  const links: { source: number; target: number }[] = [];
  let previous = -1;
  for (const [x, y] of points) {
    if (y === null || !Number.isFinite(y)) {
      previous = -1;
      continue;
    }
    const index = data.length;
    data.push({ value: [x, y] });
    if (previous >= 0) links.push({ source: previous, target: index });
    previous = index;
  }
  return {
    id,
    name,
    type: 'graph',
    coordinateSystem: 'cartesian2d',
    layout: 'none',
    silent: true,
    z: 5,
    symbolSize: 0,
    edgeSymbol: ['none', 'none'],
    itemStyle: { color },
    lineStyle: { color, width: 2, opacity: 1, curveness: 0 },
    emphasis: { disabled: true },
    data,
    links,
    ...extra,
  };
}
