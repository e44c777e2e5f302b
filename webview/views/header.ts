/** The header: what is being looked at, its sources and detected formats. */
import type { Summary } from '../../extension/engine/summary';
import { h } from '../dom';
import { formatBytes, formatCount } from '../format';
import type { View, ViewContext } from './view';

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export class HeaderView implements View {
  readonly element = h('header', { className: 'page-header', attrs: { 'data-view': 'header' } });

  hasData(): boolean {
    return true;
  }

  update(summary: Summary, context: ViewContext): void {
    const title = h('h1', { text: context.subject.title, attrs: { title: context.subject.uri } });
    const formats = [...new Set(summary.sources.map((source) => source.format))];
    const meta = h('div', { className: 'page-meta' });
    const only = summary.sources.length === 1 ? summary.sources[0] : undefined;
    if (only) {
      meta.appendChild(
        h('span', {
          className: 'meta-item',
          text: `${baseName(only.path)} · ${formatBytes(only.bytes)}`,
          attrs: { title: only.path },
        }),
      );
    }
    if (formats.length > 0) {
      meta.appendChild(
        h('span', { className: 'meta-item' }, [
          h('span', { className: 'meta-label', text: formats.length === 1 ? 'Format' : 'Formats' }),
          ...formats.map((format) => h('span', { className: 'chip', text: format, attrs: { 'data-format': '' } })),
        ]),
      );
    }
    const { zone } = context;
    if (summary.timeRange) {
      const { start, end } = summary.timeRange;
      meta.appendChild(h('span', { className: 'meta-item', text: `${zone.timestamp(start)} → ${zone.timestamp(end)}` }));
      // The offsets over the whole span: a log across a daylight-saving change shows both.
      const instants = [...summary.timeline.buckets.map((bucket) => Date.parse(bucket.start)), Date.parse(start), Date.parse(end)];
      meta.appendChild(
        h('span', {
          className: 'meta-item meta-zone',
          text: `Times in ${zone.describe(instants)}`,
          attrs: {
            'data-time-zone': zone.name,
            title:
              `${zone.isLocal ? 'The local time zone of this machine' : 'The time zone'}, as set with logscope.timeZone (or logscope report --time-zone). ` +
              'Exported CSV and JSON keep ISO-8601 UTC instants.',
          },
        }),
      );
    }
    if (zone.problem !== null) {
      meta.appendChild(h('span', { className: 'meta-item meta-warning', text: zone.problem, attrs: { 'data-setting-problem': '' } }));
    }
    if (summary.unparsedLines > 0) {
      meta.appendChild(
        h('span', {
          className: 'meta-item meta-warning',
          text: `${formatCount(summary.unparsedLines)} unparsed ${summary.unparsedLines === 1 ? 'line' : 'lines'}`,
          attrs: { title: 'Lines no format understood; counted as level "unknown".' },
        }),
      );
    }
    const approximate = Object.entries(summary.approximations ?? {});
    if (approximate.length > 0) {
      meta.appendChild(
        h('span', {
          className: 'meta-item meta-warning',
          text: 'Some counts are approximate',
          attrs: {
            'data-approximate': '',
            title: approximate
              .map(([map, bound]) =>
                map === 'sessions'
                  ? `sessions: ${formatCount(bound)} were closed early to bound memory (an id seen again after that counts twice)`
                  : map === 'edges'
                    ? `edges: ${formatCount(bound)} error mentions of further server pairs were not counted (the graph keeps 100,000 pairs)`
                    : `${map}: each count may be short by up to ${formatCount(bound)}`,
              )
              .join('\n'),
          },
        }),
      );
    }
    const sources = h('ul', { className: 'source-list', attrs: { 'aria-label': 'Sources' } });
    for (const source of summary.sources) {
      sources.appendChild(
        h('li', { attrs: { title: source.path } }, [
          h('span', { className: 'source-name', text: baseName(source.path) }),
          h('span', {
            className: 'source-detail',
            text: `${source.format} · ${formatBytes(source.bytes)} · ${formatCount(source.records)} records`,
          }),
        ]),
      );
    }
    this.element.replaceChildren(title, meta);
    if (summary.sources.length > 1) this.element.appendChild(sources);
  }
}
