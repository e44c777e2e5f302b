/**
 * The HTML report in headless Chromium, over real CLI summaries of the shared corpora: the
 * numbers shown are the summary's, charts draw, controls work by mouse and keyboard, nothing
 * violates the CSP or touches the network. Screenshots land in test-results/screenshots/.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Summary } from '../../extension/engine/summary';
import type { DashboardSubject } from '../../extension/shared/messages';
import { HOSTILE, PAYLOAD_SUBJECT, payloadSummary, sparseSummary } from './fixtures';
import {
  analyze,
  assertClean,
  canvasInk,
  cliAvailable,
  corporaRoot,
  corpusFile,
  launchBrowser,
  openReport,
  type OpenedPage,
  parseCount,
  parseDuration,
  screenshotPath,
  subjectFor,
  writeReport,
} from './support';

interface CorpusCase {
  readonly name: string;
  readonly files: readonly string[];
  readonly args?: readonly string[];
}

const BGL_FORMAT = '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>';

const CORPUS_CASES: readonly CorpusCase[] = [
  { name: 'apache-access', files: ['apache/apache_logs.txt'] },
  { name: 'bgl-hosts', files: ['loghub-2k/BGL/BGL_2k.log'], args: ['--log-format', BGL_FORMAT] },
  { name: 'caddy-latency', files: ['lnav-samples/logfile_caddy_log.0'] },
  { name: 'hadoop', files: ['loghub-2k/Hadoop/Hadoop_2k.log'] },
  { name: 'multi-source', files: ['loghub-2k/HDFS/HDFS_2k.log', 'loghub-2k/Zookeeper/Zookeeper_2k.log'] },
];

const haveCorpora = existsSync(corporaRoot);
const haveCli = cliAvailable();
const skipReason = !haveCorpora
  ? `shared corpora not found at ${corporaRoot}`
  : !haveCli
    ? 'out/cli.js not built (run `node esbuild.mjs`)'
    : false;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function kpiText(page: Page, key: string): Promise<string | null> {
  const card = page.locator(`[data-kpi="${key}"] .kpi-value`);
  return (await card.count()) > 0 ? card.textContent() : null;
}

/** The KPI cards show the summary's own numbers. */
async function assertKpis(page: Page, summary: Summary): Promise<void> {
  const errors = summary.levels.error + summary.levels.fatal;
  assert.equal(parseCount(await kpiText(page, 'records')), summary.records, 'records');
  assert.equal(parseCount(await kpiText(page, 'errors')), errors, 'errors');
  assert.equal(parseCount(await kpiText(page, 'warnings')), summary.levels.warn, 'warnings');
  const rate = Number.parseFloat((await kpiText(page, 'errorRate')) ?? 'NaN');
  // Shown with one or two decimals: within half of the last digit.
  assert.ok(Math.abs(rate - (errors / summary.records) * 100) <= 0.05 + 1e-9, `error rate ${rate}`);
  const span = await kpiText(page, 'timeSpan');
  if (summary.timeRange) {
    const actual = Date.parse(summary.timeRange.end) - Date.parse(summary.timeRange.start);
    const shown = parseDuration(span ?? '');
    // Two units are shown, so the rest is cut off: shown <= actual < shown + one smaller unit.
    assert.ok(shown <= actual && actual - shown < 3_600_000, `time span "${span}" vs ${actual} ms`);
  } else {
    assert.equal(span, null, 'no time span card without timestamps');
  }
  const hosts = await kpiText(page, 'hosts');
  if (summary.hosts.length > 0) assert.equal(parseCount(hosts), summary.hosts.length, 'hosts');
  else assert.equal(hosts, null);
}

async function isShown(page: Page, view: string): Promise<boolean> {
  return page.locator(`[data-view="${view}"]`).isVisible();
}

