/**
 * The selection as removable chips (time range, host, level, template), what part of it the
 * aggregates could not apply, and the toolbar actions: open the matching records (VS Code) and
 * export the aggregates as JSON.
 */
import type { Summary } from '../../extension/engine/summary';
import { h } from '../dom';
import { downloadBlob, fileStem } from '../export';
import { truncate } from '../format';
import { levelLabel } from '../levels';
import type { Scope } from '../scope';
import { isEmpty, toDashboardFilter, type Selection } from '../selection';
import type { ViewContext } from './view';

function chip(kind: string, label: string, value: string, onRemove: () => void): HTMLElement {
  const remove = h('button', {
    className: 'filter-chip-remove',
    text: '×',
    attrs: { type: 'button', 'aria-label': `Remove the ${label.toLowerCase()} filter ${value}`, title: 'Remove this filter' },
  });
  remove.addEventListener('click', onRemove);
  return h('span', { className: 'filter-chip', attrs: { 'data-chip': kind, title: `${label}: ${value}` } }, [
    h('span', { className: 'filter-chip-label', text: label }),
    h('span', { className: 'filter-chip-value', text: truncate(value, 64) }),
    remove,
  ]);
}

/** What the aggregates could not narrow, in words. */
function limitations(scope: Scope): string {
  const { selection, applied } = scope;
  const missing: string[] = [];
  if (selection.host !== null && !applied.host) missing.push('per-host series');
  if (selection.template && !applied.template) missing.push('per-template series');
  if (missing.length === 0) return '';
  return `This summary has no ${missing.join(' or ')}: charts over time show all records, and other views highlight the selection where they can. Open the matching records for the exact lines.`;
}

export class FilterBar {
  readonly element: HTMLElement;
  private readonly chips = h('div', { className: 'filter-chips', attrs: { role: 'group', 'aria-label': 'Active filters' } });
  private readonly note = h('p', { className: 'filter-note', attrs: { role: 'status' } });
  private readonly openButton = h('button', { className: 'tool primary', text: 'Open matching records', attrs: { type: 'button', 'data-action': 'open-filter' } });
  private readonly jsonButton = h('button', { className: 'tool', text: 'Export JSON', attrs: { type: 'button', 'data-export': 'json', title: 'Save the summary and the active filters as JSON (times as ISO-8601 UTC instants)' } });
  private last: { summary: Summary; context: ViewContext } | null = null;

  constructor() {
    this.element = h('div', { className: 'filter-bar', attrs: { 'data-view': 'filters' } }, [
      h('div', { className: 'filter-row' }, [this.chips, h('div', { className: 'filter-actions' }, [this.openButton, this.jsonButton])]),
      this.note,
    ]);
    this.openButton.addEventListener('click', () => {
      const context = this.last?.context;
      context?.openFilter?.(toDashboardFilter(context.scope.selection));
    });
    this.jsonButton.addEventListener('click', () => this.exportJson());
  }

  update(summary: Summary, context: ViewContext): void {
    this.last = { summary, context };
    const { scope, select } = context;
    const selection: Selection = scope.selection;
    const chips: HTMLElement[] = [];
    if (selection.range) {
      const { from, to } = selection.range;
      const text = `${context.zone.bucketRange(from, to - from)} ${context.zone.offsetLabel(from)}`;
      chips.push(chip('range', 'Time', text, () => select({ range: null })));
    }
    if (selection.host !== null) chips.push(chip('host', 'Host', selection.host, () => select({ host: null })));
    if (selection.levels) chips.push(chip('levels', 'Level', selection.levels === 'errors' ? 'Error + fatal' : 'Warning', () => select({ levels: null })));
    if (selection.template) {
      chips.push(chip('template', `${levelLabel(selection.template.level)} template`, selection.template.text, () => select({ template: null })));
    }
    if (chips.length > 1) {
      const clear = h('button', { className: 'link-button', text: 'Clear all', attrs: { type: 'button', 'data-action': 'clear-filters' } });
      clear.addEventListener('click', () => select({ range: null, host: null, levels: null, template: null }));
      chips.push(clear);
    }
    if (chips.length === 0) {
      const hints = [
        summary.timeline.buckets.length > 1 ? 'Drag across the timeline to select a time range' : '',
        summary.hosts.length > 1 ? 'click a host to focus on it' : '',
        summary.templates.length > 0 ? 'filter by a template from its row' : '',
      ].filter(Boolean);
      chips.push(h('span', { className: 'filter-hint', text: hints.length > 0 ? `${hints.join(' · ')}.` : '' }));
    }
    this.chips.replaceChildren(...chips);
    this.openButton.hidden = !context.openFilter || isEmpty(selection);
    this.openButton.title = 'Open a read-only document with the records matching these filters';
    const note = limitations(scope);
    this.note.textContent = note;
    this.note.hidden = note === '';
  }

  private exportJson(): void {
    if (!this.last) return;
    const { summary, context } = this.last;
    // Times stay ISO-8601 UTC instants (machine-readable); the zone the dashboard showed is noted.
    const content = JSON.stringify({ subject: context.subject, filters: toDashboardFilter(context.scope.selection), displayTimeZone: context.zone.name, summary }, null, 2);
    downloadBlob(content, 'application/json', `${fileStem(context.subject.title)}-summary.json`);
  }
}
