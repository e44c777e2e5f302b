/**
 * Marks fields of a new object as ones that will change.
 *
 * V8 treats a field stored only once, when its object was built, as a constant of every object
 * of that shape, and optimized code that reads it relies on that. The first later store (a
 * table that doubles, a timeline that coarsens, a cache that is cleared) then throws that code
 * out, and the hot functions that read the field are compiled again. On the bench's access log
 * that was the aggregator's two adds (about 30 ms of compiling each), in the first megabytes of
 * every thread. Stored once more while the object is new, the field is known to change before
 * any code relies on it; the kind of value it holds (small integer, double, typed array) stays.
 *
 * Throws on a name the object does not have, so a renamed field cannot be missed silently.
 */
export function markChanging(target: object, ...fields: readonly string[]): void {
  const record = target as Record<string, unknown>;
  for (const field of fields) {
    if (!(field in record)) throw new Error(`markChanging: no field ${field}`);
    const value = record[field];
    record[field] = value;
  }
}
