import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { applicationLogLines, seededRandom } from '../../bench/generators';
import { FlatJsonPairs, readFlatJsonObject } from '../../extension/engine/formats/flatJson';
import { applyFlatJsonPairs, applyStructuredRecord } from '../../extension/engine/formats/structuredKeys';
import { newParsedLine, type ParsedLine } from '../../extension/engine/formats/types';
import { LevelVocabulary } from '../../extension/engine/levels';
import { YearContext } from '../../extension/engine/time';
import { CORPORA, skipWithoutCorpus } from './corpora';

const REFERENCE_MS = Date.UTC(2026, 10, 23);

/**
 * Reads every text both ways, in order (the year context carries from text to text): where the
 * scanner takes a text, JSON.parse must take it too and give the same keys, values and fields.
 * Returns how many texts the scanner took.
 */
function compareWithJsonParse(texts: readonly string[]): number {
  const pairs = new FlatJsonPairs();
  const scannedYears = new YearContext(REFERENCE_MS);
  const parsedYears = new YearContext(REFERENCE_MS);
  let taken = 0;
  for (const text of texts) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    const viaParse: ParsedLine | null = isObject ? newParsedLine() : null;
    if (viaParse !== null) applyStructuredRecord(parsed as Record<string, unknown>, viaParse, parsedYears, LevelVocabulary.BUILTIN);
    if (!readFlatJsonObject(text, 0, pairs)) {
      // Left to JSON.parse: keep the year contexts in step.
      if (viaParse !== null) applyStructuredRecord(parsed as Record<string, unknown>, newParsedLine(), scannedYears, LevelVocabulary.BUILTIN);
      continue;
    }
    assert.ok(isObject, `the scanner took what JSON.parse refuses: ${JSON.stringify(text)}`);
    const keys = Array.from({ length: pairs.count }, (_, i) => text.slice(pairs.keyStart[i], pairs.keyEnd[i]));
    const record = parsed as Record<string, unknown>;
    if (new Set(keys).size === keys.length) {
      assert.deepEqual(keys, Object.keys(record), text);
      keys.forEach((key, i) => assert.ok(Object.is(pairs.value(text, i), record[key]), `${key} of ${text}`));
    }
    const viaScan = newParsedLine();
    if (applyFlatJsonPairs(text, pairs, viaScan, scannedYears, LevelVocabulary.BUILTIN)) {
      taken++;
      // The scanner also says where the message is written (JSON.parse cannot).
      if (viaScan.messageOffset >= 0) assert.ok(text.startsWith(viaScan.message, viaScan.messageOffset), text);
      assert.deepEqual({ ...viaScan, messageOffset: -1 }, viaParse, text);
    } else {
      applyStructuredRecord(record, newParsedLine(), scannedYears, LevelVocabulary.BUILTIN);
    }
  }
  return taken;
}

const EDGE_CASES = [
  '{}',
  '{ }',
  '{"a":1}',
  ' {"a":1}',
  '{"a":1} ',
  '{"a":1,}',
  '{"a" : "x" , "b" :\t-0 }',
  '{"msg":"a","msg":"b"}',
  '{"msg":"a","level":"info","msg":""}',
  '{"other":1,"other":2,"msg":"m"}',
  '{"1":"x","msg":"y"}',
  '{"":"empty key","msg":"y"}',
  '{"__proto__":"x","msg":"y"}',
  '{"n":01}',
  '{"n":1.}',
  '{"n":.5}',
  '{"n":-}',
  '{"n":1e}',
  '{"n":1E+2,"m":2e-3,"o":-0.5e10,"p":1e400}',
  '{"n":+1}',
  '{"t":true,"f":false,"z":null,"msg":null}',
  '{"t":tru}',
  '{"t":True}',
  '{"msg":"tab\there"}',
  '{"msg":"escaped \\" quote"}',
  '{"msg":"line\\n"}',
  '{"msg":"unicode é ✓ 𝄞"}',
  '{"msg":"unterminated}',
  '{"a":{"b":1},"msg":"nested"}',
  '{"a":[1,2],"msg":"array"}',
  '{"fields":"text","msg":"x"}',
  '{"time":1700000000,"level":30,"msg":"bunyan"}',
  '{"ts":1761019822.3152757,"level":"info","msg":"zap"}',
  '{"status":503,"method":"GET","path":"/a?b=1","duration":0.25,"bytes":"12"}',
  '{"level":"","severity":"error","msg":"fallback key"}',
  '{"a":1}}',
  '{"a":1',
  '{a:1}',
  "{'a':1}",
  '{"a":1 "b":2}',
];

