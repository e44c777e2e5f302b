/**
 * Hostile and broken inputs through the CLI: each must end with a result or a one-line reason,
 * in bounded time and memory, never a crash or a hang. Prints a table (input, outcome, time, peak
 * memory) at the end for the record.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync, symlinkSync, writeFileSync, existsSync, truncateSync, unlinkSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import type { Summary } from '../../extension/engine/summary';

const ROOT = process.cwd();
const MEASURE = resolve(ROOT, 'test/hostile/measure.cjs');
const dir = mkdtempSync(join(tmpdir(), 'logscope-hostile-'));
const rows: string[] = [];

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly maxRssMiB: number;
}

function cli(args: readonly string[], options: { user?: string; timeoutMs?: number } = {}): Outcome {
  const started = performance.now();
  const command = options.user === undefined ? process.execPath : 'runuser';
  const argv = options.user === undefined ? [MEASURE, ...args] : ['-u', options.user, '--', process.execPath, MEASURE, ...args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  const rss = /@@maxrss (\d+)/.exec(result.stderr ?? '');
  const stderr = (result.stderr ?? '').replace(/@@maxrss \d+\n?/, '');
  return { status: result.status, stdout: result.stdout ?? '', stderr, seconds, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN };
}

function record(input: string, outcome: Outcome, what: string): void {
  // A run watched while its file is meddled with is not measured by /usr/bin/time.
  const memory = Number.isNaN(outcome.maxRssMiB) ? 'not measured' : `${outcome.maxRssMiB.toFixed(0)} MiB`;
  rows.push(`| ${input} | ${what} | ${outcome.seconds.toFixed(2)} s | ${memory} |`);
}

/** Analyzes a file that must give a result; returns its summary. */
function expectResult(input: string, file: string): Summary {
  const outcome = cli(['analyze', file, '--json']);
  assert.equal(outcome.status, 0, `${input}: ${outcome.stderr}`);
  const summary = JSON.parse(outcome.stdout) as Summary;
  record(input, outcome, `result: ${summary.records} records, ${summary.unparsedLines} not understood`);
  return summary;
}

/** Analyzes a path that must be refused with one clear line on stderr. */
function expectReason(input: string, path: string, pattern: RegExp): void {
  const outcome = cli(['analyze', path]);
  assert.equal(outcome.status, 2, `${input}: exit ${outcome.status}, stderr ${outcome.stderr}`);
  assert.equal(outcome.stderr.trim().split('\n').length, 1, `${input}: one line, got ${outcome.stderr}`);
  assert.match(outcome.stderr, pattern);
  record(input, outcome, `reason: ${outcome.stderr.trim().replaceAll(dir, '…')}`);
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const LINE = '2024-05-01 10:00:00,000 ERROR [main] app.Db - query failed on 10.0.0.5:5432';

/** A log of about `mib` MiB of LINE records. */
function bigFile(name: string, mib: number): string {
  const path = join(dir, name);
  const block = Buffer.from(`${LINE}\n`.repeat(Math.ceil((1 << 20) / (LINE.length + 1))));
  const fd = openSync(path, 'w');
  for (let i = 0; i < mib; i++) writeSync(fd, block);
  closeSync(fd);
  return path;
}

/** True when process `pid` has `path` open (Linux /proc; false elsewhere). */
function isOpenBy(pid: number | undefined, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Runs the CLI on `path` and calls `meddle` ~50 ms after it opened the file; resolves when it exits (killed after 30 s). */
function cliWhileMeddling(path: string, meddle: () => void): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [resolve(ROOT, 'out/cli.js'), 'analyze', path, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    // Meddle once the CLI has the file open (seen in /proc where there is one), so it is mid-read.
    const deadline = performance.now() + 3000;
    const poll = (): void => {
      if (child.exitCode !== null) return;
      if (isOpenBy(child.pid, path) || performance.now() > deadline) timer = setTimeout(meddle, 50);
      else timer = setTimeout(poll, 5);
    };
    let timer = setTimeout(poll, 5);
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      clearTimeout(watchdog);
      resolvePromise({ status, stdout, stderr, seconds: (performance.now() - started) / 1000, maxRssMiB: NaN });
    });
  });
}

