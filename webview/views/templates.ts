/**
 * Top templates: a sortable table (errors / warnings / all) with `<*>` placeholders set apart,
 * each template's share, first/last seen and, when the summary has per-template series, a
 * sparkline. A row opens the first occurrence (VS Code) or shows it (report); its Filter button
 * focuses the dashboard on the template, and in VS Code "Show all" opens every matching record.
 */
import type { Summary, TemplateSummary } from '../../extension/engine/summary';
import type { DashboardSubject } from '../../extension/shared/messages';
import { h, uniqueId } from '../dom';
import { formatCount, formatPercent } from '../format';
import { isErrorLevel, levelLabel } from '../levels';
import { sumWindow, type Scope } from '../scope';
import type { Theme } from '../theme';
import type { View, ViewContext } from './view';

type Filter = 'errors' | 'warnings' | 'all';
type SortKey = 'template' | 'count' | 'firstSeen' | 'lastSeen';

const FILTERS: readonly { readonly key: Filter; readonly label: string }[] = [
  { key: 'errors', label: 'Errors' },
  { key: 'warnings', label: 'Warnings' },
  { key: 'all', label: 'All' },
];

const MAX_ROWS = 25;
const PLACEHOLDER = '<*>';

function matches(template: TemplateSummary, filter: Filter): boolean {
  if (filter === 'errors') return isErrorLevel(template.level);
  if (filter === 'warnings') return template.level === 'warn';
  return true;
}

