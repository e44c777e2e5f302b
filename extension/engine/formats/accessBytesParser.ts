/**
 * A hand-written parser of the combined access-log line that works on bytes, for speed. The
 * regex of `builtin/access.ts` stays the definition: this parser accepts only lines whose
 * match it can reproduce exactly (plain ASCII fields, no backslash escapes) and answers
 * "not sure" (false) for everything else, which the caller then gives to the regex.
 * Repeated values (clients, requests, times) are decoded once and reused; clients and requests
 * are numbered, and their counts kept by number in a KeyTally.
 */
import type { RecordHandles } from '../aggregator';
import type { EntryHandle } from '../boundedMap';
import { ByteInterner, CHECK_SEED, checkStep, HASH_SEED, hashStep } from '../byteInterner';
import { CLIENT_DATA_WORDS, KeyTally, REQUEST_DATA_WORDS } from '../keyTally';
import type { MessageHandle } from '../templates/miner';
import { levelFromHttpStatus } from '../levels';
import { parseTimestampValue, type YearContext } from '../time';
import { isAsciiDigit } from '../charCodes';
import { durationToMs } from './fields';
import type { ParsedLine } from './types';

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const DASH = 45;
const DOT = 46;
const QUESTION = 63;
const HASH = 35;

/**
 * Scans below go by tables, one load and one test a byte, and without a bound check: a scan
 * that runs past a line's end stops at its line break or the buffer's end (undefined), and every
 * scan is followed by the bound check. On the bench's access log, one thread, parsing went from
 * 390-440 to 315-375 ns a line with these tables and the time compared four bytes at a time.
 */
/** 1 for a `\S` byte the fast path understands (printable ASCII). */
const TOKEN_BYTES = new Uint8Array(256).fill(1, 33, 127);
/** 1 for the bytes a request's scan stops at: space, quote, backslash and non-ASCII. */
const REQUEST_STOPS = byteClass([SPACE, QUOTE, BACKSLASH]);
/** The same, and where a path's query string or fragment starts. */
const PATH_STOPS = byteClass([SPACE, QUOTE, BACKSLASH, QUESTION, HASH]);

function byteClass(stops: readonly number[]): Uint8Array {
  const table = new Uint8Array(256);
  for (const stop of stops) table[stop] = 1;
  table.fill(1, 128);
  return table;
}

function isUpper(b: number): boolean {
  return b >= 65 && b <= 90;
}

/**
 * The position of the quote closing a `"(?:[^"\\]|\\.)*"` field whose text starts at `from`:
 * the first quote (found natively, not byte by byte), or `end` when the line has none. -1 when
 * a backslash stands right before it: only the regex can tell an escaped quote. Any other
 * backslash pairs with a byte before that quote, so it cannot change where the field ends.
 */
function closingQuote(b: Buffer, from: number, end: number): number {
  const quote = from < end ? b.indexOf(QUOTE, from) : -1;
  if (quote < 0 || quote >= end) return end;
  return b[quote - 1] === BACKSLASH && quote > from ? -1 : quote;
}

/** Longest digit run this parser converts itself (exact in a double). */
const MAX_DIGITS = 15;

interface StatusMessage {
  readonly message: string;
  readonly handle: MessageHandle;
}

/** Lookup shortcuts of the last parsed line (rewritten by every parse). */
export interface MutableHandles {
  message?: MessageHandle;
  host?: EntryHandle;
  tally?: KeyTally;
  clientKey?: number;
  requestKey?: number;
}

export interface BytesLineParser {
  /** Fills `out` and returns true, or returns false when the regex must decide. */
  parseBytes(buffer: Buffer, start: number, end: number, out: ParsedLine): boolean;
  /** Shortcuts for the keys of the last line parsed. */
  readonly handles: RecordHandles;
  /** Counts of the clients and paths of parsed lines, by id (its sink must be set before counting). */
  readonly tally: KeyTally;
  /**
   * When true, a line whose client and request the tally names leaves `client`, `method`,
   * `path` and `message` unset (reading their texts was a cache miss per line); the aggregator
   * asks the tally when it needs the message. For callers that pass records on, keep it false.
   */
  lean: boolean;
}

