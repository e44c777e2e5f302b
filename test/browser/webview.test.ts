/**
 * The dashboard as VS Code runs it: the panel page from webviewPageHtml (served over local
 * HTTP, like the webview resource origin), a stand-in for acquireVsCodeApi, and the host's
 * messages posted in. Checks the message protocol, in-place updates and theme switching.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Summary } from '../../extension/engine/summary';
import { createNonce, webviewPageHtml } from '../../extension/shared/dashboardPage';
import type { FromWebview, ToWebview } from '../../extension/shared/messages';
import { HOSTILE, writeZoneLog } from './fixtures';
import {
  analyze,
  canvasInk,
  chartsSettled,
  cliAvailable,
  corporaRoot,
  corpusFile,
  CSP_RECORDER,
  cspViolations,
  launchBrowser,
  parseCount,
  projectRoot,
  screenshotPath,
  subjectFor,
  watchProblems,
  type PageProblems,
} from './support';

/** Roughly what VS Code puts on <html> for its Dark Modern and Light Modern themes. */
const DARK_THEME: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-widget-border': '#313131',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
};
const LIGHT_THEME: Record<string, string> = {
  ...DARK_THEME,
  '--vscode-editor-background': '#ffffff',
  '--vscode-editor-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-editorWidget-background': '#f8f8f8',
  '--vscode-widget-border': '#e5e5e5',
  '--vscode-charts-red': '#e51400',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-purple': '#652d90',
  '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
};

function themeCss(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');
}

