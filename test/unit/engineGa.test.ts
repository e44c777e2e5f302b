import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineTemplateLabels } from '../../extension/engine/templates/engineLabels';
import { groupingAccuracy } from '../../extension/engine/templates/groupingAccuracy';
import { loadLoghubDataset, loghubAvailable, loghubDatasetNames, loghubRoot } from '../../extension/engine/templates/loghubCorpus';
import { PROJECT_ROOT } from './corpora';

const root = loghubRoot(PROJECT_ROOT);


describe('zero configuration on logs of no known format', { skip: loghubAvailable(root) ? false : `Loghub-2k corpora not found at ${root}` }, () => {
  for (const name of loghubDatasetNames(root)) {
    it(`${name}: template GA without --log-format is within 0.05 of GA with it`, () => {
      const dataset = loadLoghubDataset(root, name);
      const text = dataset.lines.join('\n');
      const withFormat = groupingAccuracy(engineTemplateLabels(text, dataset.lines.length, dataset.format), dataset.eventIds);
      const auto = groupingAccuracy(engineTemplateLabels(text, dataset.lines.length), dataset.eventIds);
      assert.ok(withFormat - auto <= 0.05, `${name}: ${auto.toFixed(4)} without the format, ${withFormat.toFixed(4)} with it`);
      assert.ok(auto >= 0.9, `${name}: GA ${auto.toFixed(4)} without configuration`);
    });
  }
});