/** Each view is present exactly when the summary has its data, and every chart has ink. */
async function assertViews(page: Page, summary: Summary): Promise<void> {
  const expectations: [string, boolean][] = [
    ['timeline', summary.timeline.buckets.length > 0],
    ['templates', summary.templates.length > 0],
    ['hosts', summary.hosts.length > 1],
    ['status', summary.http !== null && Object.keys(summary.http.status).length > 0],
    ['latency', Boolean(summary.http?.responseTimeMs?.count)],
    ['paths', Boolean(summary.http?.topPaths.length)],
    ['heatmap', summary.errorHeatmap.flat().some((count) => count > 0)],
  ];
  for (const [view, expected] of expectations) assert.equal(await isShown(page, view), expected, `view ${view}`);
  for (const [view, expected] of expectations) {
    if (!expected || !['timeline', 'hosts', 'status'].includes(view)) continue;
    const { ink } = await canvasInk(page, view);
    assert.ok(ink > 2000, `chart ${view} drew only ${ink} pixels`);
  }
  if (await isShown(page, 'heatmap')) {
    // 7 × 24 cells, each carrying its count as text, in weekday/hour order.
    const counts = (await page.locator('[data-view="heatmap"] .heatmap-cell').allTextContents()).map((text) => parseCount(text));
    assert.deepEqual(counts, summary.errorHeatmap.flat());
  }
  if (summary.timeline.buckets.length > 0) {
    // Bars use the level colours: the most frequent level's colour is on the canvas.
    const top = Object.entries(summary.levels).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'info';
    const color = await page.evaluate((level) => document.body.style.getPropertyValue(`--ls-level-${level}`), top);
    const { matching } = await canvasInk(page, 'timeline', color);
    assert.ok(matching > 50, `timeline has ${matching} pixels of the ${top} colour ${color}`);
  }
}

/** Rows in the templates table match the selected filter's templates, most frequent first. */
async function assertTemplates(page: Page, summary: Summary): Promise<void> {
  if (summary.templates.length === 0) return;
  const pressed = await page.locator('[data-view="templates"] [aria-pressed="true"]').getAttribute('data-filter');
  const levelsFor: Record<string, readonly string[]> = { errors: ['fatal', 'error'], warnings: ['warn'] };
  const selected = summary.templates.filter((t) => !levelsFor[pressed ?? ''] || levelsFor[pressed ?? '']?.includes(t.level));
  const rows = page.locator('[data-view="templates"] tr.template-row');
  assert.equal(await rows.count(), Math.min(25, selected.length), `rows for filter ${pressed}`);
  const topCount = Math.max(...selected.map((t) => t.count));
  assert.equal(parseCount(await rows.first().locator('td').nth(2).textContent()), topCount);
}

for (const corpusCase of CORPUS_CASES) {
  describe(`report: ${corpusCase.name}`, { skip: skipReason }, () => {
    let summary: Summary;
    let file: string;
    before(() => {
      const paths = corpusCase.files.map(corpusFile);
      summary = analyze([...paths, ...(corpusCase.args ?? [])]);
      const subject = subjectFor(paths[0] ?? '', corpusCase.files.map((f) => f.split('/').pop()).join(', '));
      file = writeReport(corpusCase.name, subject, summary);
    });

    for (const theme of ['light', 'dark'] as const) {
      test(`shows the summary's numbers and charts (${theme})`, async () => {
        const opened = await openReport(browser, file, theme);
        try {
          const { page } = opened;
          assert.equal(await page.locator('h1').first().textContent(), corpusCase.files.map((f) => f.split('/').pop()).join(', '));
          const formats = await page.locator('[data-format]').allTextContents();
          assert.deepEqual(formats, [...new Set(summary.sources.map((s) => s.format))]);
          await assertKpis(page, summary);
          await assertViews(page, summary);
          await assertTemplates(page, summary);
          await page.screenshot({ path: screenshotPath(`report-${corpusCase.name}-${theme}`), fullPage: true });
          await assertClean(opened);
        } finally {
          await opened.close();
        }
      });
    }
  });
}

