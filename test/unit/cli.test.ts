import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Summary } from '../../extension/engine/summary';
import { CORPORA, PROJECT_ROOT, skipWithoutCorpus } from './corpora';

const CLI = resolve(PROJECT_ROOT, 'out/cli.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function analyzeJson(...args: string[]): Summary {
  const result = run('analyze', ...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Summary;
}

describe('logscope analyze --json on the Apache access log', { skip: skipWithoutCorpus('apache') }, () => {
  const file = resolve(CORPORA, 'apache/apache_logs.txt');

  it('counts 10,000 records, statuses equal to an independent count, levels by the 5xx/4xx rule', () => {
    const summary = analyzeJson(file);
    // Independent count: the status is the first 3-digit field after the quoted request.
    const expected: Record<string, number> = {};
    const requestsByClient = new Map<string, number>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const m = /^(\S+) \S+ \S+ \[[^\]]+\] "[^"]*" (\d{3}) /.exec(line);
      assert.ok(m, `independent parse failed on: ${line}`);
      expected[m[2]!] = (expected[m[2]!] ?? 0) + 1;
      requestsByClient.set(m[1]!, (requestsByClient.get(m[1]!) ?? 0) + 1);
    }
    assert.equal(summary.records, 10_000);
    assert.equal(summary.sources[0]!.format, 'apache-combined');
    assert.deepEqual(summary.http!.status, expected);
    const sum = (pred: (code: number) => boolean): number =>
      Object.entries(expected).filter(([code]) => pred(Number(code))).reduce((total, [, n]) => total + n, 0);
    assert.equal(summary.levels.error, sum((c) => c >= 500));
    assert.equal(summary.levels.warn, sum((c) => c >= 400 && c < 500));
    assert.equal(summary.levels.info, sum((c) => c < 400));
    assert.equal(summary.levels.fatal + summary.levels.debug + summary.levels.trace + summary.levels.unknown, 0);
    assert.equal(summary.timeRange!.start, '2015-05-17T10:05:00.000Z');
    assert.equal(summary.timeRange!.end, '2015-05-20T21:05:59.000Z');
    assert.equal(summary.http!.methods.GET, 9952);
    // Clients: all are counted; the listed ones (the heaviest, when there are many) with their own requests.
    assert.equal(summary.clientCount, requestsByClient.size);
    assert.ok(summary.clients.length >= Math.min(requestsByClient.size, 1000), `${summary.clients.length} clients listed`);
    for (const client of summary.clients) assert.equal(client.requests, requestsByClient.get(client.name), client.name);
    const heaviest = [...requestsByClient.values()].sort((a, b) => b - a).slice(0, 10);
    assert.deepEqual(summary.clients.slice(0, 10).map((c) => c.requests), heaviest);
    const timelineTotal = summary.timeline.buckets.reduce((n, b) => n + Object.values(b.counts).reduce((a, c) => a + c, 0), 0);
    assert.equal(timelineTotal, 10_000);
    assert.equal(summary.templates.reduce((n, t) => n + t.count, 0), 10_000);
  });
});

describe('every lnav sample through analyze, templates and report', { skip: skipWithoutCorpus('lnav-samples') }, () => {
  const dir = resolve(CORPORA, 'lnav-samples');
  const files = readdirSync(dir).filter((name) => name.startsWith('logfile_'));
  const out = mkdtempSync(join(tmpdir(), 'logscope-cli-'));

  for (const name of files) {
    it(name, () => {
      const file = join(dir, name);
      const summary = analyzeJson(file);
      assert.ok(summary.records > 0, 'some records');
      assert.equal(summary.schemaVersion, 1);
      const levelTotal = Object.values(summary.levels).reduce((a, b) => a + b, 0);
      assert.equal(levelTotal, summary.records, 'every record has exactly one level');

      const templates = run('templates', file, '--json');
      assert.equal(templates.status, 0, templates.stderr);
      const parsed = JSON.parse(templates.stdout) as { records: number; templates: { lines: number[] }[] };
      const lines = parsed.templates.flatMap((t) => t.lines);
      assert.equal(lines.length, summary.records, 'every record is in a template');
      assert.equal(new Set(lines).size, lines.length, 'no record is in two templates');

      const human = run('analyze', file);
      assert.equal(human.status, 0, human.stderr);
      assert.match(human.stdout, /Records\s+\d+/);

      const report = join(out, `${name}.html`);
      const result = run('report', file, '-o', report);
      assert.equal(result.status, 0, result.stderr);
      const html = readFileSync(report, 'utf8');
      assert.match(html, /<script type="application\/json" id="logscope-data">/);
      assert.doesNotMatch(html, /<script[^>]+src=/, 'scripts are inlined');
    });
  }
});

