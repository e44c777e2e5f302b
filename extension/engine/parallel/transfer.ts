/**
 * Moves an Aggregator between threads. `postMessage` clones plain data (Maps, arrays, typed
 * arrays) but drops prototypes and refuses functions, so bounded maps travel as their state, the
 * timeline and the latency sketches as a few arrays of numbers (cloning many small objects is
 * what costs), and the other parts get their prototypes back on arrival.
 */
import { Aggregator, type AggregatorOptions } from '../aggregator';
import { BoundedMap } from '../boundedMap';
import { QuantileSketch, type PackedSketches } from '../quantileSketch';
import { SeriesStore, type SeriesState } from '../series';
import { SessionTable } from '../sessionTable';
import { TemplateMiner } from '../templates/miner';
import { Timeline, type TimelineState } from '../timeline';
import { ZoneClock } from '../timeZone';

/** An Aggregator as structured-clone-safe data. */
export type AggregatorData = Record<string, unknown>;

const BOUNDED_STATE = '__boundedMapState';
const SERIES_STATE = '__seriesState';
const TIMELINE_STATE = '__timelineState';
const SKETCH_STATE = '__sketchState';

export function aggregatorToData(aggregator: Aggregator): AggregatorData {
  const data: AggregatorData = {};
  for (const [key, value] of Object.entries(aggregator)) {
    if (value instanceof BoundedMap) data[key] = { [BOUNDED_STATE]: value.state() };
    else if (value instanceof Timeline) data[key] = { [TIMELINE_STATE]: value.state() };
    else if (value instanceof QuantileSketch) data[key] = { [SKETCH_STATE]: QuantileSketch.pack([value]) };
    else if (value instanceof SeriesStore) data[key] = { [SERIES_STATE]: value.state() };
    else if (value instanceof TemplateMiner) data[key] = withoutMessageCache(value);
    // The receiver builds its own clock from its options; the zone must match (merge checks it).
    else if (value instanceof ZoneClock) data[key] = { zone: value.zone };
    else data[key] = value;
  }
  return data;
}

/**
 * Buffers `postMessage` may move instead of copying: the session table's (24 MiB a worker on a
 * log with a million trace ids). The sender must not use the aggregator afterwards.
 */
export function transferables(data: AggregatorData): ArrayBuffer[] {
  return Object.values(data).flatMap((value) => (value instanceof SessionTable ? value.buffers() : []));
}

/** The miner's message cache only saves time in the thread that filled it. */
function withoutMessageCache(miner: TemplateMiner): Record<string, unknown> {
  miner.clearMessageCache();
  return { ...miner };
}

/** Classes whose instances travel as plain data and get their prototype back on arrival. */
const PROTOTYPES: readonly object[] = [TemplateMiner.prototype];

/** The Aggregator `data` came from. `data` must be its own (a structured clone): its objects and maps are taken, not copied. */
export function aggregatorFromData(data: AggregatorData, options: AggregatorOptions = {}): Aggregator {
  const aggregator = new Aggregator(options);
  const target = aggregator as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    const current = target[key];
    if (current instanceof SeriesStore) {
      current.loadState((value as { [SERIES_STATE]: SeriesState })[SERIES_STATE]);
      continue;
    }
    if (current instanceof ZoneClock) {
      const zone = (value as { zone?: unknown }).zone;
      if (zone !== current.zone) throw new Error(`aggregates binned in time zone ${String(zone)} arrived for ${current.zone}`);
      continue;
    }
    if (current instanceof SessionTable) {
      target[key] = SessionTable.revive(value);
      continue;
    }
    if (current instanceof BoundedMap) {
      current.loadState((value as { [BOUNDED_STATE]: ReturnType<BoundedMap<unknown>['state']> })[BOUNDED_STATE]);
      continue;
    }
    if (current instanceof QuantileSketch) {
      target[key] = QuantileSketch.unpack((value as { [SKETCH_STATE]: PackedSketches })[SKETCH_STATE])[0];
      continue;
    }
    if (current instanceof Timeline) {
      target[key] = Timeline.fromState((value as { [TIMELINE_STATE]: TimelineState })[TIMELINE_STATE]);
      continue;
    }
    const prototype = current === null || typeof current !== 'object' ? undefined : PROTOTYPES.find((p) => p === Object.getPrototypeOf(current));
    if (prototype !== undefined) Object.setPrototypeOf(value, prototype);
    if (key === 'options') continue;
    target[key] = value;
  }
  return aggregator;
}
