import { isAsciiDigit } from '../charCodes';

/**
 * Reads the JSON objects structured loggers write on most lines — flat, every value a string
 * without escapes, a number, true, false or null — without building them: it notes where each
 * key and value is, and the caller slices only the values it uses. JSON.parse built an object
 * and a string per value of every line (the JSON lines' share of the application-log profile
 * was twice their share of its lines).
 *
 * Anything else (an escape, a nested value, a key that looks like an array index, malformed
 * text) returns false, and the caller uses JSON.parse: what this accepts, it reads as
 * JSON.parse does (a test compares them on generated, mutated and real lines).
 */

/** What a value is (JSON's simple kinds). */
type JsonValueKind = 0 | 1 | 2 | 3 | 4;
const STRING = 0;
const NUMBER = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;

/** Where the pairs of the last object read are (string values without their quotes). */
export class FlatJsonPairs {
  count = 0;
  keyStart = new Int32Array(16);
  keyEnd = new Int32Array(16);
  valueStart = new Int32Array(16);
  valueEnd = new Int32Array(16);
  kind = new Uint8Array(16);

  add(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, kind: JsonValueKind): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.keyStart[i] = keyStart;
    this.keyEnd[i] = keyEnd;
    this.valueStart[i] = valueStart;
    this.valueEnd[i] = valueEnd;
    this.kind[i] = kind;
  }

  /** Whether the value of pair `i` is a string. */
  isString(i: number): boolean {
    return this.kind[i] === STRING;
  }

  /** The value of pair `i` as JSON.parse gives it. */
  value(text: string, i: number): string | number | boolean | null {
    switch (this.kind[i]) {
      case STRING:
        return text.slice(this.valueStart[i], this.valueEnd[i]);
      case NUMBER:
        return Number(text.slice(this.valueStart[i], this.valueEnd[i]));
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        return null;
    }
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const widen = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const grown = new Int32Array(size);
      grown.set(old);
      return grown;
    };
    this.keyStart = widen(this.keyStart);
    this.keyEnd = widen(this.keyEnd);
    this.valueStart = widen(this.valueStart);
    this.valueEnd = widen(this.valueEnd);
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    this.kind = kind;
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** End of the string whose opening quote is at `at - 1`, at its closing quote; -1 if it has an escape, a control character or no end. */
function stringEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i;
    if (code === BACKSLASH || code < 32) return -1;
  }
  return -1;
}

/** End of the JSON number starting at `at`, or -1 if it is not one. */
function numberEnd(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  if (text.charCodeAt(i) === 48 /* 0 */) {
    i++;
  } else if (isAsciiDigit(text.charCodeAt(i))) {
    while (isAsciiDigit(text.charCodeAt(i))) i++;
  } else {
    return -1;
  }
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    if (!isAsciiDigit(text.charCodeAt(i))) return -1;
    while (isAsciiDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69 /* e E */) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!isAsciiDigit(text.charCodeAt(i))) return -1;
    while (isAsciiDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

function hasWord(text: string, at: number, word: string): boolean {
  return text.startsWith(word, at);
}

/**
 * Reads the object that spans `text` from `start` (its `{`) to the end, into `pairs`; false
 * when it is not a flat object of simple values (or not JSON at all).
 */
export function readFlatJsonObject(text: string, start: number, pairs: FlatJsonPairs): boolean {
  pairs.count = 0;
  const n = text.length;
  if (text.charCodeAt(start) !== OPEN_BRACE) return false;
  let i = start + 1;
  while (isJsonSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === CLOSE_BRACE) return i === n - 1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return false;
    const keyStart = i + 1;
    const keyEnd = stringEnd(text, keyStart);
    // Keys that read as array indices come first in an object's key order: leave them to JSON.parse.
    if (keyEnd < 0 || (keyEnd > keyStart && isAsciiDigit(text.charCodeAt(keyStart)))) return false;
    i = keyEnd + 1;
    while (isJsonSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== COLON) return false;
    i++;
    while (isJsonSpace(text.charCodeAt(i))) i++;
    const code = text.charCodeAt(i);
    let valueStart = i;
    let valueEnd: number;
    let kind: JsonValueKind;
    if (code === QUOTE) {
      valueStart = i + 1;
      valueEnd = stringEnd(text, valueStart);
      if (valueEnd < 0) return false;
      kind = STRING;
      i = valueEnd + 1;
    } else if (code === 45 || isAsciiDigit(code)) {
      valueEnd = numberEnd(text, i);
      if (valueEnd < 0) return false;
      kind = NUMBER;
      i = valueEnd;
    } else if (code === 116 && hasWord(text, i, 'true')) {
      kind = TRUE;
      i = valueEnd = i + 4;
    } else if (code === 102 && hasWord(text, i, 'false')) {
      kind = FALSE;
      i = valueEnd = i + 5;
    } else if (code === 110 && hasWord(text, i, 'null')) {
      kind = NULL;
      i = valueEnd = i + 4;
    } else {
      return false; // a nested value, or not JSON
    }
    pairs.add(keyStart, keyEnd, valueStart, valueEnd, kind);
    while (isJsonSpace(text.charCodeAt(i))) i++;
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACE) return i === n - 1;
    if (next !== COMMA) return false;
    i++;
    while (isJsonSpace(text.charCodeAt(i))) i++;
  }
}
