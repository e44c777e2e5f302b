/**
 * Browser-test plumbing: headless Chromium, report files built from real CLI summaries, pages
 * instrumented to record CSP violations, dialogs and page errors, and canvas pixel checks.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Summary } from '../../extension/engine/summary';
import { reportPageHtml } from '../../extension/shared/dashboardPage';
import type { DashboardSubject } from '../../extension/shared/messages';

/** Tests run from out/test/browser/. */
export const projectRoot = resolve(__dirname, '../../..');
export const corporaRoot = resolve(projectRoot, '../shared/corpora');
export const resultsDir = resolve(projectRoot, 'test-results');
export const screenshotDir = join(resultsDir, 'screenshots');
export const reportDir = join(resultsDir, 'reports');
const cliPath = join(projectRoot, 'out/cli.js');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function bundle(): { script: string; style: string } {
  return {
    script: readFileSync(join(projectRoot, 'out/webview.js'), 'utf8'),
    style: readFileSync(join(projectRoot, 'out/webview.css'), 'utf8'),
  };
}

export function cliAvailable(): boolean {
  return existsSync(cliPath);
}

/** `logscope analyze <args> --json`: the real engine's summary. */
export function analyze(args: readonly string[]): Summary {
  const output = execFileSync(process.execPath, [cliPath, 'analyze', ...args, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(output) as Summary;
}

export function corpusFile(relative: string): string {
  return join(corporaRoot, relative);
}

export function subjectFor(path: string, title: string): DashboardSubject {
  return { uri: pathToFileURL(path).href, title };
}

/** Writes a self-contained report and returns its path. */
export function writeReport(name: string, subject: DashboardSubject, summary: Summary): string {
  mkdirSync(reportDir, { recursive: true });
  const { script, style } = bundle();
  const file = join(reportDir, `${name}.html`);
  writeFileSync(file, reportPageHtml({ subject, summary, script, style }));
  return file;
}

export interface PageProblems {
  readonly dialogs: string[];
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
  readonly requests: string[];
}

/** Records what must never happen: dialogs, uncaught errors, CSP violations, network requests. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { dialogs: [], pageErrors: [], consoleErrors: [], requests: [] };
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('console', (message) => {
    // The readback hint is caused by the tests' own getImageData pixel checks.
    if (message.text().includes('willReadFrequently')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) problems.requests.push(request.url());
  });
  return problems;
}

/** Init script: collect CSP violations the page reports. */
export const CSP_RECORDER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || '') + ' ' + (event.sample || ''));
  });
`;

/**
 * Init script: keep the text drawn on each chart's canvas, by chart key (axis labels are canvas
 * text, not DOM). Later draws append, so a test reads the labels as a set.
 */
export const CANVAS_TEXT_RECORDER = `
  window.__canvasText = {};
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    const chart = this.canvas.closest ? this.canvas.closest('[data-chart]') : null;
    const key = chart ? chart.getAttribute('data-chart') : null;
    if (key) (window.__canvasText[key] = window.__canvasText[key] || []).push(String(text));
    return fillText.call(this, text, ...rest);
  };
`;

/** Every distinct text drawn on a chart's canvas so far (needs CANVAS_TEXT_RECORDER). */
export async function canvasText(page: Page, chartKey: string): Promise<Set<string>> {
  const drawn = await page.evaluate((key) => (window as unknown as { __canvasText?: Record<string, string[]> }).__canvasText?.[key] ?? [], chartKey);
  return new Set(drawn);
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/** Waits for every visible chart to have its canvas, then for entry animations to settle. */
export async function chartsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const charts = [...document.querySelectorAll<HTMLElement>('[data-chart]')].filter((chart) => chart.offsetParent !== null);
    return charts.every((chart) => chart.querySelector('canvas') !== null);
  });
  await page.waitForTimeout(1200);
}

/** Number of canvas pixels in a chart that are not transparent, and how many match `color` exactly. */
export async function canvasInk(page: Page, chartKey: string, color?: string): Promise<{ ink: number; matching: number }> {
  return page.evaluate(
    ([key, hex]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-chart="${key}"] canvas`);
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return { ink: 0, matching: 0 };
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const target = hex ? [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) : null;
      let ink = 0;
      let matching = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) === 0) continue;
        ink += 1;
        if (target && data[i] === target[0] && data[i + 1] === target[1] && data[i + 2] === target[2] && data[i + 3] === 255) matching += 1;
      }
      return { ink, matching };
    },
    [chartKey, color ?? ''] as const,
  );
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}

/** Digits of a formatted integer ("10,000" → 10000). */
export function parseCount(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

/** "3 d 11 h" / "2 h 5 min" / "45 s" / "320 ms" back to milliseconds. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, min: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const match of text.matchAll(/(\d+)\s*(d|h|min|s|ms)\b/g)) total += Number(match[1]) * (units[match[2] ?? ''] ?? 0);
  return total;
}

export interface OpenedPage {
  readonly page: Page;
  readonly problems: PageProblems;
  close(): Promise<void>;
}

export interface ReportOptions {
  /** The browser's own time zone (what "local" means on the page). */
  readonly timezoneId?: string;
  /** Record the text drawn on chart canvases (see canvasText). */
  readonly recordCanvasText?: boolean;
}

/** Opens a report file in a fresh context with the theme forced, instrumented, charts settled. */
export async function openReport(
  browser: Browser,
  file: string,
  theme: 'light' | 'dark',
  viewport = { width: 1280, height: 900 },
  options: ReportOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    colorScheme: theme,
    acceptDownloads: true,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  const page = await context.newPage();
  await page.addInitScript(CSP_RECORDER);
  if (options.recordCanvasText) await page.addInitScript(CANVAS_TEXT_RECORDER);
  const problems = watchProblems(page);
  await page.goto(`${pathToFileURL(file).href}?theme=${theme}`);
  await chartsSettled(page);
  return { page, problems, close: () => context.close() };
}

/** No CSP violation, page error, dialog, network request or console error happened. */
export async function assertClean({ page, problems }: OpenedPage): Promise<void> {
  assert.deepEqual(await cspViolations(page), [], 'CSP violations');
  assert.deepEqual(problems.pageErrors, [], 'page errors');
  assert.deepEqual(problems.dialogs, [], 'dialogs');
  assert.deepEqual(problems.requests, [], 'network requests');
  assert.deepEqual(problems.consoleErrors, [], 'console errors/warnings');
}
