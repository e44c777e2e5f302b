/**
 * Top error templates: a filterable table (errors / warnings / all). In VS Code a row opens the
 * template's example line in the editor; in the HTML report it expands to show that line.
 */
import type { Summary, TemplateSummary } from '../../extension/engine/summary';
import type { DashboardSubject } from '../../extension/shared/messages';
import { h, uniqueId } from '../dom';
import { formatCount, formatPercent, formatTimestamp } from '../format';
import { isErrorLevel, levelLabel } from '../levels';
import type { View, ViewContext } from './view';

type Filter = 'errors' | 'warnings' | 'all';

const FILTERS: readonly { readonly key: Filter; readonly label: string }[] = [
  { key: 'errors', label: 'Errors' },
  { key: 'warnings', label: 'Warnings' },
  { key: 'all', label: 'All' },
];

const MAX_ROWS = 25;

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

export class TemplatesView implements View {
  readonly element: HTMLElement;
  private readonly filterButtons = new Map<Filter, HTMLButtonElement>();
  private readonly tbody = h('tbody');
  private readonly note = h('p', { className: 'card-note' });
  private readonly subtitle = h('span', { className: 'card-subtitle' });
  private filter: Filter | null = null;
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
    const table = h('table', { className: 'ls-table templates-table' }, [
      h('caption', { className: 'visually-hidden', text: 'Most frequent message templates' }),
      h('thead', {}, [
        h('tr', {}, [
          h('th', { text: 'Level', attrs: { scope: 'col' } }),
          h('th', { text: 'Template', attrs: { scope: 'col' } }),
          h('th', { text: 'Count', className: 'num', attrs: { scope: 'col' } }),
          h('th', { text: 'Share', className: 'num share-col', attrs: { scope: 'col', title: 'Share of all records' } }),
          h('th', { text: 'First seen (UTC)', className: 'time-col', attrs: { scope: 'col' } }),
          h('th', { text: 'Last seen (UTC)', className: 'time-col', attrs: { scope: 'col' } }),
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
    this.last = { summary, context };
    this.renderRows();
  }

  private defaultFilter(summary: Summary): Filter {
    if (summary.templates.some((template) => isErrorLevel(template.level))) return 'errors';
    if (summary.templates.some((template) => template.level === 'warn')) return 'warnings';
    return 'all';
  }

  private renderRows(): void {
    if (!this.last) return;
    const { summary, context } = this.last;
    const filter = this.filter ?? this.defaultFilter(summary);
    for (const [key, button] of this.filterButtons) button.setAttribute('aria-pressed', String(key === filter));
    const selected = summary.templates.filter((template) => matches(template, filter)).sort((a, b) => b.count - a.count);
    const shown = selected.slice(0, MAX_ROWS);
    this.subtitle.textContent = context.revealLine
      ? 'Click a row to open its first occurrence'
      : 'Click a row to see its first occurrence';
    const rows: HTMLTableRowElement[] = [];
    for (const template of shown) rows.push(...this.renderRow(template, summary, context));
    if (rows.length === 0) {
      rows.push(h('tr', {}, [h('td', { className: 'empty', text: `No ${filter === 'all' ? '' : filter.slice(0, -1) + ' '}templates`, attrs: { colspan: '6' } })]));
    }
    this.tbody.replaceChildren(...rows);
    this.note.textContent =
      selected.length > shown.length ? `Showing the ${shown.length} most frequent of ${formatCount(selected.length)} templates.` : '';
    this.note.hidden = selected.length <= shown.length;
  }

  private renderRow(template: TemplateSummary, summary: Summary, context: ViewContext): HTMLTableRowElement[] {
    const share = summary.records > 0 ? template.count / summary.records : 0;
    const shareBar = h('span', { className: 'share-bar', attrs: { 'aria-hidden': 'true' } });
    shareBar.style.width = `${Math.max(share * 100, share > 0 ? 2 : 0)}%`;
    const exampleText = `Line ${template.example.line}: ${template.example.text}`;
    const row = h('tr', { className: 'template-row', attrs: { tabindex: '0', 'data-template-id': String(template.id), title: exampleText } }, [
      h('td', {}, [h('span', { className: 'level-badge', text: levelLabel(template.level), attrs: { 'data-level': template.level } })]),
      h('td', { className: 'template-cell' }, [h('div', { className: 'template-text', text: template.template })]),
      h('td', { className: 'num', text: formatCount(template.count) }),
      h('td', { className: 'num share-col' }, [h('span', { className: 'share-value', text: formatPercent(share) }), h('span', { className: 'share-track' }, [shareBar])]),
      h('td', { className: 'time-col', text: formatTimestamp(template.firstSeen) }),
      h('td', { className: 'time-col', text: formatTimestamp(template.lastSeen) }),
    ]);
    const revealLine = context.revealLine;
    if (revealLine) {
      row.setAttribute('aria-label', `${levelLabel(template.level)}, ${formatCount(template.count)} times: ${template.template}. Open line ${template.example.line}`);
      row.addEventListener('click', () => revealLine(exampleUri(context.subject, summary, template), template.example.line));
      return [row];
    }
    const detailId = uniqueId('example');
    const detail = h('tr', { className: 'example-row', attrs: { id: detailId } }, [
      h('td', { attrs: { colspan: '6' } }, [
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
