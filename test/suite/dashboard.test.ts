// The real command in a real VS Code: open a sample log, run "Logscope: Visualize Errors", and
// check what the dashboard received; switch logs and check the panel follows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Summary } from '../../extension/engine/summary';
import type { ToWebview } from '../../extension/shared/messages';
import { checkFrames, openSample, restoreText, screenshot, waitFor } from './harness';


async function lastPosted(): Promise<ToWebview | null> {
  return vscode.commands.executeCommand<ToWebview | null>('logscope.test.lastPosted');
}

/** Waits until the dashboard's webview frame shows `text` (no-op outside the code-server runner). */
async function waitForWebviewText(name: string, text: string): Promise<void> {
  if (!process.env.LOGSCOPE_SCREENSHOT_DIR) return;
  await waitFor(`the dashboard to show "${text}"`, async () => ((await checkFrames(name, text))?.webviewFramesShowingText ?? 0) > 0, 30_000);
}

async function waitForSummaryOf(uri: vscode.Uri): Promise<Summary> {
  const message = await waitFor(`a summary of ${uri.path}`, async () => {
    const last = await lastPosted();
    return last?.type === 'summary' && last.subject.uri === uri.toString() ? (last) : undefined;
  }, 60_000);
  return message.summary;
}

function dashboardTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('logscope.dashboard'));
}

describe('Logscope: Visualize Errors', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a dashboard beside the log with its real figures', async () => {
    const editor = await openSample('orders-1.log');
    const text = editor.document.getText();
    await vscode.commands.executeCommand('logscope.visualizeErrors');
    const summary = await waitForSummaryOf(editor.document.uri);

    // Independent counts from the document text: each record starts with a date.
    const headers = text.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
    assert.equal(summary.records, headers.length);
    assert.equal(summary.levels.error, headers.filter((l) => / ERROR /.test(l)).length);
    assert.equal(summary.levels.warn, headers.filter((l) => / WARN /.test(l)).length);
    assert.equal(summary.sources[0]?.format, 'log4j');
    assert.ok(summary.templates.some((t) => t.level === 'error' && t.template.startsWith('Failed to connect to')));
    assert.ok(summary.timeline.buckets.length > 10);

    const tab = await waitFor('the dashboard tab', () => dashboardTab());
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the panel opens beside the editor');
    await screenshot('dashboard-orders-log', 2500);
  });

  it('follows the active editor to another log', async () => {
    const access = await openSample('web-1.log');
    const summary = await waitForSummaryOf(access.document.uri);
    const lines = access.document.getText().split('\n').filter((line) => line.length > 0);
    assert.equal(summary.records, lines.length);
    assert.equal(summary.sources[0]?.format, 'apache-combined');
    const fiveHundreds = lines.filter((l) => /" 5\d\d /.test(l)).length;
    assert.equal(summary.levels.error, fiveHundreds);
    assert.ok(summary.http !== null && summary.http.responseTimeMs !== null);
    await screenshot('dashboard-access-log', 2500);
  });

  it('updates live when the log grows', async () => {
    const editor = vscode.window.activeTextEditor!;
    const original = editor.document.getText();
    const before = await waitForSummaryOf(editor.document.uri);
    const lastLine = editor.document.lineAt(editor.document.lineCount - 1);
    const appended = '203.0.113.99 - - [20/Nov/2026:09:30:00 +0000] "GET /api/cart HTTP/1.1" 503 120 "-" "curl/8.5.0" 2.500\n';
    await editor.edit((edit) => edit.insert(lastLine.range.end, (lastLine.text === '' ? '' : '\n') + appended));
    const after = await waitFor('the summary to include the appended line', async () => {
      const last = await lastPosted();
      return last?.type === 'summary' && last.summary.records === before.records + 1 ? last.summary : undefined;
    });
    assert.equal(after.levels.error, before.levels.error + 1);
    await restoreText(editor.document, original);
  });

  it('shows times in the time zone set in logscope.timeZone, and names an invalid value', async () => {
    const editor = await openSample('orders-1.log');
    await vscode.commands.executeCommand('logscope.visualizeErrors');
    const uri = editor.document.uri.toString();
    const configuration = vscode.workspace.getConfiguration('logscope');
    try {
      await configuration.update('timeZone', 'Asia/Kolkata', vscode.ConfigurationTarget.Workspace);
      const kolkata = await waitFor('a summary binned in Asia/Kolkata', async () => {
        const last = await lastPosted();
        return last?.type === 'summary' && last.subject.uri === uri && last.summary.timeZone === 'Asia/Kolkata' ? last : undefined;
      }, 60_000);
      assert.deepEqual(kolkata.timeZone, { zone: 'Asia/Kolkata', problem: null });
      await waitForWebviewText('timezone-kolkata', 'Times in Asia/Kolkata (UTC+05:30)');
      await screenshot('dashboard-time-zone-kolkata', 1500);

      await configuration.update('timeZone', 'Mars/Base', vscode.ConfigurationTarget.Workspace);
      const invalid = await waitFor('a summary with the setting problem', async () => {
        const last = await lastPosted();
        return last?.type === 'summary' && last.subject.uri === uri && last.timeZone?.problem ? last : undefined;
      }, 60_000);
      assert.equal(invalid.timeZone?.zone, 'local');
      assert.match(invalid.timeZone?.problem ?? '', /^Setting "logscope\.timeZone" is invalid: "Mars\/Base" is not a time zone/);
      await waitForWebviewText('timezone-invalid', 'Setting "logscope.timeZone" is invalid');
      await screenshot('dashboard-time-zone-invalid', 1000);
    } finally {
      await configuration.update('timeZone', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
