/**
 * Turns byte ranges into values (decoded strings) without decoding repeated bytes again: the
 * same bytes give the same object (cheap Map keys downstream, no garbage per line).
 * Open addressing over one typed array holding (hash, entry) pairs side by side, so a lookup
 * touches one cache line before comparing bytes; the table grows with the distinct keys (small
 * tables stay in cache). Bounded: cleared when full, so memory stays flat on inputs with endless
 * distinct values.
 */
const MIN_SLOT_BITS = 10;
const MAX_SLOT_BITS = 18;
/** Entries kept before clearing (half the largest table). */
const MAX_ENTRIES = 1 << (MAX_SLOT_BITS - 1);
const MAX_ARENA_BYTES = 16 << 20;

export class ByteInterner<V> {
  private slotBits = MIN_SLOT_BITS;
  /** Per slot: [hash, entry + 1] (entry 0 = empty slot). */
  private slots = new Int32Array(2 << MIN_SLOT_BITS);
  private keyStart = new Int32Array(1 << (MIN_SLOT_BITS - 1));
  private keyLength = new Int32Array(1 << (MIN_SLOT_BITS - 1));
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
    const slots = this.slots;
    const mask = (1 << this.slotBits) - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) break;
      if (slots[2 * slot] === hash && this.sameKey(entry, buffer, start, end - start)) return this.values[entry]!;
      slot = (slot + 1) & mask;
    }
    return this.insert(buffer as Buffer, start, end, hash);
  }

  private sameKey(entry: number, buffer: Uint8Array, start: number, length: number): boolean {
    if (this.keyLength[entry] !== length) return false;
    const arena = this.arena;
    const from = this.keyStart[entry]!;
    for (let k = 0; k < length; k++) if (arena[from + k] !== buffer[start + k]) return false;
    return true;
  }

  private insert(buffer: Buffer, start: number, end: number, hash: number): V {
    const length = end - start;
    const value = this.create(buffer, start, end);
    if (this.values.length >= MAX_ENTRIES || this.arenaUsed + length > MAX_ARENA_BYTES) this.clear();
    if (this.values.length >= this.keyStart.length) this.grow();
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(buffer.subarray(start, end), this.arenaUsed);
    const entry = this.values.length;
    this.values.push(value);
    this.keyStart[entry] = this.arenaUsed;
    this.keyLength[entry] = length;
    this.arenaUsed += length;
    this.place(hash, entry);
    return value;
  }

  private place(hash: number, entry: number): void {
    const mask = (1 << this.slotBits) - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = entry + 1;
  }

  /** Doubles the table (kept at most half full) and the per-entry arrays. */
  private grow(): void {
    const old = this.slots;
    this.slotBits++;
    this.slots = new Int32Array(2 << this.slotBits);
    for (let slot = 0; slot < old.length; slot += 2) if (old[slot + 1] !== 0) this.place(old[slot]!, old[slot + 1]! - 1);
    const capacity = 1 << (this.slotBits - 1);
    const starts = new Int32Array(capacity);
    starts.set(this.keyStart);
    this.keyStart = starts;
    const lengths = new Int32Array(capacity);
    lengths.set(this.keyLength);
    this.keyLength = lengths;
  }

  private clear(): void {
    this.slotBits = MIN_SLOT_BITS;
    this.slots = new Int32Array(2 << MIN_SLOT_BITS);
    this.keyStart = new Int32Array(1 << (MIN_SLOT_BITS - 1));
    this.keyLength = new Int32Array(1 << (MIN_SLOT_BITS - 1));
    this.values = [];
    this.arenaUsed = 0;
  }
}