const SPECIAL = ['"', '\\', '{', '}', ',', ':', ' ', '\t', '0', '1', '-', '.', 'e', 'E', '+', 't', 'n', 'f', '[', '\u0001', 'é'];

function mutations(lines: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = lines[Math.floor(random() * lines.length)]!;
    for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
      const at = Math.floor(random() * (text.length + 1));
      const char = SPECIAL[Math.floor(random() * SPECIAL.length)]!;
      const what = random();
      text = what < 0.4 ? text.slice(0, at) + char + text.slice(at) : what < 0.7 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + char + text.slice(at + 1);
    }
    out.push(text);
  }
  return out;
}

describe('flat JSON objects read without JSON.parse', () => {
  const next = applicationLogLines(11);
  const generated = Array.from({ length: 20_000 }, next)
    .flatMap((record) => record.split('\n'))
    .filter((line) => line.startsWith('{'));

  it('reads the JSON lines of the application mix as JSON.parse does, and takes all of them', () => {
    assert.ok(generated.length > 500, `only ${generated.length} JSON lines generated`);
    assert.equal(compareWithJsonParse(generated), generated.length);
  });

  it('agrees with JSON.parse on edge cases and leaves it escapes, nesting and repeated keys', () => {
    const taken = compareWithJsonParse(EDGE_CASES);
    // Taken: the well-formed flat ones without a repeated field key or index-like key.
    assert.ok(taken >= 12, `took ${taken}`);
    const pairs = new FlatJsonPairs();
    for (const text of ['{"msg":"escaped \\" quote"}', '{"a":{"b":1}}', '{"1":"x"}', '{"n":01}', '{"a":1,}']) {
      assert.equal(readFlatJsonObject(text, 0, pairs), false, text);
    }
    assert.equal(readFlatJsonObject('{"msg":"a","msg":"b"}', 0, pairs), true);
    assert.equal(applyFlatJsonPairs('{"msg":"a","msg":"b"}', pairs, newParsedLine(), new YearContext(REFERENCE_MS), LevelVocabulary.BUILTIN), false);
  });

  it('agrees with JSON.parse on 30,000 mutated lines', () => {
    const mutated = mutations([...generated.slice(0, 200), ...EDGE_CASES], 30_000, 5);
    const taken = compareWithJsonParse(mutated);
    assert.ok(taken > 3000, `took only ${taken} of the mutated lines`);
  });

  it('agrees with JSON.parse on the JSON lines of the shared corpora', { skip: skipWithoutCorpus('lnav-samples') }, () => {
    const folder = resolve(CORPORA, 'lnav-samples');
    const lines: string[] = [];
    for (const name of readdirSync(folder)) {
      for (const line of readFileSync(resolve(folder, name), 'utf8').split('\n')) {
        const start = line.indexOf('{');
        if (start >= 0 && line.endsWith('}')) lines.push(line.slice(start));
      }
    }
    assert.ok(lines.length > 50, `only ${lines.length} JSON lines found`);
    assert.ok(compareWithJsonParse(lines) > 0);
    assert.ok(compareWithJsonParse(mutations(lines, 10_000, 9)) > 0);
  });
});
