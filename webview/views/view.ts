/** What every dashboard section implements, and what it gets to render with. */
import type { Summary } from '../../extension/engine/summary';
import type { DashboardSubject } from '../../extension/shared/messages';
import type { RenderReason } from '../chartPanel';
import type { Theme } from '../theme';

export interface ViewContext {
  readonly subject: DashboardSubject;
  readonly theme: Theme;
  /** Set in VS Code: opens the log at a line. Absent in the HTML report. */
  readonly revealLine?: (uri: string, line: number) => void;
}

export interface View {
  readonly element: HTMLElement;
  /** False when the summary has nothing for this view: it is then hidden and not updated. */
  hasData(summary: Summary): boolean;
  /** Called with the view visible (so charts have a size to lay out in). */
  update(summary: Summary, context: ViewContext, reason: RenderReason): void;
  dispose?(): void;
}
