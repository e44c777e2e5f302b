/**
 * Exports: a chart as PNG, a table as CSV, the aggregates as JSON, saved through an
 * `<a download>` link (data: or blob: URL; nothing leaves the machine). Log text in CSV cells is
 * guarded against spreadsheet formula injection.
 */
import { cellCsv, type TableData } from './table';

/** File-name friendly version of a title. */
export function fileStem(text: string): string {
  const stem = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'logscope';
}

/** Clicks a temporary download link. */
export function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export function downloadBlob(content: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  download(url, fileName);
  // The download has started by the time the click returns; keep the URL briefly for slow hosts.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One CSV field: quoted when needed; a leading =, +, -, @, tab or CR is neutralised with '. */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) && !/^-?\d[\d,.]*%?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function tableToCsv(table: TableData): string {
  const lines = [table.columns.map((column) => csvField(column.csvLabel ?? column.label)).join(',')];
  for (const row of table.rows) lines.push(row.map((cell) => csvField(cellCsv(cell))).join(','));
  return lines.join('\r\n') + '\r\n';
}
