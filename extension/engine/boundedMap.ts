/**
 * A map of per-key statistics with bounded memory: exact while it holds at most `2 × cap`
 * keys; past that it keeps the `cap` heaviest keys (a frequent-items summary, as Misra–Gries)
 * and remembers the heaviest weight it dropped — the most any kept key can be undercounted by,
 * and the least a key must weigh to be sure it is listed.
 */
/**
 * A caller-held shortcut to one key's entry (e.g. kept with an interned key), so repeated keys
 * skip the map lookup. Valid while the map has not pruned since it was filled.
 */
export interface EntryHandle {
  map: unknown;
  generation: number;
  value: unknown;
}

export function newEntryHandle(): EntryHandle {
  return { map: null, generation: -1, value: undefined };
}

export class BoundedMap<V> {
  private map = new Map<string, V>();
  /** Largest weight dropped so far (0 while exact). */
  maxError = 0;
  /** Bumped by every prune: handles filled before it are stale. */
  private generation = 0;

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

  /** `upsert` through a handle: the lookup is skipped while the handle is valid. */
  upsertVia(handle: EntryHandle, key: string, create: () => V): V {
    if (handle.map === this && handle.generation === this.generation) return handle.value as V;
    const value = this.upsert(key, create);
    handle.map = this;
    handle.generation = this.generation;
    handle.value = value;
    return value;
  }

  /** Entries and error bound, for sending to another thread (see `loadState`). */
  state(): { readonly entries: Map<string, V>; readonly maxError: number } {
    return { entries: this.map, maxError: this.maxError };
  }

  /** Replaces the contents with a `state()` taken elsewhere (e.g. in a worker thread). */
  loadState(state: { readonly entries: Map<string, V>; readonly maxError: number }): void {
    // The state arrived by structured clone, a map of its own: taken as it is, not copied
    // (the copy showed at the end of parallel runs, when the main thread waits on it).
    this.map = state.entries;
    this.maxError = state.maxError;
    this.generation++;
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
    this.generation++;
    const sorted = [...this.map].sort((a, b) => this.weight(b[1]) - this.weight(a[1]));
    for (let i = this.cap; i < sorted.length; i++) {
      const [key, value] = sorted[i]!;
      this.maxError = Math.max(this.maxError, this.weight(value));
      this.map.delete(key);
    }
  }
}
