/**
 * KPI cards: records, errors, warnings, error rate, time span, hosts, sessions, p95 response
 * time, for the current selection where the aggregates allow it. Each card shows its change
 * against the previous period of equal length (or the range's first half), and says in its
 * tooltip exactly what was compared. The Errors and Warnings cards filter by level.
 */
import type { Summary } from '../../extension/engine/summary';
import { h } from '../dom';
import { formatCount, formatDuration, formatMillis, formatPercent } from '../format';
import { errorCount } from '../levels';
import { comparisonFor, sumWindow, type BucketWindow, type Scope } from '../scope';
import type { LevelGroup } from '../selection';
import type { DisplayZone } from '../timeZone';
import type { View, ViewContext } from './view';

/** Whether a rise is bad news (errors), good news, or neither (records). */
type Polarity = 'upBad' | 'neutral';

interface Delta {
  readonly current: number;
  readonly previous: number;
  readonly polarity: Polarity;
  /** What was compared, for the tooltip. */
  readonly label: string;
  readonly format: (value: number) => string;
}

interface Kpi {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly detail: string;
  readonly tone?: 'error' | 'warn';
  readonly delta?: Delta;
  /** Cards that filter the dashboard by a level group when pressed. */
  readonly levelGroup?: LevelGroup;
  readonly title?: string;
}

function describeWindow(scope: Scope, zone: DisplayZone): (window: BucketWindow) => string {
  return (window) => {
    const start = scope.bucketStarts[window.first] ?? 0;
    const end = (scope.bucketStarts[window.last] ?? 0) + scope.bucketMs;
    return zone.bucketRange(start, end - start);
  };
}

function weightedMean(values: readonly (number | null)[], weights: readonly number[], window: BucketWindow): number | null {
  let total = 0;
  let weight = 0;
  for (let index = window.first; index <= window.last; index += 1) {
    const value = values[index];
    const w = weights[index] ?? 0;
    if (value === null || value === undefined || w <= 0) continue;
    total += value * w;
    weight += w;
  }
  return weight > 0 ? total / weight : null;
}

