/**
 * Variable masking: turns a log message into whitespace-separated tokens in which the variable
 * parts are replaced by `<*>`. One pass of char-class scanning per token, no per-token regex.
 *
 * Within a token, "words" are runs of characters other than the delimiters `=:,;()[]{}<>"'|@`.
 * A word is a variable when it
 * - contains a digit (numbers, IPs, hex ids, timestamps, versions, `blk_123`, `u0`);
 * - is a path (two or more `/` or `\`);
 * - is a dotted name with two or more inner dots (`com.example.Foo`, `host.example.org`);
 * - is long pure hex (8+ hex letters, e.g. `ffffffff`).
 * Then, per token: `key=value` with a variable inside the value masks the whole value,
 * `<*>,<*>` lists collapse, and a URL masks everything after `scheme://`. Across tokens: a size
 * unit after a masked number joins it (`12 KB` → `<*>`), `key="quoted value"` masks the quoted
 * text even when it holds spaces, and runs of `<*>` tokens collapse into one (variable-length
 * lists).
 */

import { CHECK_SEED, checkStep } from '../byteInterner';
import { isAsciiDigit } from '../charCodes';

export const WILDCARD = '<*>';

const DELIMITER = new Uint8Array(128);
for (const ch of '=:,;()[]{}<>"\'|@') DELIMITER[ch.charCodeAt(0)] = 1;