/** The document to open for a template's example: its own source when the summary has several. */
export function exampleUri(subject: DashboardSubject, summary: Summary, template: TemplateSummary): string {
  const source = template.example.source;
  if (!source || summary.sources.length <= 1) return subject.uri;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return source;
  const path = source.replace(/\\/g, '/');
  return 'file://' + encodeURI(path.startsWith('/') ? path : `/${path}`).replace(/[?#]/g, encodeURIComponent);
}

/** Template text with each `<*>` in its own element, so variables read apart from fixed words. */
function templateText(text: string): HTMLElement {
  const element = h('div', { className: 'template-text' });
  const parts = text.split(PLACEHOLDER);
  parts.forEach((part, index) => {
    if (part) element.appendChild(document.createTextNode(part));
    if (index < parts.length - 1) element.appendChild(h('span', { className: 'placeholder', text: PLACEHOLDER, attrs: { title: 'variable part' } }));
  });
  return element;
}

function sparkline(values: readonly number[], window: Scope['window'], ranged: boolean, theme: Theme): HTMLCanvasElement {
  const width = 96;
  const height = 22;
  const ratio = Math.min(2, window_devicePixelRatio());
  const canvas = h('canvas', { className: 'sparkline', attrs: { width: String(width * ratio), height: String(height * ratio), 'aria-hidden': 'true' } });
  const context = canvas.getContext('2d');
  if (!context || values.length === 0) return canvas;
  context.scale(ratio, ratio);
  const max = Math.max(1, ...values);
  const x = (index: number): number => (values.length === 1 ? width / 2 : (index / (values.length - 1)) * (width - 2) + 1);
  const y = (value: number): number => height - 2 - (value / max) * (height - 4);
  if (ranged && window) {
    context.fillStyle = theme.gridLine;
    context.fillRect(x(window.first), 0, Math.max(2, x(window.last) - x(window.first)), height);
  }
  context.strokeStyle = theme.accent;
  context.lineWidth = 1.25;
  context.beginPath();
  values.forEach((value, index) => (index === 0 ? context.moveTo(x(index), y(value)) : context.lineTo(x(index), y(value))));
  context.stroke();
  return canvas;
}

function window_devicePixelRatio(): number {
  return typeof window.devicePixelRatio === 'number' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
}

interface Row {
  readonly template: TemplateSummary;
  /** Count in the selected range (from series), or the whole-log count. */
  readonly count: number;
  readonly series: readonly number[] | null;
}

export class TemplatesView implements View {
  readonly element: HTMLElement;
  private readonly filterButtons = new Map<Filter, HTMLButtonElement>();
  private readonly sortButtons = new Map<SortKey, { button: HTMLButtonElement; th: HTMLTableCellElement }>();
  private readonly tbody = h('tbody');
  private readonly trendHead = h('th', { text: 'Trend', className: 'trend-col', attrs: { scope: 'col' } });
  private readonly note = h('p', { className: 'card-note' });
  private readonly subtitle = h('span', { className: 'card-subtitle' });
  private filter: Filter | null = null;
  private followedLevels: string | null = null;
  private sort: { key: SortKey; descending: boolean } = { key: 'count', descending: true };
  private last: { summary: Summary; context: ViewContext } | null = null;

  constructor() {
    const titleId = uniqueId('templates-title');
    const filterBar = h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Show templates of level' } });
    for (const { key, label } of FILTERS) {
      const button = h('button', { text: label, attrs: { type: 'button', 'aria-pressed': 'false', 'data-filter': key } });
      button.addEventListener('click', () => {
        this.filter = key;
        this.renderRows();
      });
      this.filterButtons.set(key, button);
      filterBar.appendChild(button);
    }
    const sortable = (key: SortKey, label: string, className = ''): HTMLTableCellElement => {
      const button = h('button', { className: 'sort-button', text: label, attrs: { type: 'button', 'data-sort': key } });
      const th = h('th', { className, attrs: { scope: 'col' } }, [button]);
      button.addEventListener('click', () => {
        const descending = this.sort.key === key ? !this.sort.descending : key !== 'template';
        this.sort = { key, descending };
        this.renderRows();
      });
      this.sortButtons.set(key, { button, th });
      return th;
    };
    const table = h('table', { className: 'ls-table templates-table' }, [
      h('caption', { className: 'visually-hidden', text: 'Most frequent message templates' }),
      h('thead', {}, [
        h('tr', {}, [
          h('th', { text: 'Level', attrs: { scope: 'col' } }),
          sortable('template', 'Template'),
          sortable('count', 'Count', 'num'),
          h('th', { text: 'Share', className: 'num share-col', attrs: { scope: 'col', title: 'Share of the records shown by the level tab' } }),
          this.trendHead,
          sortable('firstSeen', 'First seen', 'time-col'),
          sortable('lastSeen', 'Last seen', 'time-col'),
          h('th', { className: 'actions-col', attrs: { scope: 'col' } }, [h('span', { className: 'visually-hidden', text: 'Actions' })]),
        ]),
      ]),
      this.tbody,
    ]);
    this.tbody.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.element = h('section', { className: 'card wide', attrs: { 'aria-labelledby': titleId, 'data-view': 'templates' } }, [
      h('header', { className: 'card-header' }, [
        h('div', { className: 'card-titles' }, [h('h2', { text: 'Top templates', attrs: { id: titleId } }), this.subtitle]),
        filterBar,
      ]),
      h('div', { className: 'table-scroll' }, [table]),
      this.note,
    ]);
  }

  hasData(summary: Summary): boolean {
    return summary.templates.length > 0;
  }

  update(summary: Summary, context: ViewContext): void {
    // The Errors/Warnings KPI cards pick the matching tab.
    const levels = context.scope.selection.levels;
    if (levels !== this.followedLevels) {
      this.followedLevels = levels;
      if (levels) this.filter = levels;
    }
    this.last = { summary, context };
    for (const key of ['firstSeen', 'lastSeen'] as const) this.sortButtons.get(key)?.th.setAttribute('title', `Times in ${context.zone.name}`);
    this.renderRows();
  }

  private defaultFilter(summary: Summary): Filter {
    if (summary.templates.some((template) => isErrorLevel(template.level))) return 'errors';
    if (summary.templates.some((template) => template.level === 'warn')) return 'warnings';
    return 'all';
  }

  /** Templates with their count in the selected range, as far as the aggregates tell. */
  private rowsInScope(summary: Summary, scope: Scope): { rows: Row[]; note: string } {
    const range = scope.selection.range;
    const series = scope.series.templates;
    const rows: Row[] = [];
    let note = '';
    for (const template of summary.templates) {
      const counts = series?.get(template.id) ?? null;
      if (range && counts && scope.window) {
        const count = sumWindow(counts, scope.window);
        if (count > 0) rows.push({ template, count, series: counts });
        continue;
      }
      if (range) {
        // Without series, a template whose first..last occurrence misses the range has none in it.
        const first = template.firstSeen ? Date.parse(template.firstSeen) : Number.NaN;
        const last = template.lastSeen ? Date.parse(template.lastSeen) : Number.NaN;
        if (Number.isFinite(first) && Number.isFinite(last) && (last < range.from || first >= range.to)) continue;
        note = 'Counts are for the whole log; templates not seen in the selected range are hidden.';
      }
      rows.push({ template, count: template.count, series: counts });
    }
    if (range && series) note = 'Counts in the selected range.';
    if (scope.selection.host !== null) note = `${note} Templates are not broken down by host, so the host filter does not apply here.`.trim();
    return { rows, note };
  }

  private renderRows(): void {
    if (!this.last) return;
    const { summary, context } = this.last;
    const filter = this.filter ?? this.defaultFilter(summary);
    for (const [key, button] of this.filterButtons) button.setAttribute('aria-pressed', String(key === filter));
    const { rows: inScope, note } = this.rowsInScope(summary, context.scope);
    const selected = inScope.filter((row) => matches(row.template, filter));
    const total = selected.reduce((sum, row) => sum + row.count, 0);
    const { key, descending } = this.sort;
    const direction = descending ? -1 : 1;
    const time = (iso: string | null): number => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);
    selected.sort((a, b) => {
      const order =
        key === 'template'
          ? a.template.template.localeCompare(b.template.template)
          : key === 'count'
            ? a.count - b.count
            : time(a.template[key]) - time(b.template[key]);
      return order * direction || b.count - a.count;
    });
    for (const [sortKey, { button, th }] of this.sortButtons) {
      const active = sortKey === key;
      th.setAttribute('aria-sort', active ? (descending ? 'descending' : 'ascending') : 'none');
      button.dataset.direction = active ? (descending ? 'desc' : 'asc') : '';
    }
    const shown = selected.slice(0, MAX_ROWS);
    const hasSeries = context.scope.series.templates !== null;
    this.trendHead.hidden = !hasSeries;
    this.subtitle.textContent = context.revealLine ? 'Click a row to open its first occurrence' : 'Click a row to see its first occurrence';
    const rows: HTMLTableRowElement[] = [];
    for (const row of shown) rows.push(...this.renderRow(row, total, hasSeries, summary, context));
    if (rows.length === 0) {
      rows.push(h('tr', {}, [h('td', { className: 'empty', text: `No ${filter === 'all' ? '' : filter.slice(0, -1) + ' '}templates`, attrs: { colspan: '8' } })]));
    }
    this.tbody.replaceChildren(...rows);
    const parts = [
      selected.length > shown.length ? `Showing ${shown.length} of ${formatCount(selected.length)} templates.` : '',
      note,
    ].filter(Boolean);
    this.note.textContent = parts.join(' ');
    this.note.hidden = parts.length === 0;
  }

  private renderRow(entry: Row, total: number, hasSeries: boolean, summary: Summary, context: ViewContext): HTMLTableRowElement[] {
    const { template } = entry;
    const share = total > 0 ? entry.count / total : 0;
    const shareBar = h('span', { className: 'share-bar', attrs: { 'aria-hidden': 'true' } });
    shareBar.style.width = `${Math.max(share * 100, share > 0 ? 2 : 0)}%`;
    const exampleText = `Line ${template.example.line}: ${template.example.text}`;
    const isSelected = context.scope.selection.template?.id === template.id;
    const filterButton = h('button', {
      className: 'row-action',
      text: isSelected ? 'Unfilter' : 'Filter',
      attrs: {
        type: 'button',
        'data-action': 'filter-template',
        'aria-pressed': String(isSelected),
        title: isSelected ? 'Stop filtering by this template' : 'Focus the dashboard on this template',
      },
    });
    filterButton.addEventListener('click', (event) => {
      event.stopPropagation();
      context.select({ template: isSelected ? null : { id: template.id, text: template.template, level: template.level } });
    });
    const actions: HTMLElement[] = [filterButton];
    const openFilter = context.openFilter;
    if (openFilter) {
      const showAll = h('button', {
        className: 'row-action',
        text: 'Show all',
        attrs: { type: 'button', 'data-action': 'show-all', title: `Open all ${formatCount(template.count)} records of this template` },
      });
      showAll.addEventListener('click', (event) => {
        event.stopPropagation();
        openFilter({ template: { text: template.template, level: template.level } });
      });
      actions.push(showAll);
    }
    const row = h('tr', {
      className: `template-row${isSelected ? ' selected' : ''}`,
      attrs: { tabindex: '0', 'data-template-id': String(template.id), title: exampleText },
    }, [
      h('td', {}, [h('span', { className: 'level-badge', text: levelLabel(template.level), attrs: { 'data-level': template.level } })]),
      h('td', { className: 'template-cell' }, [templateText(template.template)]),
      h('td', { className: 'num', text: formatCount(entry.count) }),
      h('td', { className: 'num share-col' }, [h('span', { className: 'share-value', text: formatPercent(share) }), h('span', { className: 'share-track' }, [shareBar])]),
      hasSeries
        ? h('td', { className: 'trend-col' }, [entry.series ? sparkline(entry.series, context.scope.window, context.scope.selection.range !== null, context.theme) : null])
        : null,
      h('td', { className: 'time-col', text: context.zone.timestamp(template.firstSeen) }),
      h('td', { className: 'time-col', text: context.zone.timestamp(template.lastSeen) }),
      h('td', { className: 'actions-col' }, [h('span', { className: 'row-actions' }, actions)]),
    ]);
    const revealLine = context.revealLine;
    if (revealLine) {
      row.setAttribute('aria-label', `${levelLabel(template.level)}, ${formatCount(template.count)} times: ${template.template}. Open line ${template.example.line}`);
      row.addEventListener('click', () => revealLine(exampleUri(context.subject, summary, template), template.example.line));
      return [row];
    }
    const detailId = uniqueId('example');
    const detail = h('tr', { className: 'example-row', attrs: { id: detailId } }, [
      h('td', { attrs: { colspan: '8' } }, [
        h('span', { className: 'example-label', text: `First occurrence, line ${formatCount(template.example.line)}` }),
        h('code', { className: 'example-text', text: template.example.text }),
      ]),
    ]);
    detail.hidden = true;
    row.setAttribute('aria-expanded', 'false');
    row.setAttribute('aria-controls', detailId);
    row.addEventListener('click', () => {
      detail.hidden = !detail.hidden;
      row.setAttribute('aria-expanded', String(!detail.hidden));
    });
    return [row, detail];
  }

  /** Enter/Space activate a row; arrow keys move between rows. */
  private onKeyDown(event: KeyboardEvent): void {
    if (event.target instanceof HTMLButtonElement) return;
    const row = (event.target as Element | null)?.closest?.('tr.template-row');
    if (!(row instanceof HTMLTableRowElement)) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      row.click();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const rows = [...this.tbody.querySelectorAll<HTMLTableRowElement>('tr.template-row')];
    const next = rows[rows.indexOf(row) + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }
}
