/** KPI cards: records, errors, warnings, error rate, time span, distinct hosts. */
import type { Summary } from '../../extension/engine/summary';
import { h } from '../dom';
import { formatCount, formatDuration, formatPercent } from '../format';
import { errorCount } from '../levels';
import type { View } from './view';

interface Kpi {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly detail: string;
  /** Visual accent: 'error' and 'warn' cards get a coloured edge when non-zero. */
  readonly tone?: 'error' | 'warn';
}

function kpisFor(summary: Summary): Kpi[] {
  const errors = errorCount(summary.levels);
  const warnings = summary.levels.warn;
  const kpis: Kpi[] = [
    {
      key: 'records',
      label: 'Records',
      value: formatCount(summary.records),
      detail: summary.sources.length > 1 ? `${summary.sources.length} sources` : 'log records',
    },
    {
      key: 'errors',
      label: 'Errors',
      value: formatCount(errors),
      detail: summary.levels.fatal > 0 ? `incl. ${formatCount(summary.levels.fatal)} fatal` : 'error + fatal',
      ...(errors > 0 ? { tone: 'error' as const } : {}),
    },
    {
      key: 'warnings',
      label: 'Warnings',
      value: formatCount(warnings),
      detail: 'warn',
      ...(warnings > 0 ? { tone: 'warn' as const } : {}),
    },
    {
      key: 'errorRate',
      label: 'Error rate',
      value: formatPercent(summary.records > 0 ? errors / summary.records : 0),
      detail: 'of all records',
    },
  ];
  if (summary.timeRange) {
    const span = Date.parse(summary.timeRange.end) - Date.parse(summary.timeRange.start);
    kpis.push({ key: 'timeSpan', label: 'Time span', value: formatDuration(span), detail: 'first to last record' });
  }
  if (summary.hosts.length > 0) {
    const withErrors = summary.hosts.filter((host) => host.errors > 0).length;
    kpis.push({
      key: 'hosts',
      label: 'Hosts',
      value: formatCount(summary.hosts.length),
      detail: `${formatCount(withErrors)} with errors`,
    });
  }
  return kpis;
}

export class KpiView implements View {
  readonly element = h('section', {
    className: 'kpis',
    attrs: { 'aria-label': 'Key figures', 'data-view': 'kpis' },
  });

  hasData(): boolean {
    return true;
  }

  update(summary: Summary): void {
    const cards = kpisFor(summary).map((kpi) =>
      h('div', { className: `kpi${kpi.tone ? ` tone-${kpi.tone}` : ''}`, attrs: { 'data-kpi': kpi.key } }, [
        h('div', { className: 'kpi-label', text: kpi.label }),
        h('div', { className: 'kpi-value', text: kpi.value }),
        h('div', { className: 'kpi-detail', text: kpi.detail }),
      ]),
    );
    this.element.replaceChildren(...cards);
  }
}
