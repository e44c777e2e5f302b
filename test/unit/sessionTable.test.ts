import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Aggregator } from '../../extension/engine/aggregator';
import { QuantileSketch } from '../../extension/engine/quantileSketch';
import { SessionTable, hashId } from '../../extension/engine/sessionTable';
import { SourceAnalyzer } from '../../extension/engine/sourceAnalyzer';
import { ZoneClock } from '../../extension/engine/timeZone';

const UTC = new ZoneClock('UTC');
const DAY = 86_400_000;
const START = Date.UTC(2024, 2, 1);

type Hit = readonly [id: string, time: number];

/** Sessions computed the plain way: a Map of id → first and last time. */
function reference(hits: readonly Hit[]): { count: number; meanDurationMs: number; perDay: Map<string, number>; histogram: unknown } | null {
  const byId = new Map<string, { first: number; last: number }>();
  for (const [id, time] of hits) {
    const s = byId.get(id);
    if (s === undefined) byId.set(id, { first: time, last: time });
    else {
      s.first = Math.min(s.first, time);
      s.last = Math.max(s.last, time);
    }
  }
  if (byId.size === 0) return null;
  const perDay = new Map<string, number>();
  const sketch = new QuantileSketch();
  let sum = 0;
  for (const s of byId.values()) {
    const day = new Date(s.first).toISOString().slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    sketch.add(s.last - s.first);
    sum += s.last - s.first;
  }
  return { count: byId.size, meanDurationMs: sum / byId.size, perDay, histogram: sketch.histogram() };
}

function summaryOf(table: SessionTable): ReturnType<typeof reference> {
  const s = table.summarize(UTC);
  return s === null ? null : { count: s.count, meanDurationMs: s.meanDurationMs, perDay: s.perDay, histogram: s.durations.histogram() };
}

function tableOf(hits: readonly Hit[], maxLive?: number): SessionTable {
  const table = new SessionTable(maxLive);
  for (const [id, time] of hits) table.add(id, time, UTC);
  return table;
}

function assertClose(actual: ReturnType<typeof reference>, expected: ReturnType<typeof reference>): void {
  assert.equal(actual === null, expected === null);
  if (actual === null || expected === null) return;
  assert.equal(actual.count, expected.count);
  assert.ok(Math.abs(actual.meanDurationMs - expected.meanDurationMs) <= 1e-6 * Math.max(1, expected.meanDurationMs), `mean ${actual.meanDurationMs} vs ${expected.meanDurationMs}`);
  assert.deepEqual([...actual.perDay].sort(), [...expected.perDay].sort());
  assert.deepEqual(actual.histogram, expected.histogram);
}

const hitsArbitrary = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom('a', 'b', 'session-1', 'Ω', ''), fc.string({ maxLength: 12 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 6, maxLength: 32 })),
    fc.integer({ min: START, max: START + 5 * DAY }),
  ),
  { maxLength: 400 },
);

describe('session table', () => {
  it('gives the count, mean length, days and histogram a Map of every id gives', () => {
    fc.assert(fc.property(hitsArbitrary, (hits) => assertClose(summaryOf(tableOf(hits)), reference(hits))), { numRuns: 300 });
  });

  it('merges two parts of a log to the sessions of the whole, an id spanning both counted once', () => {
    fc.assert(
      fc.property(hitsArbitrary, fc.nat(), (hits, cut) => {
        const at = hits.length === 0 ? 0 : cut % (hits.length + 1);
        const first = tableOf(hits.slice(0, at));
        first.merge(tableOf(hits.slice(at)), UTC);
        assertClose(summaryOf(first), reference(hits));
      }),
      { numRuns: 300 },
    );
  });

  it('makes room for the sessions it is told to expect, and counts them as without it', () => {
    // More ids than the table's first size holds, some repeated, over several days.
    const hits: Hit[] = Array.from({ length: 6000 }, (_, i) => [`trace-${(i * 7919) % 4500}`, START + i * 61_001]);
    for (const expected of [0, 1000, 4500, 9000]) {
      const table = new SessionTable();
      table.expect(expected);
      const before = table.buffers()[0];
      for (const [id, time] of hits) table.add(id, time, UTC);
      // Room for `expected` sessions: the table grew only if it holds more.
      assert.equal(table.buffers()[0] !== before, table.liveCount > expected, `expected ${expected}`);
      assertClose(summaryOf(table), reference(hits));
    }
  });

  it('survives the structured clone that moves it between threads', () => {
    const hits: Hit[] = Array.from({ length: 3000 }, (_, i) => [`trace-${i % 1700}`, START + i * 997]);
    const moved = SessionTable.revive(structuredClone(tableOf(hits)));
    assertClose(summaryOf(moved), reference(hits));
    moved.add('trace-1', START + 10 * DAY, UTC);
    assert.equal(moved.count, 1700, 'a revived table still finds its ids');
  });

  it('stays bounded past its limit, counting every session and saying how many it closed early', () => {
    // 20,000 one-record sessions in time order, with room for 256 at once: all are counted.
    const hits: Hit[] = Array.from({ length: 20_000 }, (_, i) => [`t${i}`, START + i * 1000]);
    const table = tableOf(hits, 256);
    assertClose(summaryOf(table), reference(hits));
    assert.ok(table.closedEarly > 10_000 && table.closedEarly < 20_000, `closed early: ${table.closedEarly}`);
    const clone = structuredClone(table) as unknown as { keys: Float64Array };
    assert.ok(clone.keys.length <= 1024, `slots kept: ${clone.keys.length}`);
  });

  it('closes some sessions even when most end at the same instant', () => {
    const hits: Hit[] = Array.from({ length: 5000 }, (_, i) => [`t${i}`, i < 4000 ? START : START + i]);
    const table = tableOf(hits, 128);
    assert.equal(table.count, 5000);
  });

  it('hashes ids to distinct 53-bit keys', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 200_000; i++) keys.add(hashId(i.toString(16)));
    assert.equal(keys.size, 200_000);
    assert.ok([...keys].every((k) => Number.isSafeInteger(k) && k > 0));
  });

  it('counts the trace ids of a JSON-lines log as the engine reads them', () => {
    const lines: string[] = [];
    const expected: Hit[] = [];
    for (let i = 0; i < 6000; i++) {
      const id = `${(i * 7919) % 2500}`.padStart(8, 'f');
      const time = START + i * 1500;
      lines.push(JSON.stringify({ time: new Date(time).toISOString(), level: i % 10 === 0 ? 'error' : 'info', msg: `step ${i % 5} done`, trace_id: id }));
      expected.push([id, time]);
    }
    const aggregator = new Aggregator();
    const source = new SourceAnalyzer(aggregator, 'trace.jsonl', () => 0, {});
    for (const line of lines) source.pushLine(line);
    source.finish();
    const sessions = aggregator.summary([]).sessions;
    const want = reference(expected)!;
    assert.equal(sessions?.count, want.count);
    assert.ok(Math.abs(sessions.meanDurationMs - want.meanDurationMs) < 1e-6);
    assert.deepEqual(sessions.perDay, [...want.perDay].sort().map(([date, count]) => ({ date, count })));
  });
});
