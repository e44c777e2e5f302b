/** What every dashboard section implements, and what it gets to render with. */
import type { Summary } from '../../extension/engine/summary';
import type { DashboardFilter, DashboardSubject } from '../../extension/shared/messages';
import type { RenderReason } from '../chartPanel';
import type { Scope } from '../scope';
import type { Selection } from '../selection';
import type { Theme } from '../theme';
import type { DisplayZone } from '../timeZone';

export interface ViewContext {
  readonly subject: DashboardSubject;
  readonly theme: Theme;
  /** The zone every time of day and date is written in. */
  readonly zone: DisplayZone;
  /** The current selection and the numbers derived from it. */
  readonly scope: Scope;
  /** Narrows (or widens, with null values) the whole dashboard. */
  readonly select: (patch: Partial<Selection>) => void;
  /** Set in VS Code: opens the log at a line. Absent in the HTML report. */
  readonly revealLine?: (uri: string, line: number) => void;
  /** Set in VS Code: opens a read-only document with the matching records. */
  readonly openFilter?: (filter: DashboardFilter) => void;
}

export interface View {
  readonly element: HTMLElement;
  /** False when the summary has nothing for this view: it is then hidden and not updated. */
  hasData(summary: Summary): boolean;
  /** Called with the view visible (so charts have a size to lay out in). */
  update(summary: Summary, context: ViewContext, reason: RenderReason): void;
  dispose?(): void;
}
