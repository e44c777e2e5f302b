// Validation of `logscope.levelKeywords` (shared by the extension, the language server and the
// CLI's --level-keyword): each mistake is named, and the valid words still apply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArguments, UsageError } from '../../extension/cli/arguments';
import { levelKeywordsMessage, MAX_KEYWORDS, parseLevelKeywords } from '../../extension/engine/levelKeywords';
import { LevelVocabulary } from '../../extension/engine/levels';
import { readSettings } from '../../extension/server/settings';

describe('parseLevelKeywords', () => {
  it('keeps a valid map as written, with no problems', () => {
    const value = { error: ['OOPS', 'BOOM'], warn: ['SLOW'], fatal: ['MELTDOWN'], info: ['Hinweis'], debug: ['sev-5'], trace: ['db.trace'] };
    assert.deepEqual(parseLevelKeywords(value), { keywords: value, problems: [] });
    assert.deepEqual(parseLevelKeywords(undefined), { keywords: {}, problems: [] });
    assert.deepEqual(parseLevelKeywords({}), { keywords: {}, problems: [] });
  });

  it('refuses a value that is not an object, saying what it should be', () => {
    for (const value of ['OOPS', ['OOPS'], 3, true]) {
      const { keywords, problems } = parseLevelKeywords(value);
      assert.deepEqual(keywords, {});
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /must be an object mapping levels \(fatal, error, warn, info, debug, trace\) to lists of words/);
    }
  });

  it('names each invalid part and keeps the valid words', () => {
    const { keywords, problems } = parseLevelKeywords({
      error: ['OOPS', 42, '', 'BAD WORD', 'X'.repeat(25), 'a+b', '1234', ' BOOM '],
      warning: ['SLOW'],
      Fatal: ['MELTDOWN'],
      critical: ['X'],
      info: 'NOTE',
      debug: ['OOPS'],
    });
    assert.deepEqual(keywords, { error: ['OOPS', 'BOOM'] });
    assert.deepEqual(problems, [
      '"error" entry 2 is a number, not a word',
      '"error" word "" is empty',
      '"error" word "BAD WORD" holds a space (each entry is one word)',
      `"error" word "${'X'.repeat(25)}" is longer than 24 characters`,
      '"error" word "a+b" may only hold letters, digits, "_", "-" and "." (starting and ending with a letter or digit)',
      '"error" word "1234" has no letter (numbers are read as syslog or bunyan levels)',
      '"info" must be a list of words, like ["OOPS"], not a string',
      '"OOPS" is listed for both error and debug; error applies',
      '"warning" is not a level (did you mean "warn"?); levels are fatal, error, warn, info, debug, trace',
      '"Fatal" is not a level (did you mean "fatal"?); levels are fatal, error, warn, info, debug, trace',
      '"critical" is not a level; levels are fatal, error, warn, info, debug, trace',
    ]);
  });

  it('gives a word listed under two levels the more severe one, whatever the key order', () => {
    const { keywords, problems } = parseLevelKeywords({ warn: ['SLOW'], error: ['slow'] });
    assert.deepEqual(keywords, { error: ['slow'] });
    assert.deepEqual(problems, ['"SLOW" is listed for both error and warn; error applies']);
  });

  it(`uses at most ${MAX_KEYWORDS} words and says the rest were left out`, () => {
    const words = Array.from({ length: MAX_KEYWORDS + 5 }, (_, i) => `W${i}`);
    const { keywords, problems } = parseLevelKeywords({ error: words });
    assert.equal(keywords.error?.length, MAX_KEYWORDS);
    assert.deepEqual(problems, [`at most ${MAX_KEYWORDS} words are used; the rest are left out`]);
  });

  it('words the message after the setting it is about', () => {
    assert.equal(
      levelKeywordsMessage(['"warning" is not a level']),
      'Setting "logscope.levelKeywords" is partly invalid (its valid words still apply): "warning" is not a level.',
    );
  });

  it('lets the engine refuse keywords that were not validated', () => {
    assert.throws(() => LevelVocabulary.of({ error: ['BAD WORD'] }), /invalid level keywords: "error" word "BAD WORD" holds a space/);
    assert.equal(LevelVocabulary.of({}), LevelVocabulary.BUILTIN);
  });
});

describe('language server settings: levelKeywords', () => {
  it('keeps the valid words and the reasons for the others', () => {
    const settings = readSettings({ levelKeywords: { error: ['OOPS', 'NOT ONE'], loud: ['X'] } });
    assert.deepEqual(settings.levelKeywords, { error: ['OOPS'] });
    assert.deepEqual(settings.levelKeywordsProblems, [
      '"error" word "NOT ONE" holds a space (each entry is one word)',
      '"loud" is not a level; levels are fatal, error, warn, info, debug, trace',
    ]);
    assert.deepEqual(readSettings({ levelKeywords: 'OOPS' }).levelKeywords, {});
  });
});

describe('CLI --level-keyword', () => {
  it('collects repeated flags into one map (levels case-insensitive)', () => {
    const args = parseArguments(['analyze', 'app.log', '--level-keyword', 'error=OOPS,BOOM', '--level-keyword', 'FATAL=MELTDOWN', '--level-keyword', 'error=KAPUTT']);
    assert.deepEqual(args.levelKeywords, { fatal: ['MELTDOWN'], error: ['OOPS', 'BOOM', 'KAPUTT'] });
    assert.equal(parseArguments(['analyze', 'app.log']).levelKeywords, undefined);
  });

  it('stops with the reason on a malformed or invalid keyword', () => {
    assert.throws(() => parseArguments(['analyze', 'app.log', '--level-keyword', 'OOPS']), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /--level-keyword needs LEVEL=WORD\[,WORD\.\.\.\] \(e\.g\. error=OOPS,BOOM\), not "OOPS"/);
      return true;
    });
    assert.throws(() => parseArguments(['analyze', 'app.log', '--level-keyword', 'warning=SLOW']), /--level-keyword: "warning" is not a level \(did you mean "warn"\?\)/);
    assert.throws(() => parseArguments(['analyze', 'app.log', '--level-keyword', 'error=OOPS,,BOOM']), /--level-keyword: "error" word "" is empty/);
    assert.throws(() => parseArguments(['analyze', 'app.log', '--level-keyword']), /--level-keyword needs a value/);
  });
});
