/**
 * Numbers byte ranges: the same bytes get the same small integer id (0, 1, 2, …), so callers
 * keep what they know of a key in arrays indexed by id and decode its bytes only once.
 *
 * Open addressing over one typed array. A slot holds the hash, the id, the key's length and
 * position in an arena, and the key's first bytes inline: a lookup of a short key (a client
 * address, most requests) reads one slot and nothing else. With 20,000 clients and 25,000
 * requests nothing fits in cache, so every other memory read of a lookup is a likely miss; the
 * profile of the access log showed half its time waiting on such misses. Checked by hash (the
 * access-log parser's interners), a slot holds no key bytes: a lookup reads its slot only.
 *
 * Bounded: when full it forgets every key (after telling its owner, whose ids go stale), so
 * memory stays flat on inputs with endless distinct values.
 */
import { markChanging } from './changingFields';

const MIN_SLOT_BITS = 10;
const MAX_SLOT_BITS = 18;
/** Keys kept before forgetting (half the largest table: it stays within its load). */
const MAX_KEYS = 1 << (MAX_SLOT_BITS - 1);
const MAX_ARENA_BYTES = 16 << 20;

/** Whether this machine's typed arrays are little-endian (how `slots` reads the inline bytes as words). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Per slot, in 32-bit words: hash, id + 1 (0 = empty slot), key start in the arena (or, checked
 * by hash, the key's `checkStep` hash), key length, then the inline bytes.
 */
const HEADER_WORDS = 4;

export interface ByteInternerOptions {
  /**
   * Key bytes kept in the slot itself (a multiple of 8); longer keys are compared in the arena.
   * Zero with `checkedByHash`.
   */
  readonly inlineBytes: number;
  /**
   * Keys are not kept, and a key is the kept one when its hash, a second hash (`checkStep`, given
   * to `idOfChecked`) and its length agree: 64 bits, odds of about 10⁻¹¹ that two of 24,000 keys
   * agree. A lookup then reads nothing but its slot, and slots are smaller: on the bench's access
   * log, reading the keys' bytes to compare them was a fifth of a line's parse (two lookups).
   */
  readonly checkedByHash?: boolean;
  /**
   * 32-bit words per slot for the owner's data about the key (an even number, starting at an
   * 8-byte boundary: `floats` can address them two by two). Zero for a new key; they move with
   * the slot and are dropped when the key is forgotten.
   */
  readonly dataWords?: number;
  /** Called with the id of bytes not seen before (e.g. to decode them once). */
  readonly onInsert: (id: number, buffer: Uint8Array, start: number, end: number) => void;
  /** Called before every id is forgotten (the table is full): counts kept by id must be settled now. */
  readonly onForget?: () => void;
  /**
   * Keys the table starts with room for (default: 768). Growing early costs more than the room:
   * the first doublings run before the JIT has compiled them (see compileAccessBytesParser).
   */
  readonly expectedKeys?: number;
}

export class ByteInterner {
  private readonly stride: number;
  private readonly inlineBytes: number;
  /** Keys are checked by two hashes and not kept (see ByteInternerOptions.checkedByHash). */
  private readonly checkedByHash: boolean;
  /** Word offset of the owner's data in a slot. */
  readonly dataOffset: number;
  /** Slot bits of a new (or emptied) table. */
  private readonly initialSlotBits: number;
  private slotBits: number;
  /** The table; a key's data is at `lastAt + dataOffset` (changes when the table grows or forgets). */
  slots: Int32Array;
  /** The same memory as `slots`, as doubles (index = word index / 2). */
  floats: Float64Array;
  /** The same memory as `slots`, for the inline key bytes. */
  private slotBytes: Uint8Array;
  /** Word index of each id's slot. */
  private slotOfId: Int32Array;
  /** Word index of the slot the last `idOf` found or filled. */
  lastAt = 0;
  private arena = new Uint8Array(1 << 16);
  /** The arena as a DataView, to compare long keys four bytes at a time. */
  private arenaView = new DataView(this.arena.buffer);
  /** The buffer `view` reads (see viewOf). */
  private viewed: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private arenaUsed = 0;
  /** Keys held (ids 0 … size - 1). */
  size = 0;

