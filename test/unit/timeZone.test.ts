// Time zones: zone names, offsets through daylight-saving changes and odd offsets (+05:30,
// +05:45, a change at :30 UTC, one at 00:44:30 UTC), the engine's day and hour aggregates, the
// dashboard's formatting and axis ticks, and the logscope.timeZone setting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../extension/engine/analyze';
import { Aggregator } from '../../extension/engine/aggregator';
import { normalizeTimeZone, offsetAt, sameTimeZone, hourOfWeek, ZoneClock } from '../../extension/engine/timeZone';
import { emptyLevelCounts, type Summary } from '../../extension/engine/summary';
import { parseFromWebview } from '../../extension/shared/messages';
import { parseTimeZoneSetting, resolveTimeZone } from '../../extension/shared/timeZoneSetting';
import { computeScope, heatmapFromBuckets } from '../../webview/scope';
import { NO_SELECTION } from '../../webview/selection';
import { timeTicks } from '../../webview/timeAxis';
import { DisplayZone } from '../../webview/timeZone';

const H = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

describe('zone names', () => {
  it('accepts UTC and IANA names, normalising their spelling, and refuses anything else', () => {
    assert.equal(normalizeTimeZone('UTC'), 'UTC');
    assert.equal(normalizeTimeZone('utc'), 'UTC');
    assert.equal(normalizeTimeZone('Etc/UTC'), 'UTC');
    assert.equal(normalizeTimeZone(' europe/berlin '), 'Europe/Berlin');
    // ICU calls it Asia/Calcutta; whoever typed Asia/Kolkata keeps reading Asia/Kolkata.
    assert.equal(normalizeTimeZone('Asia/Kolkata'), 'Asia/Kolkata');
    assert.equal(normalizeTimeZone('America/Port-au-Prince'), 'America/Port-au-Prince');
    assert.equal(normalizeTimeZone('Etc/GMT+5'), 'Etc/GMT+5');
    for (const bad of ['', 'local', 'Mars/Base', 'Europe/Berlinn', '+05:30', 'UTC+1', '<img src=x>', 'Europe/../Berlin ']) {
      assert.equal(normalizeTimeZone(bad), null, bad);
    }
  });

  it('knows aliases of one zone', () => {
    assert.ok(sameTimeZone('Asia/Kolkata', 'Asia/Calcutta'));
    assert.ok(sameTimeZone('UTC', 'Etc/UTC'));
    assert.ok(!sameTimeZone('Europe/Berlin', 'Europe/Paris'));
    assert.ok(!sameTimeZone('Mars/Base', 'Mars/Base '));
  });
});

