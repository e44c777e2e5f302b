import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Summary } from '../../extension/engine/summary';
import { FileTail } from '../../extension/engine/tail';
import { PROJECT_ROOT } from './corpora';

const lines = readFileSync(resolve(PROJECT_ROOT, 'samples/web-1.log'), 'utf8').split('\n').filter((l) => l !== '');
const dir = mkdtempSync(join(tmpdir(), 'logscope-tail-'));

function followed(path: string): { tail: FileTail; summaries: { summary: Summary; event: string }[] } {
  const summaries: { summary: Summary; event: string }[] = [];
  const tail = new FileTail(path, {}, { onSummary: (summary, event) => summaries.push({ summary, event }), onError: (e) => assert.fail(e) }, 60_000);
  return { tail, summaries };
}

describe('FileTail', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts appended lines once, across appends, truncation and rotation', async () => {
    const path = join(dir, 'web.log');
    writeFileSync(path, lines.slice(0, 1000).join('\n') + '\n');
    const { tail, summaries } = followed(path);
    await tail.start();
    assert.equal(summaries.at(-1)!.summary.records, 1000);

    // An append that ends mid-line: the partial line waits for its end.
    appendFileSync(path, lines.slice(1000, 1500).join('\n') + '\n' + lines[1500]!.slice(0, 20));
    await tail.poll();
    assert.equal(summaries.at(-1)!.summary.records, 1500);
    appendFileSync(path, lines[1500]!.slice(20) + '\n');
    await tail.poll();
    assert.equal(summaries.at(-1)!.summary.records, 1501);
    const polls = summaries.length;
    await tail.poll(); // nothing new: no update
    assert.equal(summaries.length, polls);

    // Rotation: rename away, new file with new lines.
    renameSync(path, path + '.1');
    writeFileSync(path, lines.slice(1501, 1800).join('\n') + '\n');
    await tail.poll();
    assert.equal(summaries.at(-1)!.event, 'rotated');
    assert.equal(summaries.at(-1)!.summary.records, 1800);

    // Truncation (copytruncate): the file restarts with new lines only.
    writeFileSync(path, lines.slice(1800, 1850).join('\n') + '\n');
    await tail.poll();
    assert.equal(summaries.at(-1)!.event, 'truncated');
    assert.equal(summaries.at(-1)!.summary.records, 1850);
    tail.stop();

    // Same figures as analysing the 1850 lines at once.
    const { analyzeText } = await import('../../extension/engine/analyze');
    const whole = analyzeText(lines.slice(0, 1850).join('\n') + '\n', path).summary;
    assert.deepEqual(summaries.at(-1)!.summary.levels, whole.levels);
    assert.deepEqual(summaries.at(-1)!.summary.http!.status, whole.http!.status);
  });
});
