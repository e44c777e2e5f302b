/** Comparisons between masked tokens, where `<*>` inside a token stands for any text. */
import { WILDCARD } from './masking';

/** True when `general` (which may contain `<*>`) matches the whole of `specific`. */
export function tokenCovers(general: string, specific: string): boolean {
  if (general === specific || general === WILDCARD) return true;
  const first = general.indexOf(WILDCARD);
  if (first < 0) return false;
  // Glob match with `<*>` as `*`: prefix, suffix, and the middle parts in order (leftmost is optimal).
  const parts = general.split(WILDCARD);
  const head = parts[0] as string;
  const tail = parts[parts.length - 1] as string;
  if (specific.length < head.length + tail.length) return false;
  if (!specific.startsWith(head) || !specific.endsWith(tail)) return false;
  let position = head.length;
  const limit = specific.length - tail.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const part = parts[k] as string;
    const found = specific.indexOf(part, position);
    if (found < 0 || found + part.length > limit) return false;
    position = found + part.length;
  }
  return true;
}

/** True when the template `general` matches every token of `specific` (same length required). */
export function templateCovers(general: readonly string[], specific: readonly string[]): boolean {
  if (general.length !== specific.length) return false;
  for (let k = 0; k < general.length; k++) {
    if (!tokenCovers(general[k] as string, specific[k] as string)) return false;
  }
  return true;
}

/** 32-bit FNV-1a hash of a token. */
export function tokenHash(token: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < token.length; k++) {
    hash ^= token.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
