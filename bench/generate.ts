/** `node out/bench/generate.js access|app <MiB> <path>`: writes a benchmark input (see generators.ts). */
import { ensureCorpus } from './generators';

const [corpus, size, path] = process.argv.slice(2);
if ((corpus !== 'access' && corpus !== 'app') || size === undefined || path === undefined) {
  process.stderr.write('usage: node out/bench/generate.js access|app <MiB> <path>\n');
  process.exit(2);
}
void ensureCorpus(path, corpus, Number(size) * 2 ** 20).then((p) => process.stdout.write(`${p}\n`));
