import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareNames, heaviest, nthSmallest } from '../../extension/engine/ranking';

describe('ranking', () => {
  it('nthSmallest gives what sorting gives, duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }), fc.nat(), (values, at) => {
        const k = at % values.length;
        const sorted = [...values].sort((a, b) => a - b);
        assert.equal(nthSmallest(Float64Array.from(values), k), sorted[k]);
      }),
      { numRuns: 500 },
    );
  });

  it('heaviest gives the first n of a full sort by weight, then name', () => {
    const entry = fc.tuple(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 200 }), fc.integer({ min: 1, max: 60 }), (entries, n) => {
        const byName = (a: [string, number], b: [string, number]): number => compareNames(a[0], b[0]);
        const expected = [...entries].sort((a, b) => b[1] - a[1] || byName(a, b)).slice(0, n);
        assert.deepEqual(heaviest(entries, n, (e) => e[1], byName), expected);
      }),
      { numRuns: 500 },
    );
  });
});
