import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { BUILTIN_FORMATS, compileFormat, detectFormat } from '../../extension/engine/formats/registry';
import { parseLogfmtPairs } from '../../extension/engine/formats/logfmtParser';
import { newParsedLine, type ExpectedFields } from '../../extension/engine/formats/types';
import { YearContext, toIso } from '../../extension/engine/time';
import { CORPORA, skipWithoutCorpus } from './corpora';

// Every format is data with sample lines and the fields they must yield (as lnav's formats do).
describe('built-in format samples', () => {
  for (const format of BUILTIN_FORMATS) {
    it(`${format.name}: every sample yields its expected fields`, () => {
      assert.ok(format.samples.length > 0, `${format.name} has no samples`);
      const parser = compileFormat(format, new YearContext(Date.UTC(2026, 0, 1)));
      for (const sample of format.samples) {
        const out = newParsedLine();
        // Directive lines (W3C `#Fields:`) teach the parser its columns.
        if (parser.isMetadata(sample.line)) continue;
        assert.ok(parser.parse(sample.line, out), `${format.name} must parse: ${sample.line}`);
        const actual: Record<string, unknown> = { ...out, timestamp: out.timestamp === null ? null : toIso(out.timestamp) };
        for (const [key, expected] of Object.entries(sample.expect) as [keyof ExpectedFields, unknown][]) {
          assert.deepEqual(actual[key], expected, `${format.name} field ${key} of: ${sample.line}`);
        }
      }
    });
  }

  it('a format\'s literal is in every sample line, and without it the pattern matches nothing', () => {
    const withLiteral = BUILTIN_FORMATS.filter((format) => format.kind === 'regex' && format.literal !== undefined);
    assert.ok(withLiteral.length >= 2);
    for (const format of withLiteral) {
      if (format.kind !== 'regex' || format.literal === undefined) continue;
      const regex = new RegExp(format.pattern);
      for (const sample of format.samples) {
        assert.ok(sample.line.includes(format.literal), `${format.name}: ${sample.line}`);
        // The same line with the literal broken no longer matches: the pattern requires it.
        const broken = sample.line.split(format.literal).join(format.literal.split('').join('\u0000'));
        assert.equal(regex.test(broken), false, `${format.name} matched without its literal: ${broken}`);
      }
    }
  });

  it('a format said to start with a digit does so in every alternative, and rejects indented samples', () => {
    const flagged = BUILTIN_FORMATS.filter((format) => format.kind === 'regex' && format.startsWithDigit === true);
    assert.ok(flagged.length >= 3);
    for (const format of flagged) {
      if (format.kind !== 'regex') continue;
      assert.ok(format.pattern.startsWith(String.raw`^(?<time>\d`), format.name);
      // Each alternative of the first group starts with \d too.
      let depth = 0;
      for (let i = '^'.length; i < format.pattern.length && depth >= 0; i++) {
        const c = format.pattern[i];
        if (c === '\\') i++;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
        else if (c === '|' && depth === 1) assert.equal(format.pattern.slice(i + 1, i + 3), String.raw`\d`, `${format.name}: alternative at ${i}`);
      }
      const regex = new RegExp(format.pattern);
      for (const sample of format.samples) {
        assert.match(sample.line, /^\d/, `${format.name}: ${sample.line}`);
        assert.equal(regex.test(` ${sample.line}`), false);
        assert.equal(regex.test(`\t${sample.line}`), false);
      }
    }
  });

  it('each sample is detected as its own format', () => {
    for (const format of BUILTIN_FORMATS) {
      if (format.name === 'generic') continue;
      const detection = detectFormat(format.samples.map((s) => s.line), new YearContext());
      assert.equal(detection.format.name, format.name, `samples of ${format.name}`);
    }
  });
});

// Every lnav test-suite file, with the format the engine must pick.
const LNAV_EXPECTED: Record<string, string> = {
  'logfile_access_log.0': 'apache-combined',
  'logfile_shop_access_log.0': 'apache-combined',
  'logfile_bunyan.0': 'json',
  'logfile_caddy_log.0': 'json',
  'logfile_rust_tracing.0': 'json',
  'logfile_glog.0': 'glog',
  'logfile_haproxy.0': 'haproxy',
  'logfile_java.0': 'log4j',
  'logfile_spark.0': 'log4j',
  'logfile_logfmt.0': 'logfmt',
  'logfile_postgres.0': 'postgres',
  'logfile_syslog.0': 'syslog',
  'logfile_syslog.3': 'syslog',
  'logfile_vpxd.0': 'vpxd',
  'logfile_zap_console.0': 'zap-console',
  'logfile_w3c.3': 'w3c',
  'logfile_bro_conn.log.0': 'zeek',
  'logfile_uwsgi.0': 'uwsgi',
  'logfile_strace_log.1': 'strace',
  'logfile_mysql_slow.0': 'mysql-slow',
};

describe('format detection on lnav samples', { skip: skipWithoutCorpus('lnav-samples') }, () => {
  for (const [file, expected] of Object.entries(LNAV_EXPECTED)) {
    it(`${file} is ${expected}`, () => {
      const lines = readFileSync(resolve(CORPORA, 'lnav-samples', file), 'utf8').split('\n').slice(0, 200);
      assert.equal(detectFormat(lines, new YearContext()).format.name, expected);
    });
  }
});

describe('logfmt keys', () => {
  it('are made of the characters of [\\w.@/-], every other character ending the key', () => {
    const keyChar = /[\w.@/-]/;
    for (let code = 0; code < 0x3000; code++) {
      const ch = String.fromCharCode(code);
      if (ch === '=' || ch === ' ') continue;
      const pairs = parseLogfmtPairs(`a${ch}b=1 c=2`);
      assert.equal(pairs !== null, keyChar.test(ch), `U+${code.toString(16)}`);
      if (pairs !== null) assert.deepEqual(pairs, { [`a${ch}b`]: '1', c: '2' });
    }
  });
});
