import type { Summary } from '../engine/summary';
import { UTC_ZONE, ZoneClock } from '../engine/timeZone';
import { formatDuration, formatPercent } from '../shared/format';

/** An ISO instant as the wall-clock time of `zone` ("2024-03-02 04:30:00.000"); UTC stays ISO. */
function inZone(iso: string, clock: ZoneClock): string {
  if (clock.zone === UTC_ZONE) return iso;
  return new Date(clock.wall(Date.parse(iso))).toISOString().slice(0, 23).replace('T', ' ');
}

/** A terminal-friendly rendering of a summary: the figures an on-call engineer reads first. */
export function formatHumanSummary(
  summary: Summary,
  notUnderstood: readonly { readonly source: string; readonly lines: readonly string[] }[],
): string {
  const out: string[] = [];
  const errors = summary.levels.error + summary.levels.fatal;
  for (const source of summary.sources) {
    out.push(`${source.path}: ${source.format}, ${source.bytes} bytes, ${source.records} records`);
  }
  out.push('');
  out.push(`Records     ${summary.records}`);
  out.push(`Errors      ${errors} (${formatPercent(summary.records === 0 ? 0 : errors / summary.records)})`);
  out.push(`Warnings    ${summary.levels.warn}`);
  if (summary.timeRange !== null) {
    const span = Date.parse(summary.timeRange.end) - Date.parse(summary.timeRange.start);
    const clock = new ZoneClock(summary.timeZone);
    const zone = clock.zone === UTC_ZONE ? '' : ` ${clock.zone}`;
    out.push(`Time span   ${inZone(summary.timeRange.start, clock)} .. ${inZone(summary.timeRange.end, clock)}${zone} (${formatDuration(span)})`);
  }
  out.push(`Hosts       ${summary.hosts.length}`);
  out.push(`Levels      ${Object.entries(summary.levels).filter(([, n]) => n > 0).map(([level, n]) => `${level} ${n}`).join(', ')}`);
  if (summary.unparsedLines > 0) out.push(`Not understood: ${summary.unparsedLines} lines`);

  const errorTemplates = summary.templates.filter((t) => t.level === 'error' || t.level === 'fatal').slice(0, 10);
  if (errorTemplates.length > 0) {
    out.push('', 'Top error templates');
    for (const t of errorTemplates) out.push(`${String(t.count).padStart(8)}  ${t.template.slice(0, 160)}`);
  }
  const failingHosts = summary.hosts.filter((h) => h.errors > 0).slice(0, 10);
  if (failingHosts.length > 1) {
    out.push('', 'Hosts by errors');
    for (const h of failingHosts) out.push(`${String(h.errors).padStart(8)}  ${h.name} (${h.records} records)`);
  }
  if (summary.sessions !== null) {
    out.push(`Sessions    ${summary.sessions.count}, ${formatDuration(summary.sessions.meanDurationMs)} long on average`);
  }
  if (summary.http !== null) {
    out.push('', `HTTP status ${Object.entries(summary.http.status).map(([code, n]) => `${code}: ${n}`).join(', ')}`);
    const rt = summary.http.responseTimeMs;
    if (rt !== null) out.push(`Response ms p50 ${rt.p50.toFixed(1)}, p95 ${rt.p95.toFixed(1)}, p99 ${rt.p99.toFixed(1)} (${rt.count} timed)`);
  }
  for (const { source, lines } of notUnderstood) {
    out.push('', `Examples not understood in ${source}:`);
    for (const line of lines) out.push(`  ${line.slice(0, 160)}`);
  }
  return out.join('\n') + '\n';
}
