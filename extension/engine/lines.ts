/**
 * Splits a byte stream into text lines. Line breaks are LF, CRLF and a lone CR (as VS Code
 * counts lines, so line numbers agree with the editor's). UTF-8 by default (a BOM dropped,
 * invalid bytes replaced by U+FFFD); a UTF-16 LE/BE byte-order mark at the start switches to
 * UTF-16. Lines longer than `maxLineBytes` are cut (the rest skipped and counted) so one giant
 * line cannot exhaust memory.
 */
import { isAscii } from 'node:buffer';
import { markChanging } from './changingFields';

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

const LF = 10;
const CR = 13;

type Encoding = 'detect' | 'utf8' | 'utf-16le' | 'utf-16be';

/** The UTF-16 encoding a byte-order mark at the start of `head` announces, if any. */
export function utf16ByteOrder(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** Decodes a line a LineSplitter gave as bytes (during that call only). */
export interface LineDecoder {
  decode(buffer: Buffer, start: number, end: number): string;
}

/** The decoder of bytes given without one: `toString('utf8')`. */
export const UTF8_DECODER: LineDecoder = { decode: (buffer, start, end) => buffer.toString('utf8', start, end) };

/** Node's Latin-1 decoder without `toString`'s argument checks (it is what `toString('latin1')` calls). */
const latin1Slice: ((this: Buffer, start: number, end: number) => string) | undefined = (Buffer.prototype as { latin1Slice?: (this: Buffer, start: number, end: number) => string }).latin1Slice;

/** Older runtimes lack one or the other: every line is then decoded as UTF-8. */
const canDecodeLatin1 = latin1Slice !== undefined && typeof isAscii === 'function';

export class LineSplitter implements LineDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while skipping the tail of an over-long line. */
  private skipping = false;
  private first = true;
  /** The last break was a CR: an LF right after it (maybe in the next chunk) ends nothing. */
  private afterCr = false;
  private encoding: Encoding;
  /** First bytes held back until they tell whether a UTF-16 byte-order mark is there. */
  private head: Buffer | undefined;
  private decoder: TextDecoder | undefined;
  /** UTF-16 only: the decoded start of the current line. */
  private pendingText = '';
  /** Lines that were cut because they exceeded the limit. */
  truncatedLines = 0;
  /** The chunk being split, and whether its bytes are all ASCII (null: not looked at yet). */
  private chunk: Buffer | null = null;
  private chunkAscii: boolean | null = null;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    /**
     * When given, lines after the first arrive as bytes (UTF-8, valid only during the call), not
     * decoded; `decoder` decodes them as `toString('utf8')` would, faster when it can.
     */
    private readonly onBytes?: (buffer: Buffer, start: number, end: number, decoder: LineDecoder) => void,
    /** False when the bytes start mid-file (a chunk): no byte-order mark to look for there. */
    atStartOfInput = true,
  ) {
    this.first = atStartOfInput;
    this.encoding = atStartOfInput ? 'detect' : 'utf8';
    markChanging(this, 'skipping');
  }

  push(chunk: Buffer): void {
    if (this.encoding === 'utf8') this.pushUtf8(chunk);
    else if (this.encoding === 'detect') this.detect(chunk);
    else this.pushText(this.decoder!.decode(chunk, { stream: true }));
  }

  /** Emits the last line if the input did not end with a line break. */
  end(): void {
    if (this.encoding === 'detect') {
      // Fewer than two bytes in all: too short for a byte-order mark.
      this.encoding = 'utf8';
      if (this.head !== undefined) this.pushUtf8(this.head);
      this.head = undefined;
    }
    if (this.encoding === 'utf8') {
      if (this.pendingBytes > 0 || this.skipping) this.flushPending();
      return;
    }
    this.pushText(this.decoder!.decode());
    if (this.pendingText.length > 0 || this.skipping) this.emitText(this.pendingText);
  }

  private detect(chunk: Buffer): void {
    const bytes = this.head === undefined ? chunk : Buffer.concat([this.head, chunk]);
    this.head = undefined;
    if (bytes.length === 0) return;
    if (bytes.length === 1 && (bytes[0] === 0xff || bytes[0] === 0xfe)) {
      this.head = Buffer.from(bytes); // maybe half a byte-order mark: wait for the next byte
      return;
    }
    const utf16 = utf16ByteOrder(bytes);
    if (utf16 === null) {
      this.encoding = 'utf8';
      this.pushUtf8(bytes);
      return;
    }
    this.encoding = utf16;
    // The mark is skipped here, so a U+FEFF inside the text is kept as it is.
    this.decoder = new TextDecoder(utf16, { fatal: false, ignoreBOM: true });
    this.pushText(this.decoder.decode(bytes.subarray(2), { stream: true }));
  }

  /**
   * The text of bytes given to `onBytes`. A line of a chunk whose bytes are all ASCII (one
   * native check a chunk, and only when a line is decoded) is decoded as Latin-1, the same text
   * for ASCII and half the cost of UTF-8 through `toString` (45 against 98 ns a line of the
   * bench's application log).
   */
  decode(buffer: Buffer, start: number, end: number): string {
    if (buffer === this.chunk && canDecodeLatin1) {
      this.chunkAscii ??= isAscii(buffer);
      if (this.chunkAscii) return latin1Slice.call(buffer, start, end);
    }
    return buffer.toString('utf8', start, end);
  }

  private pushUtf8(chunk: Buffer): void {
    this.chunk = chunk;
    this.chunkAscii = null;
    try {
      this.splitUtf8(chunk);
    } finally {
      // Its lines are out: a buffer refilled and pushed again is looked at again.
      this.chunk = null;
    }
  }

  private splitUtf8(chunk: Buffer): void {
    let start = 0;
    if (this.afterCr && chunk.length > 0) {
      this.afterCr = false;
      if (chunk[0] === LF) start = 1; // a CRLF split between chunks
    }
    // Lone CRs are rare: the CR search runs once per chunk when there is none.
    let cr = chunk.indexOf(CR, start);
    while (start < chunk.length) {
      const newline = chunk.indexOf(LF, start);
      let end: number;
      let next: number;
      if (cr >= 0 && (newline < 0 || cr < newline)) {
        end = cr;
        if (cr + 1 === newline) {
          next = newline + 1;
        } else {
          next = cr + 1;
          if (next === chunk.length) this.afterCr = true;
        }
        cr = chunk.indexOf(CR, next);
      } else if (newline >= 0) {
        end = newline;
        next = newline + 1;
      } else {
        this.keep(chunk, start, chunk.length);
        return;
      }
      if (this.pendingBytes === 0 && !this.skipping) {
        this.emit(chunk, start, end);
      } else {
        this.keep(chunk, start, end);
        this.flushPending();
      }
      start = next;
    }
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (this.skipping) return;
    const room = this.maxLineBytes - this.pendingBytes;
    if (to - from > room) {
      to = from + room;
      this.skipping = true;
      this.truncatedLines++;
    }
    if (to > from) {
      // Copy: the caller may reuse the chunk's memory.
      this.pending.push(Buffer.from(chunk.subarray(from, to)));
      this.pendingBytes += to - from;
    }
  }

  private flushPending(): void {
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
    this.emit(joined, 0, joined.length);
  }

  private emit(buffer: Buffer, start: number, end: number): void {
    if (end - start > this.maxLineBytes) {
      end = start + this.maxLineBytes;
      this.truncatedLines++;
    }
    if (this.onBytes !== undefined && !this.first) {
      this.onBytes(buffer, start, end, this);
      return;
    }
    let line = this.decode(buffer, start, end);
    if (this.first) {
      // The BOM may arrive split over chunks: drop it from the decoded first line.
      this.first = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    this.onLine(line);
  }

  /** UTF-16 input, decoded: the same line rules as `pushUtf8`, on characters. */
  private pushText(text: string): void {
    let start = 0;
    if (this.afterCr && text.length > 0) {
      this.afterCr = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    while (start < text.length) {
      const brk = nextBreak(text, start);
      if (brk < 0) {
        this.keepText(text.slice(start));
        return;
      }
      this.keepText(text.slice(start, brk));
      this.emitText(this.pendingText);
      start = brk + 1;
      if (text.charCodeAt(brk) === CR) {
        if (start === text.length) this.afterCr = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
    }
  }

  /** Limits a UTF-16 line to `maxLineBytes` characters. */
  private keepText(part: string): void {
    if (this.skipping) return;
    const room = this.maxLineBytes - this.pendingText.length;
    if (part.length > room) {
      part = part.slice(0, room);
      this.skipping = true;
      this.truncatedLines++;
    }
    this.pendingText += part;
  }

  private emitText(line: string): void {
    this.pendingText = '';
    this.skipping = false;
    if (this.onBytes !== undefined && !this.first) {
      // Callers given bytes expect UTF-8 bytes.
      const bytes = Buffer.from(line, 'utf8');
      this.onBytes(bytes, 0, bytes.length, this);
      return;
    }
    this.first = false;
    this.onLine(line);
  }
}

/** Index of the next CR or LF in `text` from `from`, or -1. */
function nextBreak(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (cr < 0) return lf;
  return lf < 0 || cr < lf ? cr : lf;
}

/** Calls `onLine` for every line of an in-memory text (LF, CRLF or lone CR). */
export function forEachLine(text: string, onLine: (line: string) => void): void {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // As in the splitter: one CR search per text when it holds none.
  let cr = text.indexOf('\r', start);
  while (start < text.length) {
    let lf = text.indexOf('\n', start);
    if (lf < 0) lf = text.length;
    if (cr >= 0 && cr < lf) {
      onLine(text.slice(start, cr));
      start = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
      cr = text.indexOf('\r', start);
    } else {
      onLine(text.slice(start, lf));
      start = lf + 1;
    }
  }
}
