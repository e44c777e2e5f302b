import { promises as fs } from 'node:fs';
import { IncrementalAnalysis } from './incremental';
import { analyzeFileHead, type ParallelAnalyzeOptions } from './parallel/analyzeParallel';
import type { Summary } from './summary';

const CHUNK = 1 << 20;
/**
 * A partial summary after this many bytes (a multiple of CHUNK), or after FIRST_FIGURES_MS.
 * One MiB (≈ 5,000 lines) already fills every view; reading and summarising it cold takes
 * ~0.2 s, where 4 MiB took ~0.4 s (more with other work on the cores).
 */
const PARTIAL_AFTER_BYTES = CHUNK;
const FIRST_FIGURES_MS = 600;
const PARTIAL_EVERY_MS = 1500;

export interface TailEvents {
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called after the first full read, then whenever new bytes were appended. */
  readonly onSummary: (summary: Summary, event: 'partial' | 'initial' | 'appended' | 'truncated' | 'rotated') => void;
  readonly onError: (error: Error) => void;
}

/**
 * Follows a growing file: reads it once, then every `intervalMs` reads only the bytes appended
 * since. A file that shrank was truncated (copytruncate rotation) and one with a new inode was
 * rotated (renamed, a new file created): both continue from the new file's start, so nothing
 * is counted twice and nothing appended after the rotation is missed.
 */
export class FileTail {
  private analysis: IncrementalAnalysis;
  private offset = 0;
  private inode = -1;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;

  /** Stops the head's reading in ranges when the tail is stopped. */
  private readonly cancel = new AbortController();

  /**
   * `options.jobs` above 1: a large file's head is read in ranges on worker threads (as the CLI
   * reads files), and this tail reads its last 4 MiB or so and follows it from there.
   */
  constructor(
    private readonly path: string,
    private readonly options: ParallelAnalyzeOptions,
    private readonly events: TailEvents,
    private readonly intervalMs = 500,
  ) {
    this.analysis = new IncrementalAnalysis(path, options);
  }

  async start(): Promise<void> {
    const stat = await fs.stat(this.path);
    this.inode = stat.ino;
    if ((this.options.jobs ?? 1) > 1) {
      try {
        await this.readHeadInRanges(stat.size);
      } catch (error) {
        if (this.stopped) return; // cancelled: nobody waits for this tail any more
        throw error;
      }
    }
    if (this.stopped) return;
    // First figures early: a summary of what was read after the first few MiB, then now and then.
    let nextPartial = performance.now() + FIRST_FIGURES_MS;
    await this.readFrom(stat.size, (done) => {
      this.events.onProgress?.(done, stat.size);
      const now = performance.now();
      if (done < stat.size && (now >= nextPartial || done === PARTIAL_AFTER_BYTES)) {
        nextPartial = now + PARTIAL_EVERY_MS;
        this.events.onSummary(this.analysis.summary(), 'partial');
      }
    });
    if (this.stopped) return;
    this.events.onSummary(this.analysis.summary(), 'initial');
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    this.cancel.abort();
    clearInterval(this.timer);
  }

  /** The head of the file read in ranges, when it is large enough: the analysis reads on after it. */
  private async readHeadInRanges(size: number): Promise<void> {
    // The first figures and the summaries that follow are both partial summaries to the views.
    const partial = (summary: Summary): void => this.events.onSummary(summary, 'partial');
    const head = await analyzeFileHead(this.path, size, {
      ...this.options,
      signal: this.cancel.signal,
      onProgress: this.events.onProgress,
      onPartialSummary: partial,
      onSummarySoFar: partial,
    });
    if (head === null) return;
    this.analysis = new IncrementalAnalysis(this.path, this.options, head);
    this.offset = head.bytes;
  }

  /** One check for new bytes (also called by tests instead of waiting for the timer). */
  async poll(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      let stat;
      try {
        stat = await fs.stat(this.path);
      } catch {
        return; // between rename and re-creation: try again next time
      }
      let event: 'appended' | 'truncated' | 'rotated' = 'appended';
      if (stat.ino !== this.inode) {
        this.inode = stat.ino;
        this.offset = 0;
        event = 'rotated';
      } else if (stat.size < this.offset) {
        this.offset = 0;
        event = 'truncated';
      }
      if (stat.size === this.offset && event === 'appended') return;
      await this.readFrom(stat.size);
      if (!this.stopped) this.events.onSummary(this.analysis.summary(), event);
    } catch (error) {
      this.events.onError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.busy = false;
    }
  }

  private async readFrom(end: number, onRead?: (done: number) => void): Promise<void> {
    const handle = await fs.open(this.path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      while (this.offset < end && !this.stopped) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, end - this.offset), this.offset);
        if (bytesRead === 0) break;
        // A copy: the analysis may keep a partial last line.
        this.analysis.append(Buffer.from(buffer.subarray(0, bytesRead)));
        this.offset += bytesRead;
        onRead?.(this.offset);
      }
    } finally {
      await handle.close();
    }
  }
}