function kpisFor(summary: Summary, scope: Scope, zone: DisplayZone): Kpi[] {
  const { perBucket, window, selection } = scope;
  const comparison = perBucket ? comparisonFor(window, scope.bucketStarts.length, describeWindow(scope, zone)) : null;
  const compare = (values: readonly number[] | null | undefined, polarity: Polarity, format = formatCount): Delta | undefined =>
    comparison && values
      ? { current: sumWindow(values, comparison.current), previous: sumWindow(values, comparison.previous), polarity, label: comparison.label, format }
      : undefined;

  let records: number;
  let errors: number;
  let warnings: number | null;
  let scopeNote = '';
  if (perBucket) {
    records = sumWindow(perBucket.records, window);
    errors = sumWindow(perBucket.errors, window);
    warnings = perBucket.warnings ? sumWindow(perBucket.warnings, window) : null;
  } else if (selection.template) {
    const template = summary.templates.find((entry) => entry.id === selection.template?.id);
    const count = template?.count ?? 0;
    const level = selection.template.level;
    records = count;
    errors = level === 'error' || level === 'fatal' ? count : 0;
    warnings = level === 'warn' ? count : 0;
    scopeNote = 'whole log';
  } else if (selection.host !== null) {
    const host = summary.hosts.find((entry) => entry.name === selection.host);
    records = host?.records ?? 0;
    errors = host?.errors ?? 0;
    warnings = host?.warnings ?? 0;
    if (selection.levels === 'errors') records = errors;
    if (selection.levels === 'warnings') records = warnings;
    scopeNote = 'whole log';
  } else {
    records = summary.records;
    errors = errorCount(summary.levels);
    warnings = summary.levels.warn;
  }
  const inRange = selection.range && scopeNote === '' ? 'in range' : scopeNote;
  const rateDelta =
    comparison && perBucket
      ? (() => {
          const rate = (w: BucketWindow): number => {
            const total = sumWindow(perBucket.records, w);
            return total > 0 ? sumWindow(perBucket.errors, w) / total : 0;
          };
          return { current: rate(comparison.current), previous: rate(comparison.previous), polarity: 'upBad' as const, label: comparison.label, format: formatPercent };
        })()
      : undefined;

  const kpis: Kpi[] = [
    {
      key: 'records',
      label: 'Records',
      value: formatCount(records),
      detail: inRange || (summary.sources.length > 1 ? `${summary.sources.length} sources` : 'log records'),
      ...optional('delta', compare(perBucket?.records, 'neutral')),
    },
    {
      key: 'errors',
      label: 'Errors',
      value: formatCount(errors),
      detail: inRange || (summary.levels.fatal > 0 ? `incl. ${formatCount(summary.levels.fatal)} fatal` : 'error + fatal'),
      levelGroup: 'errors',
      ...(errors > 0 ? { tone: 'error' as const } : {}),
      ...optional('delta', compare(perBucket?.errors, 'upBad')),
    },
    {
      key: 'warnings',
      label: 'Warnings',
      value: warnings === null ? '—' : formatCount(warnings),
      detail: inRange || 'warn',
      levelGroup: 'warnings',
      ...(warnings ? { tone: 'warn' as const } : {}),
      ...optional('delta', compare(perBucket?.warnings, 'upBad')),
    },
    {
      key: 'errorRate',
      label: 'Error rate',
      value: formatPercent(records > 0 ? errors / records : 0),
      detail: inRange || 'of all records',
      ...optional('delta', rateDelta),
    },
  ];
  if (summary.timeRange) {
    const span = selection.range
      ? selection.range.to - selection.range.from
      : Date.parse(summary.timeRange.end) - Date.parse(summary.timeRange.start);
    const { start, end } = summary.timeRange;
    kpis.push({
      key: 'timeSpan',
      label: 'Time span',
      value: formatDuration(span),
      detail: selection.range ? 'selected range' : 'first to last record',
      title: `First record ${zone.timestamp(start)}, last record ${zone.timestamp(end)} (${zone.describe([Date.parse(start), Date.parse(end)])})`,
    });
  }
  if (summary.hosts.length > 0) {
    const withErrors = summary.hosts.filter((host) => host.errors > 0).length;
    kpis.push({
      key: 'hosts',
      label: 'Hosts',
      value: formatCount(summary.hosts.length),
      detail: selection.host !== null ? '1 selected' : `${formatCount(withErrors)} with errors`,
    });
  }
  const sessions = summary.sessions;
  if (sessions && sessions.count > 0) {
    const days = [...sessions.perDay].sort((a, b) => a.date.localeCompare(b.date));
    const last = days[days.length - 1];
    const before = days[days.length - 2];
    kpis.push({
      key: 'sessions',
      label: 'Sessions',
      value: formatCount(sessions.count),
      detail: `mean ${formatDuration(sessions.meanDurationMs)}`,
      title: 'Sessions are counted over the whole log',
      ...(last && before
        ? { delta: { current: last.count, previous: before.count, polarity: 'neutral' as const, label: `sessions started on ${last.date} vs ${before.date}`, format: formatCount } }
        : {}),
    });
  }
  const latency = summary.http?.responseTimeMs;
  if (latency && latency.count > 0) {
    const series = scope.series.responseTimeMs;
    const ranged = series && window && selection.range ? weightedMean(series.p95, series.count, window) : null;
    const latencyComparison = series ? comparisonFor(window, scope.bucketStarts.length, describeWindow(scope, zone)) : null;
    const current = series && latencyComparison ? weightedMean(series.p95, series.count, latencyComparison.current) : null;
    const previous = series && latencyComparison ? weightedMean(series.p95, series.count, latencyComparison.previous) : null;
    kpis.push({
      key: 'p95',
      label: 'p95 response',
      value: ranged !== null ? `≈ ${formatMillis(ranged)}` : formatMillis(latency.p95),
      detail: ranged !== null ? 'request-weighted, in range' : `p50 ${formatMillis(latency.p50)}`,
      ...(latencyComparison && current !== null && previous !== null
        ? { delta: { current, previous, polarity: 'upBad' as const, label: `request-weighted mean of per-bucket p95, ${latencyComparison.label}`, format: formatMillis } }
        : {}),
    });
  }
  return kpis;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function deltaElement(delta: Delta): HTMLElement {
  const { current, previous } = delta;
  let text: string;
  let direction: 'up' | 'down' | 'flat';
  if (previous === 0) {
    direction = current > 0 ? 'up' : 'flat';
    text = current > 0 ? 'new' : 'no change';
  } else {
    const change = (current - previous) / previous;
    direction = Math.abs(change) < 0.005 ? 'flat' : change > 0 ? 'up' : 'down';
    text = direction === 'flat' ? 'no change' : `${change > 0 ? '+' : '−'}${formatPercent(Math.abs(change))}`;
  }
  const tone = direction === 'flat' || delta.polarity === 'neutral' ? 'neutral' : direction === 'up' ? 'bad' : 'good';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '●';
  const explanation = `${delta.format(current)} vs ${delta.format(previous)}: ${delta.label}`;
  return h('div', { className: `kpi-delta tone-${tone}`, attrs: { title: explanation, 'data-direction': direction } }, [
    h('span', { text: arrow, attrs: { 'aria-hidden': 'true' } }),
    h('span', { text: ` ${text}` }),
    h('span', { className: 'visually-hidden', text: ` (${explanation})` }),
  ]);
}

export class KpiView implements View {
  readonly element = h('section', {
    className: 'kpis',
    attrs: { 'aria-label': 'Key figures', 'data-view': 'kpis' },
  });

  hasData(): boolean {
    return true;
  }

  update(summary: Summary, context: ViewContext): void {
    const { scope, select } = context;
    const cards = kpisFor(summary, scope, context.zone).map((kpi) => {
      const children = [
        h('div', { className: 'kpi-label', text: kpi.label }),
        h('div', { className: 'kpi-value', text: kpi.value }),
        h('div', { className: 'kpi-detail', text: kpi.detail }),
        kpi.delta ? deltaElement(kpi.delta) : h('div', { className: 'kpi-delta tone-none', text: ' ' }),
      ];
      const className = `kpi${kpi.tone ? ` tone-${kpi.tone}` : ''}`;
      const group = kpi.levelGroup;
      if (!group) return h('div', { className, attrs: { 'data-kpi': kpi.key, ...(kpi.title ? { title: kpi.title } : {}) } }, children);
      const pressed = scope.selection.levels === group;
      const button = h('button', {
        className: `${className} kpi-button`,
        attrs: {
          type: 'button',
          'data-kpi': kpi.key,
          'aria-pressed': String(pressed),
          title: pressed ? `Show all levels again` : `Show only ${group} in the dashboard`,
        },
      }, children);
      button.addEventListener('click', () => select({ levels: pressed ? null : group }));
      return button;
    });
    this.element.replaceChildren(...cards);
  }
}
