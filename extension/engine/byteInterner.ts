/**
 * Turns byte ranges into values (decoded strings) without decoding repeated bytes again: the
 * same bytes give the same object (cheap Map keys downstream, no garbage per line).
 * Open addressing over typed arrays, keys copied into one byte arena. Bounded: cleared when
 * full, so memory stays flat on inputs with endless distinct values.
 */
const SLOT_BITS = 18;
const SLOTS = 1 << SLOT_BITS;
/** Entries kept before clearing (keeps the table under half full). */
const MAX_ENTRIES = SLOTS >> 1;
const MAX_ARENA_BYTES = 16 << 20;

export class ByteInterner<V> {
  /** Slot -> entry index + 1 (0 = empty). */
  private readonly slots = new Int32Array(SLOTS);
  private readonly hashes = new Int32Array(MAX_ENTRIES);
  private readonly keyStart = new Int32Array(MAX_ENTRIES);
  private readonly keyLength = new Int32Array(MAX_ENTRIES);
  private values: V[] = [];
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;

  constructor(
    /** Builds the value for new bytes (e.g. decodes them). */
    private readonly create: (buffer: Buffer, start: number, end: number) => V,
  ) {}

  get(buffer: Uint8Array, start: number, end: number): V {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buffer[i]!, 0x01000193);
    const length = end - start;
    const mask = SLOTS - 1;
    let slot = (hash ^ (hash >>> SLOT_BITS)) & mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === hash && this.keyLength[entry] === length && this.sameKey(entry, buffer, start, length)) return this.values[entry]!;
      slot = (slot + 1) & mask;
    }
    return this.insert(buffer as Buffer, start, end, hash, slot);
  }

  private sameKey(entry: number, buffer: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const from = this.keyStart[entry]!;
    for (let k = 0; k < length; k++) if (arena[from + k] !== buffer[start + k]) return false;
    return true;
  }

  private insert(buffer: Buffer, start: number, end: number, hash: number, slot: number): V {
    const length = end - start;
    const value = this.create(buffer, start, end);
    if (this.values.length >= MAX_ENTRIES || this.arenaUsed + length > MAX_ARENA_BYTES) {
      this.clear();
      // Find the slot again in the emptied table.
      slot = (hash ^ (hash >>> SLOT_BITS)) & (SLOTS - 1);
    }
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(buffer.subarray(start, end), this.arenaUsed);
    const entry = this.values.length;
    this.values.push(value);
    this.hashes[entry] = hash;
    this.keyStart[entry] = this.arenaUsed;
    this.keyLength[entry] = length;
    this.arenaUsed += length;
    this.slots[slot] = entry + 1;
    return value;
  }

  private clear(): void {
    this.slots.fill(0);
    this.values = [];
    this.arenaUsed = 0;
  }
}
