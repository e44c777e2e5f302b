/**
 * Template-miner benchmark on Loghub-2k: Grouping Accuracy per dataset against the original
 * ground truth (EventId) and the corrected one (EventTemplate), next to Drain's published GA,
 * plus throughput. Run: `npm run bench:templates`. Skips when the corpora are absent.
 */
import { resolve } from 'node:path';
import { compileLogFormat } from '../extension/engine/logFormatPattern';
import { groupingAccuracy } from '../extension/engine/templates/groupingAccuracy';
import { drainPublishedGa, loadLoghubDataset, loghubAvailable, loghubDatasetNames, loghubRoot } from '../extension/engine/templates/loghubCorpus';
import { TemplateMiner } from '../extension/engine/templates/miner';
import { engineTemplateLabels } from '../extension/engine/templates/engineLabels';


const projectRoot = resolve(__dirname, '..', '..');
const root = loghubRoot(projectRoot);

function main(): void {
  if (!loghubAvailable(root)) {
    console.log(`SKIP: Loghub-2k corpora not found at ${root}`);
    return;
  }
  const drain = drainPublishedGa(root);
  const header = ['dataset', 'GA orig', 'GA corr', 'Drain GA', 'templates', 'true (orig)', 'vs Drain', 'lines/s', 'engine fmt', 'engine auto', 'auto-fmt'];
  const rows: string[][] = [];
  let sumOriginal = 0;
  let sumCorrected = 0;
  let sumDrain = 0;
  let totalLines = 0;
  let totalMs = 0;
  let allPass = true;
  let sumEngineFormat = 0;
  let sumEngineAuto = 0;
  let autoWithin = true;
  const names = loghubDatasetNames(root);
  for (const name of names) {
    const dataset = loadLoghubDataset(root, name);
    const format = compileLogFormat(dataset.format);
    // Content comes from our own format parser, exactly as a user's log would be split.
    const contents = dataset.lines.map((line, k) => format.match(line)?.Content ?? dataset.contents[k] ?? '');
    const started = performance.now();
    const miner = new TemplateMiner();
    const ids = contents.map((content) => miner.add(content));
    const elapsed = performance.now() - started;
    const labels = ids.map((id) => miner.resolve(id));
    const original = groupingAccuracy(labels, dataset.eventIds);
    const corrected = groupingAccuracy(labels, dataset.correctedTemplates);
    const published = drain.get(name) ?? Number.NaN;
    // The whole engine, with the benchmark's format and with zero configuration.
    const text = dataset.lines.join('\n');
    const engineFormat = groupingAccuracy(engineTemplateLabels(text, dataset.lines.length, dataset.format), dataset.eventIds);
    const engineAuto = groupingAccuracy(engineTemplateLabels(text, dataset.lines.length), dataset.eventIds);
    sumEngineFormat += engineFormat;
    sumEngineAuto += engineAuto;
    autoWithin &&= engineFormat - engineAuto <= 0.05;
    const pass = original >= published;
    allPass &&= pass;
    sumOriginal += original;
    sumCorrected += corrected;
    sumDrain += published;
    totalLines += contents.length;
    totalMs += elapsed;
    rows.push([
      name,
      original.toFixed(4),
      corrected.toFixed(4),
      published.toFixed(3),
      String(miner.size),
      String(new Set(dataset.eventIds).size),
      pass ? 'pass' : 'FAIL',
      Math.round((contents.length / elapsed) * 1000).toLocaleString('en-US'),
      engineFormat.toFixed(4),
      engineAuto.toFixed(4),
      (engineAuto - engineFormat).toFixed(4),
    ]);
  }
  const count = names.length;
  rows.push([
    'average',
    (sumOriginal / count).toFixed(4),
    (sumCorrected / count).toFixed(4),
    (sumDrain / count).toFixed(3),
    '',
    '',
    allPass && sumOriginal / count >= 0.95 ? 'pass' : 'FAIL',
    Math.round((totalLines / totalMs) * 1000).toLocaleString('en-US'),
    (sumEngineFormat / count).toFixed(4),
    (sumEngineAuto / count).toFixed(4),
    autoWithin ? 'pass' : 'FAIL',
  ]);
  printTable(header, rows);
  console.log(`\nOne default configuration for all datasets. Target: GA >= Drain on every dataset and average >= 0.95.`);
  console.log(`"engine fmt" / "engine auto": the whole engine (records, levels, templates per level) with the benchmark's --log-format and with none; target: auto within 0.05 of fmt.`);
  console.log(`Throughput: ${totalLines} lines in ${totalMs.toFixed(0)} ms (fresh miner per dataset, first pass, includes warm-up).`);
  measureWarmThroughput(names);
}

/** Throughput once the JIT is warm: all 20k messages, fresh miner, best of 5 runs. */
function measureWarmThroughput(names: readonly string[]): void {
  const messages = names.flatMap((name) => loadLoghubDataset(root, name).contents);
  const bytes = messages.reduce((sum, message) => sum + Buffer.byteLength(message) + 1, 0);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const miner = new TemplateMiner();
    for (const message of messages) miner.add(message);
    best = Math.min(best, performance.now() - started);
  }
  const linesPerSecond = (messages.length / best) * 1000;
  const mibPerSecond = (bytes / best) * 1000 / 2 ** 20;
  console.log(`Warm throughput (all ${messages.length} messages, best of 5): ${Math.round(linesPerSecond).toLocaleString('en-US')} lines/s, ${mibPerSecond.toFixed(1)} MiB/s of message text.`);
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

main();
