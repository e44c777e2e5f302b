/**
 * Shared memory through which the merging thread asks a worker to give up the second half of
 * the range it is reading. A worker reads its range in one synchronous loop and cannot take
 * messages, so it looks here between two blocks: there it answers a request (the offset where
 * its range now ends, or "no"), and tells how far it has read.
 *
 * Only the range's reader moves its end, and only to bytes it has not read yet: a split can
 * never take a line from under it. Only the merging thread asks, one request at a time a range.
 */

/** A range's state word. */
const RUNNING = 0;
const ASKED = 1;
const FINISHED = 2;

/** Int32 words a slot: its state, and how many requests it has answered (to wait on). */
const STATE = 0;
const ANSWERS = 1;
const INT_WORDS = 2;
/**
 * Float64 words a slot (offsets pass 2^31): the last answer, the bytes read so far, and the
 * request's handicap (see requestSplit).
 */
const ANSWER = 0;
const POSITION = 1;
const HANDICAP = 2;
const FLOAT_WORDS = 3;
const SLOT_BYTES = INT_WORDS * 4 + FLOAT_WORDS * 8;

/** How long the asker waits before it looks whether the analysis still goes on (a reader answers within a block). */
const ANSWER_WAIT_MS = 100;

/** The answer of a range that keeps all it has left. */
export const NO_SPLIT = -1;

export class StealBoard {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;

  /** A new board of `slots` ranges, or the view of one received from another thread. */
  constructor(slotsOrBuffer: number | SharedArrayBuffer) {
    this.buffer = typeof slotsOrBuffer === 'number' ? new SharedArrayBuffer(slotsOrBuffer * SLOT_BYTES) : slotsOrBuffer;
    const slots = this.buffer.byteLength / SLOT_BYTES;
    this.floats = new Float64Array(this.buffer, 0, slots * FLOAT_WORDS);
    this.ints = new Int32Array(this.buffer, slots * FLOAT_WORDS * 8, slots * INT_WORDS);
  }

  // The reader's side.

  /** True when the merging thread waits for this range's reader to answer `answer`. */
  asked(slot: number): boolean {
    return Atomics.load(this.ints, slot * INT_WORDS + STATE) === ASKED;
  }

  /** Milliseconds of reading the asker said it is behind by (see requestSplit). */
  handicapMs(slot: number): number {
    return this.floats[slot * FLOAT_WORDS + HANDICAP]!;
  }

  /** The reader's answer to a request: its range's new end, or NO_SPLIT. */
  answer(slot: number, end: number): void {
    this.publish(slot, end, RUNNING);
  }

  /** Bytes of its file the reader has read (a hint of what is left). */
  tellPosition(slot: number, position: number): void {
    this.floats[slot * FLOAT_WORDS + POSITION] = position;
  }

  /** The reader is done: a request that came too late is answered NO_SPLIT, later ones fail at once. */
  finish(slot: number): void {
    const state = slot * INT_WORDS + STATE;
    if (Atomics.compareExchange(this.ints, state, RUNNING, FINISHED) !== ASKED) return;
    this.publish(slot, NO_SPLIT, FINISHED);
  }

  /** Answers the request out on `slot` with `end`, leaving the range in `state`, and wakes the asker. */
  private publish(slot: number, end: number, state: number): void {
    this.floats[slot * FLOAT_WORDS + ANSWER] = end;
    // The answer is written before the state says so (an atomic store orders the write before it).
    Atomics.store(this.ints, slot * INT_WORDS + STATE, state);
    Atomics.add(this.ints, slot * INT_WORDS + ANSWERS, 1);
    Atomics.notify(this.ints, slot * INT_WORDS + ANSWERS);
  }

  // The merging thread's side.

  /** Readies a slot for a range that starts at `start` (before its reader is told the slot). */
  open(slot: number, start: number): void {
    this.floats[slot * FLOAT_WORDS + POSITION] = start;
    Atomics.store(this.ints, slot * INT_WORDS + STATE, RUNNING);
  }

  /** Where the range's reader last said it was (its start until it says). */
  position(slot: number): number {
    return this.floats[slot * FLOAT_WORDS + POSITION]!;
  }

  /**
   * Asks the range's reader to split its range: resolves with the range's new end (the other
   * part is then the asker's to read), or NO_SPLIT when the reader has little left or is done,
   * or when `givenUp` says the analysis ended (a reader that stopped would never answer).
   * `handicapMs`: how long the asker's part will take it beyond what the reader would need (a
   * new range's warm-up): the reader converts it to bytes at its own rate and keeps half of them
   * beyond the middle, so both parts end about together (see ChunkRun.split).
   */
  async requestSplit(slot: number, givenUp: () => boolean, handicapMs = 0): Promise<number> {
    const answers = slot * INT_WORDS + ANSWERS;
    const before = Atomics.load(this.ints, answers);
    // Written before the state says "asked" (the exchange below orders it), read after.
    this.floats[slot * FLOAT_WORDS + HANDICAP] = handicapMs;
    if (Atomics.compareExchange(this.ints, slot * INT_WORDS + STATE, RUNNING, ASKED) !== RUNNING) return NO_SPLIT;
    for (;;) {
      const wait = Atomics.waitAsync(this.ints, answers, before, ANSWER_WAIT_MS);
      if (wait.async) {
        // A pending waitAsync does not keep Node's event loop alive; a timer does, if it outlasts
        // the wait (one of the same length could fire first and let the loop end before it).
        const alive = setTimeout(() => undefined, 2 * ANSWER_WAIT_MS);
        await wait.value;
        clearTimeout(alive);
      }
      if (Atomics.load(this.ints, answers) !== before) return this.floats[slot * FLOAT_WORDS + ANSWER]!;
      if (givenUp()) return NO_SPLIT;
    }
  }
}
