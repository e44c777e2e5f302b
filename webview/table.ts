/** Accessible HTML tables: the text alternative of every chart, and the dashboard's lists. */
import { h } from './dom';

export interface Column {
  readonly label: string;
  /** The header in CSV exports, when it says more than `label` (what a time column holds there). */
  readonly csvLabel?: string;
  readonly numeric?: boolean;
  /** Extra class for the column's cells. */
  readonly className?: string;
}

/** A cell's text, or its text and what CSV exports instead (times as ISO-8601 UTC instants). */
export type Cell = string | { readonly text: string; readonly csv: string };

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function cellCsv(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.csv;
}

export interface TableData {
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
}

export function renderTable(data: TableData): HTMLTableElement {
  const headRow = h(
    'tr',
    {},
    data.columns.map((column) =>
      h('th', { text: column.label, className: column.numeric ? 'num' : '', attrs: { scope: 'col' } }),
    ),
  );
  const body = h(
    'tbody',
    {},
    data.rows.map((row) =>
      h(
        'tr',
        {},
        row.map((cell, index) => {
          const column = data.columns[index];
          const classes = [column?.numeric ? 'num' : '', column?.className ?? ''].filter(Boolean).join(' ');
          return h(index === 0 ? 'th' : 'td', {
            text: cellText(cell),
            className: classes,
            attrs: index === 0 ? { scope: 'row' } : {},
          });
        }),
      ),
    ),
  );
  return h('table', { className: 'ls-table' }, [
    h('caption', { className: 'visually-hidden', text: data.caption }),
    h('thead', {}, [headRow]),
    body,
  ]);
}
