/** Top-n selection for the summary's ranked lists (clients, paths), without sorting every key. */

/** Ties between keys of equal weight: by name, in UTF-16 code-unit order (cheap and the same everywhere). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The `n` items of largest `weight` (ties by `tieBreak`), heaviest first: the same as sorting all
 * and keeping `n`, but only the items at or above the n-th largest weight are sorted.
 */
export function heaviest<T>(items: readonly T[], n: number, weight: (item: T) => number, tieBreak: (a: T, b: T) => number): T[] {
  if (items.length <= n) return [...items].sort((a, b) => weight(b) - weight(a) || tieBreak(a, b));
  // A loop and a selection, not Float64Array.from(items, weight).sort(): 0.5 ms, not 9, for 20,000.
  const weights = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) weights[i] = weight(items[i]!);
  const cut = nthSmallest(weights, items.length - n);
  return items
    .filter((item) => weight(item) >= cut)
    .sort((a, b) => weight(b) - weight(a) || tieBreak(a, b))
    .slice(0, n);
}

/** The value that would be at index `k` of `values` sorted ascending (reorders `values`; Hoare's selection). */
export function nthSmallest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}
