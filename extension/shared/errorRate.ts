import type { Summary } from '../engine/summary';

/** Buckets at the end of the timeline that count as "recent". */
export const RECENT_BUCKETS = 5;
/** Recent error rate this many times the baseline (and at least MIN_RECENT_ERRORS) raises the alarm. */
const SPIKE_FACTOR = 3;
const MIN_RECENT_ERRORS = 5;

export interface ErrorRateAlarm {
  readonly spiking: boolean;
  readonly recentRate: number;
  readonly baselineRate: number;
}

/** Compares the error rate of the last buckets with the rest of the timeline. */
export function errorRateAlarm(summary: Summary): ErrorRateAlarm {
  const buckets = summary.timeline.buckets;
  const errorsOf = (counts: Summary['levels']): number => counts.error + counts.fatal;
  const totalOf = (counts: Summary['levels']): number => Object.values(counts).reduce((a, b) => a + b, 0);
  const recent = buckets.slice(-RECENT_BUCKETS);
  const earlier = buckets.slice(0, -RECENT_BUCKETS);
  const recentErrors = recent.reduce((n, b) => n + errorsOf(b.counts), 0);
  const recentTotal = recent.reduce((n, b) => n + totalOf(b.counts), 0);
  const earlierErrors = earlier.reduce((n, b) => n + errorsOf(b.counts), 0);
  const earlierTotal = earlier.reduce((n, b) => n + totalOf(b.counts), 0);
  const recentRate = recentTotal === 0 ? 0 : recentErrors / recentTotal;
  const baselineRate = earlierTotal === 0 ? 0 : earlierErrors / earlierTotal;
  const spiking = earlier.length > 0 && recentErrors >= MIN_RECENT_ERRORS && recentRate > SPIKE_FACTOR * Math.max(baselineRate, 0.001);
  return { spiking, recentRate, baselineRate };
}

