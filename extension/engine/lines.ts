/**
 * Splits a byte stream into text lines: LF or CRLF endings, a UTF-8 BOM dropped, invalid UTF-8
 * replaced by U+FFFD, and lines longer than `maxLineBytes` cut (the rest skipped and counted)
 * so one giant line cannot exhaust memory.
 */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while skipping the tail of an over-long line. */
  private skipping = false;
  private first = true;
  /** Lines that were cut because they exceeded the limit. */
  truncatedLines = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    /** When given, lines after the first arrive as bytes (valid only during the call), not decoded. */
    private readonly onBytes?: (buffer: Buffer, start: number, end: number) => void,
    /** False when the bytes start mid-file (a chunk): no byte-order mark to drop there. */
    atStartOfInput = true,
  ) {
    this.first = atStartOfInput;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      if (newline < 0) {
        this.keep(chunk, start, chunk.length);
        return;
      }
      if (this.pendingBytes === 0 && !this.skipping) {
        this.emit(chunk, start, newline);
      } else {
        this.keep(chunk, start, newline);
        this.flushPending();
      }
      start = newline + 1;
    }
  }

  /** Emits the last line if the input did not end with a newline. */
  end(): void {
    if (this.pendingBytes > 0 || this.skipping) this.flushPending();
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
    if (end > start && buffer[end - 1] === 13) end--; // CRLF
    if (end - start > this.maxLineBytes) {
      end = start + this.maxLineBytes;
      this.truncatedLines++;
    }
    if (this.onBytes !== undefined && !this.first) {
      this.onBytes(buffer, start, end);
      return;
    }
    let line = buffer.toString('utf8', start, end);
    if (this.first) {
      // The BOM may arrive split over chunks: drop it from the decoded first line.
      this.first = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    this.onLine(line);
  }
}

/** Calls `onLine` for every line of an in-memory text (LF or CRLF). */
export function forEachLine(text: string, onLine: (line: string) => void): void {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let newline = text.indexOf('\n', start);
    if (newline < 0) newline = text.length;
    let end = newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (newline === text.length && end === start) break; // no empty line after a final newline
    onLine(text.slice(start, end));
    start = newline + 1;
  }
}
