import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { comparableSummary } from './summaryCompare';
import { Aggregator } from '../../extension/engine/aggregator';
import { forEachLine } from '../../extension/engine/lines';
import { SourceAnalyzer } from '../../extension/engine/sourceAnalyzer';
import { CORPORA, PROJECT_ROOT, skipWithoutCorpus } from './corpora';

const REFERENCE = Date.UTC(2026, 10, 23);

function feed(aggregator: Aggregator, name: string, lines: readonly string[], format: string | undefined, lineOffset: number): string {
  const source = new SourceAnalyzer(aggregator, name, () => 0, { format, referenceTime: REFERENCE, lineOffset });
  for (const line of lines) source.pushLine(line);
  return source.finish().format;
}

function checkHalves(name: string, text: string): void {
  const lines: string[] = [];
  forEachLine(text, (line) => lines.push(line));
  const whole = new Aggregator();
  const format = feed(whole, name, lines, undefined, 0);
  // Split at a record start near the middle, as a chunked reader would.
  let cut = Math.floor(lines.length / 2);
  while (cut < lines.length && /^(\s|Caused by|\.\.\.)/.test(lines[cut]!)) cut++;
  const first = new Aggregator();
  const second = new Aggregator();
  feed(first, name, lines.slice(0, cut), format, 0);
  feed(second, name, lines.slice(cut), format, cut);
  first.merge(second);
  assert.deepEqual(comparableSummary(first.summary([])), comparableSummary(whole.summary([])), `${name}: merged halves differ from the whole`);
}

describe('mergeable aggregates', () => {
  it('two halves of the sample logs merge to the whole', () => {
    for (const file of ['orders-1.log', 'web-1.log', 'auth.jsonl']) {
      checkHalves(file, readFileSync(resolve(PROJECT_ROOT, 'samples', file), 'utf8'));
    }
  });

  it('two halves of real logs merge to the whole', { skip: skipWithoutCorpus('loghub-2k') }, () => {
    checkHalves('apache_logs.txt', readFileSync(resolve(CORPORA, 'apache/apache_logs.txt'), 'utf8'));
    for (const dataset of ['HDFS', 'Zookeeper', 'BGL', 'Android']) {
      checkHalves(dataset, readFileSync(resolve(CORPORA, `loghub-2k/${dataset}/${dataset}_2k.log`), 'utf8'));
    }
  });
});