describe('report: interaction', { skip: skipReason }, () => {
  let file: string;
  let summary: Summary;
  before(() => {
    const path = corpusFile('loghub-2k/BGL/BGL_2k.log');
    summary = analyze([path, '--log-format', BGL_FORMAT]);
    file = writeReport('interaction-bgl', subjectFor(path, 'BGL_2k.log'), summary);
  });

  test('the Table toggle swaps each chart for a table of the same data, by mouse and keyboard', async () => {
    const opened = await openReport(browser, file, 'light');
    try {
      const { page } = opened;
      const hosts = page.locator('[data-view="hosts"]');
      const toggle = hosts.locator('button.toggle');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.equal(await hosts.locator('[data-chart]').isVisible(), false);
      const rows = hosts.locator('table tbody tr');
      assert.equal(await rows.count(), summary.hosts.length);
      const sorted = [...summary.hosts].sort((a, b) => b.errors - a.errors);
      assert.equal(parseCount(await rows.first().locator('td').first().textContent()), sorted[0]?.errors);
      await page.screenshot({ path: screenshotPath('report-hosts-table-light') });
      // Keyboard: focus the timeline toggle and press Enter, then Space to switch back.
      const timelineToggle = page.locator('[data-view="timeline"] button.toggle');
      await timelineToggle.focus();
      await page.keyboard.press('Enter');
      const timelineRows = page.locator('[data-view="timeline"] table tbody tr');
      assert.equal(await timelineRows.count(), summary.timeline.buckets.length);
      await page.keyboard.press('Space');
      assert.equal(await timelineToggle.getAttribute('aria-pressed'), 'false');
      assert.ok(await page.locator('[data-view="timeline"] [data-chart]').isVisible());
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('template filters and rows respond to clicks and keys', async () => {
    const opened = await openReport(browser, file, 'dark');
    try {
      const { page } = opened;
      const view = page.locator('[data-view="templates"]');
      await view.locator('button[data-filter="all"]').click();
      assert.equal(await view.locator('tr.template-row').count(), Math.min(25, summary.templates.length));
      await view.locator('button[data-filter="warnings"]').click();
      const warnTemplates = summary.templates.filter((t) => t.level === 'warn');
      assert.equal(await view.locator('tr.template-row').count(), Math.min(25, warnTemplates.length));
      await view.locator('button[data-filter="errors"]').click();
      const first = view.locator('tr.template-row').first();
      await first.focus();
      await page.keyboard.press('Enter');
      assert.equal(await first.getAttribute('aria-expanded'), 'true');
      const errorTemplates = summary.templates.filter((t) => t.level === 'error' || t.level === 'fatal').sort((a, b) => b.count - a.count);
      assert.equal(await view.locator('.example-row:not([hidden]) .example-text').first().textContent(), errorTemplates[0]?.example.text);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('template-row')), true);
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('data-template-id')),
        String(errorTemplates[1]?.id),
      );
      await page.screenshot({ path: screenshotPath('report-templates-expanded-dark') });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('the timeline tooltip lists the hovered bucket', async () => {
    const opened = await openReport(browser, file, 'light');
    try {
      const { page } = opened;
      const chart = page.locator('[data-view="timeline"] [data-chart]');
      const box = await chart.boundingBox();
      assert.ok(box);
      // Hover across the plot until a tooltip with a record count appears.
      let text = '';
      for (let x = box.x + 60; x < box.x + box.width - 20 && !text.includes('records'); x += 25) {
        await page.mouse.move(x, box.y + box.height - 40);
        await page.waitForTimeout(60);
        text = (await page.locator('.ls-tooltip').first().textContent().catch(() => '')) ?? '';
      }
      assert.match(text, /records/);
      await page.screenshot({ path: screenshotPath('report-timeline-tooltip-light') });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });
});

/** Hovers every chart across its width so HTML tooltips get rendered. */
async function hoverCharts(page: Page): Promise<void> {
  for (const chart of await page.locator('[data-chart]').all()) {
    if (!(await chart.isVisible())) continue;
    const box = await chart.boundingBox();
    if (!box) continue;
    for (let step = 1; step < 12; step += 1) {
      await page.mouse.move(box.x + (box.width * step) / 12, box.y + box.height / 2);
      await page.waitForTimeout(30);
    }
  }
}

async function assertInert(opened: OpenedPage, subject: DashboardSubject): Promise<void> {
  const { page } = opened;
  await hoverCharts(page);
  // Open every template's example and every chart's table, so all text is in the DOM.
  for (const row of await page.locator('tr.template-row').all()) await row.click();
  // Views without data (e.g. those needing per-bucket series) are hidden, with their toggles.
  for (const toggle of await page.locator('button.toggle').all()) if (await toggle.isVisible()) await toggle.click();
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
  assert.equal(await page.locator('h1').first().textContent(), subject.title, 'title shown as text');
  // No element came from log text: no img/svg/iframe/style element inside the dashboard.
  assert.equal(await page.locator('#app img, #app svg, #app iframe, #app script, #app style, #app object').count(), 0);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script').length), 2);
  await assertClean(opened);
}

describe('report: hostile log content stays text', () => {
  test('a hand-built payload summary (every field hostile)', async () => {
    const file = writeReport('payload', PAYLOAD_SUBJECT, payloadSummary());
    for (const theme of ['light', 'dark'] as const) {
      const opened = await openReport(browser, file, theme);
      try {
        const { page } = opened;
        await page.screenshot({ path: screenshotPath(`report-payload-${theme}`), fullPage: true });
        await assertInert(opened, PAYLOAD_SUBJECT);
        assert.equal(await page.locator('[data-approximate]').count(), 1, 'approximate counts are flagged');
        // The hostile strings are visible, literally, where they belong.
        const hostsTable = await page.locator('[data-view="hosts"] table').textContent();
        assert.ok(hostsTable?.includes(HOSTILE.img));
        const example = await page.locator('.example-text').allTextContents();
        assert.ok(example.some((text) => text.includes(HOSTILE.script)));
        // The data element parses back to exactly the summary.
        const embedded = await page.evaluate(() => JSON.parse(document.getElementById('logscope-data')?.textContent ?? 'null') as unknown);
        assert.deepEqual(embedded, { subject: PAYLOAD_SUBJECT, summary: payloadSummary() });
      } finally {
        await opened.close();
      }
    }
  });

  test('a hostile JSON-lines log through the real CLI', { skip: haveCli ? false : 'out/cli.js not built' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscope-hostile-'));
    try {
      const payloads = [HOSTILE.img, HOSTILE.script, HOSTILE.svg];
      const lines = Array.from({ length: 90 }, (_, i) =>
        JSON.stringify({
          time: new Date(Date.UTC(2024, 2, 1, 10, Math.floor(i / 2), (i % 2) * 30)).toISOString(),
          level: ['error', 'warn', 'info'][i % 3],
          host: payloads[i % 3],
          msg: `request ${payloads[(i + 1) % 3]} failed for user ${i}`,
          method: 'GET',
          path: `/p/${payloads[i % 3]}`,
          status: [200, 404, 500][i % 3],
          duration_ms: 5 + i * 1.5,
        }),
      );
      const logPath = join(dir, `${HOSTILE.svg}.jsonl`);
      writeFileSync(logPath, lines.join('\n') + '\n');
      const summary = analyze([logPath]);
      const subject = subjectFor(logPath, `${HOSTILE.svg}.jsonl`);
      const file = writeReport('payload-cli', subject, summary);
      const opened = await openReport(browser, file, 'light');
      try {
        await opened.page.screenshot({ path: screenshotPath('report-payload-cli-light'), fullPage: true });
        await assertInert(opened, subject);
      } finally {
        await opened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('report: sparse and narrow', () => {
  test('a log without timestamps, hosts or HTTP shows only what it has', async () => {
    const summary = sparseSummary();
    const file = writeReport('sparse', subjectFor('/tmp/notes.txt', 'notes.txt'), summary);
    const opened = await openReport(browser, file, 'light');
    try {
      await assertKpis(opened.page, summary);
      await assertViews(opened.page, summary);
      await opened.page.screenshot({ path: screenshotPath('report-sparse-light'), fullPage: true });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('a narrow window stacks the cards without overflow', { skip: skipReason }, async () => {
    const path = corpusFile('apache/apache_logs.txt');
    const file = writeReport('narrow-apache', subjectFor(path, 'apache_logs.txt'), analyze([path]));
    const opened = await openReport(browser, file, 'dark', { width: 420, height: 900 });
    try {
      const { page } = opened;
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'no horizontal scrollbar');
      await page.screenshot({ path: screenshotPath('report-narrow-dark'), fullPage: true });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });
});
