/**
 * Counts of clients and request paths kept by interned id (see ByteInterner) in typed arrays,
 * instead of in the aggregator's maps, and folded into them in batches (`settle`).
 *
 * Why: a record of an access log touched four objects scattered over the heap (client, its
 * stats, request, its stats); on 20,000 clients and 25,000 requests each was a likely cache
 * miss. Here a client's counts are one 32-byte row, a request's another, next to nothing else.
 * The request row also remembers what depends on the request's text only: its template
 * cluster and whether it announces an address.
 */

/** Where settled counts go (the Aggregator). */
export interface TallySink {
  countClient(name: string, requests: number, bytes: number, errors: number): void;
  countPath(path: string, count: number, errors: number): void;
}

export interface TallyNames {
  client(id: number): string;
  path(id: number): string;
}

/** Doubles per row. */
const ROW = 4;
// Client row: requests, bytes, server errors (5xx). Request row: count, errors, cluster + 1, owns-address (0 unknown, 1 no, 2 yes).
const REQUESTS = 0;
const BYTES = 1;
const SERVER_ERRORS = 2;
const COUNT = 0;
const ERRORS = 1;
const CLUSTER = 2;
const OWNS_ADDRESS = 3;

export class KeyTally {
  private clients: Float64Array = new Float64Array(ROW * 1024);
  private requests: Float64Array = new Float64Array(ROW * 1024);
  /** Ids counted since the last settle, so settling costs what was touched, not what is known. */
  private dirtyClients: Int32Array = new Int32Array(1024);
  private dirtyClientCount = 0;
  private dirtyRequests: Int32Array = new Int32Array(1024);
  private dirtyRequestCount = 0;
  /** The aggregator that settled counts go to (set by the source that feeds it). */
  sink: TallySink | null = null;

  constructor(private readonly names: TallyNames) {}

  countClient(id: number, bytes: number, serverError: boolean): void {
    let rows = this.clients;
    const at = id * ROW;
    if (at >= rows.length) rows = this.clients = grown(rows, at + ROW);
    if (rows[at + REQUESTS] === 0) this.dirtyClients = pushed(this.dirtyClients, this.dirtyClientCount++, id);
    rows[at + REQUESTS]!++;
    rows[at + BYTES]! += bytes;
    if (serverError) rows[at + SERVER_ERRORS]!++;
  }

  countRequest(id: number, error: boolean): void {
    const rows = this.requestRows(id);
    const at = id * ROW;
    if (rows[at + COUNT] === 0) this.dirtyRequests = pushed(this.dirtyRequests, this.dirtyRequestCount++, id);
    rows[at + COUNT]!++;
    if (error) rows[at + ERRORS]!++;
  }

  /** The template cluster of a request, or -1 before it is known. */
  cluster(id: number): number {
    return this.requestRows(id)[id * ROW + CLUSTER]! - 1;
  }

  setCluster(id: number, cluster: number): void {
    this.requestRows(id)[id * ROW + CLUSTER] = cluster + 1;
  }

  /** Whether a request's text announces an address (null before it is known). */
  ownsAddress(id: number): boolean | null {
    const known = this.requestRows(id)[id * ROW + OWNS_ADDRESS];
    return known === 0 ? null : known === 2;
  }

  setOwnsAddress(id: number, owns: boolean): void {
    this.requestRows(id)[id * ROW + OWNS_ADDRESS] = owns ? 2 : 1;
  }

  /** Moves the counts since the last settle into the sink. */
  settle(): void {
    const sink = this.sink;
    if (sink === null) return;
    const clients = this.clients;
    for (let i = 0; i < this.dirtyClientCount; i++) {
      const at = this.dirtyClients[i]! * ROW;
      sink.countClient(this.names.client(this.dirtyClients[i]!), clients[at + REQUESTS]!, clients[at + BYTES]!, clients[at + SERVER_ERRORS]!);
      clients.fill(0, at, at + ROW);
    }
    this.dirtyClientCount = 0;
    const requests = this.requests;
    for (let i = 0; i < this.dirtyRequestCount; i++) {
      const at = this.dirtyRequests[i]! * ROW;
      sink.countPath(this.names.path(this.dirtyRequests[i]!), requests[at + COUNT]!, requests[at + ERRORS]!);
      requests[at + COUNT] = 0;
      requests[at + ERRORS] = 0;
    }
    this.dirtyRequestCount = 0;
  }

  /** Settles, then drops every client row: client ids are about to be given to other keys. */
  forgetClients(): void {
    this.settle();
    this.clients = new Float64Array(ROW * 1024);
  }

  /** Settles, then drops every request row (clusters included): request ids are about to be reused. */
  forgetRequests(): void {
    this.settle();
    this.requests = new Float64Array(ROW * 1024);
  }

  private requestRows(id: number): Float64Array {
    const at = id * ROW;
    if (at >= this.requests.length) this.requests = grown(this.requests, at + ROW);
    return this.requests;
  }
}

function grown(rows: Float64Array, needed: number): Float64Array {
  const bigger = new Float64Array(Math.max(rows.length * 2, needed));
  bigger.set(rows);
  return bigger;
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
