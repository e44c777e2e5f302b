/**
 * A hand-written parser of the combined access-log line that works on bytes, for speed. The
 * regex of `builtin/access.ts` stays the definition: this parser accepts only lines whose
 * match it can reproduce exactly (plain ASCII fields, no backslash escapes) and answers
 * "not sure" (false) for everything else, which the caller then gives to the regex.
 * Repeated values (clients, requests, times) are decoded once and reused.
 */
import type { RecordHandles } from '../aggregator';
import { newEntryHandle, type EntryHandle } from '../boundedMap';
import { ByteInterner, HASH_SEED, hashStep } from '../byteInterner';
import type { MessageHandle } from '../templates/miner';
import { levelFromHttpStatus } from '../levels';
import { parseTimestampValue, type YearContext } from '../time';
import { durationToMs } from './fields';
import type { ParsedLine } from './types';

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const DASH = 45;
const DOT = 46;

/** A `\S` character the fast path understands (printable ASCII). */
function isTokenByte(b: number): boolean {
  return b > 32 && b < 127;
}

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

function isUpper(b: number): boolean {
  return b >= 65 && b <= 90;
}

/** Longest digit run this parser converts itself (exact in a double). */
const MAX_DIGITS = 15;

/**
 * A request is its own path and message handle, and a client its own entry handle: one object
 * each, not three and two — every object a line visits is one more likely cache miss (20,000
 * clients and 25,000 requests of the bench's log do not fit in cache).
 */
interface Request extends EntryHandle, MessageHandle {
  readonly method: string;
  readonly path: string;
  /** `METHOD path`: the access log's message. */
  readonly message: string;
}

interface Client extends EntryHandle {
  readonly name: string;
}

interface StatusMessage {
  readonly message: string;
  readonly handle: MessageHandle;
}

/** Lookup shortcuts of the last parsed line (rewritten by every parse). */
export interface MutableHandles {
  client?: EntryHandle;
  path?: EntryHandle;
  message?: MessageHandle;
  host?: EntryHandle;
}

export interface BytesLineParser {
  /** Fills `out` and returns true, or returns false when the regex must decide. */
  parseBytes(buffer: Buffer, start: number, end: number, out: ParsedLine): boolean;
  /** Shortcuts for the keys of the last line parsed. */
  readonly handles: RecordHandles;
}