describe('CLI output', () => {
  it("orders ties the same whatever the machine's locale (by code unit, not by collation)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscope-cli-'));
    const file = join(dir, 'hosts.log');
    // Two hosts with equal counts: Swedish collation puts "åsa" after "zeta", English before it.
    writeFileSync(file, 'Mar  1 10:00:00 åsa app[1]: started\nMar  1 10:00:01 zeta app[2]: started\n');
    const hostsUnder = (locale: string): string[] => {
      const result = spawnSync(process.execPath, [CLI, 'analyze', file, '--json'], { encoding: 'utf8', env: { ...process.env, LC_ALL: locale, LANG: locale } });
      assert.equal(result.status, 0, result.stderr);
      return (JSON.parse(result.stdout) as Summary).hosts.map((host) => host.name);
    };
    assert.deepEqual(hostsUnder('en_US.UTF-8'), ['zeta', 'åsa']);
    assert.deepEqual(hostsUnder('sv_SE.UTF-8'), ['zeta', 'åsa']);
  });
});

describe('CLI errors', () => {
  it('a missing file exits 2 with a one-line reason', () => {
    const result = run('analyze', '/nonexistent/file.log');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^logscope: cannot read \/nonexistent\/file\.log: no such file or directory\n$/);
  });

  it('an invalid --log-format exits 2 and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscope-cli-'));
    const file = join(dir, 'a.log');
    writeFileSync(file, 'x\n');
    const result = run('analyze', file, '--log-format', '<Date> <Time>');
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /Content/);
  });

  it('--time-zone bins days and hours in the zone and refuses names that are no zone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscope-cli-'));
    const file = join(dir, 'tz.log');
    // Friday 2024-03-01 23:00 UTC is Saturday 04:30 in Kolkata.
    writeFileSync(file, '2024-03-01 23:00:00,000 ERROR [main] a.B - payment failed\n2024-03-01 22:00:00,000 INFO [main] a.B - started\n');
    const utc = analyzeJson(file);
    assert.equal(utc.timeZone, 'UTC');
    assert.equal(utc.errorHeatmap[4]![23], 1);
    const kolkata = analyzeJson(file, '--time-zone', 'Asia/Kolkata');
    assert.equal(kolkata.timeZone, 'Asia/Kolkata');
    assert.equal(kolkata.errorHeatmap[5]![4], 1);
    assert.equal(kolkata.timeRange!.start, '2024-03-01T22:00:00.000Z', 'JSON times stay UTC instants');
    // The human output reads in the zone too, and says which.
    assert.match(run('analyze', file).stdout, /^Time span {3}2024-03-01T22:00:00\.000Z \.\. 2024-03-01T23:00:00\.000Z \(1 h/m);
    assert.match(run('analyze', file, '--time-zone', 'Asia/Kolkata').stdout, /^Time span {3}2024-03-02 03:30:00\.000 \.\. 2024-03-02 04:30:00\.000 Asia\/Kolkata \(1 h/m);
    const bad = run('analyze', file, '--time-zone', 'Mars/Base');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--time-zone needs .*"Mars\/Base"/);
  });

  it('an unknown command or option exits 2', () => {
    assert.equal(run('frobnicate').status, 2);
    assert.equal(run('analyze', '--bogus', 'x').status, 2);
    assert.equal(run('report', 'x').status, 2);
  });

  it('--log-format uses the Loghub convention', { skip: skipWithoutCorpus('loghub-2k') }, () => {
    const file = resolve(CORPORA, 'loghub-2k/HDFS/HDFS_2k.log');
    const summary = analyzeJson(file, '--log-format', '<Date> <Time> <Pid> <Level> <Component>: <Content>');
    assert.equal(summary.records, 2000);
    assert.equal(summary.sources[0]!.format, 'user');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.equal(summary.levels.warn, lines.filter((l) => / WARN /.test(l)).length);
    assert.equal(summary.levels.info, lines.filter((l) => / INFO /.test(l)).length);
    // Earliest "yyMMdd HHmmss", computed independently of the engine's time parser.
    const earliest = lines.map((l) => l.slice(0, 13)).sort()[0]!;
    const [d, t] = earliest.split(' ') as [string, string];
    const iso = `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.000Z`;
    assert.equal(summary.timeRange!.start, iso);
  });
});