/**
 * Keys each interner starts with room for: a busy access log's clients or requests (the bench's
 * has 20,000 and 25,000). From 768, the tables doubled five times in a range's first megabytes,
 * in code not yet compiled: the profile of a first MiB (130-190 ms) had 29 ms in `grow`, and the
 * first 8 MiB took 244-328 ms with this room against 254-355 ms without (5 runs each). The room
 * costs 1 and 1.3 MB of address space (32- and 40-byte slots), touched only as keys come.
 */
const EXPECTED_KEYS = 24_000;

export function compileAccessBytesParser(years: YearContext): BytesLineParser {
  // Decoded once per key, kept by id: [name] per client, [method, path, message] per request.
  const clientNames: string[] = [];
  const requestTexts: string[] = [];
  // One string per method, so the aggregator's method counts hash each once.
  const methods = new Map<string, string>();
  // Keys are checked by two hashes, not by their bytes (see ByteInternerOptions.checkedByHash).
  const clients = new ByteInterner({
    inlineBytes: 0,
    checkedByHash: true,
    expectedKeys: EXPECTED_KEYS,
    dataWords: CLIENT_DATA_WORDS,
    onInsert: (id, buffer, start, end) => (clientNames[id] = (buffer as Buffer).toString('latin1', start, end)),
    onForget: () => {
      tally.settle();
      clientNames.length = 0;
    },
  });
  const requests = new ByteInterner({
    inlineBytes: 0,
    checkedByHash: true,
    expectedKeys: EXPECTED_KEYS,
    dataWords: REQUEST_DATA_WORDS,
    onInsert: (id, buffer, start, end) => {
      const text = (buffer as Buffer).toString('latin1', start, end);
      const space = text.indexOf(' ');
      const method = text.slice(0, space);
      if (!methods.has(method)) methods.set(method, method);
      requestTexts[id * 3] = methods.get(method)!;
      requestTexts[id * 3 + 1] = text.slice(space + 1);
      requestTexts[id * 3 + 2] = text;
    },
    onForget: () => {
      tally.settle();
      requestTexts.length = 0;
    },
  });
  const tally = new KeyTally(clients, requests, {
    client: (id) => clientNames[id]!,
    method: (id) => requestTexts[id * 3]!,
    path: (id) => requestTexts[id * 3 + 1]!,
    message: (id) => requestTexts[id * 3 + 2]!,
  });
  const handles: MutableHandles = { tally, clientKey: -1, requestKey: -1 };
  const httpMessages = new Map<number, StatusMessage>();
  // The last time text and its value: most lines repeat the previous second.
  const lastTimeWords = new Int32Array(16);
  const lastTime = Buffer.from(lastTimeWords.buffer);
  // A view of the buffer being parsed, to compare its bytes four at a time (one per read block).
  let viewed: Buffer | null = null;
  let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  let lastTimeLength = -1;
  let lastTimeMs: number | null = null;

  /**
   * Whether the time field starting at `start` repeats the last one cached, closing bracket
   * included: then it is the first `]` (the cached text has none) and all ASCII (it was
   * checked), so the field need not be scanned again. Most lines repeat the previous second.
   */
  function repeatsLastTime(b: Buffer, start: number, end: number): boolean {
    const length = lastTimeLength;
    if (length < 0 || start + length >= end || b[start + length] !== CLOSE_BRACKET) return false;
    if (b !== viewed) {
      viewed = b;
      view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    let k = 0;
    for (; k + 4 <= length; k += 4) if (view.getInt32(start + k, true) !== lastTimeWords[k >> 2]) return false;
    for (; k < length; k++) if (lastTime[k] !== b[start + k]) return false;
    return true;
  }

  /** The time of a field that does not repeat the last one; caches it when it can. */
  function timeOf(buffer: Buffer, start: number, end: number): number | null {
    const length = end - start;
    const ms = parseTimestampValue(buffer.toString('latin1', start, end), years);
    // Only `dd/Mon/yyyy:…` texts are cached: they carry their year, so parsing them has no side effect.
    if (length <= lastTime.length && length >= 20 && buffer[start + 2] === 47 && buffer[start + 6] === 47 && buffer[start + 11] === 58) {
      buffer.copy(lastTime, 0, start, end);
      lastTimeLength = length;
      lastTimeMs = ms;
    } else {
      lastTimeLength = -1;
    }
    return ms;
  }

  // Written, never read: the store keeps the compiler from dropping the early slot reads.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  let touchedBit = 0;
  const parser: BytesLineParser = {
    handles,
    tally,
    lean: false,
    parseBytes(b: Buffer, start: number, end: number, out: ParsedLine): boolean {
      let i = start;
      // client, identity, user: three `\S+` tokens each followed by one space.
      const clientStart = i;
      let clientHash = HASH_SEED;
      let clientCheck = CHECK_SEED;
      let c = b[i]!;
      while (TOKEN_BYTES[c] === 1) {
        clientHash = hashStep(clientHash, c);
        clientCheck = checkStep(clientCheck, c);
        c = b[++i]!;
      }
      if (i === clientStart || i >= end || c !== SPACE) return false;
      const clientEnd = i++;
      for (let token = 0; token < 2; token++) {
        const tokenStart = i;
        while (TOKEN_BYTES[b[i]!] === 1) i++;
        if (i === tokenStart || i >= end || b[i] !== SPACE) return false;
        i++;
      }
      // [time]
      if (b[i] !== OPEN_BRACKET) return false;
      const timeStart = ++i;
      const repeatedTime = repeatsLastTime(b, timeStart, end);
      if (repeatedTime) i = timeStart + lastTimeLength;
      while (i < end && b[i] !== CLOSE_BRACKET) {
        if (b[i]! >= 128) return false;
        i++;
      }
      if (i === timeStart || i >= end) return false;
      const timeEnd = i++;
      if (b[i] !== SPACE || b[i + 1] !== QUOTE) return false;
      i += 2;
      // "request": method, path (to its query string or fragment) and the rest, each scanned
      // to the next byte of interest (see REQUEST_STOPS); the key's hash is folded in as it goes.
      const requestStart = i;
      let firstSpace = -1;
      let pathEnd = -1;
      let cut = -1;
      let requestHash = HASH_SEED;
      let requestCheck = CHECK_SEED;
      c = b[i]!;
      // method (or whatever comes before the first space)
      while (REQUEST_STOPS[c] === 0) {
        requestHash = hashStep(requestHash, c);
        requestCheck = checkStep(requestCheck, c);
        c = b[++i]!;
      }
      if (i >= end || c === BACKSLASH || c >= 128) return false;
      if (c === SPACE) {
        firstSpace = i;
        requestHash = hashStep(requestHash, c);
        requestCheck = checkStep(requestCheck, c);
        c = b[++i]!;
        // path, up to its query string or fragment
        while (PATH_STOPS[c] === 0) {
          requestHash = hashStep(requestHash, c);
          requestCheck = checkStep(requestCheck, c);
          c = b[++i]!;
        }
        if (c === QUESTION || c === HASH) {
          cut = i;
          c = b[++i]!;
          while (REQUEST_STOPS[c] === 0) c = b[++i]!;
        }
        if (i >= end || c === BACKSLASH || c >= 128) return false;
        if (c === SPACE) {
          pathEnd = i;
          c = b[++i]!;
          while (c !== QUOTE) {
            if (i >= end || c === BACKSLASH || c >= 128) return false;
            c = b[++i]!;
          }
        }
      }
      if (i >= end) return false;
      const requestEnd = i++;
      if (pathEnd < 0) pathEnd = requestEnd;
      if (cut < 0) cut = pathEnd;
      // Both keys' slots are read now, while the rest of the line is scanned: the two likely
      // cache misses overlap that work instead of stalling the lookups below.
      const touched = clients.touch(clientHash) ^ requests.touch(requestHash);
      // status
      if (b[i] !== SPACE || !isAsciiDigit(b[i + 1]!) || !isAsciiDigit(b[i + 2]!) || !isAsciiDigit(b[i + 3]!) || b[i + 4] !== SPACE) return false;
      const status = (b[i + 1]! - 48) * 100 + (b[i + 2]! - 48) * 10 + (b[i + 3]! - 48);
      i += 5;
      // bytes
      let bytes: number | null = null;
      if (isAsciiDigit(b[i]!)) {
        const digitsStart = i;
        let value = 0;
        while (i < end && isAsciiDigit(b[i]!)) value = value * 10 + (b[i++]! - 48);
        if (i - digitsStart > MAX_DIGITS) return false;
        bytes = value;
      } else if (b[i] === DASH) {
        i++;
      } else {
        return false;
      }
      // "referrer" "user agent — the agent may lack its closing quote
      if (b[i] !== SPACE || b[i + 1] !== QUOTE) return false;
      i = closingQuote(b, i + 2, end);
      if (i < 0 || i >= end) return false;
      i++;
      if (b[i] !== SPACE || b[i + 1] !== QUOTE) return false;
      i = closingQuote(b, i + 2, end);
      if (i < 0) return false;
      if (i < end) i++; // closing quote
      // optional " duration" (digits, maybe a decimal part); anything after it is ignored, as by the regex
      let responseTimeMs: number | null = null;
      if (i + 1 < end && b[i] === SPACE && isAsciiDigit(b[i + 1]!)) {
        const digitsStart = ++i;
        let value = 0;
        while (i < end && isAsciiDigit(b[i]!)) value = value * 10 + (b[i++]! - 48);
        if (i - digitsStart > MAX_DIGITS) return false;
        if (i + 1 < end && b[i] === DOT && isAsciiDigit(b[i + 1]!)) {
          i++;
          while (i < end && isAsciiDigit(b[i]!)) i++;
          responseTimeMs = durationToMs(b.toString('latin1', digitsStart, i), 'auto');
        } else {
          responseTimeMs = value / 1000; // integer: Apache %D microseconds
        }
      }

      // All checks passed: fill the fields as applyRegexGroups would.
      out.timestamp = repeatedTime ? lastTimeMs : timeOf(b, timeStart, timeEnd);
      const clientId = clients.idOfChecked(b, clientStart, clientEnd, clientHash, clientCheck);
      handles.clientKey = clients.lastAt;
      if (!parser.lean) out.client = clientNames[clientId]!;
      // Request: `[A-Z]{3,10} path[ protocol]`, or anything else (no method and path).
      let k = requestStart;
      while (k < requestEnd && isUpper(b[k]!)) k++;
      const methodLength = k - requestStart;
      if (methodLength >= 3 && methodLength <= 10 && k === firstSpace) {
        // The key is the method and the path without its query string or fragment.
        const requestId = requests.idOfChecked(b, requestStart, cut, requestHash, requestCheck);
        handles.requestKey = requests.lastAt;
        if (!parser.lean) {
          out.method = requestTexts[requestId * 3]!;
          out.path = requestTexts[requestId * 3 + 1]!;
          out.message = requestTexts[requestId * 3 + 2]!;
        }
        handles.message = undefined;
      } else {
        let message = httpMessages.get(status);
        if (message === undefined) {
          message = { message: `HTTP ${status}`, handle: { miner: null, cluster: 0, ownsAddress: null } };
          httpMessages.set(status, message);
        }
        out.message = message.message;
        handles.requestKey = -1;
        handles.message = message.handle;
      }
      out.status = status;
      out.level = levelFromHttpStatus(status);
      touchedBit = touched & 1;
      out.bytes = bytes;
      out.responseTimeMs = responseTimeMs;
      return true;
    },
  };
  return parser;
}
