/**
 * A map of per-key statistics with bounded memory: exact while it holds at most `2 × cap`
 * keys; past that it keeps the `cap` heaviest keys (a frequent-items summary, as Misra–Gries)
 * and remembers the heaviest weight it dropped — the most any kept key can be undercounted by,
 * and the least a key must weigh to be sure it is listed.
 */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  /** Largest weight dropped so far (0 while exact). */
  maxError = 0;

  constructor(
    private readonly cap: number,
    private readonly weight: (value: V) => number,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get exact(): boolean {
    return this.maxError === 0;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** The entry for `key`, created with `create()` when new. */
  upsert(key: string, create: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= 2 * this.cap) this.prune();
      value = create();
      this.map.set(key, value);
    }
    return value;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  private prune(): void {
    const sorted = [...this.map].sort((a, b) => this.weight(b[1]) - this.weight(a[1]));
    for (let i = this.cap; i < sorted.length; i++) {
      const [key, value] = sorted[i]!;
      this.maxError = Math.max(this.maxError, this.weight(value));
      this.map.delete(key);
    }
  }
}
