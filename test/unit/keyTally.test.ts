/**
 * The access log's fast path counts clients and paths by interned id (KeyTally) and folds them
 * into the aggregator's maps later. Whenever anyone can read the maps — a finished source, a
 * live summary, ids forgotten by a full interner — they must hold what the plain path (the
 * regex, counting into the maps record by record) gives.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessLogLines } from '../../bench/generators';
import { Aggregator } from '../../extension/engine/aggregator';
import { IncrementalAnalysis } from '../../extension/engine/incremental';
import { SourceAnalyzer } from '../../extension/engine/sourceAnalyzer';
import type { Summary } from '../../extension/engine/summary';
import { comparableSummary } from './summaryCompare';

const REFERENCE = Date.UTC(2026, 10, 23);

/** The summary through the plain path: lines as strings, parsed by the regex. */
function plainSummary(lines: readonly string[]): Summary {
  const aggregator = new Aggregator();
  const source = new SourceAnalyzer(aggregator, 'access.log', () => 0, { referenceTime: REFERENCE });
  for (const line of lines) source.pushLine(line);
  return aggregator.summary([source.finish()]);
}

/** The summary through the fast path: lines as bytes. */
function fastSummary(lines: readonly string[]): Summary {
  const aggregator = new Aggregator();
  const source = new SourceAnalyzer(aggregator, 'access.log', () => 0, { referenceTime: REFERENCE });
  for (const line of lines) {
    const bytes = Buffer.from(line, 'latin1');
    source.pushBytes(bytes, 0, bytes.length);
  }
  return aggregator.summary([source.finish()]);
}

/** Sources differ by construction (bytes read so far): everything else must be equal. */
function withoutSources(summary: Summary): unknown {
  return comparableSummary({ ...summary, sources: [] });
}

describe('counts kept by id (KeyTally)', () => {
  it('a finished source gives what the plain path gives', () => {
    const next = accessLogLines(11);
    const lines = Array.from({ length: 30_000 }, next);
    const fast = fastSummary(lines);
    assert.ok(fast.clients.length > 1000 && (fast.http?.topPaths.length ?? 0) > 10, 'the log has many clients and paths');
    assert.deepEqual(comparableSummary(fast), comparableSummary(plainSummary(lines)));
  });

  it('every live summary counts every line so far, and counts none twice', () => {
    const next = accessLogLines(12);
    const lines = Array.from({ length: 6_000 }, next);
    const live = new IncrementalAnalysis('access.log', { referenceTime: REFERENCE });
    for (let from = 0; from < lines.length; from += 1_500) {
      const part = lines.slice(from, from + 1_500);
      live.append(part.join('\n') + '\n');
      const seen = lines.slice(0, from + part.length);
      assert.deepEqual(withoutSources(live.summary()), withoutSources(plainSummary(seen)), `after ${seen.length} lines`);
    }
  });

  it('counts survive the interner forgetting its ids (more distinct clients than it holds)', () => {
    // 150,000 distinct clients: past the interner's 131,072 keys, within the maps' exact range.
    const lines = Array.from({ length: 150_000 }, (_, i) => {
      const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      return `${client} - - [10/Oct/2000:13:55:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i % 300} HTTP/1.1" ${i % 7 === 0 ? 503 : 200} ${i % 1000} "-" "ua"`;
    });
    const fast = fastSummary(lines);
    assert.equal(fast.clientCount, 150_000);
    assert.deepEqual(comparableSummary(fast), comparableSummary(plainSummary(lines)));
  });
});