/** A result (exit 0, JSON) or one clear line (exit 2): never a crash or a hang. */
function expectResultOrReason(input: string, outcome: Outcome): void {
  assert.ok(outcome.status === 0 || outcome.status === 2, `${input}: exit ${outcome.status}, stderr ${outcome.stderr}`);
  if (outcome.status === 0) {
    const summary = JSON.parse(outcome.stdout) as Summary;
    assert.ok(summary.records >= 0);
    record(input, outcome, `result: ${summary.records} records`);
  } else {
    assert.equal(outcome.stderr.trim().split('\n').length, 1, `${input}: one line, got ${outcome.stderr}`);
    record(input, outcome, `reason: ${outcome.stderr.trim().replaceAll(dir, '…')}`);
  }
  assert.ok(outcome.seconds < 30, `${input}: took ${outcome.seconds} s`);
}

describe('hostile inputs', () => {
  after(() => {
    console.log(['', '| input | outcome | time | peak memory |', '|---|---|---|---|', ...rows].join('\n'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('an empty file', () => {
    const summary = expectResult('empty file', file('empty.log', ''));
    assert.equal(summary.records, 0);
  });

  it('binary garbage', () => {
    let seed = 1;
    const bytes = Buffer.alloc(1 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
    const outcome = cli(['analyze', file('garbage.bin.log', bytes), '--json']);
    assert.ok(outcome.status === 0 || outcome.status === 2, outcome.stderr);
    if (outcome.status === 2) assert.equal(outcome.stderr.trim().split('\n').length, 1);
    record('1 MiB of random bytes', outcome, outcome.status === 0 ? 'result' : `reason: ${outcome.stderr.trim().replaceAll(dir, '…')}`);
  });

  it('invalid UTF-8 and NUL bytes inside lines', () => {
    const content = Buffer.concat([Buffer.from(LINE + ' \u00e9'), Buffer.from([0xc3, 0x28, 0xff, 0x00, 0x0a]), Buffer.from(LINE + '\0\0 tail\n')]);
    const summary = expectResult('invalid UTF-8, NUL bytes', file('invalid.log', content));
    assert.equal(summary.records, 2);
    assert.equal(summary.levels.error, 2);
  });

  it('CRLF line endings', () => {
    const summary = expectResult('CRLF', file('crlf.log', `${LINE}\r\n${LINE}\r\n\tat x.Y(Y.java:1)\r\n`));
    assert.equal(summary.records, 2);
    assert.ok(!summary.templates.some((t) => t.template.includes('\r')));
  });

  it('a single 100 MB line stays within bounded memory', () => {
    const path = join(dir, 'one-line.log');
    const fd = openSync(path, 'w');
    const block = Buffer.alloc(1 << 20, 'x');
    writeSync(fd, Buffer.from(LINE + ' '));
    for (let i = 0; i < 100; i++) writeSync(fd, block);
    writeSync(fd, Buffer.from('\n' + LINE + '\n'));
    closeSync(fd);
    const outcome = cli(['analyze', path, '--json']);
    assert.equal(outcome.status, 0, outcome.stderr);
    const summary = JSON.parse(outcome.stdout) as Summary;
    assert.equal(summary.records, 2);
    assert.ok(outcome.maxRssMiB < 400, `peak RSS ${outcome.maxRssMiB} MiB`);
    record('one 100 MB line (+1 normal line)', outcome, `result: ${summary.records} records`);
  });

  it('10 million one-byte lines', () => {
    const path = file('tiny-lines.log', Buffer.alloc(20_000_000, 'a\n'));
    const outcome = cli(['analyze', path, '--json'], { timeoutMs: 300_000 });
    assert.equal(outcome.status, 0, outcome.stderr);
    const summary = JSON.parse(outcome.stdout) as Summary;
    assert.equal(summary.records, 10_000_000);
    assert.ok(summary.templates.length < 10, 'one template, not ten million');
    record('10,000,000 one-byte lines', outcome, `result: ${summary.records} records`);
  });

  it('a .gz that is not gzip is read as text', () => {
    const summary = expectResult('.gz that is plain text', file('plain.log.gz', `${LINE}\n${LINE}\n`));
    assert.equal(summary.records, 2);
  });

  it('a truncated .gz', () => {
    const full = gzipSync(Buffer.from(`${LINE}\n`.repeat(5000)));
    expectReason('truncated .gz', file('cut.log.gz', full.subarray(0, full.length >> 1)), /truncated or corrupt/);
  });

  it('a missing file, a directory without logs, a FIFO, a symlink loop', () => {
    expectReason('missing file', join(dir, 'nope.log'), /no such file or directory/);
    const empty = join(dir, 'empty-dir');
    mkdirSync(empty);
    expectReason('folder with no logs', empty, /no log files in folder/);
    const fifo = join(dir, 'pipe.log');
    if (spawnSync('mkfifo', [fifo]).status === 0) expectReason('FIFO', fifo, /not a regular file or folder/);
    const loop = join(dir, 'loop.log');
    symlinkSync(loop, loop);
    expectReason('symlink loop', loop, /cannot read .*loop\.log/);
  });

  it('permission denied', { skip: process.getuid?.() !== 0 || !existsSync('/usr/sbin/runuser') ? 'needs root and runuser to act as another user' : false }, () => {
    const locked = file('locked.log', `${LINE}\n`);
    chmodSync(locked, 0o600);
    chmodSync(dir, 0o755);
    const outcome = cli(['analyze', locked], { user: 'nobody' });
    assert.equal(outcome.status, 2, outcome.stderr);
    assert.match(outcome.stderr, /permission denied/i);
    assert.equal(outcome.stderr.trim().split('\n').length, 1);
    record('permission denied', outcome, `reason: ${outcome.stderr.trim().replaceAll(dir, '…')}`);
  });

  it('a catastrophic --log-format is refused at once', () => {
    const path = file('regex.log', 'a'.repeat(50_000) + '!\n');
    const outcome = cli(['analyze', path, '--log-format', '(<A>+)+$ <Content>']);
    assert.equal(outcome.status, 2);
    assert.ok(outcome.seconds < 10);
    record('catastrophic --log-format `(<A>+)+$`', outcome, `reason: ${outcome.stderr.trim()}`);
    const slow = cli(['analyze', path, '--log-format', '<A>a<B>a<C>a<D>a<E>a<F>a<G>b <Content>']);
    assert.equal(slow.status, 0, slow.stderr);
    assert.ok(slow.seconds < 20, `took ${slow.seconds} s`);
    record('many lazy fields on a 50 KB non-matching line', slow, 'result');
  });
  it('UTF-16 LE with a byte-order mark', () => {
    const text = `${LINE}\n${LINE}\n\tat x.Y(Y.java:1)\n${LINE.replace('ERROR', 'WARN')} caf\u00e9 \u{1F600}\n`;
    const summary = expectResult('UTF-16 LE with BOM', file('utf16.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    assert.equal(summary.records, 3);
    assert.equal(summary.levels.error, 2);
    assert.equal(summary.levels.warn, 1);
    assert.equal(summary.unparsedLines, 0);
  });

  it('lone CR line endings (classic Mac)', () => {
    const summary = expectResult('lone CR', file('cr.log', `${LINE}\r${LINE}\r\tat x.Y(Y.java:1)\r${LINE}`));
    assert.equal(summary.records, 3);
    assert.equal(summary.levels.error, 3);
    assert.ok(!summary.templates.some((t) => t.template.includes('\r')));
  });

  it('a file truncated to 0 bytes while it is read', async () => {
    const path = bigFile('truncated-while-read.log', 200);
    expectResultOrReason('200 MB file truncated while read', await cliWhileMeddling(path, () => truncateSync(path, 0)));
  });

  it('a file deleted while it is read', async () => {
    const path = bigFile('deleted-while-read.log', 200);
    expectResultOrReason('200 MB file deleted while read', await cliWhileMeddling(path, () => unlinkSync(path)));
  });
});
