/** HTTP views: status codes (chart), response-time percentiles (card), top paths (table). */
import type { Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { h, uniqueId } from '../dom';
import { formatCompact, formatCount, formatMillis, formatPercent, truncate } from '../format';
import { renderTable } from '../table';
import type { Theme } from '../theme';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import type { View, ViewContext } from './view';

function statusClass(code: string): keyof Theme['status'] {
  const first = code.trim()[0];
  return first && '12345'.includes(first) && code.trim().length === 3 ? (`${first}xx` as keyof Theme['status']) : 'other';
}

function sortedStatus(status: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(status).sort(([a], [b]) => (Number(a) || Infinity) - (Number(b) || Infinity) || a.localeCompare(b));
}

/** A plain card (no chart) with a title and subtitle. */
function card(key: string, title: string, body: readonly Node[], subtitle: HTMLElement, extra?: HTMLElement): HTMLElement {
  const titleId = uniqueId(`${key}-title`);
  return h('section', { className: 'card', attrs: { 'aria-labelledby': titleId, 'data-view': key } }, [
    h('header', { className: 'card-header' }, [
      h('div', { className: 'card-titles' }, [h('h2', { text: title, attrs: { id: titleId } }), subtitle]),
      extra ?? null,
    ]),
    ...body,
  ]);
}

export class StatusView implements View {
  private readonly panel = new ChartPanel('status', 'HTTP status codes', { height: 240 });
  readonly element = this.panel.element;

  hasData(summary: Summary): boolean {
    return summary.http !== null && Object.keys(summary.http.status).length > 0;
  }

  update(summary: Summary, { theme }: ViewContext, reason: RenderReason): void {
    const entries = sortedStatus(summary.http?.status ?? {});
    const total = entries.reduce((sum, [, count]) => sum + count, 0);
    const serverErrors = entries.filter(([code]) => statusClass(code) === '5xx').reduce((sum, [, count]) => sum + count, 0);
    const clientErrors = entries.filter(([code]) => statusClass(code) === '4xx').reduce((sum, [, count]) => sum + count, 0);
    this.panel.setSubtitle(
      `${formatCount(total)} responses · ${formatPercent(total ? clientErrors / total : 0)} 4xx · ${formatPercent(total ? serverErrors / total : 0)} 5xx`,
    );
    const option = {
      animationDurationUpdate: 300,
      textStyle: { fontFamily: theme.fontFamily, color: theme.foreground },
      grid: { left: 4, right: 12, top: 20, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const entry = entries[asParams(raw)[0]?.dataIndex ?? -1];
          if (!entry) return '';
          const [code, count] = entry;
          return tooltipElement(`Status ${code}`, [
            { label: 'Responses', value: formatCount(count), color: theme.status[statusClass(code)] },
            { label: 'Share', value: formatPercent(total ? count / total : 0) },
          ]);
        },
      },
      xAxis: {
        type: 'category',
        data: entries.map(([code]) => truncate(code, 8)),
        axisLine: { lineStyle: { color: theme.border } },
        axisTick: { show: false },
        axisLabel: { color: theme.foreground, fontSize: 11, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: theme.muted, fontSize: 11, formatter: (value: number) => formatCompact(value) },
        splitLine: { lineStyle: { color: theme.gridLine } },
      },
      series: [
        {
          id: 'status',
          name: 'Responses',
          type: 'bar',
          barMaxWidth: 36,
          // Counts on the bars: rare codes (a handful of 500s next to thousands of 200s) stay readable.
          label: { show: true, position: 'top', color: theme.muted, fontSize: 11, formatter: (p: { value: unknown }) => formatCompact(Number(p.value)) },
          data: entries.map(([code, count]) => ({ value: count, itemStyle: { color: theme.status[statusClass(code)] } })),
        },
      ],
    };
    const table = {
      caption: 'Responses per HTTP status code',
      columns: [{ label: 'Status' }, { label: 'Responses', numeric: true }, { label: 'Share', numeric: true }],
      rows: entries.map(([code, count]) => [code, formatCount(count), formatPercent(total ? count / total : 0)]),
    };
    const top = [...entries].sort((a, b) => b[1] - a[1])[0];
    const description = `Bar chart of ${entries.length} HTTP status codes over ${formatCount(total)} responses` +
      (top ? `; most frequent ${top[0]} (${formatCount(top[1])}).` : '.');
    this.panel.render(option, table, description, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}

const PERCENTILES = [
  ['p50', 'p50 (median)'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['mean', 'Mean'],
  ['min', 'Min'],
  ['max', 'Max'],
] as const;

export class LatencyView implements View {
  private readonly subtitle = h('span', { className: 'card-subtitle' });
  private readonly list = h('dl', { className: 'latency-list' });
  readonly element = card('latency', 'Response time', [this.list], this.subtitle);

  hasData(summary: Summary): boolean {
    return Boolean(summary.http?.responseTimeMs && summary.http.responseTimeMs.count > 0);
  }

  update(summary: Summary): void {
    const times = summary.http?.responseTimeMs;
    if (!times) return;
    this.subtitle.textContent = `${formatCount(times.count)} timed requests`;
    // Bars share one scale up to p99 so the percentiles compare at a glance; max may overflow it.
    const scale = Math.max(times.p99, times.mean, 1e-9);
    const items: Node[] = [];
    for (const [key, label] of PERCENTILES) {
      const value = times[key];
      const bar = h('span', { className: 'latency-bar', attrs: { 'aria-hidden': 'true' } });
      bar.style.width = `${Math.min(100, (value / scale) * 100)}%`;
      items.push(
        h('div', { className: 'latency-item', attrs: { 'data-stat': key } }, [
          h('dt', { text: label }),
          h('dd', {}, [h('span', { className: 'latency-value', text: formatMillis(value) }), h('span', { className: 'latency-track' }, [bar])]),
        ]),
      );
    }
    this.list.replaceChildren(...items);
  }
}

export class PathsView implements View {
  private readonly subtitle = h('span', { className: 'card-subtitle' });
  private readonly methods = h('div', { className: 'chips', attrs: { 'aria-label': 'Requests per method' } });
  private readonly tableHost = h('div', { className: 'table-scroll' });
  readonly element = card('paths', 'Top paths', [this.methods, this.tableHost], this.subtitle);

  hasData(summary: Summary): boolean {
    return Boolean(summary.http && summary.http.topPaths.length > 0);
  }

  update(summary: Summary): void {
    const http = summary.http;
    if (!http) return;
    this.subtitle.textContent = `${http.topPaths.length} most requested`;
    const methods = Object.entries(http.methods).sort((a, b) => b[1] - a[1]);
    this.methods.replaceChildren(
      ...methods.map(([method, count]) => h('span', { className: 'chip', text: `${method} ${formatCompact(count)}`, attrs: { title: `${formatCount(count)} ${method} requests` } })),
    );
    this.tableHost.replaceChildren(
      renderTable({
        caption: 'Most requested paths',
        columns: [{ label: 'Path', className: 'path-cell' }, { label: 'Requests', numeric: true }, { label: 'Errors', numeric: true }, { label: 'Error %', numeric: true }],
        rows: http.topPaths.map((path) => [path.path, formatCount(path.count), formatCount(path.errors), formatPercent(path.count ? path.errors / path.count : 0)]),
      }),
    );
  }
}