export function compileAccessBytesParser(years: YearContext): BytesLineParser {
  const clients = new ByteInterner<Client>((buffer, start, end) => ({ name: buffer.toString('latin1', start, end), ...newEntryHandle() }));
  const requests = new ByteInterner<Request>((buffer, start, end) => {
    const text = buffer.toString('latin1', start, end);
    const space = text.indexOf(' ');
    return {
      method: text.slice(0, space), path: text.slice(space + 1), message: text,
      ...newEntryHandle(), miner: null, cluster: 0, ownsAddress: null,
    };
  });
  const httpMessages = new Map<number, StatusMessage>();
  const handles: MutableHandles = {};
  // The last time text and its value: most lines repeat the previous second.
  const lastTime = Buffer.alloc(64);
  let lastTimeLength = -1;
  let lastTimeMs: number | null = null;

  function timeOf(buffer: Buffer, start: number, end: number): number | null {
    const length = end - start;
    if (length === lastTimeLength) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (lastTime[i] !== buffer[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return lastTimeMs;
    }
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

  return {
    handles,
    parseBytes(b: Buffer, start: number, end: number, out: ParsedLine): boolean {
      let i = start;
      // client, identity, user: three `\S+` tokens each followed by one space.
      const clientStart = i;
      let clientHash = HASH_SEED;
      for (let c = b[i]!; i < end && isTokenByte(c); c = b[++i]!) clientHash = hashStep(clientHash, c);
      if (i === clientStart || i >= end || b[i] !== SPACE) return false;
      const clientEnd = i++;
      for (let token = 0; token < 2; token++) {
        const tokenStart = i;
        while (i < end && isTokenByte(b[i]!)) i++;
        if (i === tokenStart || i >= end || b[i] !== SPACE) return false;
        i++;
      }
      // [time]
      if (b[i] !== OPEN_BRACKET) return false;
      const timeStart = ++i;
      while (i < end && b[i] !== CLOSE_BRACKET) {
        if (b[i]! >= 128) return false;
        i++;
      }
      if (i === timeStart || i >= end) return false;
      const timeEnd = i++;
      if (b[i] !== SPACE || b[i + 1] !== QUOTE) return false;
      i += 2;
      // "request"
      const requestStart = i;
      while (i < end && b[i] !== QUOTE) {
        const c = b[i]!;
        if (c === BACKSLASH || c >= 128) return false;
        i++;
      }
      if (i >= end) return false;
      const requestEnd = i++;
      // status
      if (b[i] !== SPACE || !isDigit(b[i + 1]!) || !isDigit(b[i + 2]!) || !isDigit(b[i + 3]!) || b[i + 4] !== SPACE) return false;
      const status = (b[i + 1]! - 48) * 100 + (b[i + 2]! - 48) * 10 + (b[i + 3]! - 48);
      i += 5;
      // bytes
      let bytes: number | null = null;
      if (isDigit(b[i]!)) {
        const digitsStart = i;
        let value = 0;
        while (i < end && isDigit(b[i]!)) value = value * 10 + (b[i++]! - 48);
        if (i - digitsStart > MAX_DIGITS) return false;
        bytes = value;
      } else if (b[i] === DASH) {
        i++;
      } else {
        return false;
      }
      // "referrer" "user agent — the agent may lack its closing quote
      if (b[i] !== SPACE || b[i + 1] !== QUOTE) return false;
      i += 2;
      while (i < end && b[i] !== QUOTE) {
        if (b[i] === BACKSLASH) return false;
        i++;
      }
      if (i >= end) return false;
      i++;
      if (b[i] !== SPACE || b[i + 1] !== QUOTE) return false;
      i += 2;
      while (i < end && b[i] !== QUOTE) {
        if (b[i] === BACKSLASH) return false;
        i++;
      }
      if (i < end) i++; // closing quote
      // optional " duration" (digits, maybe a decimal part); anything after it is ignored, as by the regex
      let responseTimeMs: number | null = null;
      if (i + 1 < end && b[i] === SPACE && isDigit(b[i + 1]!)) {
        const digitsStart = ++i;
        let value = 0;
        while (i < end && isDigit(b[i]!)) value = value * 10 + (b[i++]! - 48);
        if (i - digitsStart > MAX_DIGITS) return false;
        if (i + 1 < end && b[i] === DOT && isDigit(b[i + 1]!)) {
          i++;
          while (i < end && isDigit(b[i]!)) i++;
          responseTimeMs = durationToMs(b.toString('latin1', digitsStart, i), 'auto');
        } else {
          responseTimeMs = value / 1000; // integer: Apache %D microseconds
        }
      }

      // All checks passed: fill the fields as applyRegexGroups would.
      out.timestamp = timeOf(b, timeStart, timeEnd);
      const client = clients.getHashed(b, clientStart, clientEnd, clientHash);
      out.client = client.name;
      handles.client = client;
      // Request: `[A-Z]{3,10} path[ protocol]`, or anything else (no method and path).
      let k = requestStart;
      while (k < requestEnd && isUpper(b[k]!)) k++;
      const methodLength = k - requestStart;
      if (methodLength >= 3 && methodLength <= 10 && k < requestEnd && b[k] === SPACE) {
        let pathEnd = k + 1;
        while (pathEnd < requestEnd && b[pathEnd] !== SPACE) pathEnd++;
        // The path without its query string or fragment.
        let cut = k + 1;
        while (cut < pathEnd && b[cut] !== 63 /* ? */ && b[cut] !== 35 /* # */) cut++;
        const request = requests.get(b, requestStart, cut);
        out.method = request.method;
        out.path = request.path;
        out.message = request.message;
        handles.path = request;
        handles.message = request;
      } else {
        let message = httpMessages.get(status);
        if (message === undefined) {
          message = { message: `HTTP ${status}`, handle: { miner: null, cluster: 0, ownsAddress: null } };
          httpMessages.set(status, message);
        }
        out.message = message.message;
        handles.path = undefined;
        handles.message = message.handle;
      }
      out.status = status;
      out.level = levelFromHttpStatus(status);
      out.bytes = bytes;
      out.responseTimeMs = responseTimeMs;
      return true;
    },
  };
}
