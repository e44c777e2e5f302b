/**
 * `npm run bench`: Logscope against GoAccess and lnav on the same generated files.
 *
 *   node out/bench/run.js [--sizes 100,1024] [--runs 3] [--big-runs 3] [--skip-peers] [--no-readme]
 *
 * Inputs come from the seeded generators (bench/generators.ts) into bench/results/tmp/ and are
 * reused. Peers are installed from Debian when missing (root only). Every tool runs the same
 * file `runs` times, in rounds (best wall time kept; other work on the machine only ever slows a
 * run down); peak RSS comes from /usr/bin/time. Results: bench/results/<date>.md and the README
 * section.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { accessLogLines, ensureCorpus, type Corpus } from './generators';
import { measureFirstFigures, measureLiveTail } from './latency';
import { describeStartup, measureStartup } from './startup';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'out', 'cli.js');
const TMP = join(ROOT, 'bench', 'results', 'tmp');
const RESULTS = join(ROOT, 'bench', 'results');
const MIB = 2 ** 20;

interface Options {
  sizes: number[];
  runs: number;
  bigRuns: number;
  peers: boolean;
  readme: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { sizes: [100, 1024], runs: 3, bigRuns: 3, peers: true, readme: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i]!.split(',').map(Number);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--big-runs') options.bigRuns = Number(argv[++i]);
    else if (arg === '--skip-peers') options.peers = false;
    else if (arg === '--no-readme') options.readme = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

interface Tool {
  readonly name: string;
  readonly corpus: Corpus;
  /** Program and arguments for a file; the output goes to /dev/null. */
  readonly command: (file: string) => [string, string[]];
  readonly peer: boolean;
}

const TOOLS: readonly Tool[] = [
  { name: 'logscope analyze --json (2 jobs)', corpus: 'access', peer: false, command: (f) => ['node', [CLI, 'analyze', '--json', '--jobs', '2', f]] },
  { name: 'logscope analyze --json (1 job)', corpus: 'access', peer: false, command: (f) => ['node', [CLI, 'analyze', '--json', '--jobs', '1', f]] },
  { name: 'goaccess COMBINED -o json', corpus: 'access', peer: true, command: (f) => ['goaccess', [f, '--log-format=COMBINED', '--no-progress', '-o', join(tmpdir(), 'logscope-bench-goaccess.json')]] },
  { name: 'lnav count(*)', corpus: 'access', peer: true, command: (f) => ['lnav', ['-n', '-c', ';SELECT count(*) FROM access_log', f]] },
  {
    name: 'lnav GROUP BY c_ip',
    corpus: 'access',
    peer: true,
    command: (f) => ['lnav', ['-n', '-c', ';SELECT c_ip, count(*) AS n FROM access_log GROUP BY c_ip ORDER BY n DESC LIMIT 10', f]],
  },
  { name: 'logscope analyze --json (2 jobs)', corpus: 'app', peer: false, command: (f) => ['node', [CLI, 'analyze', '--json', '--jobs', '2', f]] },
  { name: 'logscope analyze --json (1 job)', corpus: 'app', peer: false, command: (f) => ['node', [CLI, 'analyze', '--json', '--jobs', '1', f]] },
  {
    name: 'lnav GROUP BY log_level (one format per file)',
    corpus: 'app',
    peer: true,
    command: (f) => ['lnav', ['-n', '-c', ';SELECT log_level, count(*) FROM all_logs GROUP BY log_level', f]],
  },
];

interface Measurement {
  readonly wallSeconds: number;
  readonly peakRssKiB: number;
  /** CPU time of all the run's threads, user and kernel. */
  readonly cpuSeconds: number;
}

/** One run under /usr/bin/time (wall seconds, max RSS in KiB, CPU seconds). */
function timeOnce(program: string, args: string[]): Measurement | string {
  const report = join(tmpdir(), `logscope-bench-time-${process.pid}.txt`);
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', report, program, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MIB });
  if (run.status !== 0) return `exit ${run.status}: ${run.stderr.toString().trim().split('\n').slice(-2).join(' ')}`;
  const [wall, rss, user, system] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallSeconds: wall!, peakRssKiB: rss!, cpuSeconds: user! + system! };
}

/**
 * Each tool's best of `runs` on `file`, runs taken in rounds (every tool once, then again): a
 * slow spell of the shared machine, which lasts minutes here, then costs each tool one run, not
 * all of one tool's. A tool that fails is not run again; its entry is why.
 */
function bestOfRounds(tools: readonly Tool[], file: string, runs: number): (Measurement | string)[] {
  const best: (Measurement | string)[] = tools.map(() => 'not run');
  for (let round = 0; round < runs; round++) {
    tools.forEach((tool, index) => {
      const sofar = best[index]!;
      if (round > 0 && typeof sofar === 'string') return;
      process.stderr.write(`${basename(file)}: ${tool.name}, run ${round + 1} of ${runs}…\n`);
      const [program, args] = tool.command(file);
      const result = timeOnce(program, args);
      if (typeof result === 'string' || typeof sofar === 'string' || result.wallSeconds < sofar.wallSeconds) best[index] = result;
    });
  }
  return best;
}

function ensurePeers(): string[] {
  const notes: string[] = [];
  const missing = ['goaccess', 'lnav'].filter((name) => spawnSync('which', [name]).status !== 0);
  if (missing.length > 0) {
    if (process.getuid?.() === 0) {
      process.stderr.write(`installing ${missing.join(', ')} from Debian…\n`);
      spawnSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } else {
      notes.push(`not installed (and not root): ${missing.join(', ')}`);
    }
  }
  return notes;
}