describe('offsets', () => {
  it('follows Berlin across both daylight-saving changes of 2024', () => {
    assert.equal(offsetAt('Europe/Berlin', at('2024-01-15T12:00:00Z')), 1 * H);
    assert.equal(offsetAt('Europe/Berlin', at('2024-07-15T12:00:00Z')), 2 * H);
    const clock = new ZoneClock('Europe/Berlin');
    // Spring forward at 01:00 UTC: 01:59:59.999 CET is followed by 03:00 CEST.
    assert.equal(new Date(clock.wall(at('2024-03-31T00:59:59.999Z'))).toISOString(), '2024-03-31T01:59:59.999Z');
    assert.equal(new Date(clock.wall(at('2024-03-31T01:00:00Z'))).toISOString(), '2024-03-31T03:00:00.000Z');
    // Fall back at 01:00 UTC: 02:59:59 CEST is followed by 02:00 CET.
    assert.equal(new Date(clock.wall(at('2024-10-27T00:59:59Z'))).toISOString(), '2024-10-27T02:59:59.000Z');
    assert.equal(new Date(clock.wall(at('2024-10-27T01:00:00Z'))).toISOString(), '2024-10-27T02:00:00.000Z');
  });

  it('keeps half and three-quarter hour offsets', () => {
    assert.equal(offsetAt('Asia/Kolkata', at('2024-06-01T00:00:00Z')), 5.5 * H);
    assert.equal(offsetAt('Asia/Kathmandu', at('2024-06-01T00:00:00Z')), 5.75 * H);
    assert.equal(offsetAt('America/St_Johns', at('2024-01-01T00:00:00Z')), -3.5 * H);
    assert.equal(offsetAt('UTC', at('2024-06-01T00:00:00Z')), 0);
  });

  it('is exact where a change falls inside a cached quarter hour', () => {
    // Adelaide leaves daylight saving at 16:30 UTC; Monrovia moved from -00:44:30 at 00:44:30 UTC.
    const adelaide = new ZoneClock('Australia/Adelaide');
    assert.equal(adelaide.offset(at('2024-04-06T16:29:59Z')), 10.5 * H);
    assert.equal(adelaide.offset(at('2024-04-06T16:30:00Z')), 9.5 * H);
    const monrovia = new ZoneClock('Africa/Monrovia');
    assert.equal(monrovia.offset(at('1972-01-07T00:44:29Z')), -(44 * 60 + 30) * 1000);
    assert.equal(monrovia.offset(at('1972-01-07T00:44:30Z')), 0);
    assert.equal(monrovia.offset(at('1972-01-07T00:30:00Z')), -(44 * 60 + 30) * 1000);
  });

  it('turns wall-clock times back into instants, gaps and overlaps included', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    assert.equal(berlin.instant(at('2024-01-15T10:00:00Z')), at('2024-01-15T09:00:00Z'));
    // 02:30 on 31 March does not exist: it is read as 03:30 CEST.
    assert.equal(berlin.instant(at('2024-03-31T02:30:00Z')), at('2024-03-31T01:30:00Z'));
    // 02:30 on 27 October happens twice: the first (CEST) one.
    assert.equal(berlin.instant(at('2024-10-27T02:30:00Z')), at('2024-10-27T00:30:00Z'));
    // São Paulo skipped midnight on 4 November 2018: that day began at 01:00 (-02:00).
    assert.equal(new ZoneClock('America/Sao_Paulo').instant(at('2018-11-04T00:00:00Z')), at('2018-11-04T03:00:00Z'));
  });

  it('reads the hour of the week from a wall-clock time', () => {
    // 2024-03-01 was a Friday (Monday = 0).
    assert.equal(hourOfWeek(at('2024-03-01T23:59:00Z')), 4 * 24 + 23);
    assert.equal(hourOfWeek(at('2024-03-04T00:00:00Z')), 0);
    assert.equal(hourOfWeek(at('2024-03-10T23:00:00Z')), 6 * 24 + 23, 'Sunday night is the last hour');
    assert.equal(hourOfWeek(at('1969-12-31T22:00:00Z')), 2 * 24 + 22, 'before the epoch');
    assert.equal(hourOfWeek(at('1969-12-29T00:00:00Z')), 0, 'a Monday before the epoch');
  });
});

describe('day and hour aggregates in a zone', () => {
  // Friday 2024-03-01 23:00 UTC is Saturday 04:30 in Kolkata; 20:00 UTC is already 2 March there.
  const lines = [
    { time: '2024-03-01T20:00:00Z', level: 'info', msg: 'login', session: 's1' },
    { time: '2024-03-01T23:00:00Z', level: 'error', msg: 'payment failed', session: 's1' },
    { time: '2024-03-01T17:00:00Z', level: 'info', msg: 'login', session: 's2' },
  ].map((record) => JSON.stringify(record)).join('\n');

  it('bins the heatmap and sessions per day by the zone given, in UTC by default', () => {
    const utc = analyzeText(lines, 'app.jsonl').summary;
    assert.equal(utc.timeZone, 'UTC');
    assert.equal(utc.errorHeatmap[4]![23], 1);
    assert.deepEqual(utc.sessions?.perDay, [{ date: '2024-03-01', count: 2 }]);

    const kolkata = analyzeText(lines, 'app.jsonl', { timeZone: 'Asia/Kolkata' }).summary;
    assert.equal(kolkata.timeZone, 'Asia/Kolkata');
    assert.equal(kolkata.errorHeatmap[5]![4], 1);
    assert.equal(kolkata.errorHeatmap.flat().reduce((a, b) => a + b, 0), 1);
    assert.deepEqual(kolkata.sessions?.perDay, [{ date: '2024-03-01', count: 1 }, { date: '2024-03-02', count: 1 }]);
    // Instants stay UTC.
    assert.equal(kolkata.timeRange?.start, '2024-03-01T17:00:00.000Z');
  });

  it('refuses unknown zones and merging aggregates of different zones', () => {
    assert.throws(() => new Aggregator({ timeZone: 'Mars/Base' }), /unknown time zone "Mars\/Base"/);
    const berlin = analyzeText(lines, 'a.jsonl', { timeZone: 'Europe/Berlin' }).aggregator;
    assert.throws(() => berlin.merge(analyzeText(lines, 'b.jsonl').aggregator), /time zone UTC into Europe\/Berlin/);
  });
});

