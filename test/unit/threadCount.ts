/** How many threads this process ran while some work went on (Linux: /proc; elsewhere unknown). */
import { existsSync, readdirSync } from 'node:fs';

function threadCount(): number {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0;
}

/**
 * Runs `work` while counting this process's threads every 2 ms: `before` and `most` are 0 where
 * threads cannot be counted (callers then skip their check).
 */
export async function threadsDuring<T>(work: () => Promise<T>): Promise<{ result: T; before: number; most: number }> {
  const before = threadCount();
  let most = before;
  const sampler = setInterval(() => (most = Math.max(most, threadCount())), 2);
  try {
    return { result: await work(), before, most };
  } finally {
    clearInterval(sampler);
  }
}