function version(program: string, args: string[]): string {
  try {
    // "GoAccess - 1.7." → "GoAccess 1.7"
    const first = execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
    return first.replace(' - ', ' ').replace(/\.$/, '');
  } catch {
    return 'not installed';
  }
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`build first (node esbuild.mjs): ${CLI} is missing`);
  mkdirSync(TMP, { recursive: true });
  const notes = options.peers ? ensurePeers() : ['peers skipped (--skip-peers)'];
  const loadBefore = loadavg();
  const started = new Date();
  const rows: string[] = [];
  const ours = new Map<string, number>();
  for (const corpus of ['access', 'app'] as const) {
    for (const size of options.sizes) {
      const file = await ensureCorpus(join(TMP, `${corpus}-${size}m.log`), corpus, size * MIB);
      const bytes = statSync(file).size;
      const runs = size >= 1024 ? options.bigRuns : options.runs;
      let reference: number | undefined;
      const tools = TOOLS.filter((t) => t.corpus === corpus && (options.peers || !t.peer));
      const results = bestOfRounds(tools, file, runs);
      for (const [index, tool] of tools.entries()) {
        const result = results[index]!;
        if (typeof result === 'string') {
          rows.push(`| ${corpus} | ${size} MiB | ${tool.name} | ${result} | | | | |`);
          continue;
        }
        const speed = bytes / MIB / result.wallSeconds;
        reference ??= result.wallSeconds; // the first tool of each file is Logscope with 2 jobs
        if (!tool.peer) ours.set(`${corpus}-${size}-${tool.name}`, result.wallSeconds);
        const ratio = tool.peer ? `${fmt(result.wallSeconds / reference)}×` : '';
        const cpu = `${fmt(result.cpuSeconds, 2)} s (${fmt(result.cpuSeconds / result.wallSeconds, 2)})`;
        rows.push(`| ${corpus} | ${size} MiB | ${tool.name} | ${fmt(result.wallSeconds, 2)} s | ${fmt(speed)} MiB/s | ${cpu} | ${fmt(result.peakRssKiB / 1024)} MiB | ${ratio} |`);
      }
    }
  }
  const smallest = Math.min(...options.sizes);
  const accessFile = join(TMP, `access-${Math.max(...options.sizes)}m.log`);
  const firstFigures = await measureFirstFigures(accessFile, join(ROOT, 'out', 'chunkWorker.js'));
  const tail = await measureLiveTail(join(TMP, `access-${smallest}m.log`), accessLogLines(99), 10_000);
  const startup = describeStartup(measureStartup());
  const loadAfter = loadavg();

  const scaling: string[] = [];
  if (options.sizes.includes(100) && options.sizes.includes(1024)) {
    for (const corpus of ['access', 'app']) {
      const small = ours.get(`${corpus}-100-logscope analyze --json (2 jobs)`);
      const big = ours.get(`${corpus}-1024-logscope analyze --json (2 jobs)`);
      if (small === undefined || big === undefined) continue;
      // Time as fixed + per-MiB cost through both points: what the ratio hides.
      const perMib = (big - small) / (1024 - 100);
      scaling.push(
        `${corpus}: 1 GiB took ${fmt(big / small, 2)}× the 100 MiB time (linear would be 10.24×); ` +
          `the 924 MiB between them went at ${fmt(1 / perMib)} MiB/s, and the time left over, ${fmt(small - 100 * perMib, 2)} s, is what every run pays whatever its size`,
      );
    }
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB RAM, node ${process.version}`;
  const table = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; load average ${loadBefore.map((n) => fmt(n, 2)).join(' ')} before, ${loadAfter.map((n) => fmt(n, 2)).join(' ')} after (the machine is shared: best of ${options.runs} runs, ${options.bigRuns} for 1 GiB, taken in rounds of one run per tool).`,
    `Peers: ${version('goaccess', ['--version'])}, ${version('lnav', ['-V'])}. "peer ÷ logscope" = the peer's time over Logscope's (2 jobs) on the same file. CPU: user and kernel time of all the run's threads (V8's own included), and in brackets the cores it kept busy on average.`,
    '',
    '| input | size | tool | wall (best) | throughput | CPU (cores) | peak RSS | peer ÷ logscope |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `- Time to first figures (summary of the first MiB while the rest is read), ${fmt(statSync(accessFile).size / MIB, 0)} MiB access log: ${fmt(firstFigures.firstMs, 0)} ms (whole file: ${fmt(firstFigures.totalMs, 0)} ms).`,
    `- Live tail: ${tail.lines} appended lines after a ${smallest} MiB file: append ${fmt(tail.appendMs, 0)} ms + summary ${fmt(tail.summaryMs, 0)} ms = ${fmt(tail.appendMs + tail.summaryMs, 0)} ms (best of ${tail.runs}).`,
    ...scaling.map((line) => `- Scaling, ${line}.`),
    ...startup.map((line) => `- ${line}`),
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
  process.stdout.write(table + '\n');
  const stamp = started.toISOString().replace(/[:]/g, '-').slice(0, 16);
  writeFileSync(join(RESULTS, `${stamp}.md`), `# Benchmark ${started.toISOString()}\n\n${table}\n`);
  if (options.readme) updateReadme(table);
}

function updateReadme(table: string): void {
  const path = join(ROOT, 'README.md');
  const text = readFileSync(path, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    process.stderr.write('README.md has no bench markers; table not copied there\n');
    return;
  }
  writeFileSync(path, text.slice(0, from + start.length) + '\n' + table + '\n' + text.slice(to));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