const SIZE_UNITS = new Set(['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'KiB', 'MiB', 'GiB', 'TiB', 'kB', 'ms', 'us', 'ns']);
const MAX_QUOTED_VALUE = 256;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12;
}

function isHexDigit(code: number): boolean {
  return isAsciiDigit(code) || isHexLetter(code);
}

/** Length of a MAC address (`00:1A:2B:3C:4D:5E`, `:` or `-`) starting at `i`, or 0. */
function macAddressLength(token: string, i: number): number {
  if (token.length - i < 17) return 0;
  const separator = token.charCodeAt(i + 2);
  if (separator !== 58 && separator !== 45) return 0;
  for (let group = 0; group < 6; group++) {
    const at = i + group * 3;
    if (!isHexDigit(token.charCodeAt(at)) || !isHexDigit(token.charCodeAt(at + 1))) return 0;
    if (group < 5 && token.charCodeAt(at + 2) !== separator) return 0;
  }
  return isHexDigit(token.charCodeAt(i + 17)) ? 0 : 17;
}

/** A run of two or more dots (`processor......0`) separates words like a delimiter. */
function isDotRun(token: string, i: number): boolean {
  return token.charCodeAt(i) === 46 && (token.charCodeAt(i + 1) === 46 || token.charCodeAt(i - 1) === 46);
}

/**
 * Two or more letters then one digit (`eth0`, `alt0`, `sda1`): usually a device or interface
 * name, i.e. a constant. Many distinct ones still become a variable through the miner.
 */
function isDeviceName(token: string, start: number, end: number, digits: number): boolean {
  if (digits !== 1 || end - start < 3 || !isAsciiDigit(token.charCodeAt(end - 1))) return false;
  for (let k = start; k < end - 1; k++) {
    const c = token.charCodeAt(k);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** Letter, digit, `_` or `-` (NaN past the end is false). */
function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || isAsciiDigit(code) || code === 95 || code === 45;
}

function isHexLetter(code: number): boolean {
  return (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/** Masks one message; returns its tokens (variables as `<*>`). */
export function maskMessage(message: string): string[] {
  const text = maskMessageText(message);
  return text === '' ? [] : text.split(' ');
}

/**
 * Masks one message into its template text: masked tokens joined by single spaces (tokens never
 * contain spaces), as `maskMessageTextByTokens` defines it. The hot path: runs of plain words
 * (ASCII letters, `,` and `;`, no long hex word) separated by single spaces are copied as one
 * slice instead of token by token — most of a message's words — which halves the time.
 */
export function maskMessageText(message: string): string {
  return maskText(message, true);
}

function maskText(message: string, copyPlainRuns: boolean): string {
  let out = '';
  let lastIsWildcard = false;
  // Plain text not yet in `out`: message[spanStart, spanEnd), or none when spanStart < 0.
  let spanStart = -1;
  let spanEnd = -1;
  const n = message.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(message.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let quoteAt = -1;
    // Plain: letters with `,` `;` between words, no word of 8+ hex letters only. maskToken keeps such tokens as they are.
    let plain = true;
    let wordLength = 0;
    let wordHex = 0;
    while (i < n) {
      const code = message.charCodeAt(i);
      if (isSpace(code)) break;
      if (plain) {
        if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) {
          wordLength++;
          if (isHexLetter(code)) wordHex++;
        } else if (code === 44 || code === 59) {
          if (wordLength >= 8 && wordHex === wordLength) plain = false;
          wordLength = 0;
          wordHex = 0;
        } else {
          plain = false;
        }
      }
      // key="value with spaces": the quoted text is one variable, spaces included.
      if ((code === 34 || code === 39) && i > start && message.charCodeAt(i - 1) === 61 /* = */) {
        const close = message.indexOf(message[i] as string, i + 1);
        if (close > 0 && close - i <= MAX_QUOTED_VALUE) {
          quoteAt = i;
          i = close + 1;
          break;
        }
      }
      i++;
    }
    if (plain && wordLength >= 8 && wordHex === wordLength) plain = false;
    // After a wildcard a plain word may be a unit that joins it (`12 KB`): that needs the token path.
    if (copyPlainRuns && plain && quoteAt < 0 && !lastIsWildcard) {
      if (spanStart >= 0 && start === spanEnd + 1 && message.charCodeAt(spanEnd) === 32) {
        spanEnd = i;
      } else {
        if (spanStart >= 0) out = appendToken(out, message.slice(spanStart, spanEnd));
        spanStart = start;
        spanEnd = i;
      }
      continue;
    }
    if (spanStart >= 0) {
      out = appendToken(out, message.slice(spanStart, spanEnd));
      spanStart = -1;
    }
    let token: string;
    if (quoteAt < 0) {
      token = maskToken(message.slice(start, i));
    } else {
      const afterQuote = i;
      while (i < n && !isSpace(message.charCodeAt(i))) i++;
      const quote = message[quoteAt] as string;
      token = maskToken(message.slice(start, quoteAt)) + quote + WILDCARD + quote + maskToken(message.slice(afterQuote, i));
    }
    if (lastIsWildcard) {
      // Runs of `<*>` collapse (variable-length lists); `<*> KB,` becomes `<*>,`.
      if (token === WILDCARD) continue;
      const unitEnd = sizeUnitLength(token);
      if (unitEnd > 0) {
        out += token.slice(unitEnd);
        lastIsWildcard = unitEnd === token.length;
        continue;
      }
    }
    out = appendToken(out, token);
    lastIsWildcard = token === WILDCARD;
  }
  if (spanStart >= 0) out = appendToken(out, message.slice(spanStart, spanEnd));
  return out;
}

/*
 * The folding rule, once for the key, its hashes and its checks: a run of two digits becomes
 * two zeros, a longer run three (a single digit stays as it is).
 */
const FOLDED_RUNS = ['', '', '00', '000'];

/** Zeros a run of `digits` (two or more) digits becomes in a key. */
function foldedRunLength(digits: number): number {
  return digits > 2 ? 3 : 2;
}

/**
 * A key that masks to the same template as `message`: each run of two digits written `00`, of
 * three or more `000`. Messages that differ only in their numbers share it ("order 611922",
 * "order 139138"), so a cache by key skips their masking. Why the template does not change:
 * a word with two or more digits is a variable whatever they are, and digits never reach a
 * template; single digits stay (device names such as `eth0` keep them); a run keeps its place
 * and stays two, or at least three, digits long, so no MAC address (pairs of hex digits) can
 * appear or vanish. The one rule that measures across words, a quoted value of at most 256
 * characters, could take in a value the shortening brought under the limit: a long message
 * with a quote is its own key.
 */
export function maskingKey(message: string): string {
  const n = message.length;
  let key = '';
  let copied = 0;
  for (let i = 0; i < n; i++) {
    if (!isAsciiDigit(message.charCodeAt(i))) continue;
    const start = i;
    while (i + 1 < n && isAsciiDigit(message.charCodeAt(i + 1))) i++;
    if (i === start) continue;
    key += message.slice(copied, start) + FOLDED_RUNS[foldedRunLength(i - start + 1)];
    copied = i + 1;
  }
  if (copied === 0 || !foldsDigits(message)) return message;
  return key + message.slice(copied);
}

/** Whether maskingKey folds digit runs of `message` (all but long messages with a quote). */
export function foldsDigits(message: string): boolean {
  return message.length <= MAX_QUOTED_VALUE + 1 || !(message.includes('"') || message.includes("'"));
}

const KEY_HASH_SEED = 0x811c9dc5 | 0;
const KEY_HASH_PRIME = 0x01000193;
const ZERO = 48;

/** Key hashes keep 30 bits: small integers in every V8 build, and -1 free to say "none". */
const KEY_HASH_BITS = 0x3fffffff;

/** `hash` continued with the zeros of a folded run of `digits` digits. */
function hashFoldedRun(hash: number, digits: number): number {
  for (let z = foldedRunLength(digits); z > 0; z--) hash = Math.imul(hash ^ ZERO, KEY_HASH_PRIME);
  return hash;
}

/**
 * Where the key in `codes[k, end)` goes on after the folded run of `digits` digits it must
 * hold at `k`, or -1 when it does not hold exactly that run (a longer run of zeros in the key
 * is a different key).
 */
function afterFoldedRun(codes: Uint16Array, k: number, end: number, digits: number): number {
  const zeros = foldedRunLength(digits);
  if (k + zeros > end) return -1;
  for (let z = 0; z < zeros; z++) if (codes[k++] !== ZERO) return -1;
  return k < end && isAsciiDigit(codes[k]!) ? -1 : k;
}

/** FNV-1a hash of `maskingKey(message)`, computed without building the key. */
export function maskingKeyHash(message: string): number {
  const n = message.length;
  let hash = KEY_HASH_SEED;
  if (!foldsDigits(message)) return textHash(message);
  for (let i = 0; i < n; i++) {
    const code = message.charCodeAt(i);
    if (isAsciiDigit(code) && i + 1 < n && isAsciiDigit(message.charCodeAt(i + 1))) {
      const start = i;
      while (i + 1 < n && isAsciiDigit(message.charCodeAt(i + 1))) i++;
      hash = hashFoldedRun(hash, i - start + 1);
      continue;
    }
    hash = Math.imul(hash ^ code, KEY_HASH_PRIME);
  }
  return hash & KEY_HASH_BITS;
}

/**
 * `maskingKeyHash` of a message given as its UTF-8 bytes, when they are all ASCII (then each
 * byte is a character); -1 when one is not. `folds` is `foldsDigits(message)`. Bytes read
 * faster than the characters of the sliced strings regex captures give.
 *
 * `check`, when given, receives the key's `keyCheckHash` and its length, computed in the same
 * pass (a second multiply chain runs beside the first at little cost).
 */
export function maskingKeyHashOfAscii(bytes: Uint8Array, start: number, end: number, folds: boolean, check?: Int32Array): number {
  let hash = KEY_HASH_SEED;
  let second = CHECK_SEED;
  let length = 0;
  let seen = 0;
  for (let i = start; i < end; i++) {
    const code = bytes[i]!;
    seen |= code;
    if (folds && isAsciiDigit(code) && i + 1 < end && isAsciiDigit(bytes[i + 1]!)) {
      const runStart = i;
      while (i + 1 < end && isAsciiDigit(bytes[i + 1]!)) i++;
      for (let z = foldedRunLength(i - runStart + 1); z > 0; z--) {
        hash = Math.imul(hash ^ ZERO, KEY_HASH_PRIME);
        second = checkStep(second, ZERO);
        length++;
      }
      continue;
    }
    hash = Math.imul(hash ^ code, KEY_HASH_PRIME);
    second = checkStep(second, code);
    length++;
  }
  if (check !== undefined) {
    check[0] = second;
    check[1] = length;
  }
  return seen < 128 ? hash & KEY_HASH_BITS : -1;
}

/**
 * A second 32-bit hash of a key, independent of its `textHash`: with both and the key's length,
 * a message's bytes are matched to a kept key without comparing them (see TemplateMiner).
 */
export function keyCheckHash(key: string): number {
  let hash = CHECK_SEED;
  for (let i = 0; i < key.length; i++) hash = checkStep(hash, key.charCodeAt(i));
  return hash;
}

/** FNV-1a hash of a text as it is (`maskingKeyHash(message)` is this of `maskingKey(message)`). */
export function textHash(text: string): number {
  let hash = KEY_HASH_SEED;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), KEY_HASH_PRIME);
  return hash & KEY_HASH_BITS;
}

/**
 * Whether `maskingKey(message)` is the key whose UTF-16 codes are `codes[start, start + length)`,
 * decided without building the message's key. The cache keeps keys as codes: read from a typed
 * array, they compare faster than from the strings they were built as.
 */
export function hasMaskingKey(message: string, codes: Uint16Array, start: number, length: number): boolean {
  const n = message.length;
  const end = start + length;
  if (!foldsDigits(message)) {
    if (n !== length) return false;
    for (let i = 0; i < n; i++) if (codes[start + i] !== message.charCodeAt(i)) return false;
    return true;
  }
  let k = start;
  for (let i = 0; i < n; i++) {
    const code = message.charCodeAt(i);
    if (isAsciiDigit(code) && i + 1 < n && isAsciiDigit(message.charCodeAt(i + 1))) {
      const runStart = i;
      while (i + 1 < n && isAsciiDigit(message.charCodeAt(i + 1))) i++;
      k = afterFoldedRun(codes, k, end, i - runStart + 1);
      if (k < 0) return false;
      continue;
    }
    if (k >= end || codes[k++] !== code) return false;
  }
  return k === end;
}

function appendToken(out: string, token: string): string {
  return out === '' ? token : out + ' ' + token;
}

/**
 * `maskMessageText` without its shortcut: every token through `maskToken`. The definition the
 * shortcut must not change (a test checks the two agree).
 */
export function maskMessageTextByTokens(message: string): string {
  return maskText(message, false);
}

/** Length of a size/duration unit at the start of a token followed only by punctuation, or 0. */
function sizeUnitLength(token: string): number {
  let end = token.length;
  while (end > 0 && isTrailingPunctuation(token.charCodeAt(end - 1))) end--;
  return end > 0 && end <= 3 && SIZE_UNITS.has(token.slice(0, end)) ? end : 0;
}

function isTrailingPunctuation(code: number): boolean {
  return code === 44 || code === 59 || code === 46 || code === 41 || code === 93 || code === 125; // , ; . ) ] }
}

/** Masks the words of one whitespace-free token. */
export function maskToken(token: string): string {
  const n = token.length;
  if (n === 0) return token;
  const scheme = token.indexOf('://');
  if (scheme > 0) {
    let end = n;
    while (end > scheme + 3 && isClosingPunctuation(token.charCodeAt(end - 1))) end--;
    return maskWords(token.slice(0, scheme)) + '://' + WILDCARD + token.slice(end);
  }
  const masked = maskWords(token);
  return masked === token ? token : maskKeyValue(masked);
}

/** `,` `;` and quotes left at the end of a `key=value` token are kept outside the value. */
function isValueTerminator(code: number): boolean {
  return code === 44 || code === 59 || code === 34 || code === 39;
}

function isClosingPunctuation(code: number): boolean {
  return isTrailingPunctuation(code) || code === 34 || code === 39 || code === 62 || code === 58; // " ' > :
}

function maskWords(token: string): string {
  const n = token.length;
  let out = '';
  let copied = 0; // input up to here is already in `out`
  let i = 0;
  while (i < n) {
    const code = token.charCodeAt(i);
    if ((code < 128 && DELIMITER[code] === 1) || isDotRun(token, i)) {
      i++;
      continue;
    }
    const start = i;
    const mac = macAddressLength(token, i);
    if (mac > 0) {
      out += token.slice(copied, start) + WILDCARD;
      i += mac;
      copied = i;
      continue;
    }
    let digits = 0;
    let slashes = 0;
    let innerDots = 0;
    let hex = 0;
    while (i < n) {
      const c = token.charCodeAt(i);
      if ((c < 128 && DELIMITER[c] === 1) || isDotRun(token, i)) break;
      if (isAsciiDigit(c)) digits++;
      else if (c === 47 || c === 92) slashes++;
      else if (c === 46 && i > start && token.charCodeAt(i - 1) !== 46 && isNameChar(token.charCodeAt(i + 1))) innerDots++;
      else if (isHexLetter(c)) hex++;
      i++;
    }
    const length = i - start;
    const variable =
      (digits > 0 && !isDeviceName(token, start, i, digits)) || slashes >= 2 || innerDots >= 2 || (length >= 8 && hex === length);
    if (variable) {
      out += token.slice(copied, start) + WILDCARD;
      copied = i;
    }
  }
  if (copied === 0) return token;
  return collapseLists(out + token.slice(copied));
}

/** `<*>,<*>,<*>` → `<*>` (comma lists of values inside one token). */
function collapseLists(masked: string): string {
  let result = masked;
  while (result.includes('<*>,<*>')) result = result.replace('<*>,<*>', WILDCARD);
  return result;
}

/** `key=...<*>...` → `key=<*>` (keeping unbalanced closers and trailing separators). */
function maskKeyValue(masked: string): string {
  const eq = masked.indexOf('=');
  if (eq <= 0) return masked;
  for (let k = 0; k < eq; k++) {
    const c = masked.charCodeAt(k);
    const identifier = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isAsciiDigit(c) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93 || c === 60 || c === 62 || c === 42;
    if (!identifier) return masked;
  }
  let depth = 0;
  let end = masked.length;
  for (let k = eq + 1; k < masked.length; k++) {
    const c = masked.charCodeAt(k);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) {
        end = k;
        break;
      }
      depth--;
    }
  }
  while (end > eq + 1 && isValueTerminator(masked.charCodeAt(end - 1))) end--;
  const value = masked.slice(eq + 1, end);
  if (!value.includes(WILDCARD) || value === WILDCARD) return masked;
  return masked.slice(0, eq + 1) + WILDCARD + masked.slice(end);
}
