/**
 * The TextMate grammar (syntaxes/log.tmLanguage.json) run through the real engine VS Code uses
 * (vscode-textmate + vscode-oniguruma): scopes on real corpus lines, stack frames and network values,
 * theme colours that tell levels apart with no user setting, and a hang guard for 200 KB lines.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { CORPORA, PROJECT_ROOT, skipWithoutCorpus } from './corpora';

const SUFFIX = 'log.logscope';
const LEVEL_SCOPES = {
  fatal: 'token.error-token.log.fatal.logscope',
  error: 'token.error-token.log.error.logscope',
  warn: 'token.warn-token.log.warn.logscope',
  info: 'token.info-token.log.info.logscope',
  debug: 'token.debug-token.log.debug.logscope',
  trace: 'comment.log.trace.logscope',
} as const;
type Level = keyof typeof LEVEL_SCOPES;

// ---------------------------------------------------------------------------------------------
// Engine set-up

const onigLib: Promise<textmate.IOnigLib> = (async () => {
  const wasm = readFileSync(resolve(PROJECT_ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm);
  return {
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  };
})();

const grammarPath = resolve(PROJECT_ROOT, 'syntaxes/log.tmLanguage.json');

async function loadGrammar(theme?: textmate.IRawTheme): Promise<{ grammar: textmate.IGrammar; registry: textmate.Registry }> {
  const registry = new textmate.Registry({
    onigLib,
    ...(theme ? { theme } : {}),
    loadGrammar: (scopeName) =>
      Promise.resolve(scopeName === 'text.log.logscope' ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar('text.log.logscope');
  assert.ok(grammar, 'grammar text.log.logscope loads');
  return { grammar, registry };
}

const plainGrammar = loadGrammar().then((loaded) => loaded.grammar);

interface Token {
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

async function tokenize(line: string): Promise<Token[]> {
  const grammar = await plainGrammar;
  const result = grammar.tokenizeLine(line, textmate.INITIAL);
  return result.tokens.map((token) => ({
    start: token.startIndex,
    end: Math.min(token.endIndex, line.length),
    text: line.slice(token.startIndex, token.endIndex),
    scopes: token.scopes,
  }));
}

const hasScope = (token: Token, scope: string): boolean =>
  token.scopes.some((s) => s === scope || s.startsWith(`${scope}.`));

/** Position of the n-th occurrence of `needle` in `line` (fails the test if absent). */
function positionOf(line: string, needle: string, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = line.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `"${needle}" (occurrence ${occurrence}) not found in: ${line}`);
  }
  return at;
}

/** The run of consecutive tokens carrying `scope` that contains position `at`, or null. */
function scopedRunAt(tokens: Token[], at: number, scope: string): { start: number; end: number } | null {
  const index = tokens.findIndex((t) => t.start <= at && at < t.end);
  const first = tokens[index];
  if (!first || !hasScope(first, scope)) return null;
  let lo = index;
  let hi = index;
  while (lo > 0 && hasScope(tokens[lo - 1]!, scope)) lo--;
  while (hi < tokens.length - 1 && hasScope(tokens[hi + 1]!, scope)) hi++;
  return { start: tokens[lo]!.start, end: tokens[hi]!.end };
}

function describeTokens(tokens: Token[]): string {
  return tokens.map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n  ');
}

/** Asserts that exactly the text `needle` (no more, no less) is covered by `scope`. */
async function expectScope(line: string, needle: string, scope: string, occurrence = 0): Promise<void> {
  const tokens = await tokenize(line);
  const at = positionOf(line, needle, occurrence);
  const run = scopedRunAt(tokens, at, scope);
  assert.deepEqual(
    run && line.slice(run.start, run.end),
    needle,
    `expected "${needle}" to be exactly ${scope} in:\n${line}\n  ${describeTokens(tokens)}`,
  );
}

