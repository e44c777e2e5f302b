/**
 * Errors between servers as a directed graph: nodes are hosts and the peers their error messages
 * name, node colour is the node's errors, node size its records, edge width the error count and
 * arrows point from sender to receiver. Controls: direction (send / receive / both) and a minimum
 * edge count. Clicking a node focuses the dashboard on that host.
 */
import type { Summary } from '../../extension/engine/summary';
import { ChartPanel, type RenderReason } from '../chartPanel';
import { h, uniqueId } from '../dom';
import { formatCount, truncate } from '../format';
import type { TableData } from '../table';
import { mixHex } from '../theme';
import { tooltipBase, tooltipElement } from '../tooltip';
import type { View, ViewContext } from './view';

type Direction = 'both' | 'send' | 'receive';

/** Past this many nodes only the heaviest-connected are drawn (the table lists every edge). */
const MAX_NODES = 60;

interface NodeInfo {
  readonly name: string;
  records: number;
  errors: number;
  isHost: boolean;
  sent: number;
  received: number;
  readonly peers: Map<string, number>;
}

export class GraphView implements View {
  private readonly panel = new ChartPanel('graph', 'Server error graph', { height: 360 });
  readonly element = this.panel.element;
  private direction: Direction = 'both';
  private minCount = 1;
  private readonly directionButtons = new Map<Direction, HTMLButtonElement>();
  private readonly slider: HTMLInputElement;
  private readonly sliderValue = h('output', { className: 'slider-value' });
  private nodeNames: readonly string[] = [];
  private selected: string | null = null;
  private last: { summary: Summary; context: ViewContext } | null = null;

  constructor() {
    const group = h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Edge direction' } });
    for (const [key, label] of [['both', 'Both'], ['send', 'Send'], ['receive', 'Receive']] as const) {
      const button = h('button', { text: label, attrs: { type: 'button', 'aria-pressed': String(key === this.direction), 'data-direction': key } });
      button.addEventListener('click', () => {
        this.direction = key;
        this.rerender();
      });
      this.directionButtons.set(key, button);
      group.appendChild(button);
    }
    const sliderId = uniqueId('graph-min');
    this.slider = h('input', { className: 'slider', attrs: { type: 'range', id: sliderId, min: '1', max: '1', step: '1', value: '1', 'data-control': 'min-edge' } });
    this.slider.addEventListener('input', () => {
      this.minCount = Number(this.slider.value) || 1;
      this.rerender();
    });
    const sliderLabel = h('label', { className: 'slider-label', attrs: { for: sliderId } }, ['Min errors ', this.sliderValue]);
    this.panel.setActions(group, h('span', { className: 'slider-group' }, [sliderLabel, this.slider]));
    this.panel.onChart((chart) => {
      chart.on('click', (event: unknown) => {
        const data = event as { dataType?: string; name?: string; dataIndex?: number };
        if (data.dataType !== 'node') return;
        const name = this.nodeNames[data.dataIndex ?? -1];
        if (name !== undefined) this.last?.context.select({ host: name === this.selected ? null : name });
      });
    });
  }

  hasData(summary: Summary): boolean {
    return summary.edges.length > 0;
  }

