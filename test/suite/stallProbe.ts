// Measures how late this thread's event loop runs a 10 ms timer, and how much of the longest delay
// the thread spent runnable but waiting for a CPU (Linux schedstat). A delay the scheduler caused
// is the machine's load; what is left is work or blocking on this thread, which is what the
// extension must never cause.
import { closeSync, openSync, readSync } from 'node:fs';

const TICK_MS = 10;

export interface StallFigures {
  /** Longest delay of a tick past its due time, ms. */
  readonly longestMs: number;
  /** Of that delay, the time the thread waited in the run queue, ms (0 where unknown). */
  readonly waitingForCpuMs: number;
  /** The longest delay of any tick once its run-queue wait is taken out, ms. */
  readonly longestOwnMs: number;
  /** Whether run-queue waits could be read (Linux). */
  readonly schedstat: boolean;
}

/** Reads this thread's run-queue wait from one open schedstat file, or gives null off Linux. */
class RunQueueClock {
  private readonly buffer = Buffer.alloc(128);
  private fd: number | null;

  constructor() {
    try {
      // /proc/thread-self resolves when opened: the fd keeps naming the thread that opened it.
      this.fd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      this.fd = null;
    }
  }

  /** Nanoseconds this thread has waited runnable for a CPU, or null where unknown. */
  waitedNs(): number | null {
    if (this.fd === null) return null;
    try {
      const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const waited = Number(this.buffer.toString('latin1', 0, length).split(' ')[1]);
      return Number.isFinite(waited) ? waited : null;
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export class StallProbe {
  private longestMs = 0;
  private waitingForCpuMs = 0;
  private longestOwnMs = 0;
  private readonly clock = new RunQueueClock();
  private readonly schedstat = this.clock.waitedNs() !== null;
  private lastAt = performance.now();
  private lastWaitNs = this.clock.waitedNs() ?? 0;
  private readonly timer = setInterval(() => this.tick(), TICK_MS);

  private tick(): void {
    const now = performance.now();
    const waitNs = this.schedstat ? this.clock.waitedNs() ?? this.lastWaitNs : 0;
    const late = Math.max(0, now - this.lastAt - TICK_MS);
    // Of the delay, the part spent in the run queue (the wait may also cover the 10 ms sleep's end).
    const waited = Math.min(late, (waitNs - this.lastWaitNs) / 1e6);
    if (late > this.longestMs) {
      this.longestMs = late;
      this.waitingForCpuMs = waited;
    }
    this.longestOwnMs = Math.max(this.longestOwnMs, late - waited);
    this.lastAt = now;
    this.lastWaitNs = waitNs;
  }

  stop(): StallFigures {
    clearInterval(this.timer);
    this.clock.close();
    return { longestMs: this.longestMs, waitingForCpuMs: this.waitingForCpuMs, longestOwnMs: this.longestOwnMs, schedstat: this.schedstat };
  }
}

export function describeStall(figures: StallFigures): string {
  const waited = figures.schedstat ? `, ${figures.waitingForCpuMs.toFixed(1)} ms of it waiting for a CPU` : ' (run-queue waits unknown here)';
  return `${figures.longestMs.toFixed(1)} ms${waited}; longest without the waits ${figures.longestOwnMs.toFixed(1)} ms`;
}
