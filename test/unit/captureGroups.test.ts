import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionalPattern } from '../../extension/engine/formats/captureGroups';
import { BUILTIN_FORMATS } from '../../extension/engine/formats/registry';
import { compileRegexFormat } from '../../extension/engine/formats/regexParser';
import { newParsedLine, type RegexFormat } from '../../extension/engine/formats/types';
import { LevelVocabulary } from '../../extension/engine/levels';
import { YearContext } from '../../extension/engine/time';

/** The captures of `pattern` on `line`, by name, read both ways. */
function capturesBothWays(pattern: string, line: string): { named: Record<string, string | undefined> | null; positional: Record<string, string | undefined> | null } {
  const converted = positionalPattern(pattern);
  assert.ok(converted !== null, `must convert: ${pattern}`);
  const namedMatch = new RegExp(pattern).exec(line);
  const plainMatch = new RegExp(converted.source).exec(line);
  const positional: Record<string, string | undefined> = {};
  converted.names.forEach((name, index) => {
    if (name !== undefined && plainMatch !== null) positional[name] = plainMatch[index];
  });
  return { named: namedMatch === null ? null : { ...namedMatch.groups }, positional: plainMatch === null ? null : positional };
}

describe('named groups read by position', () => {
  it('every built-in regex format converts, and reads the same captures from its samples', () => {
    const regexFormats = BUILTIN_FORMATS.filter((format): format is RegexFormat => format.kind === 'regex');
    assert.ok(regexFormats.length >= 10);
    for (const format of regexFormats) {
      for (const sample of format.samples) {
        const { named, positional } = capturesBothWays(format.pattern, sample.line);
        assert.deepEqual(positional, named, `${format.name}: ${sample.line}`);
      }
    }
  });

  it('counts only real groups: escaped parens, classes, lookarounds and unnamed groups', () => {
    const pattern = String.raw`^\((?<a>x+)\)[(?<b>)\]]*(?:y)(?<=y)(?<!z)(\d)(?<c>[^>]+)>$`;
    const converted = positionalPattern(pattern);
    assert.ok(converted !== null);
    assert.deepEqual(converted.names, [undefined, 'a', undefined, 'c']);
    const { named, positional } = capturesBothWays(pattern, '(xx)(?<b]y7q>');
    assert.deepEqual(named, { a: 'xx', c: 'q' });
    assert.deepEqual(positional, named);
  });

  it('leaves groups the caller does not read uncaptured, unless a numbered backreference counts them', () => {
    const pattern = String.raw`^(?<time>\d+) \[(?<thread>[^\]]*)\] (?<logger>\S+) - (?<message>.*)$`;
    const onlyFields = (name: string): boolean => name === 'time' || name === 'message';
    const converted = positionalPattern(pattern, onlyFields);
    assert.ok(converted !== null);
    assert.deepEqual(converted.names, [undefined, 'time', 'message']);
    const match = new RegExp(converted.source).exec('42 [main] app.Core - started');
    assert.deepEqual([match?.length, match?.[1], match?.[2]], [3, '42', 'started']);
    assert.equal(positionalPattern(String.raw`^(?<a>x)(?<b>y)\2$`, (name) => name === 'b'), null);
    assert.ok(positionalPattern(String.raw`^(?<a>x)(?<b>y)\2$`) !== null, 'nothing dropped: the numbers stay');
  });

  it('keeps the names a named backreference needs', () => {
    assert.equal(positionalPattern(String.raw`^(?<word>\w+) \k<word>$`), null);
  });

  it('a format whose names must stay still fills its fields, through the groups object', () => {
    const format: RegexFormat = {
      name: 'echo', title: 'Echo', kind: 'regex', multiline: false, samples: [],
      pattern: String.raw`^(?<level>[A-Z]+) (?<host>\w+) \k<host> (?<message>.*)$`,
    };
    const parser = compileRegexFormat(format, new YearContext(Date.UTC(2026, 0, 1)), LevelVocabulary.BUILTIN);
    const out = newParsedLine();
    assert.ok(parser.parse('ERROR web1 web1 upstream timed out', out));
    assert.deepEqual([out.level, out.host, out.message], ['error', 'web1', 'upstream timed out']);
    // A level group without a level word means the line is not of this format.
    assert.equal(parser.parse('HELLO web1 web1 ok', newParsedLine()), false);
    assert.equal(parser.parse('ERROR web1 web2 no echo', newParsedLine()), false);
  });
});
