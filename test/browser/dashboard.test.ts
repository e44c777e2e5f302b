/**
 * The issue-4 dashboard in headless Chromium over real CLI summaries: the views each log has data
 * for, selections that flow between views (a brushed range, a clicked graph node, a template
 * filter), exports, the views that need per-bucket series, and hostile text staying text.
 * Screenshots land in test-results/screenshots/.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Summary } from '../../extension/engine/summary';
import { PAYLOAD_SUBJECT, payloadSummary, withHostSeries } from './fixtures';
import {
  analyze,
  assertClean,
  canvasInk,
  cliAvailable,
  launchBrowser,
  openReport,
  parseCount,
  projectRoot,
  screenshotPath,
  subjectFor,
  writeReport,
} from './support';

const samplesDir = join(projectRoot, 'samples');
const haveSamples = cliAvailable() && existsSync(samplesDir);
const skipSamples = haveSamples ? false : 'needs out/cli.js and samples/';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function kpi(page: Page, key: string): Promise<number> {
  return parseCount(await page.locator(`[data-kpi="${key}"] .kpi-value`).textContent());
}

function bucketTotals(summary: Summary): { records: number[]; errors: number[] } {
  return {
    records: summary.timeline.buckets.map((bucket) => Object.values(bucket.counts).reduce((a, b) => a + b, 0)),
    errors: summary.timeline.buckets.map((bucket) => bucket.counts.error + bucket.counts.fatal),
  };
}

/** Whether `value` is the sum of some contiguous run of `values` (a bucket-aligned range). */
function contiguousRuns(values: readonly number[]): { first: number; last: number; sum: number }[] {
  const runs: { first: number; last: number; sum: number }[] = [];
  for (let first = 0; first < values.length; first += 1) {
    let sum = 0;
    for (let last = first; last < values.length; last += 1) {
      sum += values[last] ?? 0;
      runs.push({ first, last, sum });
    }
  }
  return runs;
}

/** Drags across the timeline plot between two fractions of its width. */
async function brushTimeline(page: Page, from: number, to: number): Promise<void> {
  await page.locator('[data-chart="timeline"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-chart="timeline"]').boundingBox();
  assert.ok(box);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 3 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 3 });
  await page.mouse.up();
  await page.waitForTimeout(500);
}

/**
 * Finds a graph node on screen: moves synthetic pointer events over the canvas until the node
 * tooltip names `name`, and returns that page position (the test then clicks it for real).
 */