/** Stands in for VS Code: the API object, the theme variables and the body class. */
const VSCODE_SHIM = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(message),
    setState: (state) => { window.__state = state; },
    getState: () => window.__state,
  });
  // Like VS Code, theme the page before any script runs: variables on <html>, class on <body>.
  new MutationObserver((_, observer) => {
    const html = document.documentElement;
    if (html && !html.dataset.themed) {
      html.style.cssText = ${JSON.stringify(themeCss(DARK_THEME))};
      html.dataset.themed = 'yes';
    }
    if (!document.body) return;
    document.body.className = 'vscode-dark';
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

const haveData = cliAvailable() && (() => {
  try {
    return readFileSync(join(corporaRoot, 'apache/README.md')).length > 0;
  } catch {
    return false;
  }
})();

let browser: Browser;
let server: Server;
let origin = '';

before(async () => {
  browser = await launchBrowser();
  server = createServer((request, response) => {
    const files: Record<string, [string, string]> = {
      '/webview.js': ['out/webview.js', 'text/javascript'],
      '/webview.css': ['out/webview.css', 'text/css'],
    };
    const file = files[request.url ?? ''];
    if (file) {
      response.writeHead(200, { 'content-type': file[1] });
      response.end(readFileSync(join(projectRoot, file[0])));
      return;
    }
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(webviewPageHtml({ cspSource: origin, nonce: createNonce(), scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css` }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface Panel {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly problems: PageProblems;
  post(message: ToWebview | Record<string, unknown>): Promise<void>;
  posted(): Promise<FromWebview[]>;
}

/** `timezoneId`: the browser's zone, what "local" means in the panel (default: the machine's). */
async function openPanel(timezoneId?: string): Promise<Panel> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 820 }, deviceScaleFactor: 1, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  await page.addInitScript(CSP_RECORDER);
  await page.addInitScript(VSCODE_SHIM);
  const problems = watchProblems(page);
  await page.goto(`${origin}/`);
  return {
    page,
    context,
    problems,
    post: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown),
    posted: () => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted),
  };
}

async function assertClean(panel: Panel): Promise<void> {
  assert.deepEqual(await cspViolations(panel.page), [], 'CSP violations');
  assert.deepEqual(panel.problems.pageErrors, [], 'page errors');
  assert.deepEqual(panel.problems.dialogs, [], 'dialogs');
  assert.deepEqual(panel.problems.consoleErrors, [], 'console errors');
  assert.deepEqual(panel.problems.requests.filter((url) => !url.startsWith(origin)), [], 'requests outside the extension');
}

describe('webview in VS Code mode', { skip: haveData ? false : 'needs out/cli.js and the shared corpora' }, () => {
  let hdfs: Summary;
  let both: Summary;
  const hdfsPath = corpusFile('loghub-2k/HDFS/HDFS_2k.log');
  const subject = subjectFor(hdfsPath, 'HDFS_2k.log');
  before(() => {
    hdfs = analyze([hdfsPath]);
    both = analyze([hdfsPath, corpusFile('loghub-2k/Zookeeper/Zookeeper_2k.log')]);
  });

  test('says ready, then shows the no-log state', async () => {
    const panel = await openPanel('America/New_York');
    try {
      await panel.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      // With its zone: "local" in the dashboard is the browser's zone, which the host bins days and hours in.
      assert.deepEqual(await panel.posted(), [{ type: 'ready', timeZone: 'America/New_York' }]);
      await panel.post({ type: 'noLog', message: 'Open a log file to see its dashboard' });
      const status = panel.page.locator('.status-panel');
      assert.equal(await status.locator('.status-title').textContent(), 'Open a log file to see its dashboard');
      assert.equal(await status.getAttribute('role'), 'status');
      assert.deepEqual(await panel.page.evaluate(() => (window as unknown as { __state: unknown }).__state), { subjectUri: null });
      await panel.page.screenshot({ path: screenshotPath('webview-nolog-dark') });
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });

  test('shows progress, then the summary; a row click asks the host to reveal the line', async () => {
    const panel = await openPanel();
    try {
      const { page } = panel;
      await panel.post({ type: 'progress', subject, fraction: 0.42 });
      const bar = page.locator('.progress');
      assert.equal(await bar.getAttribute('aria-valuenow'), '42');
      assert.match((await page.locator('.progress-label').textContent()) ?? '', /42(\.0)?%/);
      assert.equal(await page.locator('.status-title').textContent(), 'Analyzing HDFS_2k.log');
      await page.screenshot({ path: screenshotPath('webview-progress-dark') });

      await panel.post({ type: 'summary', subject, summary: hdfs });
      await chartsSettled(page);
      assert.equal(await bar.isVisible(), false);
      assert.equal(parseCount(await page.locator('[data-kpi="records"] .kpi-value').textContent()), hdfs.records);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __state: unknown }).__state), { subjectUri: subject.uri });
      await page.screenshot({ path: screenshotPath('webview-summary-dark'), fullPage: true });

      // HDFS has warnings but no errors: the table starts on warnings, most frequent first.
      const warnings = hdfs.templates.filter((t) => t.level === 'warn').sort((a, b) => b.count - a.count);
      assert.equal(await page.locator('[data-view="templates"] [aria-pressed="true"]').getAttribute('data-filter'), 'warnings');
      const rows = page.locator('tr.template-row');
      await rows.first().click();
      // Then all templates; the second most frequent is opened from the keyboard.
      await page.locator('button[data-filter="all"]').click();
      const all = [...hdfs.templates].sort((a, b) => b.count - a.count);
      await rows.nth(1).focus();
      await page.keyboard.press('Enter');
      const revealed = (await panel.posted()).filter((m) => m.type === 'revealLine');
      assert.deepEqual(revealed, [
        { type: 'revealLine', uri: subject.uri, line: warnings[0]?.example.line },
        { type: 'revealLine', uri: subject.uri, line: all[1]?.example.line },
      ]);
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });

  test('"Show all" and "Open matching records" post openFilter; filters survive a live update', async () => {
    const panel = await openPanel();
    try {
      const { page } = panel;
      await panel.post({ type: 'summary', subject, summary: hdfs });
      await chartsSettled(page);
      const warnings = hdfs.templates.filter((t) => t.level === 'warn').sort((a, b) => b.count - a.count);
      const first = page.locator('tr.template-row').first();
      await first.locator('[data-action="show-all"]').click();
      await first.locator('[data-action="filter-template"]').click();
      await page.locator('[data-kpi="warnings"]').click();
      await page.locator('[data-action="open-filter"]').click();
      const template = { text: warnings[0]?.template, level: 'warn' };
      assert.deepEqual((await panel.posted()).filter((m) => m.type === 'openFilter'), [
        { type: 'openFilter', uri: subject.uri, filter: { template } },
        { type: 'openFilter', uri: subject.uri, filter: { levels: ['warn'], template } },
      ]);
      // "Show all" did not also reveal a line: the row click is separate.
      assert.equal((await panel.posted()).filter((m) => m.type === 'revealLine').length, 0);
      // A re-analysis of the same log keeps the chips.
      await panel.post({ type: 'summary', subject, summary: hdfs });
      await chartsSettled(page);
      assert.equal(await page.locator('[data-chip]').count(), 2);
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });

  test('a new summary for the same log updates the charts in place', async () => {
    const panel = await openPanel();
    try {
      const { page } = panel;
      await panel.post({ type: 'summary', subject, summary: hdfs });
      await chartsSettled(page);
      await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement & { __marker?: boolean }>('[data-chart="timeline"] canvas');
        if (canvas) canvas.__marker = true;
      });
      await panel.post({ type: 'progress', subject, fraction: null });
      // Re-analysis keeps the dashboard on screen with an indeterminate bar.
      assert.ok(await page.locator('[data-view="timeline"]').isVisible());
      assert.ok(await page.locator('.progress.indeterminate').isVisible());
      await panel.post({ type: 'summary', subject, summary: both });
      await chartsSettled(page);
      assert.equal(parseCount(await page.locator('[data-kpi="records"] .kpi-value').textContent()), both.records);
      const sameCanvas = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement & { __marker?: boolean }>('[data-chart="timeline"] canvas');
        return canvas?.__marker === true;
      });
      assert.ok(sameCanvas, 'the chart was updated, not recreated');
      assert.deepEqual(await page.locator('[data-format]').allTextContents(), [...new Set(both.sources.map((s) => s.format))]);
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });

  test('follows VS Code theme changes and panel resizes', async () => {
    const panel = await openPanel();
    try {
      const { page } = panel;
      await panel.post({ type: 'summary', subject, summary: hdfs });
      await chartsSettled(page);
      const darkInfo = await canvasInk(page, 'timeline', DARK_THEME['--vscode-charts-blue']);
      assert.ok(darkInfo.matching > 50, 'dark theme bars use charts.blue');
      await page.evaluate((css) => {
        document.documentElement.style.cssText = css;
        document.body.className = 'vscode-light';
      }, themeCss(LIGHT_THEME));
      await page.waitForTimeout(700);
      const lightInfo = await canvasInk(page, 'timeline', LIGHT_THEME['--vscode-charts-blue']);
      assert.ok(lightInfo.matching > 50, 'light theme bars use the new charts.blue');
      assert.equal((await canvasInk(page, 'timeline', DARK_THEME['--vscode-charts-blue'])).matching, 0, 'no dark-theme bars left');
      const badge = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--ls-level-warn').trim());
      assert.equal(badge, LIGHT_THEME['--vscode-charts-yellow'], 'badges follow the theme too');
      await page.screenshot({ path: screenshotPath('webview-summary-light'), fullPage: true });

      const before = await page.locator('[data-chart="timeline"] canvas').evaluate((canvas: HTMLCanvasElement) => canvas.width);
      await page.setViewportSize({ width: 700, height: 820 });
      await page.waitForTimeout(400);
      const afterResize = await page.locator('[data-chart="timeline"] canvas').evaluate((canvas: HTMLCanvasElement) => canvas.width);
      assert.ok(afterResize < before - 200, `canvas followed the panel: ${before} -> ${afterResize}`);
      await page.screenshot({ path: screenshotPath('webview-narrow-light'), fullPage: true });
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });

  test('shows times in the zone the host chose, rebinning the UTC heatmap; local is the browser zone', async () => {
    const path = writeZoneLog();
    const zoneSubject = subjectFor(path, 'zone-input.jsonl');
    // Binned in UTC, as by a host that did not know the browser's zone yet.
    const summary = analyze([path]);
    const panel = await openPanel('America/New_York');
    try {
      const { page } = panel;
      await panel.post({ type: 'summary', subject: zoneSubject, summary, timeZone: { zone: 'Asia/Kolkata', problem: null } });
      await chartsSettled(page);
      assert.equal(await page.locator('[data-time-zone]').textContent(), 'Times in Asia/Kolkata (UTC+05:30)');
      // 5-minute buckets each lie within one Kolkata hour: the heatmap is rebuilt exactly from them.
      const heatmap = page.locator('[data-view="heatmap"]');
      assert.equal(await heatmap.locator('td[title="Sat 04:00–05:00 Asia/Kolkata: 6 errors"]').count(), 1);
      assert.equal(await heatmap.locator('.card-note').isVisible(), false);
      // Sessions per day cannot be rebinned from the summary: the view names the days' zone.
      assert.match((await page.locator('[data-view="sessions"] .card-subtitle').textContent()) ?? '', /days in UTC$/);
      assert.equal(await page.locator('.kpi[data-kpi="timeSpan"]').getAttribute('title'), 'First record 2024-03-01 22:30:00, last record 2024-03-02 06:30:00 (Asia/Kolkata (UTC+05:30))');
      await page.screenshot({ path: screenshotPath('webview-zone-kolkata-dark') });

      const problem = 'Setting "logscope.timeZone" is invalid: "Mars/Base" is not a time zone; showing local time instead.';
      await panel.post({ type: 'summary', subject: zoneSubject, summary, timeZone: { zone: 'local', problem } });
      await chartsSettled(page);
      assert.equal(await page.locator('[data-time-zone]').textContent(), 'Times in America/New_York (UTC-05:00)');
      assert.equal(await page.locator('[data-setting-problem]').textContent(), problem);
      assert.equal(await heatmap.locator('td[title="Fri 18:00–19:00 America/New_York: 6 errors"]').count(), 1);
      assert.ok(((await page.locator('.page-meta').textContent()) ?? '').includes('2024-03-01 12:00:00 → 2024-03-01 20:00:00'));
      await page.screenshot({ path: screenshotPath('webview-zone-problem-dark') });
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });

  test('errors show as an alert, as text; malformed messages are refused', async () => {
    const panel = await openPanel();
    try {
      const { page } = panel;
      await panel.post({ type: 'error', subject, message: `Cannot read ${HOSTILE.img}` });
      const status = page.locator('.status-panel');
      assert.equal(await status.getAttribute('role'), 'alert');
      assert.equal(await status.locator('.status-detail').textContent(), `Cannot read ${HOSTILE.img}`);
      assert.equal(await page.locator('#app img').count(), 0);
      await page.screenshot({ path: screenshotPath('webview-error-dark') });
      await panel.post({ type: 'summary', subject, summary: { ...hdfs, schemaVersion: 2 } });
      assert.match((await status.locator('.status-detail').textContent()) ?? '', /schemaVersion 1/);
      await panel.post({ type: 'bogus' });
      await panel.post({ type: 'summary', subject: { uri: 3 }, summary: hdfs });
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
      await assertClean(panel);
    } finally {
      await panel.context.close();
    }
  });
});
