/**
 * What the user narrowed the dashboard to: a time range (brushed on the timeline), a host (a node
 * or bar clicked), a level group (a KPI card) and a template (a row's Filter button). Shown as
 * chips; every view reads it. It survives live updates of the same log.
 */
import type { Level } from '../extension/engine/summary';
import type { DashboardFilter } from '../extension/shared/messages';

export type LevelGroup = 'errors' | 'warnings';

export const LEVEL_GROUPS: Readonly<Record<LevelGroup, readonly Level[]>> = {
  errors: ['fatal', 'error'],
  warnings: ['warn'],
};

export interface TemplateRef {
  readonly id: number;
  readonly text: string;
  readonly level: Level;
}

export interface Selection {
  /** Epoch ms, start inclusive, end exclusive, on bucket boundaries. */
  readonly range: { readonly from: number; readonly to: number } | null;
  readonly host: string | null;
  readonly levels: LevelGroup | null;
  readonly template: TemplateRef | null;
}

export const NO_SELECTION: Selection = { range: null, host: null, levels: null, template: null };

export function isEmpty(selection: Selection): boolean {
  return !selection.range && selection.host === null && selection.levels === null && !selection.template;
}

/** The selection as the host's filter for "open matching records". */
export function toDashboardFilter(selection: Selection): DashboardFilter {
  return {
    ...(selection.levels ? { levels: LEVEL_GROUPS[selection.levels] } : {}),
    ...(selection.host !== null ? { host: selection.host } : {}),
    ...(selection.template ? { template: { text: selection.template.text, level: selection.template.level } } : {}),
    ...(selection.range
      ? { from: new Date(selection.range.from).toISOString(), to: new Date(selection.range.to).toISOString() }
      : {}),
  };
}
