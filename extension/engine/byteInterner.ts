/**
 * Turns byte ranges into values (decoded strings) without decoding repeated bytes again: the
 * same bytes give the same object (cheap Map keys downstream, no garbage per line).
 * Open addressing over one typed array holding (hash, entry, key start, key length) side by
 * side, so a lookup touches one cache line before comparing bytes; the table grows with the
 * distinct keys (small tables stay in cache). Bounded: cleared when full, so memory stays flat on inputs with endless
 * distinct values.
 */
const MIN_SLOT_BITS = 10;
const MAX_SLOT_BITS = 18;
/** Entries kept before clearing (half the largest table). */
const MAX_ENTRIES = 1 << (MAX_SLOT_BITS - 1);
const MAX_ARENA_BYTES = 16 << 20;

/** Per slot: hash, entry + 1 (0 = empty slot), key start in the arena, key length. */
const STRIDE = 4;

export class ByteInterner<V> {
  private slotBits = MIN_SLOT_BITS;
  private slots = new Int32Array(STRIDE << MIN_SLOT_BITS);
  private values: V[] = [];
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;

  constructor(
    /** Builds the value for new bytes (e.g. decodes them). */
    private readonly create: (buffer: Buffer, start: number, end: number) => V,
  ) {}

  get(buffer: Uint8Array, start: number, end: number): V {
    return this.getHashed(buffer, start, end, hashBytes(buffer, start, end));
  }

  /** `get` with the bytes' `hashBytes` already computed (e.g. while scanning them). */
  getHashed(buffer: Uint8Array, start: number, end: number, hash: number): V {
    const slots = this.slots;
    const mask = (1 << this.slotBits) - 1;
    const length = end - start;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const at = slot * STRIDE;
      const entry = slots[at + 1]! - 1;
      if (entry < 0) break;
      // Hash, length and key position share the slot's cache line: only a likely match reads the arena.
      if (slots[at] === hash && slots[at + 3] === length) {
        const arena = this.arena;
        const shift = slots[at + 2]! - start;
        let k = start;
        while (k < end && arena[shift + k] === buffer[k]) k++;
        if (k === end) return this.values[entry]!;
      }
      slot = (slot + 1) & mask;
    }
    return this.insert(buffer as Buffer, start, end, hash);
  }

  private insert(buffer: Buffer, start: number, end: number, hash: number): V {
    const length = end - start;
    const value = this.create(buffer, start, end);
    if (this.values.length >= MAX_ENTRIES || this.arenaUsed + length > MAX_ARENA_BYTES) this.clear();
    // At most half full, so probes stay short.
    if (this.values.length >= 1 << (this.slotBits - 1)) this.grow();
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(buffer.subarray(start, end), this.arenaUsed);
    const entry = this.values.length;
    this.values.push(value);
    place(this.slots, this.slotBits, hash, entry + 1, this.arenaUsed, length);
    this.arenaUsed += length;
    return value;
  }

  /** Doubles the table. */
  private grow(): void {
    const old = this.slots;
    this.slotBits++;
    this.slots = new Int32Array(STRIDE << this.slotBits);
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 1] !== 0) place(this.slots, this.slotBits, old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
  }

  private clear(): void {
    this.slotBits = MIN_SLOT_BITS;
    this.slots = new Int32Array(STRIDE << MIN_SLOT_BITS);
    this.values = [];
    this.arenaUsed = 0;
  }
}

export const HASH_SEED = 0x811c9dc5 | 0;

/** One FNV-1a step: callers that scan bytes anyway fold them in as they go. */
export function hashStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

export function hashBytes(buffer: Uint8Array, start: number, end: number): number {
  let hash = HASH_SEED;
  for (let i = start; i < end; i++) hash = hashStep(hash, buffer[i]!);
  return hash;
}

function place(slots: Int32Array, slotBits: number, hash: number, entryPlusOne: number, keyStart: number, keyLength: number): void {
  const mask = (1 << slotBits) - 1;
  let slot = (hash ^ (hash >>> 15)) & mask;
  while (slots[slot * STRIDE + 1] !== 0) slot = (slot + 1) & mask;
  const at = slot * STRIDE;
  slots[at] = hash;
  slots[at + 1] = entryPlusOne;
  slots[at + 2] = keyStart;
  slots[at + 3] = keyLength;
}
