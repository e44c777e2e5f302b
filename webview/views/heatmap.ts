/**
 * Errors by weekday and hour of the display zone as an HTML table whose cells are shaded by
 * count: the table is its own text alternative (each cell carries its number), and it costs no
 * chart code. The summary's heatmap is binned in the summary's zone; with a selection, or when
 * the display zone differs, the cells are rebuilt from the timeline buckets in scope, if each of
 * those lies within one hour of the display zone (else the view says what it shows instead).
 */
import type { Summary } from '../../extension/engine/summary';
import { h, uniqueId } from '../dom';
import { formatCount } from '../format';
import { heatmapFromBuckets } from '../scope';
import type { View, ViewContext } from './view';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

function cellsOf(summary: Summary): number[][] {
  return WEEKDAYS.map((_, day) => Array.from({ length: 24 }, (_, hour) => summary.errorHeatmap?.[day]?.[hour] ?? 0));
}

export class HeatmapView implements View {
  private readonly subtitle = h('span', { className: 'card-subtitle' });
  private readonly tableHost = h('div', { className: 'heatmap-scroll' });
  private readonly note = h('p', { className: 'card-note' });
  readonly element: HTMLElement;

  constructor() {
    const titleId = uniqueId('heatmap-title');
    this.element = h('section', { className: 'card wide', attrs: { 'aria-labelledby': titleId, 'data-view': 'heatmap' } }, [
      h('header', { className: 'card-header' }, [
        h('div', { className: 'card-titles' }, [h('h2', { text: 'Errors by weekday and hour', attrs: { id: titleId } }), this.subtitle]),
      ]),
      this.tableHost,
      this.note,
    ]);
  }

  hasData(summary: Summary): boolean {
    return cellsOf(summary).some((row) => row.some((count) => count > 0));
  }

  update(summary: Summary, { theme, scope, zone }: ViewContext): void {
    const selection = scope.selection;
    const narrowed = selection.range !== null || selection.host !== null || selection.template !== null || selection.levels !== null;
    const summaryFits = zone.sameAs(summary.timeZone);
    const fromBuckets = narrowed || !summaryFits ? heatmapFromBuckets(scope, zone) : null;
    const cells = fromBuckets ?? cellsOf(summary);
    // The zone whose hours the cells are: the display zone unless only the summary's grid was left.
    const cellsZone = fromBuckets || summaryFits ? zone.name : summary.timeZone;
    const notes: string[] = [];
    if (narrowed) {
      notes.push(
        fromBuckets
          ? 'For the current selection.'
          : scope.perBucket
            ? `Whole log: the timeline buckets do not each fall within one hour of ${zone.name}.`
            : 'Whole log: the selection cannot be broken down by hour from this summary.',
      );
    }
    if (!fromBuckets && !summaryFits) notes.push(`Hours in ${summary.timeZone}, the zone this summary was made in: its timeline buckets cannot be moved to ${zone.name} hour by hour.`);
    this.note.textContent = notes.join(' ');
    this.note.hidden = this.note.textContent === '';
    const max = Math.max(1, ...cells.flat());
    const total = cells.flat().reduce((sum, count) => sum + count, 0);
    let peak = { day: 0, hour: 0, count: -1 };
    cells.forEach((row, day) => row.forEach((count, hour) => {
      if (count > peak.count) peak = { day, hour, count };
    }));
    this.subtitle.textContent =
      `${cellsZone} · ${formatCount(total)} ${total === 1 ? 'error' : 'errors'}` +
      (total > 0 ? ` · busiest ${WEEKDAYS[peak.day]} ${String(peak.hour).padStart(2, '0')}:00` : '');
    const head = h('tr', {}, [
      h('td', { className: 'heatmap-corner' }),
      ...Array.from({ length: 24 }, (_, hour) =>
        h('th', { text: hour % 3 === 0 ? String(hour).padStart(2, '0') : '', attrs: { scope: 'col', 'aria-label': `${hour}:00` } }),
      ),
    ]);
    const rows = cells.map((row, day) =>
      h('tr', {}, [
        h('th', { text: WEEKDAYS[day] ?? '', attrs: { scope: 'row' } }),
        ...row.map((count, hour) => {
          const cell = h('td', {
            className: count > 0 ? 'heatmap-cell' : 'heatmap-cell zero',
            attrs: { title: `${WEEKDAYS[day]} ${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00 ${cellsZone}: ${formatCount(count)} errors` },
          }, [h('span', { className: 'visually-hidden', text: formatCount(count) })]);
          if (count > 0) {
            // Square-root scale so a single busy hour does not wash out the rest.
            cell.style.backgroundColor = theme.levels.error;
            cell.style.opacity = String(0.18 + 0.82 * Math.sqrt(count / max));
          }
          return cell;
        }),
      ]),
    );
    this.tableHost.replaceChildren(
      h('table', { className: 'heatmap' }, [
        h('caption', { className: 'visually-hidden', text: `Error and fatal records by weekday (rows) and hour (columns) in ${cellsZone}` }),
        h('thead', {}, [head]),
        h('tbody', {}, rows),
      ]),
    );
  }
}
