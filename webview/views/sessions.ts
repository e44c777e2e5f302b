/** Sessions started per day, their mean length, and (when the summary has it) the length distribution. */
import type { Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { baseOption, categoryAxis, valueAxis } from '../chartStyle';
import { h } from '../dom';
import { formatCount, formatDuration } from '../format';
import { asParams, tooltipBase, tooltipElement } from '../tooltip';
import { histogramOption } from './httpTime';
import type { View, ViewContext } from './view';

type Mode = 'perDay' | 'length';

export class SessionsView implements View {
  private readonly panel = new ChartPanel('sessions', 'Sessions', { height: 220 });
  readonly element = this.panel.element;
  private mode: Mode = 'perDay';
  private readonly group = h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Sessions view' } });
  private readonly buttons = new Map<Mode, HTMLButtonElement>();
  private last: { summary: Summary; context: ViewContext } | null = null;

  constructor() {
    for (const [key, label] of [['perDay', 'Per day'], ['length', 'Length']] as const) {
      const button = h('button', { text: label, attrs: { type: 'button', 'aria-pressed': String(key === this.mode), 'data-mode': key } });
      button.addEventListener('click', () => {
        this.mode = key;
        if (this.last) this.update(this.last.summary, this.last.context, 'theme');
      });
      this.buttons.set(key, button);
      this.group.appendChild(button);
    }
    this.panel.setActions(this.group);
  }

  hasData(summary: Summary): boolean {
    return Boolean(summary.sessions && summary.sessions.count > 0 && summary.sessions.perDay.length > 0);
  }

  update(summary: Summary, context: ViewContext, reason: RenderReason): void {
    this.last = { summary, context };
    const sessions = summary.sessions;
    if (!sessions) return;
    const { theme, scope, zone } = context;
    // Days are the summary's (binned by the engine); said when they are not the display zone's.
    const dayZone = summary.timeZone;
    const histogram = scope.series.sessionHistogram;
    this.group.hidden = !histogram;
    const mode: Mode = histogram ? this.mode : 'perDay';
    for (const [key, button] of this.buttons) button.setAttribute('aria-pressed', String(key === mode));
    this.panel.setSubtitle(
      `${formatCount(sessions.count)} sessions · mean length ${formatDuration(sessions.meanDurationMs)} · whole log` +
        (mode === 'perDay' && !zone.sameAs(dayZone) ? ` · days in ${dayZone}` : ''),
    );
    if (mode === 'length' && histogram) {
      const { option, table, total } = histogramOption(theme, histogram, formatDuration, 'Sessions');
      this.panel.render(option, table, `Histogram of ${formatCount(total)} session lengths.`, reason);
      return;
    }
    const days = [...sessions.perDay].sort((a, b) => a.date.localeCompare(b.date));
    const option = {
      ...baseOption(theme),
      grid: { left: 4, right: 12, top: 20, bottom: 4, outerBoundsMode: 'same' },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: theme.gridLine, opacity: 0.6 } },
        formatter: (raw: unknown) => {
          const day = days[asParams(raw)[0]?.dataIndex ?? -1];
          return day ? tooltipElement(day.date, [{ label: 'Sessions started', value: formatCount(day.count), color: theme.accent }]) : '';
        },
      },
      xAxis: categoryAxis(theme, days.map((day) => day.date)),
      yAxis: { ...valueAxis(theme), minInterval: 1 },
      series: [
        {
          id: 'perDay',
          name: 'Sessions',
          type: 'bar',
          barMaxWidth: 40,
          itemStyle: { color: theme.accent },
          label: { show: days.length <= 31, position: 'top', color: theme.muted, fontSize: 11 },
          data: days.map((day) => day.count),
        },
      ],
    };
    const table = {
      caption: `Sessions started per day (${dayZone})`,
      columns: [{ label: `Day (${dayZone})` }, { label: 'Sessions', numeric: true }],
      rows: days.map((day) => [day.date, formatCount(day.count)]),
    };
    this.panel.render(option, table, `Bar chart of sessions started per day over ${days.length} days; ${formatCount(sessions.count)} sessions in all.`, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
