/**
 * The display time zone in the HTML report: one log analysed by the real CLI in UTC and in
 * Asia/Kolkata (+05:30). Everything people read moves by 5.5 hours (header, KPI, axis labels,
 * tables, tooltip, range chip, heatmap, sessions per day); CSV keeps ISO-8601 UTC instants.
 * Screenshots land in test-results/screenshots/.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Summary } from '../../extension/engine/summary';
import { writeZoneLog } from './fixtures';
import {
  analyze,
  assertClean,
  canvasText,
  cliAvailable,
  launchBrowser,
  openReport,
  screenshotPath,
  subjectFor,
  writeReport,
} from './support';

const skip = cliAvailable() ? false : 'out/cli.js not built (run `node esbuild.mjs`)';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function tableRows(page: Page, view: string): Promise<string[][]> {
  const toggle = page.locator(`[data-view="${view}"] button.toggle`);
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  const rows = await page.locator(`[data-view="${view}"] table tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((cell) => (cell.textContent ?? '').trim())),
  );
  await toggle.click();
  return rows;
}

async function hoverTooltip(page: Page, chartKey: string): Promise<string> {
  const chart = page.locator(`[data-chart="${chartKey}"]`);
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  assert.ok(box);
  let title = '';
  for (let x = box.x + box.width * 0.5; x < box.x + box.width - 20 && title === ''; x += 20) {
    await page.mouse.move(x, box.y + box.height - 40);
    await page.waitForTimeout(60);
    title = ((await page.locator('.ls-tooltip-title').first().textContent().catch(() => '')) ?? '').trim();
  }
  return title;
}

describe('report: times in the chosen zone', { skip }, () => {
  let utc: Summary;
  let kolkata: Summary;
  let utcFile: string;
  let kolkataFile: string;
  before(() => {
    const path = writeZoneLog();
    utc = analyze([path]);
    kolkata = analyze([path, '--time-zone', 'Asia/Kolkata']);
    utcFile = writeReport('zone-utc', subjectFor(path, 'zone-input.jsonl'), utc);
    kolkataFile = writeReport('zone-kolkata', subjectFor(path, 'zone-input.jsonl'), kolkata);
  });

  test('Asia/Kolkata: a record at 23:00 UTC reads 04:30 the next day everywhere', async () => {
    const opened = await openReport(browser, kolkataFile, 'light', undefined, { recordCanvasText: true });
    try {
      const { page } = opened;
      assert.equal(await text(page, '[data-time-zone]'), 'Times in Asia/Kolkata (UTC+05:30)');
      assert.equal(await page.locator('[data-setting-problem]').count(), 0);
      assert.ok((await text(page, '.page-meta')).includes('2024-03-01 22:30:00 → 2024-03-02 06:30:00'));
      assert.equal(
        await page.locator('[data-kpi="timeSpan"]').getAttribute('title'),
        'First record 2024-03-01 22:30:00, last record 2024-03-02 06:30:00 (Asia/Kolkata (UTC+05:30))',
      );
      // Axis labels are Kolkata's round hours; Kolkata's midnight is labelled with the date.
      const axis = await canvasText(page, 'timeline');
      for (const label of ['23:00', 'Mar 2', '04:00', '06:00']) assert.ok(axis.has(label), `axis label ${label} in ${[...axis].join(' ')}`);
      assert.ok(!axis.has('18:00') && !axis.has('17:00'), 'no UTC hours on the axis');
      assert.match(await text(page, '[data-view="timeline"] .card-subtitle'), /· Asia\/Kolkata ·/);

      const timeline = await tableRows(page, 'timeline');
      assert.equal(timeline[0]?.[0], '2024-03-01 22:30');
      assert.equal(await text(page, '[data-view="timeline"] thead th'), 'Bucket start (Asia/Kolkata)');
      const errorRow = timeline.find((row) => row.slice(1).some((cell) => cell !== '0') && row[0] === '2024-03-02 04:30');
      assert.ok(errorRow, 'the bucket of 23:00 UTC is 04:30 in Kolkata');

      const title = await hoverTooltip(page, 'timeline');
      assert.match(title, /^2024-03-0[12] \d\d:\d\d–\d\d:\d\d$/);
      assert.ok(timeline.some((row) => title.startsWith(`${row[0]}–`)), `tooltip ${title} names a bucket of the table`);

      // The heatmap: Saturday 04:00–05:00 in Kolkata holds the six errors.
      const heat = page.locator('[data-view="heatmap"]');
      assert.match(await text(page, '[data-view="heatmap"] .card-subtitle'), /^Asia\/Kolkata · 6 errors · busiest Sat 04:00$/);
      assert.equal(await heat.locator('td[title="Sat 04:00–05:00 Asia/Kolkata: 6 errors"]').count(), 1);
      assert.equal(await heat.locator('.card-note').isVisible(), false);

      assert.deepEqual(await tableRows(page, 'sessions'), [['2024-03-01', '1'], ['2024-03-02', '2']]);
      const template = page.locator('[data-view="templates"] tr.template-row').first();
      assert.equal(await template.locator('td.time-col').first().textContent(), '2024-03-02 04:30:00');

      // CSV keeps UTC instants; the header says so.
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-view="timeline"] [data-export="csv"]').click()]);
      const csvLines = readFileSync((await csv.path()) ?? '', 'utf8').split('\r\n');
      assert.match(csvLines[0] ?? '', /^Bucket start \(ISO 8601 UTC\),/);
      assert.match(csvLines[1] ?? '', /^2024-03-01T17:00:00\.000Z,/);

      await page.screenshot({ path: screenshotPath('zone-kolkata-light'), fullPage: true });
      // A brushed range: the chip states the offset of its times.
      await page.locator('[data-chart="timeline"]').scrollIntoViewIfNeeded();
      const box = await page.locator('[data-chart="timeline"]').boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
      await page.waitForTimeout(400);
      const chip = await text(page, '[data-chip="range"] .filter-chip-value');
      assert.match(chip, /^2024-03-02 \d\d:\d\d–\d\d:\d\d UTC\+05:30$/);
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('UTC: the same log reads in UTC, and the dark theme shows the zone as well', async () => {
    const opened = await openReport(browser, utcFile, 'dark', undefined, { recordCanvasText: true, timezoneId: 'Asia/Tokyo' });
    try {
      const { page } = opened;
      // The report shows its summary's zone, not the zone of whoever opens it.
      assert.equal(await text(page, '[data-time-zone]'), 'Times in UTC');
      assert.ok((await text(page, '.page-meta')).includes('2024-03-01 17:00:00 → 2024-03-02 01:00:00'));
      const axis = await canvasText(page, 'timeline');
      for (const label of ['18:00', '23:00', 'Mar 2']) assert.ok(axis.has(label), `axis label ${label} in ${[...axis].join(' ')}`);
      assert.ok(!axis.has('04:00') && !axis.has('06:00'), 'no Kolkata hours on the axis');
      assert.equal((await tableRows(page, 'timeline'))[0]?.[0], '2024-03-01 17:00');
      assert.equal(await page.locator('[data-view="heatmap"] td[title="Fri 23:00–24:00 UTC: 6 errors"]').count(), 1);
      assert.deepEqual(await tableRows(page, 'sessions'), [['2024-03-01', '2'], ['2024-03-02', '1']]);
      await page.screenshot({ path: screenshotPath('zone-utc-dark'), fullPage: true });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('Asia/Kolkata in the dark theme', async () => {
    const opened = await openReport(browser, kolkataFile, 'dark');
    try {
      await opened.page.screenshot({ path: screenshotPath('zone-kolkata-dark'), fullPage: true });
      assert.equal(await text(opened.page, '[data-time-zone]'), 'Times in Asia/Kolkata (UTC+05:30)');
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });
});
