/**
 * Moves an Aggregator between threads. `postMessage` clones plain data (Maps, arrays, typed
 * arrays) but drops prototypes and refuses functions, so bounded maps travel as their state and
 * the other parts get their prototypes back on arrival.
 */
import { Aggregator, type AggregatorOptions } from '../aggregator';
import { BoundedMap } from '../boundedMap';
import { QuantileSketch } from '../quantileSketch';
import { TemplateMiner } from '../templates/miner';
import { Timeline } from '../timeline';

/** An Aggregator as structured-clone-safe data. */
export type AggregatorData = Record<string, unknown>;

const BOUNDED_STATE = '__boundedMapState';

export function aggregatorToData(aggregator: Aggregator): AggregatorData {
  const data: AggregatorData = {};
  for (const [key, value] of Object.entries(aggregator)) {
    if (value instanceof BoundedMap) data[key] = { [BOUNDED_STATE]: value.state() };
    else if (value instanceof TemplateMiner) data[key] = withoutMessageCache(value);
    else data[key] = value;
  }
  return data;
}

/** The miner's raw-message cache only saves time in the thread that filled it. */
function withoutMessageCache(miner: TemplateMiner): Record<string, unknown> {
  return { ...miner, byMessage: new Map() };
}

const PROTOTYPES: readonly [new (...args: never[]) => object, string][] = [
  [Timeline, 'timeline'],
  [TemplateMiner, 'miner'],
  [QuantileSketch, 'responseTimes'],
];

export function aggregatorFromData(data: AggregatorData, options: AggregatorOptions = {}): Aggregator {
  const aggregator = new Aggregator(options);
  const target = aggregator as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    const current = target[key];
    if (current instanceof BoundedMap) {
      current.loadState((value as { [BOUNDED_STATE]: ReturnType<BoundedMap<unknown>['state']> })[BOUNDED_STATE]);
      continue;
    }
    const kind = PROTOTYPES.find(([type]) => current instanceof type);
    if (kind !== undefined) Object.setPrototypeOf(value as object, kind[0].prototype);
    if (key === 'options') continue;
    target[key] = value;
  }
  return aggregator;
}