describe('the logscope.timeZone setting', () => {
  it('is local by default, and names itself when its value is no zone', () => {
    assert.deepEqual(parseTimeZoneSetting(undefined), { zone: 'local', problem: null });
    assert.deepEqual(parseTimeZoneSetting(' Local '), { zone: 'local', problem: null });
    assert.deepEqual(parseTimeZoneSetting('utc'), { zone: 'UTC', problem: null });
    assert.deepEqual(parseTimeZoneSetting('Asia/Kolkata'), { zone: 'Asia/Kolkata', problem: null });
    const invalid = parseTimeZoneSetting('Mars/Base');
    assert.equal(invalid.zone, 'local');
    assert.match(invalid.problem ?? '', /^Setting "logscope\.timeZone" is invalid: "Mars\/Base" is not a time zone .*showing local time instead\.$/);
    const wrongType = parseTimeZoneSetting(5);
    assert.equal(wrongType.zone, 'local');
    assert.match(wrongType.problem ?? '', /"logscope\.timeZone" must be a text value/);
    assert.ok((parseTimeZoneSetting('x'.repeat(500)).problem ?? '').length < 300, 'a long value is cut');
  });

  it('resolves local to the zone of the machine or browser showing the dashboard', () => {
    assert.equal(resolveTimeZone('local', 'America/New_York'), 'America/New_York');
    assert.equal(resolveTimeZone('Asia/Kolkata', 'America/New_York'), 'Asia/Kolkata');
  });

  it('takes the browser zone the webview reports only when it is a zone', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', timeZone: 'europe/berlin' }), { type: 'ready', timeZone: 'Europe/Berlin' });
    assert.deepEqual(parseFromWebview({ type: 'ready', timeZone: '<img src=x onerror=alert(1)>' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'ready', timeZone: 'A'.repeat(100) }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  });
});

describe('dashboard times', () => {
  const utc = DisplayZone.of('UTC');
  const kolkata = DisplayZone.fromSetting('Asia/Kolkata', null);
  const berlin = DisplayZone.fromSetting('Europe/Berlin', null);

  it('writes a record at 23:00 UTC as 04:30 the next day in Kolkata', () => {
    assert.equal(utc.timestamp('2024-03-01T23:00:00Z'), '2024-03-01 23:00:00');
    assert.equal(kolkata.timestamp('2024-03-01T23:00:00Z'), '2024-03-02 04:30:00');
    assert.equal(kolkata.timestamp(null), '—');
    assert.equal(kolkata.timestamp('not a time'), '—');
    assert.equal(kolkata.date(at('2024-03-01T18:29:59Z')), '2024-03-01');
    assert.equal(kolkata.date(at('2024-03-01T18:30:00Z')), '2024-03-02');
  });

  it('labels buckets and ranges in the zone, saying when day buckets start off midnight', () => {
    assert.equal(kolkata.bucketStart(at('2024-03-01T23:00:00Z'), H), '2024-03-02 04:30');
    assert.equal(kolkata.bucketRange(at('2024-03-01T23:00:00Z'), H), '2024-03-02 04:30–05:30');
    assert.equal(utc.bucketStart(at('2024-03-01T00:00:00Z'), 24 * H), '2024-03-01');
    assert.equal(kolkata.bucketStart(at('2024-03-01T00:00:00Z'), 24 * H), '2024-03-01 05:30');
    assert.equal(kolkata.bucketRange(at('2024-03-01T18:00:00Z'), 2 * H), '2024-03-01 23:30 – 2024-03-02 01:30');
    assert.equal(utc.bucketStart(at('2024-03-01T10:00:05Z'), 5000), '2024-03-01 10:00:05');
    // Across the change to summer time the end of the range reads an hour later than its length.
    assert.equal(berlin.bucketRange(at('2024-03-31T00:00:00Z'), 2 * H), '2024-03-31 01:00–04:00');
  });

  it('names the zone with its offsets over the span shown', () => {
    assert.equal(utc.describe([at('2024-03-01T00:00:00Z')]), 'UTC');
    assert.equal(kolkata.describe([at('2024-03-01T00:00:00Z')]), 'Asia/Kolkata (UTC+05:30)');
    assert.equal(berlin.describe([at('2024-03-30T12:00:00Z'), at('2024-04-01T12:00:00Z')]), 'Europe/Berlin (UTC+01:00, UTC+02:00)');
    assert.equal(DisplayZone.fromSetting('America/New_York', null).offsetLabel(at('2024-01-01T00:00:00Z')), 'UTC-05:00');
    assert.equal(DisplayZone.fromSetting('Asia/Kathmandu', null).offsetLabel(at('2024-01-01T00:00:00Z')), 'UTC+05:45');
  });

  it('falls back to local time, saying why, when this browser does not know the zone', () => {
    const zone = DisplayZone.fromSetting('Mars/Base', null);
    assert.ok(zone.isLocal);
    assert.match(zone.problem ?? '', /does not know the time zone "Mars\/Base"/);
    const reported = DisplayZone.fromSetting('local', 'Setting "logscope.timeZone" is invalid');
    assert.equal(reported.problem, 'Setting "logscope.timeZone" is invalid');
    assert.equal(DisplayZone.of(undefined).name, 'UTC');
  });

  it('tells which buckets lie within one hour of the zone', () => {
    const start = at('2024-03-01T10:00:00Z');
    assert.ok(utc.withinOneHour(start, H));
    assert.ok(!kolkata.withinOneHour(start, H), '10:00–11:00 UTC is 15:30–16:30 in Kolkata');
    assert.ok(kolkata.withinOneHour(start, H / 2));
    const kathmandu = DisplayZone.fromSetting('Asia/Kathmandu', null);
    assert.ok(!kathmandu.withinOneHour(start, H / 2));
    assert.ok(kathmandu.withinOneHour(start + H / 4, H / 4) && kathmandu.withinOneHour(start, H / 4));
  });
});

describe('the dashboard heatmap rebuilt from timeline buckets', () => {
  /** A summary whose timeline has one error in each bucket from Friday 2024-03-01 22:00 UTC. */
  function withBuckets(bucketMs: number, count: number): Summary {
    const base = analyzeText('', 'empty.log').summary;
    const start = at('2024-03-01T22:00:00Z');
    const buckets = Array.from({ length: count }, (_, index) => ({
      start: new Date(start + index * bucketMs).toISOString(),
      counts: { ...emptyLevelCounts(), error: 1, info: 3 },
    }));
    return { ...base, timeline: { bucketMs, buckets }, series: undefined };
  }
  const cellsOf = (grid: number[][] | null): string[] =>
    (grid ?? []).flatMap((row, day) => row.map((count, hour) => (count > 0 ? `${day}/${hour}=${count}` : ''))).filter(Boolean);

  it('is exact where each bucket lies within one hour of the zone, and refuses otherwise', () => {
    const halfHours = computeScope(withBuckets(H / 2, 4), NO_SELECTION);
    // 22:00, 22:30, 23:00, 23:30 UTC are Saturday 03:30, 04:00, 04:30, 05:00 in Kolkata.
    assert.deepEqual(cellsOf(heatmapFromBuckets(halfHours, DisplayZone.fromSetting('Asia/Kolkata', null))), ['5/3=1', '5/4=2', '5/5=1']);
    assert.deepEqual(cellsOf(heatmapFromBuckets(halfHours, DisplayZone.of('UTC'))), ['4/22=2', '4/23=2']);
    // Kathmandu (+05:45) cuts every half hour of UTC in two; hourly buckets do not fit Kolkata.
    assert.equal(heatmapFromBuckets(halfHours, DisplayZone.fromSetting('Asia/Kathmandu', null)), null);
    assert.equal(heatmapFromBuckets(computeScope(withBuckets(H, 3), NO_SELECTION), DisplayZone.fromSetting('Asia/Kolkata', null)), null);
    assert.deepEqual(cellsOf(heatmapFromBuckets(computeScope(withBuckets(H, 3), NO_SELECTION), DisplayZone.fromSetting('Europe/Berlin', null))), ['4/23=1', '5/0=1', '5/1=1']);
  });
});

describe('time axis ticks', () => {
  const labelsOf = (zone: DisplayZone, from: string, to: string, width: number): string[] => {
    const ticks = timeTicks(zone, at(from), at(to), width);
    return ticks.values.map((value) => `${new Date(value).toISOString().slice(11, 16)}=${ticks.label(value)}`);
  };

  it('puts ticks on round hours of the zone, which are :30 in UTC for Kolkata', () => {
    assert.deepEqual(labelsOf(DisplayZone.of('UTC'), '2024-03-01T06:00:00Z', '2024-03-01T10:00:00Z', 400), ['06:00=06:00', '07:00=07:00', '08:00=08:00', '09:00=09:00', '10:00=10:00']);
    assert.deepEqual(
      labelsOf(DisplayZone.fromSetting('Asia/Kolkata', null), '2024-03-01T06:00:00Z', '2024-03-01T10:00:00Z', 400),
      ['06:30=12:00', '07:30=13:00', '08:30=14:00', '09:30=15:00'],
    );
  });

  it('labels day starts with the date and stays linear through a daylight-saving change', () => {
    const ticks = labelsOf(DisplayZone.fromSetting('Europe/Berlin', null), '2024-03-30T22:00:00Z', '2024-03-31T06:00:00Z', 900);
    // Midnight Berlin (23:00 UTC) is "Mar 31"; 02:00 does not exist that night.
    assert.deepEqual(ticks, ['22:00=23:00', '23:00=Mar 31', '00:00=01:00', '01:00=03:00', '02:00=04:00', '03:00=05:00', '04:00=06:00', '05:00=07:00', '06:00=08:00']);
  });

  it('steps by days, months or years on long spans, at local midnights', () => {
    const days = timeTicks(DisplayZone.fromSetting('Asia/Kolkata', null), at('2024-02-26T00:00:00Z'), at('2024-03-04T00:00:00Z'), 900);
    assert.ok(days.values.length >= 5);
    for (const value of days.values) assert.equal(new Date(value).toISOString().slice(11, 16), '18:30', 'Kolkata midnight');
    assert.ok(days.values.map(days.label).includes('Mar 2024'), 'the first of a month names the month');
    const years = timeTicks(DisplayZone.of('UTC'), at('2015-06-01T00:00:00Z'), at('2024-06-01T00:00:00Z'), 900);
    assert.deepEqual(years.values.map(years.label), ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']);
  });

  it('fits the number of ticks to the width', () => {
    const zone = DisplayZone.of('UTC');
    const narrow = timeTicks(zone, at('2024-03-01T00:00:00Z'), at('2024-03-02T00:00:00Z'), 300).values.length;
    const wide = timeTicks(zone, at('2024-03-01T00:00:00Z'), at('2024-03-02T00:00:00Z'), 1800).values.length;
    assert.ok(narrow >= 2 && narrow <= 5, `narrow: ${narrow}`);
    assert.ok(wide > narrow && wide <= 20, `wide: ${wide}`);
    assert.deepEqual(timeTicks(zone, 5, 5, 900).values, []);
    // With an edge margin, no tick sits right at either end.
    const inset = timeTicks(zone, at('2024-03-01T06:00:00Z'), at('2024-03-01T10:00:00Z'), 400, 20).values;
    assert.deepEqual(inset.map((value) => new Date(value).toISOString().slice(11, 16)), ['07:00', '08:00', '09:00']);
  });
});
