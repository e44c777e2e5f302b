import type { Summary } from '../../extension/engine/summary';

/**
 * A summary in a form two analyses of the same data can be compared in: template ids depend on
 * the order clusters were met (chunks, merges), so templates and their series are keyed by text
 * and level; a mean summed in another order may differ in its last bits.
 */
export function comparableSummary(summary: Summary): unknown {
  const templates = summary.templates
    .map((t) => `${t.level}|${t.template}|${t.count}|${t.firstSeen}|${t.lastSeen}|${t.example.line}|${t.example.text}`)
    .sort();
  const text = new Map(summary.templates.map((t) => [t.id, `${t.level}|${t.template}`]));
  // Bounded structures that had to drop keys are approximate: then only which ones were cut compares.
  const approximate = Object.keys(summary.approximations).sort();
  const series = {
    ...summary.series,
    hosts: approximate.includes('seriesHosts') ? 'approximate' : summary.series?.hosts,
    templates: (summary.series?.templates ?? []).map((t) => ({ template: text.get(t.id), counts: t.counts })),
  };
  const rt = summary.http?.responseTimeMs;
  const http = summary.http === null ? null : { ...summary.http, responseTimeMs: rt ? { ...rt, mean: Number(rt.mean.toPrecision(9)) } : rt };
  return { ...summary, templates, series, http, approximations: approximate };
}