  update(summary: Summary, context: ViewContext, reason: RenderReason): void {
    this.last = { summary, context };
    this.render(summary, context, reason);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private rerender(): void {
    if (this.last) this.render(this.last.summary, this.last.context, 'data');
  }

  private render(summary: Summary, context: ViewContext, reason: RenderReason): void {
    const { theme } = context;
    this.selected = context.scope.selection.host;
    for (const [key, button] of this.directionButtons) button.setAttribute('aria-pressed', String(key === this.direction));
    const maxCount = Math.max(1, ...summary.edges.map((edge) => edge.count));
    this.slider.max = String(maxCount);
    if (this.minCount > maxCount) this.minCount = maxCount;
    this.slider.value = String(this.minCount);
    this.sliderValue.textContent = String(this.minCount);
    this.slider.setAttribute('aria-valuetext', `at least ${this.minCount} errors per edge`);

    const edges = summary.edges.filter((edge) => edge.count >= this.minCount && (this.direction === 'both' || edge.direction === this.direction));
    const nodes = new Map<string, NodeInfo>();
    const node = (name: string): NodeInfo => {
      let info = nodes.get(name);
      if (!info) {
        info = { name, records: 0, errors: 0, isHost: false, sent: 0, received: 0, peers: new Map() };
        nodes.set(name, info);
      }
      return info;
    };
    for (const edge of edges) {
      const source = node(edge.source);
      const target = node(edge.target);
      source.sent += edge.count;
      target.received += edge.count;
      source.peers.set(edge.target, (source.peers.get(edge.target) ?? 0) + edge.count);
      target.peers.set(edge.source, (target.peers.get(edge.source) ?? 0) + edge.count);
    }
    for (const host of summary.hosts) {
      const info = nodes.get(host.name);
      if (info) Object.assign(info, { records: host.records, errors: host.errors, isHost: true });
    }
    // Peers that are not hosts of this log: their errors are the ones reported about them.
    for (const info of nodes.values()) if (!info.isHost) info.errors = info.sent + info.received;
    const kept = [...nodes.values()].sort((a, b) => b.sent + b.received - (a.sent + a.received)).slice(0, MAX_NODES);
    const keptNames = new Set(kept.map((info) => info.name));
    const drawnEdges = edges.filter((edge) => keptNames.has(edge.source) && keptNames.has(edge.target));
    this.nodeNames = kept.map((info) => info.name);

    const maxErrors = Math.max(1, ...kept.map((info) => info.errors));
    const maxRecords = Math.max(1, ...kept.map((info) => info.records));
    const low = mixHex(theme.background, theme.foreground, 0.25);
    const colorFor = (errors: number): string => (errors <= 0 ? low : mixHex(mixHex(theme.levels.warn, theme.levels.error, 0.3), theme.levels.error, Math.sqrt(errors / maxErrors)));
    const sizeFor = (info: NodeInfo): number => (info.isHost ? 14 + 30 * Math.sqrt(info.records / maxRecords) : 10);
    const widthFor = (count: number): number => 1 + 6 * Math.sqrt(count / maxCount);
    const selected = this.selected;
    const neighbours = new Set<string>();
    if (selected !== null) for (const edge of drawnEdges) if (edge.source === selected || edge.target === selected) neighbours.add(edge.source).add(edge.target);

    this.panel.setSubtitle(
      `${formatCount(kept.length)} nodes · ${formatCount(drawnEdges.length)} of ${formatCount(summary.edges.length)} edges` +
        (nodes.size > kept.length ? ` · busiest ${MAX_NODES} nodes` : ''),
    );
    this.panel.setNote(drawnEdges.length === 0 ? 'No edges match: lower the minimum or show both directions.' : 'Colour: errors · size: records · arrows: sender → receiver. Click a node to focus on it.');

    const option = {
      animationDurationUpdate: 300,
      textStyle: { fontFamily: theme.fontFamily, color: theme.foreground },
      tooltip: {
        ...tooltipBase(theme),
        trigger: 'item',
        formatter: (raw: unknown) => {
          const params = raw as { dataType?: string; dataIndex?: number };
          if (params.dataType === 'edge') {
            const edge = drawnEdges[params.dataIndex ?? -1];
            if (!edge) return '';
            return tooltipElement(`${edge.source} → ${edge.target}`, [
              { label: edge.direction === 'send' ? 'Errors sending' : 'Errors receiving', value: formatCount(edge.count), color: theme.levels.error },
            ], edge.direction === 'send' ? `Logged by ${edge.source}` : `Logged by ${edge.target}`);
          }
          const info = kept[params.dataIndex ?? -1];
          if (!info) return '';
          const peers = [...info.peers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
          return tooltipElement(info.name, [
            { label: 'Send errors', value: formatCount(info.sent), color: theme.levels.error },
            { label: 'Receive errors', value: formatCount(info.received), color: theme.levels.warn },
            ...(info.isHost ? [{ label: 'Records', value: formatCount(info.records) }, { label: 'Errors (all)', value: formatCount(info.errors) }] : []),
            ...peers.map(([peer, count]) => ({ label: `↔ ${truncate(peer, 36)}`, value: formatCount(count) })),
          ], info.isHost ? (selected === info.name ? 'Click to clear the host filter' : 'Click to focus on this host') : 'Peer named in error messages');
        },
      },
      series: [
        {
          id: 'graph',
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          cursor: 'pointer',
          force: { repulsion: 220, edgeLength: [60, 160], gravity: 0.12, layoutAnimation: false },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: [0, 8],
          label: { show: true, position: 'right', color: theme.foreground, fontSize: 11, formatter: (p: { dataIndex: number }) => truncate(kept[p.dataIndex]?.name ?? '', 24) },
          labelLayout: { hideOverlap: true },
          emphasis: { focus: 'adjacency', lineStyle: { width: 4 } },
          data: kept.map((info) => {
            const dimmed = selected !== null && !neighbours.has(info.name) && info.name !== selected;
            return {
              id: info.name,
              name: truncate(info.name, 60),
              symbolSize: sizeFor(info),
              symbol: info.isHost ? 'circle' : 'diamond',
              itemStyle: {
                color: colorFor(info.errors),
                borderColor: info.name === selected ? theme.foreground : theme.background,
                borderWidth: info.name === selected ? 3 : 1,
                opacity: dimmed ? 0.25 : 1,
              },
              label: dimmed ? { opacity: 0.35 } : {},
            };
          }),
          links: drawnEdges.map((edge) => ({
            source: edge.source,
            target: edge.target,
            lineStyle: {
              width: widthFor(edge.count),
              color: edge.direction === 'send' ? theme.levels.error : theme.levels.warn,
              opacity: selected !== null && edge.source !== selected && edge.target !== selected ? 0.15 : 0.7,
              curveness: 0.15,
            },
          })),
        },
      ],
    };
    const table: TableData = {
      caption: 'Errors between servers (edges)',
      columns: [{ label: 'Source' }, { label: 'Target' }, { label: 'Direction' }, { label: 'Errors', numeric: true }],
      rows: [...summary.edges].sort((a, b) => b.count - a.count).map((edge) => [edge.source, edge.target, edge.direction, formatCount(edge.count)]),
    };
    const busiest = kept[0];
    const description =
      `Directed graph of errors between ${kept.length} servers and peers, ${drawnEdges.length} edges.` +
      (busiest ? ` Most connected: ${busiest.name} (${formatCount(busiest.sent)} send, ${formatCount(busiest.received)} receive errors).` : '');
    // The force layout is recomputed for a new node set; keep positions stable otherwise.
    this.panel.render(option, table, description, reason === 'data' ? 'data' : reason);
  }
}
