/**
 * Chart tooltips built as DOM elements (ECharts appends a returned element instead of setting
 * innerHTML), so category names and series names from logs are only ever text.
 */
import { h } from './dom';

export interface TooltipRow {
  readonly label: string;
  readonly value: string;
  readonly color?: string;
}

export function tooltipElement(title: string, rows: readonly TooltipRow[], note?: string): HTMLElement {
  const body = h('div', { className: 'ls-tooltip' }, [h('div', { className: 'ls-tooltip-title', text: title })]);
  for (const row of rows) {
    const swatch = h('span', { className: 'ls-swatch', attrs: { 'aria-hidden': 'true' } });
    if (row.color) swatch.style.backgroundColor = row.color;
    body.appendChild(
      h('div', { className: 'ls-tooltip-row' }, [
        swatch,
        h('span', { className: 'ls-tooltip-label', text: row.label }),
        h('span', { className: 'ls-tooltip-value', text: row.value }),
      ]),
    );
  }
  if (note) body.appendChild(h('div', { className: 'ls-tooltip-note', text: note }));
  return body;
}

/** The subset of ECharts' tooltip callback parameters the dashboard reads. */
export interface TooltipParam {
  readonly seriesName?: string;
  readonly seriesId?: string;
  readonly seriesIndex?: number;
  readonly name?: string;
  readonly value?: unknown;
  readonly color?: unknown;
  readonly dataIndex: number;
  readonly axisValue?: unknown;
}

export function asParams(params: unknown): TooltipParam[] {
  return (Array.isArray(params) ? params : [params]) as TooltipParam[];
}

/** Shared tooltip settings: HTML mode with element content, confined to the chart (no arrow). */
export function tooltipBase(theme: { readonly background: string; readonly border: string; readonly foreground: string }) {
  return {
    confine: true,
    renderMode: 'html',
    backgroundColor: theme.background,
    borderColor: theme.border,
    borderWidth: 1,
    padding: [6, 10],
    textStyle: { color: theme.foreground, fontSize: 12 },
    extraCssText: 'box-shadow: 0 2px 8px rgba(0,0,0,0.18); border-radius: 4px;',
  } as const;
}
