/**
 * Grouping Accuracy (GA), as in Zhu et al. ICSE'19 / Jiang et al. ISSTA'24: a line counts as
 * correct only if the set of lines sharing its predicted label equals the set of lines sharing
 * its ground-truth label. Labels are opaque (ids or template strings).
 */
export function groupingAccuracy(predicted: readonly unknown[], truth: readonly unknown[]): number {
  if (predicted.length !== truth.length) throw new Error('groupingAccuracy: label arrays differ in length');
  if (truth.length === 0) return 1;
  // For each predicted group: its size and the truth labels it covers. It is correct when it
  // covers exactly one truth label and that truth group has the same size.
  const truthSizes = countBy(truth);
  const predictedSizes = countBy(predicted);
  const truthOfPredicted = new Map<unknown, unknown>();
  const mixed = new Set<unknown>();
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i];
    const t = truth[i];
    if (!truthOfPredicted.has(p)) truthOfPredicted.set(p, t);
    else if (truthOfPredicted.get(p) !== t) mixed.add(p);
  }
  let correct = 0;
  for (const [p, size] of predictedSizes) {
    if (mixed.has(p)) continue;
    if (truthSizes.get(truthOfPredicted.get(p)) === size) correct += size;
  }
  return correct / truth.length;
}

function countBy(labels: readonly unknown[]): Map<unknown, number> {
  const counts = new Map<unknown, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}
