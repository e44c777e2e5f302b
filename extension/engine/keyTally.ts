/**
 * Counts of clients and request paths kept inside the interners' slots (see ByteInterner),
 * instead of in the aggregator's maps, and folded into them in batches (`settle`).
 *
 * Why: a record of an access log touched four objects scattered over the heap (client, its
 * stats, request, its stats); on 20,000 clients and 25,000 requests each was a likely cache
 * miss. Here the counts sit in the slot the lookup has just read. A request's slot also
 * remembers what depends on its text only: its template cluster and whether it announces an
 * address.
 *
 * Keys are the slot positions the interners report (`lastAt`), valid for the line just parsed.
 */
import { ByteInterner } from './byteInterner';

/** Where settled counts go (the Aggregator). */
export interface TallySink {
  countClient(name: string, requests: number, bytes: number, errors: number): void;
  countRequest(method: string, path: string, count: number, errors: number): void;
}

/** The decoded texts of interned ids. */
export interface TallyNames {
  client(id: number): string;
  method(id: number): string;
  path(id: number): string;
  /** The record message of a request (`METHOD path`). */
  message(id: number): string;
}

/** Data words of a client slot: requests, server errors (5xx), bytes (a double). */
export const CLIENT_DATA_WORDS = 4;
const REQUESTS = 0;
const SERVER_ERRORS = 1;
const BYTES = 2;
/**
 * Data words of a request slot: count, errors, cluster + 1, and what is known of its text
 * (0 unknown, 1 no, 2 yes): whether it announces an address, whether it names peers; one spare.
 */
export const REQUEST_DATA_WORDS = 6;
const COUNT = 0;
const ERRORS = 1;
const CLUSTER = 2;
const OWNS_ADDRESS = 3;
const NAMES_PEERS = 4;
/** A 32-bit count settles before it could overflow. */
const SETTLE_AT = 1 << 30;

export class KeyTally {
  /** Ids counted since the last settle, so settling costs what was touched, not what is known. */
  private dirtyClients: Int32Array = new Int32Array(1024);
  private dirtyClientCount = 0;
  private dirtyRequests: Int32Array = new Int32Array(1024);
  private dirtyRequestCount = 0;
  /** The aggregator that settled counts go to (set by the source that feeds it). */
  sink: TallySink | null = null;

  constructor(
    private readonly clients: ByteInterner,
    private readonly requests: ByteInterner,
    private readonly names: TallyNames,
  ) {}

  /** Counts a request of the client whose slot is at `key`. */
  countClient(key: number, bytes: number, serverError: boolean): void {
    const interner = this.clients;
    const slots = interner.slots;
    const at = key + interner.dataOffset;
    if (slots[at + REQUESTS] === 0) this.dirtyClients = pushed(this.dirtyClients, this.dirtyClientCount++, slots[key + 1]! - 1);
    interner.floats[(at + BYTES) >> 1]! += bytes;
    if (serverError) slots[at + SERVER_ERRORS]!++;
    if (++slots[at + REQUESTS]! >= SETTLE_AT) this.settle();
  }

  /** Counts a record of the request whose slot is at `key`. */
  countRequest(key: number, error: boolean): void {
    const interner = this.requests;
    const slots = interner.slots;
    const at = key + interner.dataOffset;
    if (slots[at + COUNT] === 0) this.dirtyRequests = pushed(this.dirtyRequests, this.dirtyRequestCount++, slots[key + 1]! - 1);
    if (error) slots[at + ERRORS]!++;
    if (++slots[at + COUNT]! >= SETTLE_AT) this.settle();
  }

  /** The template cluster of a request, or -1 before it is known. */
  cluster(key: number): number {
    return this.requests.slots[key + this.requests.dataOffset + CLUSTER]! - 1;
  }

  setCluster(key: number, cluster: number): void {
    this.requests.slots[key + this.requests.dataOffset + CLUSTER] = cluster + 1;
  }

  /** Whether a request's text announces an address (null before it is known). */
  ownsAddress(key: number): boolean | null {
    return this.fact(key, OWNS_ADDRESS);
  }

  setOwnsAddress(key: number, owns: boolean): void {
    this.setFact(key, OWNS_ADDRESS, owns);
  }

  /** Whether a request's text names peers (null before it is known). */
  namesPeers(key: number): boolean | null {
    return this.fact(key, NAMES_PEERS);
  }

  setNamesPeers(key: number, names: boolean): void {
    this.setFact(key, NAMES_PEERS, names);
  }

  /** A yes/no fact about a request's text stored in data word `word` (0 unknown, 1 no, 2 yes). */
  private fact(key: number, word: number): boolean | null {
    const known = this.requests.slots[key + this.requests.dataOffset + word];
    return known === 0 ? null : known === 2;
  }

  private setFact(key: number, word: number, value: boolean): void {
    this.requests.slots[key + this.requests.dataOffset + word] = value ? 2 : 1;
  }

  /** The message of the request whose slot is at `key`. */
  message(key: number): string {
    return this.names.message(this.requests.slots[key + 1]! - 1);
  }

  /** Moves the counts since the last settle into the sink. Call it before the interners forget. */
  settle(): void {
    const sink = this.sink;
    if (sink === null) return;
    const clients = this.clients;
    for (let i = 0; i < this.dirtyClientCount; i++) {
      const id = this.dirtyClients[i]!;
      const at = clients.slotOf(id) + clients.dataOffset;
      const slots = clients.slots;
      sink.countClient(this.names.client(id), slots[at + REQUESTS]!, clients.floats[(at + BYTES) >> 1]!, slots[at + SERVER_ERRORS]!);
      slots[at + REQUESTS] = 0;
      slots[at + SERVER_ERRORS] = 0;
      clients.floats[(at + BYTES) >> 1] = 0;
    }
    this.dirtyClientCount = 0;
    const requests = this.requests;
    for (let i = 0; i < this.dirtyRequestCount; i++) {
      const id = this.dirtyRequests[i]!;
      const at = requests.slotOf(id) + requests.dataOffset;
      const slots = requests.slots;
      sink.countRequest(this.names.method(id), this.names.path(id), slots[at + COUNT]!, slots[at + ERRORS]!);
      slots[at + COUNT] = 0;
      slots[at + ERRORS] = 0;
    }
    this.dirtyRequestCount = 0;
  }
}

/** `list` with `id` at `index`, grown when full. */
function pushed(list: Int32Array, index: number, id: number): Int32Array {
  if (index >= list.length) {
    const bigger = new Int32Array(list.length * 2);
    bigger.set(list);
    list = bigger;
  }
  list[index] = id;
  return list;
}