async function expectNoScope(line: string, needle: string, scope: string): Promise<void> {
  const tokens = await tokenize(line);
  const at = positionOf(line, needle);
  const covering = tokens.filter((t) => t.start < at + needle.length && t.end > at);
  assert.ok(
    covering.every((t) => !hasScope(t, scope)),
    `expected "${needle}" NOT to be ${scope} in:\n${line}\n  ${describeTokens(tokens)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Corpus helpers

function readCorpusLines(relativePath: string): string[] {
  return readFileSync(resolve(CORPORA, relativePath), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
}

/** Minimal RFC 4180 reader for the loghub *_structured.csv ground truth (quoted fields, "" escapes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** How each loghub ground-truth level spelling maps onto the grammar's levels. */
const GROUND_TRUTH_LEVEL: Record<string, Level> = {
  FATAL: 'fatal', SEVERE: 'fatal', F: 'fatal',
  ERROR: 'error', error: 'error', E: 'error',
  WARN: 'warn', WARNING: 'warn', W: 'warn',
  INFO: 'info', Info: 'info', notice: 'info', I: 'info',
  DEBUG: 'debug', D: 'debug',
  V: 'trace',
};

// ---------------------------------------------------------------------------------------------

/** Every regex source in the grammar JSON (match, begin, end), wherever it is nested. */
function grammarRegexes(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => grammarRegexes(child, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') found.push(value);
      else grammarRegexes(value, found);
    }
  }
  return found;
}

void describe('log grammar: structure', () => {
  void it('every regex compiles in Oniguruma and every scope ends in .log[.<level>].logscope', async () => {
    await onigLib;
    const raw = JSON.parse(readFileSync(grammarPath, 'utf8')) as unknown;
    const regexes = grammarRegexes(raw);
    assert.ok(regexes.length > 30, `${regexes.length} regexes`);
    for (const source of regexes) {
      assert.doesNotThrow(() => new oniguruma.OnigScanner([source]).dispose(), `does not compile: ${source}`);
    }
    // The top-level "name" is the grammar's display name; rule names live in the repository.
    const names = JSON.stringify((raw as { repository: unknown }).repository).match(/"(?:name|contentName)":"[^"]*"/g) ?? [];
    for (const entry of names) {
      for (const scope of entry.split(':')[1]!.replace(/"/g, '').split(' ')) {
        assert.match(scope, /\.log(\.(fatal|error|warn|info|debug|trace))?\.logscope$/, `scope without the .log[.<level>].logscope suffix: ${scope}`);
      }
    }
  });
});

void describe('log grammar: levels on real corpus lines (loghub ground truth)', () => {
  const datasets = ['Android', 'Apache', 'BGL', 'HDFS', 'Hadoop', 'OpenStack', 'Spark', 'Windows', 'Zookeeper'];
  for (const dataset of datasets) {
    void it(`${dataset}: the level field of every line gets its level scope`, { skip: skipWithoutCorpus(`loghub-2k/${dataset}`) }, async () => {
      const csv = parseCsv(readFileSync(resolve(CORPORA, `loghub-2k/${dataset}/${dataset}_2k.log_structured.csv`), 'utf8'));
      const header = csv[0]!;
      const levelColumn = header.indexOf('Level');
      const idColumn = header.indexOf('LineId');
      assert.ok(levelColumn >= 0 && idColumn >= 0, `${dataset} ground truth has LineId and Level columns`);
      const lines = readCorpusLines(`loghub-2k/${dataset}/${dataset}_2k.log`);
      const failures: string[] = [];
      let checked = 0;
      for (const row of csv.slice(1)) {
        const level = row[levelColumn];
        const line = lines[Number(row[idColumn]) - 1];
        if (!level || line === undefined) continue;
        const expected = GROUND_TRUTH_LEVEL[level];
        assert.ok(expected, `${dataset}: no mapping for ground-truth level "${level}"`);
        checked++;
        const tokens = await tokenize(line);
        // The level field is the first token whose whole text is the level word.
        const field = tokens.find((t) => t.text === level);
        if (!field || !hasScope(field, LEVEL_SCOPES[expected])) failures.push(`${level}: ${line.slice(0, 160)}`);
      }
      assert.ok(checked >= 1900, `${dataset}: ${checked} lines with a level`);
      assert.deepEqual(failures.slice(0, 5), [], `${dataset}: ${failures.length}/${checked} lines miss their level scope`);
    });
  }
});

void describe('log grammar: access logs (status in access-log position)', () => {
  const statusScope = (status: string): string =>
    ({ '1': 'constant.numeric.http-status.1xx', '2': 'markup.inserted.http-status.2xx', '3': 'markup.changed.http-status.3xx', '4': 'token.warn-token.http-status.4xx', '5': 'token.error-token.http-status.5xx' })[status[0]!]! + `.${SUFFIX}`;
  const accessLine = /^(\S+) \S+ \S+ \[([^\]]+)\] "([A-Z]+) [^"]*" (\d{3}) /;

  void it('apache_logs.txt: client IP, timestamp, method and status class on every line', { skip: skipWithoutCorpus('apache/apache_logs.txt') }, async () => {
    const lines = readCorpusLines('apache/apache_logs.txt');
    const seenClasses = new Set<string>();
    let checked = 0;
    for (const line of lines.slice(0, 3000)) {
      const fields = accessLine.exec(line);
      if (!fields) continue;
      const [, client, time, method, status] = fields as unknown as [string, string, string, string, string];
      checked++;
      seenClasses.add(status[0]!);
      const tokens = await tokenize(line);
      const runOf = (needle: string, scope: string, from = 0): string | null => {
        const at = line.indexOf(needle, from);
        const run = scopedRunAt(tokens, at, scope);
        return run && line.slice(run.start, run.end);
      };
      if (client.includes('.')) assert.equal(runOf(client, `entity.name.function.ip.v4.${SUFFIX}`), client, line);
      assert.equal(runOf(time, `comment.timestamp.apache.${SUFFIX}`), time, line);
      assert.equal(runOf(method, `keyword.other.http-method.${SUFFIX}`, line.indexOf('"')), method, line);
      assert.equal(runOf(status, statusScope(status), line.indexOf('" ') + 1), status, line);
    }
    assert.ok(checked > 2900, `${checked} access-log lines checked`);
    assert.ok(['2', '3', '4'].every((c) => seenClasses.has(c)), `status classes seen: ${[...seenClasses].join(',')}`);
  });

  void it('5xx, 4xx and 2xx get three different scopes', async () => {
    const line = (status: number) => `10.0.0.1 - - [20/Jul/2019:22:59:26 +0000] "POST /api/orders HTTP/1.1" ${status} 512 "-" "curl/8.0"`;
    await expectScope(line(503), '503', `token.error-token.http-status.5xx.${SUFFIX}`);
    await expectScope(line(404), '404', `token.warn-token.http-status.4xx.${SUFFIX}`);
    await expectScope(line(200), '200', `markup.inserted.http-status.2xx.${SUFFIX}`);
    await expectScope(line(200), '512', `constant.numeric.size.${SUFFIX}`);
    await expectScope(line(200), '/api/orders', `string.unquoted.path.${SUFFIX}`);
    // A number elsewhere in the line is not a status.
    await expectNoScope('took 503 ms to respond', '503', 'token.error-token');
  });
});

void describe('log grammar: lnav sample formats', () => {
  const skip = skipWithoutCorpus('lnav-samples');
  const firstLine = (file: string, contains = ''): string => {
    const line = readCorpusLines(`lnav-samples/${file}`).find((l) => l.includes(contains));
    assert.ok(line, `${file} has a line containing "${contains}"`);
    return line;
  };

  void it('syslog timestamp, glog level letter, logfmt level values', { skip }, async () => {
    await expectScope(firstLine('logfile_syslog.0'), 'Nov  3 09:23:38', `comment.timestamp.syslog.${SUFFIX}`);
    const glog = firstLine('logfile_glog.0', 'E0517');
    await expectScope(glog, 'E', LEVEL_SCOPES.error);
    await expectScope(glog, '0517 15:04:22.619632', `comment.timestamp.glog.${SUFFIX}`);
    await expectScope(glog, 'logging_unittest.cc', `string.unquoted.path.file.${SUFFIX}`);
    const warnGlog = firstLine('logfile_glog.0', 'W0517');
    await expectScope(warnGlog, 'W', LEVEL_SCOPES.warn);
    const logfmt = firstLine('logfile_logfmt.0', 'level=error');
    await expectScope(logfmt, 'level', `variable.other.key.${SUFFIX}`);
    await expectScope(logfmt, 'error', LEVEL_SCOPES.error);
    await expectScope(logfmt, 'namespace', `variable.other.key.${SUFFIX}`);
    await expectScope(logfmt, '2021-09-15T21:17:10.220731Z', `comment.timestamp.iso8601.${SUFFIX}`);
    await expectScope(firstLine('logfile_logfmt.0', 'level=warning'), 'warning', LEVEL_SCOPES.warn);
  });

  void it('JSON lines: keys, level values, epoch and ISO timestamps', { skip }, async () => {
    const caddy = firstLine('logfile_caddy_log.0', '"level":"info"');
    await expectScope(caddy, 'level', `variable.other.key.${SUFFIX}`);
    await expectScope(caddy, 'info', LEVEL_SCOPES.info);
    await expectScope(caddy, '1761019822.3152757', `comment.timestamp.epoch.${SUFFIX}`);
    const tracing = firstLine('logfile_rust_tracing.0', '"level":"TRACE"');
    await expectScope(tracing, 'TRACE', LEVEL_SCOPES.trace);
    await expectScope(tracing, '2025-10-28T19:15:10.821495Z', `comment.timestamp.iso8601.${SUFFIX}`);
    const zap = firstLine('logfile_zap_console.0', '\terror\t');
    await expectScope(zap, 'error', LEVEL_SCOPES.error);
    await expectScope(zap, 'internal/queue_sender.go', `string.unquoted.path.file.${SUFFIX}`);
    await expectScope(zap, 'http://prometheus:9090/api/v1/otlp/v1/metrics', `markup.underline.link.url.${SUFFIX}`);
  });

  void it('UUIDs, hex ids, IPs with ports, units and status in other formats', { skip }, async () => {
    const vpxd = firstLine('logfile_vpxd.0', 'sessionIsActive');
    await expectScope(vpxd, '528e6e0c-246d-58b5-3234-278c6e0c5d0d', `constant.numeric.uuid.${SUFFIX}`);
    await expectScope(vpxd, '7e1280cf', `constant.numeric.hex.id.${SUFFIX}`);
    const uwsgi = firstLine('logfile_uwsgi.0', '(HTTP/1.1 200)');
    await expectScope(uwsgi, '127.0.0.1', `entity.name.function.ip.v4.${SUFFIX}`);
    await expectScope(uwsgi, 'msecs', `keyword.other.unit.${SUFFIX}`);
    await expectScope(uwsgi, 'POST', `keyword.other.http-method.${SUFFIX}`);
    await expectScope(uwsgi, '200', `markup.inserted.http-status.2xx.${SUFFIX}`);
    const haproxy = firstLine('logfile_haproxy.0', '141.35.244.171:53332');
    await expectScope(haproxy, '141.35.244.171', `entity.name.function.ip.v4.${SUFFIX}`);
    await expectScope(haproxy, '53332', `constant.numeric.port.${SUFFIX}`);
    await expectScope(haproxy, '25/Feb/2019:16:19:48.143', `comment.timestamp.apache.${SUFFIX}`);
    const strace = firstLine('logfile_strace_log.1', '0x7ffd10f5bfe0');
    await expectScope(strace, '0x7ffd10f5bfe0', `constant.numeric.hex.${SUFFIX}`);
    await expectScope(strace, '1697048351.000001', `comment.timestamp.epoch.${SUFFIX}`);
    const postgres = firstLine('logfile_postgres.0', 'ERROR:');
    await expectScope(postgres, 'ERROR', LEVEL_SCOPES.error);
    await expectScope(postgres, '"nonexistent_table"', `string.quoted.double.${SUFFIX}`);
    await expectScope(firstLine('logfile_postgres.0', '"::"'), '::', `entity.name.function.ip.v6.${SUFFIX}`);
  });
});

void describe('log grammar: hand-written lines', () => {
  void it('each level, including abbreviations and bracketed letters, gets its own scope', async () => {
    const cases: [string, string, Level][] = [
      ['2024-01-01 12:00:00 FATAL out of memory', 'FATAL', 'fatal'],
      ['[crit] disk gone', 'crit', 'fatal'],
      ['kernel: EMERG panic', 'EMERG', 'fatal'],
      ['SEVERE: java.util.logging style', 'SEVERE', 'fatal'],
      ['ERROR [main] boom', 'ERROR', 'error'],
      ['Error: something', 'Error', 'error'],
      ['[E] failed', 'E', 'error'],
      ['[ERR] failed', 'ERR', 'error'],
      ['ERRO[0000] logrus says', 'ERRO', 'error'],
      ['WARN  slow', 'WARN', 'warn'],
      ['Warning: deprecated', 'Warning', 'warn'],
      ['[W] low disk', 'W', 'warn'],
      ['[12:00:00 WRN] serilog', 'WRN', 'warn'],
      ['INFO started', 'INFO', 'info'],
      ['[notice] child pid 42 exit', 'notice', 'info'],
      ['NOTICE: checkpoint', 'NOTICE', 'info'],
      ['DEBUG cache miss', 'DEBUG', 'debug'],
      ['[DBG] x', 'DBG', 'debug'],
      ['TRACE enter f()', 'TRACE', 'trace'],
      ['VERBOSE details', 'VERBOSE', 'trace'],
      ['level=notice msg=x', 'notice', 'info'],
      ['{"level":"trace","msg":"x"}', 'trace', 'trace'],
    ];
    for (const [line, needle, level] of cases) await expectScope(line, needle, LEVEL_SCOPES[level]);
    // FATAL is also bold (strong), ERROR is not.
    assert.ok((await tokenize('FATAL x')).some((t) => t.text === 'FATAL' && hasScope(t, 'strong')));
    assert.ok(!(await tokenize('ERROR x')).some((t) => t.text === 'ERROR' && hasScope(t, 'strong')));
  });

  void it('level words inside identifiers, paths and prose-only words are not levels', async () => {
    await expectNoScope('rotated /var/log/error.log to error.log.1', 'error.log', 'token.error-token');
    await expectNoScope('writing to stderr now', 'stderr', 'token.error-token');
    await expectNoScope('class ErrorHandler registered', 'ErrorHandler', 'token.error-token');
    await expectNoScope('pod-error-3 restarted', 'error', 'token.error-token');
    await expectNoScope('sending alert email to ops', 'alert', 'token.error-token');
    await expectNoScope('printing the stack trace below', 'trace', 'comment.log.trace');
  });

  void it('glog and Android logcat single-letter levels', async () => {
    await expectScope('E1103 09:31:45.123456  4242 server.cc:120] listen failed', 'E', LEVEL_SCOPES.error);
    await expectScope('I1103 09:31:45.123456  4242 server.cc:120] ok', 'I', LEVEL_SCOPES.info);
    await expectScope('03-17 16:13:38.811  1702  2395 W ActivityManager: slow', 'W', LEVEL_SCOPES.warn);
    await expectScope('03-17 16:13:38.811  1702  2395 V Tag: x', 'V', LEVEL_SCOPES.trace);
    await expectScope('E/AndroidRuntime( 1234): FATAL EXCEPTION: main', 'E', LEVEL_SCOPES.error);
    // A word that starts with E at the start of a line is not a glog prefix.
    await expectNoScope('E1103 is an error code', 'E', 'token.error-token');
  });

  void it('Java, JavaScript, Python and Go stack frames', async () => {
    const javaFrame = '\tat com.foo.Bar.baz(Bar.java:12)';
    await expectScope(javaFrame, javaFrame, `meta.stackframe.${SUFFIX}`);
    await expectScope(javaFrame, 'at', `keyword.other.at.${SUFFIX}`);
    await expectScope(javaFrame, 'com.foo.Bar.baz', `entity.name.function.method.${SUFFIX}`);
    await expectScope(javaFrame, 'Bar.java', `string.unquoted.path.file.${SUFFIX}`);
    await expectScope(javaFrame, '12', `constant.numeric.line.${SUFFIX}`);
    await expectScope('    at com.x.Y$Inner.<init>(Native Method)', 'com.x.Y$Inner.<init>', `entity.name.function.method.${SUFFIX}`);
    await expectScope('    at async Promise.all (index 0)', 'Promise.all', `entity.name.function.method.${SUFFIX}`);
    const jsFrame = '    at Object.<anonymous> (/app/server.js:10:15)';
    await expectScope(jsFrame, '/app/server.js', `string.unquoted.path.file.${SUFFIX}`);
    await expectScope(jsFrame, '15', `constant.numeric.column.${SUFFIX}`);
    await expectScope('\t... 12 more', '\t... 12 more', `comment.line.elided-frames.${SUFFIX}`);

    const pyFrame = '  File "/usr/lib/python3/app.py", line 3, in main';
    await expectScope(pyFrame, pyFrame, `meta.stackframe.python.${SUFFIX}`);
    await expectScope(pyFrame, '/usr/lib/python3/app.py', `string.quoted.double.path.file.${SUFFIX}`);
    await expectScope(pyFrame, '3', `constant.numeric.line.${SUFFIX}`, 1); // occurrence 0 is in python3
    await expectScope(pyFrame, 'main', `entity.name.function.method.${SUFFIX}`);
    await expectScope('Traceback (most recent call last):', 'Traceback', `keyword.control.exception.${SUFFIX}`);

    await expectScope('goroutine 1 [running]:', 'goroutine 1 [running]:', `meta.stackframe.go.${SUFFIX}`);
    await expectScope('goroutine 1 [running]:', 'running', `string.unquoted.goroutine-state.${SUFFIX}`);
    const goCall = 'main.(*Server).handle(0xc000010000, 0x1)';
    await expectScope(goCall, 'main.(*Server).handle', `entity.name.function.method.${SUFFIX}`);
    await expectScope(goCall, '0xc000010000', `constant.numeric.hex.${SUFFIX}`);
    await expectScope('\t/home/u/src/main.go:12 +0x1d', '/home/u/src/main.go', `string.unquoted.path.file.${SUFFIX}`);

    // Indented prose that merely starts with "at" is not a frame.
    await expectNoScope('    at least one retry left', 'least', 'meta.stackframe');
  });

  void it('exception names and "Caused by:"', async () => {
    const java = 'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"';
    await expectScope(java, 'java.lang.NullPointerException', `entity.name.type.exception.${SUFFIX}`);
    await expectScope(java, 'Exception', `entity.name.type.exception.${SUFFIX}`);
    await expectScope('Caused by: java.io.IOException: disk full', 'Caused by', `keyword.control.exception.${SUFFIX}`);
    await expectScope('Caused by: java.io.IOException: disk full', 'java.io.IOException', `entity.name.type.exception.${SUFFIX}`);
    await expectScope('ValueError: invalid literal for int()', 'ValueError', `entity.name.type.exception.${SUFFIX}`);
    await expectScope('org.apache.zookeeper.KeeperException$NoNodeException: x', 'org.apache.zookeeper.KeeperException$NoNodeException', `entity.name.type.exception.${SUFFIX}`);
  });

  void it('IPv4 and IPv6 addresses, with ports and zones', async () => {
    const ip6 = 'client [2001:db8::1]:8443 from fe80::1%eth0 and ::1 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and ::ffff:192.0.2.1';
    for (const address of ['2001:db8::1', 'fe80::1%eth0', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::ffff:192.0.2.1']) {
      await expectScope(ip6, address, `entity.name.function.ip.v6.${SUFFIX}`);
    }
    await expectScope(ip6, '::1', `entity.name.function.ip.v6.${SUFFIX}`, 2); // the bare loopback, after two longer ones
    await expectScope(ip6, '8443', `constant.numeric.port.${SUFFIX}`);
    await expectScope('connect to 10.251.73.220:50010 failed', '10.251.73.220', `entity.name.function.ip.v4.${SUFFIX}`);
    await expectScope('connect to 10.251.73.220:50010 failed', '50010', `constant.numeric.port.${SUFFIX}`);
    await expectScope('allow 192.168.0.0/16', '192.168.0.0', `entity.name.function.ip.v4.${SUFFIX}`);
    // Not addresses: C++ scope operators, times, MACs, versions.
    await expectNoScope('in std::vector<int>::size', '::', 'entity.name.function.ip');
    await expectNoScope('at 12:34:56 sharp', '12:34:56', 'entity.name.function.ip');
    await expectNoScope('mac 00:1a:2b:3c:4d:5e up', '00:1a:2b:3c:4d:5e', 'entity.name.function.ip');
    await expectNoScope('version 1.2.3.4.5 installed', '1.2.3.4', 'entity.name.function.ip');
    await expectNoScope('address 999.1.1.1 is invalid', '999.1.1.1', 'entity.name.function.ip');
  });

  void it('timestamps, UUIDs, hex, numbers with units, URLs, paths, strings', async () => {
    await expectScope('2024-03-01T12:00:00.123+01:00 started', '2024-03-01T12:00:00.123+01:00', `comment.timestamp.iso8601.${SUFFIX}`);
    await expectScope('[Sun Dec 04 04:47:44 2005] [error] x', 'Sun Dec 04 04:47:44 2005', `comment.timestamp.syslog.${SUFFIX}`);
    await expectScope('done at 09:23:38.5 today', '09:23:38.5', `comment.timestamp.time.${SUFFIX}`);
    await expectScope('id 123e4567-e89b-12d3-a456-426614174000 ok', '123e4567-e89b-12d3-a456-426614174000', `constant.numeric.uuid.${SUFFIX}`);
    await expectScope('commit 3f3ea0a69165bc95f62bb487fda73e925ae229a6', '3f3ea0a69165bc95f62bb487fda73e925ae229a6', `constant.numeric.hex.id.${SUFFIX}`);
    await expectNoScope('the facade decade', 'facade', 'constant.numeric');
    await expectScope('took 12.5ms and 5 MB', '12.5', `constant.numeric.${SUFFIX}`);
    await expectScope('took 12.5ms and 5 MB', 'ms', `keyword.other.unit.${SUFFIX}`);
    await expectScope('took 12.5ms and 5 MB', 'MB', `keyword.other.unit.${SUFFIX}`);
    await expectNoScope('node R02-M1-N0 blk_123', '02', 'constant.numeric');
    await expectScope('see https://example.com:8080/a/b?x=1&y=2. now', 'https://example.com:8080/a/b?x=1&y=2', `markup.underline.link.url.${SUFFIX}`);
    await expectScope('open /etc/httpd/conf/workers2.properties', '/etc/httpd/conf/workers2.properties', `string.unquoted.path.${SUFFIX}`);
    await expectScope('load C:\\Windows\\System32\\x.dll now', 'C:\\Windows\\System32\\x.dll', `string.unquoted.path.windows.${SUFFIX}`);
    await expectScope(`said 'quoted value' twice`, `'quoted value'`, `string.quoted.single.${SUFFIX}`);
    await expectNoScope(`the user's file isn't here`, `s file isn`, 'string.quoted');
  });

  void it('key=value pairs: key and value scoped, values classified', async () => {
    const line = 'request_id=123e4567-e89b-12d3-a456-426614174000 latency=12.5ms client=10.0.0.7 user="bob smith" ok=true empty= status=503';
    await expectScope(line, 'request_id', `variable.other.key.${SUFFIX}`);
    await expectScope(line, '123e4567-e89b-12d3-a456-426614174000', `constant.numeric.uuid.${SUFFIX}`);
    await expectScope(line, 'latency', `variable.other.key.${SUFFIX}`);
    await expectScope(line, '12.5', `constant.numeric.${SUFFIX}`);
    await expectScope(line, '10.0.0.7', `entity.name.function.ip.v4.${SUFFIX}`);
    await expectScope(line, '"bob smith"', `string.quoted.double.${SUFFIX}`);
    await expectScope(line, 'true', `string.unquoted.value.${SUFFIX}`);
    await expectScope(line, 'empty', `variable.other.key.${SUFFIX}`);
    await expectScope(line, '503', `token.error-token.http-status.5xx.${SUFFIX}`);
    await expectScope(line, '=', `keyword.operator.assignment.${SUFFIX}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Theme colours. The theme JSON files are not available offline, so the rules that can match this
// grammar's scopes are copied here. Sources (microsoft/vscode, main):
//   extensions/theme-defaults/themes/dark_vs.json + dark_plus.json (Dark+), light_vs.json + light_plus.json
//   (Light+), hc_black.json (Dark High Contrast), hc_light.json (Light High Contrast);
//   token.*-token defaults: src/vs/workbench/services/themes/common/colorThemeData.ts `defaultThemeColors`,
//   which VS Code appends to every theme that does not define token.info-token itself (hc_light does).

type Rule = [scope: string, foreground?: string, fontStyle?: string];
interface ThemeTable {
  foreground: string;
  background: string;
  rules: Rule[];
}

const THEMES: Record<string, ThemeTable> = {
  'Dark+': {
    foreground: '#D4D4D4',
    background: '#1E1E1E',
    rules: [
      ['emphasis', undefined, 'italic'], ['strong', undefined, 'bold'], ['comment', '#6A9955'],
      ['constant.language', '#569CD6'], ['constant.numeric', '#B5CEA8'], ['constant.character', '#569CD6'],
      ['invalid', '#F44747'], ['markup.underline', undefined, 'underline'], ['markup.inserted', '#B5CEA8'],
      ['markup.deleted', '#CE9178'], ['markup.changed', '#569CD6'], ['string', '#CE9178'], ['string.regexp', '#D16969'],
      ['keyword', '#569CD6'], ['keyword.operator', '#D4D4D4'], ['keyword.other.unit', '#B5CEA8'], ['storage', '#569CD6'],
      ['entity.name.function', '#DCDCAA'], ['support.function', '#DCDCAA'], ['entity.name.type', '#4EC9B0'],
      ['support.class', '#4EC9B0'], ['keyword.control', '#C586C0'], ['variable', '#9CDCFE'],
      ['token.info-token', '#6796E6'], ['token.warn-token', '#CD9731'], ['token.error-token', '#F44747'], ['token.debug-token', '#B267E6'],
    ],
  },
  'Light+': {
    foreground: '#000000',
    background: '#FFFFFF',
    rules: [
      ['emphasis', undefined, 'italic'], ['strong', undefined, 'bold'], ['comment', '#008000'],
      ['constant.language', '#0000FF'], ['constant.numeric', '#098658'], ['constant.character', '#0000FF'],
      ['invalid', '#CD3131'], ['markup.underline', undefined, 'underline'], ['markup.inserted', '#098658'],
      ['markup.deleted', '#A31515'], ['markup.changed', '#0451A5'], ['string', '#A31515'], ['string.regexp', '#811F3F'],
      ['keyword', '#0000FF'], ['keyword.operator', '#000000'], ['keyword.other.unit', '#098658'], ['storage', '#0000FF'],
      ['entity.name.function', '#795E26'], ['support.function', '#795E26'], ['entity.name.type', '#267F99'],
      ['support.class', '#267F99'], ['keyword.control', '#AF00DB'], ['variable', '#001080'],
      ['token.info-token', '#316BCD'], ['token.warn-token', '#CD9731'], ['token.error-token', '#CD3131'], ['token.debug-token', '#800080'],
    ],
  },
  'Dark High Contrast': {
    foreground: '#FFFFFF',
    background: '#000000',
    rules: [
      ['emphasis', undefined, 'italic'], ['strong', undefined, 'bold'], ['comment', '#7CA668'],
      ['constant.language', '#569CD6'], ['constant.numeric', '#B5CEA8'], ['constant.character', '#569CD6'],
      ['invalid', '#F44747'], ['markup.underline', undefined, 'underline'], ['markup.inserted', '#B5CEA8'],
      ['markup.deleted', '#CE9178'], ['markup.changed', '#569CD6'], ['string', '#CE9178'], ['string.regexp', '#D16969'],
      ['keyword', '#569CD6'], ['keyword.operator', '#D4D4D4'], ['keyword.other.unit', '#B5CEA8'], ['storage', '#569CD6'],
      ['entity.name.function', '#DCDCAA'], ['support.function', '#DCDCAA'], ['entity.name.type', '#4EC9B0'],
      ['support.class', '#4EC9B0'], ['keyword.control', '#C586C0'], ['variable', '#9CDCFE'],
      ['token.info-token', '#6796E6'], ['token.warn-token', '#008000'], ['token.error-token', '#FF0000'], ['token.debug-token', '#B267E6'],
    ],
  },
  'Light High Contrast': {
    foreground: '#292929',
    background: '#FFFFFF',
    rules: [
      ['emphasis', undefined, 'italic'], ['strong', undefined, 'bold'], ['comment', '#515151'],
      ['constant.language', '#0F4A85'], ['constant.numeric', '#096D48'], ['constant.character', '#0F4A85'],
      ['invalid', '#B5200D'], ['markup.underline', undefined, 'underline'], ['markup.inserted', '#096D48'],
      ['markup.deleted', '#5A5A5A'], ['markup.changed', '#0451A5'], ['string', '#0F4A85'], ['string.regexp', '#811F3F'],
      ['keyword', '#0F4A85'], ['keyword.operator', '#000000'], ['keyword.other.unit', '#096D48'], ['storage', '#0F4A85'],
      ['entity.name.function', '#5E2CBC'], ['support.function', '#5E2CBC'], ['entity.name.type', '#185E73'],
      ['support.class', '#185E73'], ['keyword.control', '#B5200D'], ['variable', '#001080'],
      ['token.info-token', '#316BCD'], ['token.warn-token', '#CD9731'], ['token.error-token', '#CD3131'], ['token.debug-token', '#800080'],
    ],
  },
};

function rawTheme(name: string, table: ThemeTable): textmate.IRawTheme {
  return {
    name,
    settings: [
      { settings: { foreground: table.foreground, background: table.background } },
      ...table.rules.map(([scope, foreground, fontStyle]) => ({
        scope,
        settings: { ...(foreground ? { foreground } : {}), ...(fontStyle ? { fontStyle } : {}) },
      })),
    ],
  };
}

interface Style {
  foreground: string;
  bold: boolean;
  underline: boolean;
}

/** Colours every token of `line` with the real engine's theme matching (tokenizeLine2 metadata). */
const themedGrammars = new Map<string, ReturnType<typeof loadGrammar>>();

async function styleOf(theme: string, line: string, needle: string): Promise<Style> {
  if (!themedGrammars.has(theme)) themedGrammars.set(theme, loadGrammar(rawTheme(theme, THEMES[theme]!)));
  const { grammar, registry } = await themedGrammars.get(theme)!;
  const colors = registry.getColorMap();
  const { tokens } = grammar.tokenizeLine2(line, textmate.INITIAL);
  const at = positionOf(line, needle);
  let metadata = 0;
  for (let i = 0; i < tokens.length; i += 2) if (tokens[i]! <= at) metadata = tokens[i + 1]!;
  // vscode-textmate's EncodedTokenAttributes layout: font style in bits 11-14, foreground id in bits 15-23.
  const fontStyle = (metadata >>> 11) & 0b1111;
  const foreground = colors[(metadata >>> 15) & 0b111111111] ?? '?';
  return { foreground: foreground.toUpperCase(), bold: (fontStyle & 2) !== 0, underline: (fontStyle & 4) !== 0 };
}

void describe('log grammar: colours in built-in themes with no user settings', () => {
  const levelLine = '2024-01-01 12:00:00 FATAL ERROR WARN INFO DEBUG TRACE';
  for (const theme of Object.keys(THEMES)) {
    void it(`${theme}: ERROR, WARN, INFO and DEBUG have four different colours, none the plain text colour`, async () => {
      const plain = THEMES[theme]!.foreground.toUpperCase();
      const colours = new Map<string, string>();
      for (const level of ['ERROR', 'WARN', 'INFO', 'DEBUG']) {
        colours.set(level, (await styleOf(theme, levelLine, level)).foreground);
      }
      assert.equal(new Set(colours.values()).size, 4, `${theme}: ${JSON.stringify(Object.fromEntries(colours))}`);
      assert.ok(![...colours.values()].includes(plain), `${theme}: a level is drawn in plain text colour`);
      const trace = await styleOf(theme, levelLine, 'TRACE');
      assert.notEqual(trace.foreground, plain, `${theme}: TRACE is coloured`);
      const fatal = await styleOf(theme, levelLine, 'FATAL');
      assert.equal(fatal.foreground, colours.get('ERROR'), `${theme}: FATAL is error-coloured`);
      assert.ok(fatal.bold && !(await styleOf(theme, levelLine, 'ERROR')).bold, `${theme}: FATAL is bold, ERROR is not`);
    });

    void it(`${theme}: 5xx, 4xx and 2xx statuses differ, and each value kind is styled`, async () => {
      const access = (status: number) => `10.0.0.1 - - [20/Jul/2019:22:59:26 +0000] "GET /a HTTP/1.1" ${status} 12 "-" "x"`;
      const statusColours = await Promise.all([500, 404, 200].map(async (s) => (await styleOf(theme, access(s), String(s))).foreground));
      assert.equal(new Set(statusColours).size, 3, `${theme}: ${statusColours.join(' ')}`);
      const plain = THEMES[theme]!.foreground.toUpperCase();
      const line = '2024-01-01T00:00:00Z key=42 ip 10.1.2.3 "quoted" java.io.IOException see https://x.io/a';
      for (const needle of ['2024-01-01T00:00:00Z', 'key', '42', '10.1.2.3', 'quoted', 'java.io.IOException']) {
        assert.notEqual((await styleOf(theme, line, needle)).foreground, plain, `${theme}: "${needle}" is coloured`);
      }
      assert.ok((await styleOf(theme, line, 'https://x.io/a')).underline, `${theme}: URLs are underlined`);
    });
  }
});

// ---------------------------------------------------------------------------------------------

void describe('log grammar: long lines (hang guard against catastrophic backtracking)', () => {
  // Measured 0.2-0.5 s on a busy 2-core machine; a backtracking bug costs tens of seconds.
  const BOUND_MS = 3000;
  const timeLine = async (line: string): Promise<number> => {
    const grammar = await plainGrammar;
    grammar.tokenizeLine(line.slice(0, 20_000), textmate.INITIAL); // warm the scanners up
    const start = performance.now();
    const result = grammar.tokenizeLine(line, textmate.INITIAL);
    const elapsed = performance.now() - start;
    assert.equal(result.stoppedEarly, false);
    assert.ok(result.tokens.length >= 1);
    return elapsed;
  };
  const repeatTo = (text: string, size: number): string => text.repeat(Math.ceil(size / text.length)).slice(0, size);

  void it('a 200 KB line of real log text tokenizes quickly', { skip: skipWithoutCorpus('lnav-samples') }, async () => {
    const mixed = ['logfile_logfmt.0', 'logfile_zap_console.0', 'logfile_access_log.0', 'logfile_vpxd.0', 'logfile_caddy_log.0']
      .flatMap((file) => readCorpusLines(`lnav-samples/${file}`))
      .join(' ');
    const elapsed = await timeLine(repeatTo(mixed, 200_000));
    assert.ok(elapsed < BOUND_MS, `200 KB real-text line took ${elapsed.toFixed(0)} ms`);
  });

  void it('200 KB pathological lines (unclosed quotes, endless ids, dense pairs) tokenize quickly', async () => {
    const lines = {
      'unclosed quote': `"${'x'.repeat(200_000)}`,
      'dotted identifier': `${repeatTo('com.x.', 200_000)}Exception`,
      'hex run': repeatTo('0123456789abcdef', 200_000),
      colons: ':'.repeat(200_000),
      'dense key=value': repeatTo('x=y ', 200_000),
      'frame-like': `\tat ${'x'.repeat(200_000)}(`,
      'dates': repeatTo('2024-01-01 ', 200_000),
    };
    for (const [name, line] of Object.entries(lines)) {
      const elapsed = await timeLine(line);
      assert.ok(elapsed < BOUND_MS, `${name}: ${elapsed.toFixed(0)} ms`);
    }
  });
});