async function findGraphNode(page: Page, name: string): Promise<{ x: number; y: number }> {
  await page.locator('[data-chart="graph"]').scrollIntoViewIfNeeded();
  const found = await page.evaluate(async (wanted) => {
    const chart = document.querySelector<HTMLElement>('[data-chart="graph"]');
    const target = chart?.querySelector('canvas')?.parentElement;
    const tooltip = chart?.parentElement?.querySelector<HTMLElement>('.chart-tooltip');
    if (!chart || !target || !tooltip) return null;
    const rect = chart.getBoundingClientRect();
    for (let y = 6; y < rect.height; y += 6) {
      for (let x = 6; x < rect.width; x += 6) {
        const init = { clientX: rect.left + x, clientY: rect.top + y, bubbles: true };
        target.dispatchEvent(new MouseEvent('mousemove', init));
        if (!tooltip.hidden && tooltip.querySelector('.ls-tooltip-title')?.textContent === wanted) {
          return { x: rect.left + x, y: rect.top + y };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return null;
  }, name);
  assert.ok(found, `graph node ${name} found on the canvas`);
  return found;
}

describe('dashboard: samples (hosts, edges, sessions, HTTP)', { skip: skipSamples }, () => {
  let summary: Summary;
  let file: string;
  before(() => {
    summary = analyze([samplesDir]);
    file = writeReport('dashboard-samples', subjectFor(samplesDir, 'samples'), summary);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`shows every view the log has data for (${theme})`, async () => {
      const opened = await openReport(browser, file, theme);
      try {
        const { page } = opened;
        for (const view of ['timeline', 'templates', 'hosts', 'graph', 'heatmap', 'status', 'latency', 'paths', 'clients', 'sessions']) {
          assert.ok(await page.locator(`[data-view="${view}"]`).isVisible(), `view ${view}`);
        }
        // The engine's per-bucket series and histograms feed the views over time.
        for (const view of ['multiples', 'statusTime', 'latencyTime', 'latencyHistogram']) {
          assert.ok(await page.locator(`[data-view="${view}"]`).isVisible(), `view ${view}`);
        }
        assert.equal(await kpi(page, 'sessions'), summary.sessions?.count);
        assert.ok(((await page.locator('[data-kpi="p95"] .kpi-value').textContent()) ?? '').length > 0);
        for (const chart of ['graph', 'clients', 'sessions']) assert.ok((await canvasInk(page, chart)).ink > 1500, `${chart} drew`);
        // The graph's table lists every edge; placeholders are set apart in the templates.
        await page.locator('[data-view="graph"] button.toggle').click();
        assert.equal(await page.locator('[data-view="graph"] tbody tr').count(), summary.edges.length);
        await page.locator('[data-view="graph"] button.toggle').click();
        assert.ok((await page.locator('[data-view="templates"] .placeholder').count()) > 0);
        await page.screenshot({ path: screenshotPath(`dashboard-samples-${theme}`), fullPage: true });
        await assertClean(opened);
      } finally {
        await opened.close();
      }
    });
  }

  test('a brushed time range narrows the KPIs and the heatmap, shows a chip, and clears', async () => {
    const opened = await openReport(browser, file, 'light');
    try {
      const { page } = opened;
      await brushTimeline(page, 0.55, 0.8);
      const chip = page.locator('[data-chip="range"]');
      assert.ok(await chip.isVisible(), 'range chip');
      const records = await kpi(page, 'records');
      const errors = await kpi(page, 'errors');
      assert.ok(records > 0 && records < summary.records, `records in range ${records}`);
      // The shown numbers are the sums of one contiguous run of timeline buckets.
      const totals = bucketTotals(summary);
      const run = contiguousRuns(totals.records).find(({ first, last, sum }) => {
        const errorSum = totals.errors.slice(first, last + 1).reduce((a, b) => a + b, 0);
        return sum === records && errorSum === errors && first > 0 && last < totals.records.length - 1;
      });
      assert.ok(run, `records ${records} / errors ${errors} match a bucket range`);
      // The heatmap was rebuilt from the same buckets (2-minute buckets divide an hour).
      const heat = (await page.locator('[data-view="heatmap"] .heatmap-cell').allTextContents()).map(parseCount);
      assert.equal(heat.reduce((a, b) => a + b, 0), errors, 'heatmap total = errors in range');
      assert.ok(await page.locator('[data-view="timeline"] .band-range').isVisible(), 'range drawn on the timeline');
      const delta = await page.locator('[data-kpi="records"] .kpi-delta').getAttribute('title');
      assert.match(delta ?? '', /vs/, 'the delta says what it compares');
      await page.locator('[data-action="zoom"]').click();
      await page.waitForTimeout(400);
      await page.screenshot({ path: screenshotPath('dashboard-range-zoomed-light'), fullPage: true });
      await chip.locator('button').click();
      assert.equal(await kpi(page, 'records'), summary.records, 'chip removed: whole log again');
      assert.equal(await chip.count(), 0);
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('clicking a graph node focuses the dashboard on that host', async () => {
    const opened = await openReport(browser, file, 'dark');
    try {
      const { page } = opened;
      const host = [...summary.hosts].filter((h) => summary.edges.some((e) => e.source === h.name || e.target === h.name)).sort((a, b) => b.errors - a.errors)[0];
      assert.ok(host, 'a host with edges');
      const point = await findGraphNode(page, host.name);
      const tooltip = (await page.locator('[data-view="graph"] .chart-tooltip').textContent()) ?? '';
      const sent = summary.edges.filter((e) => e.source === host.name).reduce((sum, e) => sum + e.count, 0);
      assert.match(tooltip, new RegExp(`Send errors${sent}`), 'tooltip lists send errors');
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(500);
      assert.equal(await page.locator('[data-chip="host"] .filter-chip-value').textContent(), host.name);
      assert.equal(await kpi(page, 'records'), host.records, 'records of the host');
      assert.equal(await kpi(page, 'errors'), host.errors, 'errors of the host');
      // With per-host series every view over time narrows to the host: no "cannot apply" note.
      const note = page.locator('[data-view="filters"] .filter-note');
      assert.ok(!(await note.isVisible()) || !/per-host series/.test((await note.textContent()) ?? ''), 'the host filter applies over time');
      await page.screenshot({ path: screenshotPath('dashboard-host-selected-dark'), fullPage: true });
      // The direction control and the minimum-count slider redraw the graph's edges.
      await page.locator('[data-view="graph"] [data-direction="receive"]').click();
      const receive = summary.edges.filter((e) => e.direction === 'receive').length;
      assert.match((await page.locator('[data-view="graph"] .card-subtitle').textContent()) ?? '', new RegExp(`${receive} of ${summary.edges.length} edges`));
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });

  test('a template filter narrows the KPIs and marks its time span; sorting and exports work', async () => {
    const opened = await openReport(browser, file, 'light');
    try {
      const { page } = opened;
      const view = page.locator('[data-view="templates"]');
      const firstRow = view.locator('tr.template-row').first();
      const id = Number(await firstRow.getAttribute('data-template-id'));
      const template = summary.templates.find((t) => t.id === id);
      assert.ok(template);
      await firstRow.locator('[data-action="filter-template"]').click();
      assert.equal(await page.locator('[data-chip="template"] .filter-chip-value').textContent(), template.template);
      assert.equal(await kpi(page, 'records'), template.count);
      assert.equal(await kpi(page, 'errors'), template.level === 'error' || template.level === 'fatal' ? template.count : 0);
      // With per-template series the timeline draws the template's counts (a column of its table).
      await page.locator('[data-view="timeline"] button.toggle').click();
      const timelineHeaders = await page.locator('[data-view="timeline"] thead th').allTextContents();
      assert.ok(timelineHeaders.some((h) => h.startsWith('Template:')), `template column in ${timelineHeaders.join(' | ')}`);
      await page.locator('[data-view="timeline"] button.toggle').click();
      // Sort by count ascending: the least frequent error template comes first.
      await view.locator('[data-sort="count"]').click();
      const errorCounts = summary.templates.filter((t) => t.level === 'error' || t.level === 'fatal').map((t) => t.count);
      assert.equal(parseCount(await view.locator('tr.template-row').first().locator('td').nth(2).textContent()), Math.min(...errorCounts));
      assert.equal(await view.locator('th[aria-sort="ascending"]').count(), 1);
      await page.screenshot({ path: screenshotPath('dashboard-template-selected-light'), fullPage: true });

      // Exports: PNG through a data: URL, CSV and JSON through blob: URLs, all under the report's CSP.
      const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-view="hosts"] [data-export="png"]').click()]);
      assert.match(png.suggestedFilename(), /\.png$/);
      const pngBytes = readFileSync((await png.path()) ?? '');
      assert.deepEqual([...pngBytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-view="hosts"] [data-export="csv"]').click()]);
      const csvText = readFileSync((await csv.path()) ?? '', 'utf8');
      assert.equal(csvText.split('\r\n')[0], 'Host,Errors,Warnings,Records,Cumulative % of errors');
      assert.equal(csvText.trim().split('\r\n').length, summary.hosts.length + 1);
      const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="json"]').click()]);
      const exported = JSON.parse(readFileSync((await json.path()) ?? '', 'utf8')) as { summary: Summary; filters: { template?: { text: string } } };
      assert.equal(exported.summary.records, summary.records);
      assert.equal(exported.filters.template?.text, template.template);
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });
});

describe('dashboard: views that need per-bucket series', { skip: skipSamples }, () => {
  test('small multiples per host, and a host filter applied over time', async () => {
    const summary = withHostSeries(analyze([samplesDir]));
    const file = writeReport('dashboard-series', subjectFor(samplesDir, 'samples with series'), summary);
    const opened = await openReport(browser, file, 'light');
    try {
      const { page } = opened;
      assert.ok(await page.locator('[data-view="multiples"]').isVisible());
      assert.ok((await canvasInk(page, 'multiples')).ink > 2000);
      await page.locator('[data-view="multiples"] button.toggle').click();
      const headers = await page.locator('[data-view="multiples"] thead th').allTextContents();
      assert.deepEqual(headers.slice(1).sort(), summary.series.hosts.map((h) => h.name).sort());
      await page.locator('[data-view="multiples"] button.toggle').click();
      // Select the busiest host by clicking its bar in the hosts chart.
      const top = [...summary.hosts].sort((a, b) => b.errors - a.errors)[0];
      assert.ok(top);
      await page.locator('[data-chart="hosts"]').scrollIntoViewIfNeeded();
      const box = await page.locator('[data-chart="hosts"]').boundingBox();
      assert.ok(box);
      // The first row (most errors) lies just below the Pareto axis; a click anywhere on it counts.
      await page.mouse.click(box.x + box.width / 2, box.y + 40);
      await page.waitForTimeout(500);
      assert.equal(await page.locator('[data-chip="host"] .filter-chip-value').textContent(), top.name);
      const hostSeries = summary.series.hosts.find((h) => h.name === top.name);
      assert.equal(await kpi(page, 'records'), hostSeries?.records.reduce((a, b) => a + b, 0), 'KPI from the host series');
      assert.equal(await page.locator('[data-view="filters"] .filter-note').isVisible(), false, 'nothing left unapplied');
      // With series the host filter is drawn over time on the timeline.
      assert.match((await page.locator('[data-view="timeline"] .chart-legend').textContent()) ?? '', /Host:/);
      await brushTimeline(page, 0.3, 0.6);
      const inRange = await kpi(page, 'records');
      assert.ok(inRange < (hostSeries?.records.reduce((a, b) => a + b, 0) ?? 0), 'range narrows the host series');
      await page.screenshot({ path: screenshotPath('dashboard-series-light'), fullPage: true });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });
});

describe('dashboard: small multiples need several hosts', { skip: skipSamples }, () => {
  test('are left out for a one-host log and shown for a multi-host one', async () => {
    const single = analyze([join(samplesDir, 'orders-1.log')]);
    assert.deepEqual((single.series?.hosts ?? []).map((h) => h.name), ['orders-1'], 'the log has per-host series, of one host');
    const several = analyze([samplesDir]);
    assert.ok((several.series?.hosts ?? []).length > 1);
    // Two hosts, errors on one only: a second chart would be empty.
    const folder = mkdtempSync(join(tmpdir(), 'logscope-multiples-'));
    const lines = (level: string): string => Array.from({ length: 30 }, (_, i) => `2024-03-01 10:${String(i).padStart(2, '0')}:00,000 ${level} [main] a.B - step ${i}\n`).join('');
    writeFileSync(join(folder, 'api-1.log'), lines('ERROR'));
    writeFileSync(join(folder, 'api-2.log'), lines('INFO'));
    const oneFailing = analyze([folder]);
    assert.deepEqual((oneFailing.series?.hosts ?? []).map((h) => h.name).sort(), ['api-1', 'api-2']);
    for (const [name, summary, shown] of [['one-host', single, false], ['one-failing-host', oneFailing, false], ['multi-host', several, true]] as const) {
      const opened = await openReport(browser, writeReport(`dashboard-${name}`, subjectFor(samplesDir, name), summary), 'light');
      try {
        const { page } = opened;
        assert.ok(await page.locator('[data-view="timeline"]').isVisible());
        // Like the hosts chart, which has nothing to compare for one host either.
        if (name !== 'one-failing-host') assert.equal(await page.locator('[data-view="hosts"]').isVisible(), shown, `hosts chart for the ${name} log`);
        assert.equal(await page.locator('[data-view="multiples"]').isVisible(), shown, `small multiples for the ${name} log`);
        if (shown) assert.ok((await canvasInk(page, 'multiples')).ink > 2000, 'the small multiples drew');
        await page.screenshot({ path: screenshotPath(`dashboard-${name}-light`), fullPage: true });
        await assertClean(opened);
      } finally {
        await opened.close();
      }
    }
  });
});

describe('dashboard: hostile text in the new views', () => {
  test('graph labels, small multiples, chips and exports keep payloads as text', async () => {
    const file = writeReport('dashboard-payload', PAYLOAD_SUBJECT, withHostSeries(payloadSummary()));
    const opened = await openReport(browser, file, 'dark');
    try {
      const { page } = opened;
      // Hover every chart (tooltips), open every table, filter by the first template (chip).
      for (const chart of await page.locator('[data-chart]').all()) {
        const box = await chart.boundingBox();
        if (!box) continue;
        for (let step = 1; step < 10; step += 1) await page.mouse.move(box.x + (box.width * step) / 10, box.y + box.height / 2);
      }
      await page.locator('[data-action="filter-template"]').first().click();
      for (const toggle of await page.locator('button.toggle').all()) if (await toggle.isVisible()) await toggle.click();
      assert.ok((await page.locator('[data-chip="template"]').textContent())?.includes('<img'), 'chip shows the payload as text');
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
      assert.equal(await page.locator('#app img, #app svg, #app iframe, #app script, #app style, #app object').count(), 0);
      await page.screenshot({ path: screenshotPath('dashboard-payload-dark'), fullPage: true });
      await assertClean(opened);
    } finally {
      await opened.close();
    }
  });
});