  constructor(private readonly options: ByteInternerOptions) {
    const dataWords = options.dataWords ?? 0;
    if (options.inlineBytes % 8 !== 0 || options.inlineBytes < 0) throw new Error('inlineBytes must be a multiple of 8');
    if (options.checkedByHash === true && options.inlineBytes !== 0) throw new Error('keys checked by hash are not kept: inlineBytes must be 0');
    if (dataWords % 2 !== 0 || dataWords < 0) throw new Error('dataWords must be even');
    this.inlineBytes = options.inlineBytes;
    this.checkedByHash = options.checkedByHash === true;
    this.dataOffset = HEADER_WORDS + options.inlineBytes / 4;
    this.stride = this.dataOffset + dataWords;
    this.initialSlotBits = slotBitsFor(options.expectedKeys ?? 0);
    this.slotBits = this.initialSlotBits;
    this.slots = new Int32Array(this.stride << this.slotBits);
    this.slotOfId = new Int32Array(1 << this.slotBits);
    this.floats = new Float64Array(this.slots.buffer);
    this.slotBytes = new Uint8Array(this.slots.buffer);
    markChanging(this, 'slotBits', 'slotOfId', 'arena', 'arenaView');
  }

  /**
   * Reads the slot a lookup of `hash` starts at and returns its hash word. Called early, while
   * other work goes on, it brings that slot into cache before `idOfHashed` needs it.
   */
  touch(hash: number): number {
    return this.slots[this.homeSlot(hash) * this.stride]!;
  }

  /** The slot a probe for `hash` starts at. */
  private homeSlot(hash: number): number {
    return (hash ^ (hash >>> 15)) & ((1 << this.slotBits) - 1);
  }

  /** Word index of the slot of a key's id (valid until the table next grows or forgets). */
  slotOf(id: number): number {
    return this.slotOfId[id]!;
  }

  idOf(buffer: Uint8Array, start: number, end: number): number {
    return this.idOfHashed(buffer, start, end, hashBytes(buffer, start, end));
  }

