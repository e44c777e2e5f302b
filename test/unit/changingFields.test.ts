import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markChanging } from '../../extension/engine/changingFields';
import { ByteInterner } from '../../extension/engine/byteInterner';

describe('markChanging', () => {
  it('leaves every marked field holding what it held', () => {
    const table = new Int32Array([1, 2, 3]);
    const target = { bits: 10, sum: -0, table, name: null as string | null };
    markChanging(target, 'bits', 'sum', 'table', 'name');
    assert.equal(target.bits, 10);
    assert.ok(Object.is(target.sum, -0), 'a negative zero (kept as a double) stays -0');
    assert.equal(target.table, table);
    assert.deepEqual([...target.table], [1, 2, 3]);
    assert.equal(target.name, null);
  });

  it('refuses a field the object does not have, naming it', () => {
    assert.throws(() => markChanging({ bits: 1 }, 'bits', 'slotBits'), /no field slotBits/);
  });

  it('is given only fields the interner has (it would throw at construction otherwise), and the interner still works after grows', () => {
    const interner = new ByteInterner({ inlineBytes: 8, onInsert: () => undefined });
    const keys = Array.from({ length: 5000 }, (_, i) => Buffer.from(`client-${i}`));
    const ids = keys.map((key) => interner.idOf(key, 0, key.length));
    assert.deepEqual(ids, keys.map((_, i) => i));
    assert.deepEqual(keys.map((key) => interner.idOf(key, 0, key.length)), ids, 'the same ids once the table has grown');
  });
});
