/** HTTP clients ranked by requests or by response bytes (a toggle), with their 5xx errors. */
import type { ClientSummary, Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { baseOption, categoryAxis, legend, valueAxis } from '../chartStyle';
import { h } from '../dom';
import { formatBytes, formatCount, truncate } from '../format';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import type { View, ViewContext } from './view';

type Measure = 'requests' | 'bytes';
const MAX_CLIENTS = 15;

export class ClientsView implements View {
  private readonly panel = new ChartPanel('clients', 'Top clients');
  readonly element = this.panel.element;
  private measure: Measure = 'requests';
  private readonly buttons = new Map<Measure, HTMLButtonElement>();
  private last: { summary: Summary; context: ViewContext } | null = null;

  constructor() {
    const group = h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Rank clients by' } });
    for (const [key, label] of [['requests', 'Requests'], ['bytes', 'Bytes']] as const) {
      const button = h('button', { text: label, attrs: { type: 'button', 'aria-pressed': String(key === this.measure), 'data-measure': key } });
      button.addEventListener('click', () => {
        this.measure = key;
        if (this.last) this.update(this.last.summary, this.last.context, 'data');
      });
      this.buttons.set(key, button);
      group.appendChild(button);
    }
    this.panel.setActions(group);
  }

  hasData(summary: Summary): boolean {
    return summary.clients.length > 0;
  }

  update(summary: Summary, context: ViewContext, reason: RenderReason): void {
    this.last = { summary, context };
    const { theme } = context;
    const measure = this.measure;
    for (const [key, button] of this.buttons) button.setAttribute('aria-pressed', String(key === measure));
    const value = (client: ClientSummary): number => (measure === 'requests' ? client.requests : client.bytes);
    const ranked = [...summary.clients].sort((a, b) => value(b) - value(a) || a.name.localeCompare(b.name));
    const shown = ranked.slice(0, MAX_CLIENTS);
    const format = measure === 'requests' ? formatCount : formatBytes;
    const total = summary.clientCount ?? ranked.length;
    this.panel.setSubtitle(`${total > shown.length ? `top ${shown.length} of ${formatCount(total)}` : `${formatCount(total)} clients`} · by ${measure} · whole log`);
    this.panel.setHeight(Math.max(200, 56 + shown.length * 22));
    const option = {
      ...baseOption(theme),
      legend: { ...legend(theme), show: measure === 'requests' },
      grid: { left: 4, right: 16, top: 8, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const client = shown[asParams(raw)[0]?.dataIndex ?? -1];
          if (!client) return '';
          return tooltipElement(client.name, [
            { label: 'Requests', value: formatCount(client.requests), color: theme.accent },
            { label: '5xx errors', value: formatCount(client.errors), color: theme.levels.error },
            { label: 'Bytes', value: formatBytes(client.bytes) },
          ]);
        },
      },
      xAxis: { ...valueAxis(theme, measure === 'bytes' ? formatBytes : undefined), minInterval: 1 },
      yAxis: categoryAxis(theme, shown.map((client) => truncate(client.name, 24)), { inverse: true }),
      series:
        measure === 'requests'
          ? [
              { id: 'ok', name: 'Requests', type: 'bar', stack: 'c', barMaxWidth: 16, itemStyle: { color: theme.accent }, data: shown.map((c) => c.requests - c.errors) },
              { id: 'errors', name: '5xx errors', type: 'bar', stack: 'c', barMaxWidth: 16, itemStyle: { color: theme.levels.error }, data: shown.map((c) => c.errors) },
            ]
          : [{ id: 'bytes', name: 'Bytes', type: 'bar', barMaxWidth: 16, itemStyle: { color: theme.status['2xx'] }, data: shown.map((c) => c.bytes) }],
    };
    const table = {
      caption: `HTTP clients ranked by ${measure}`,
      columns: [{ label: 'Client' }, { label: 'Requests', numeric: true }, { label: 'Bytes', numeric: true }, { label: '5xx errors', numeric: true }],
      rows: ranked.map((client) => [client.name, formatCount(client.requests), formatBytes(client.bytes), formatCount(client.errors)]),
    };
    const top = shown[0];
    const description = top ? `Bar chart of the top ${shown.length} clients by ${measure}; first ${top.name} with ${format(value(top))}.` : 'Bar chart of clients.';
    this.panel.render(option, table, description, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
