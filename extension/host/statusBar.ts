import * as vscode from 'vscode';
import type { Summary } from '../engine/summary';
import { RECENT_BUCKETS, errorRateAlarm } from '../shared/errorRate';
import { formatPercent } from '../shared/format';

/** The active log's error count and rate; warning colours when the recent rate spikes. */
export class ErrorStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('logscope.errors', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Logscope errors';
    this.item.command = 'logscope.visualizeErrors';
  }

  show(summary: Summary): void {
    const errors = summary.levels.error + summary.levels.fatal;
    const rate = summary.records === 0 ? 0 : errors / summary.records;
    const alarm = errorRateAlarm(summary);
    this.item.text = `$(${alarm.spiking ? 'warning' : 'error'}) ${errors.toLocaleString('en-US')} errors · ${formatPercent(rate)}`;
    this.item.tooltip = alarm.spiking
      ? `Error rate of the last ${RECENT_BUCKETS} intervals is ${formatPercent(alarm.recentRate)}, against ${formatPercent(alarm.baselineRate)} before. Click to open the dashboard.`
      : `${errors} error records of ${summary.records}. Click to open the dashboard.`;
    this.item.backgroundColor = alarm.spiking ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
