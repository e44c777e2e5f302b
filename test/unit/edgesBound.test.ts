import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Aggregator } from '../../extension/engine/aggregator';
import { SourceAnalyzer } from '../../extension/engine/sourceAnalyzer';

/** `count` ERROR lines, each naming a server no other line names. */
function feed(aggregator: Aggregator, name: string, first: number, count: number): void {
  const source = new SourceAnalyzer(aggregator, name, () => 0, { format: 'log4j' });
  for (let i = first; i < first + count; i++) {
    source.pushLine(`2024-03-01 10:00:00,000 ERROR [main] a.Db - Failed to connect to 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:5432 after 3 attempts`);
  }
  source.finish();
}

/** `approximations.edges` of a part (first line, lines) after merging another into it. */
function droppedAfterMerge(into: readonly [number, number], from: readonly [number, number]): number | undefined {
  const target = new Aggregator();
  const other = new Aggregator();
  feed(target, 'api-1.log', into[0], into[1]);
  feed(other, 'api-1.log', from[0], from[1]);
  target.merge(other);
  return target.summary([]).approximations.edges;
}

describe('server graph bound', () => {
  it('keeps 100,000 server pairs and says how many error mentions it could not count', () => {
    const whole = new Aggregator();
    feed(whole, 'api-1.log', 0, 100_025);
    const summary = whole.summary([]);
    assert.equal(summary.edges.length, 100_000);
    assert.equal(summary.approximations.edges, 25);

    // The same through merges: of parts under the bound, and of a part that already dropped some.
    assert.equal(droppedAfterMerge([0, 60_000], [60_000, 40_025]), 25);
    assert.equal(droppedAfterMerge([100_010, 15], [0, 100_010]), 25);

    const small = new Aggregator();
    feed(small, 'api-1.log', 0, 10);
    assert.equal(small.summary([]).approximations.edges, undefined, 'nothing dropped, nothing said');
  });
});