  /** `idOf` with the bytes' `hashBytes` already computed (e.g. while scanning them). */
  idOfHashed(buffer: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const stride = this.stride;
    const mask = (1 << this.slotBits) - 1;
    const length = end - start;
    let slot = this.homeSlot(hash);
    for (;;) {
      const at = slot * stride;
      const id = slots[at + 1]! - 1;
      if (id < 0) break;
      if (slots[at] === hash && slots[at + 3] === length) {
        let k = start;
        // Four bytes at a time while they agree, then byte by byte (a difference, or the tail).
        const view = this.viewOf(buffer);
        if (length <= this.inlineBytes) {
          let word = at + HEADER_WORDS;
          while (k + 4 <= end && slots[word] === view.getInt32(k, LITTLE_ENDIAN)) {
            k += 4;
            word++;
          }
          const bytes = this.slotBytes;
          const shift = (at + HEADER_WORDS) * 4 - start;
          while (k < end && bytes[shift + k] === buffer[k]) k++;
        } else {
          const arenaView = this.arenaView;
          const shift = slots[at + 2]! - start;
          while (k + 4 <= end && arenaView.getInt32(shift + k) === view.getInt32(k)) k += 4;
          const arena = this.arena;
          while (k < end && arena[shift + k] === buffer[k]) k++;
        }
        if (k === end) {
          this.lastAt = at;
          return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (this.checkedByHash) throw new Error('an interner checked by hash is looked up with idOfChecked');
    return this.insert(buffer, start, end, hash, 0);
  }

  /**
   * The id of the key with these hashes (`hashStep` and `checkStep` over its bytes) and length,
   * for an interner checked by hash; its bytes are read only when it is new (`onInsert`).
   */
  idOfChecked(buffer: Uint8Array, start: number, end: number, hash: number, check: number): number {
    const slots = this.slots;
    const stride = this.stride;
    const mask = (1 << this.slotBits) - 1;
    const length = end - start;
    let slot = this.homeSlot(hash);
    for (;;) {
      const at = slot * stride;
      const id = slots[at + 1]! - 1;
      if (id < 0) break;
      if (slots[at] === hash && slots[at + 2] === check && slots[at + 3] === length) {
        this.lastAt = at;
        return id;
      }
      slot = (slot + 1) & mask;
    }
    return this.insert(buffer, start, end, hash, check);
  }

  /** A DataView of `buffer` (the same one for every line of a read block). */
  private viewOf(buffer: Uint8Array): DataView {
    if (buffer !== this.viewed) {
      this.viewed = buffer;
      this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    return this.view;
  }

  private insert(buffer: Uint8Array, start: number, end: number, hash: number, check: number): number {
    const length = end - start;
    if (this.size >= MAX_KEYS || this.arenaUsed + length > MAX_ARENA_BYTES) this.forget();
    // At most three quarters full: probes stay short (2.5 slots to find a key), and the table
    // is a third smaller than at half, which the access bench felt as fewer cache misses
    // (100 MiB, one thread, interleaved: best runs 761 against 816 ms on average).
    if (this.size >= (3 << this.slotBits) >> 2) this.grow();
    let keyStart = this.checkedByHash ? check : -1;
    if (length > this.inlineBytes && !this.checkedByHash) {
      if (this.arenaUsed + length > this.arena.length) {
        const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
        grown.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = grown;
        this.arenaView = new DataView(grown.buffer);
      }
      this.arena.set(buffer.subarray(start, end), this.arenaUsed);
      keyStart = this.arenaUsed;
      this.arenaUsed += length;
    }
    const id = this.size++;
    const at = this.freeSlot(hash);
    this.slots[at] = hash;
    this.slots[at + 1] = id + 1;
    this.slots[at + 2] = keyStart;
    this.slots[at + 3] = length;
    if (length <= this.inlineBytes) this.slotBytes.set(buffer.subarray(start, end), (at + HEADER_WORDS) * 4);
    if (id >= this.slotOfId.length) {
      const bigger = new Int32Array(this.slotOfId.length * 2);
      bigger.set(this.slotOfId);
      this.slotOfId = bigger;
    }
    this.slotOfId[id] = at;
    this.lastAt = at;
    this.options.onInsert(id, buffer, start, end);
    return id;
  }

  /** Index in `slots` of the first empty slot for `hash`. */
  private freeSlot(hash: number): number {
    const mask = (1 << this.slotBits) - 1;
    let slot = this.homeSlot(hash);
    while (this.slots[slot * this.stride + 1] !== 0) slot = (slot + 1) & mask;
    return slot * this.stride;
  }

  /** Doubles the table; slots move whole (inline bytes included). */
  private grow(): void {
    const old = this.slots;
    const stride = this.stride;
    this.slotBits++;
    this.slots = new Int32Array(stride << this.slotBits);
    this.floats = new Float64Array(this.slots.buffer);
    this.slotBytes = new Uint8Array(this.slots.buffer);
    const slots = this.slots;
    for (let at = 0; at < old.length; at += stride) {
      if (old[at + 1] === 0) continue;
      const to = this.freeSlot(old[at]!);
      // Word by word: a native copy per slot (`set` of a `subarray`) allocated a view per key,
      // 64 against 50 ms of grows per thread on the 100 MiB access log (one thread, 3 runs).
      for (let word = 0; word < stride; word++) slots[to + word] = old[at + word]!;
      this.slotOfId[old[at + 1]! - 1] = to;
    }
  }

  private forget(): void {
    this.options.onForget?.();
    this.slotBits = this.initialSlotBits;
    this.slots = new Int32Array(this.stride << this.slotBits);
    this.floats = new Float64Array(this.slots.buffer);
    this.slotBytes = new Uint8Array(this.slots.buffer);
    this.arenaUsed = 0;
    this.size = 0;
  }
}

/** The fewest slot bits whose table holds `keys` within its load (three quarters), bounded. */
function slotBitsFor(keys: number): number {
  let bits = MIN_SLOT_BITS;
  while (bits < MAX_SLOT_BITS && (3 << bits) >> 2 < keys) bits++;
  return bits;
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

export const CHECK_SEED = 0x9747b28c | 0;

/** One step of a second hash, murmur-style: another function than FNV-1a, for keys checked by two hashes. */
export function checkStep(hash: number, code: number): number {
  const mixed = Math.imul(hash ^ code, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

export function checkBytes(buffer: Uint8Array, start: number, end: number): number {
  let hash = CHECK_SEED;
  for (let i = start; i < end; i++) hash = checkStep(hash, buffer[i]!);
  return hash;
}
