import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { compileLogFormat, LogFormatError } from '../../extension/engine/logFormatPattern';
import { loadLoghubDataset, loghubAvailable, loghubDatasetNames, loghubRoot } from '../../extension/engine/templates/loghubCorpus';

const projectRoot = resolve(__dirname, '..', '..', '..');
const root = loghubRoot(projectRoot);
const corporaMissing = loghubAvailable(root) ? false : `Loghub-2k corpora not found at ${root}`;

void test('every Loghub-2k format extracts the ground-truth Content for all lines', { skip: corporaMissing }, () => {
  const names = loghubDatasetNames(root);
  assert.ok(names.length >= 10, `expected the 10 datasets, found ${names.join(', ')}`);
  for (const name of names) {
    const dataset = loadLoghubDataset(root, name);
    const format = compileLogFormat(dataset.format);
    assert.ok(format.fields.includes('Content'));
    let equal = 0;
    dataset.lines.forEach((line, k) => {
      if (format.match(line)?.Content === dataset.contents[k]) equal++;
    });
    assert.equal(equal, dataset.lines.length, `${name}: ${equal}/${dataset.lines.length} lines give the ground-truth Content`);
  }
});

void test('header fields are captured lazily and runs of spaces match any whitespace', () => {
  const hadoop = compileLogFormat('<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>');
  assert.deepEqual(hadoop.fields, ['Date', 'Time', 'Level', 'Process', 'Component', 'Content']);
  const record = hadoop.match('2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001\r');
  assert.deepEqual(record, {
    Date: '2015-10-18',
    Time: '18:01:47,978',
    Level: 'INFO',
    Process: 'main',
    Component: 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster',
    Content: 'Created MRAppMaster for application appattempt_1445144423722_0020_000001',
  });
  assert.equal(hadoop.match('2015-10-18\t18:01:47,978   INFO [main] X: tabs and runs')?.Content, 'tabs and runs');
  assert.equal(hadoop.match('no header here'), null);
});

void test('an optional group "(...)?" may hold a field (Thunderbird/Linux style)', () => {
  const linux = compileLogFormat('<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>');
  assert.deepEqual(linux.match('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0'), {
    Month: 'Jun',
    Date: '14',
    Time: '15:16:01',
    Level: 'combo',
    Component: 'sshd(pam_unix)',
    PID: '19939',
    Content: 'authentication failure; logname= uid=0',
  });
  const withoutPid = linux.match('Jun 15 04:06:18 combo su: session opened for user cyrus by (uid=0)');
  assert.equal(withoutPid?.Component, 'su');
  assert.equal(withoutPid?.PID, '');
  assert.equal(withoutPid?.Content, 'session opened for user cyrus by (uid=0)');
});

void test('invalid patterns throw a LogFormatError with a clear message', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['<Date> <Time> <Level>', /no <Content>/],
    ['<Date> (<Level> <Content>', /Unbalanced "\("/],
    ['<Date>) <Content>', /Unbalanced "\)"/],
    ['[<Date> <Content>', /Unbalanced "\["/],
    ['<Date> <Date> <Content>', /appears twice/],
    ['<1st> <Content>', /Invalid field name/],
    ['<Date>+ <Content>', /quantifier/],
    ['(<Date> )+<Content>', /repeated group/],
    ['(a+)* <Content>', /repeated group/],
    ['<Date> \\1 <Content>', /Back-references/],
    ['<Date> (?=x)<Content>', /Lookarounds/],
    ['<Date> x{2,1} <Content>', /not a valid pattern/],
  ];
  for (const [pattern, message] of cases) {
    assert.throws(() => compileLogFormat(pattern), (error: unknown) => error instanceof LogFormatError && message.test(error.message), pattern);
  }
});

void test('a long line that cannot match is rejected quickly (no catastrophic backtracking)', () => {
  const hdfs = compileLogFormat('<Date> <Time> <Pid> <Level> <Component>: <Content>');
  // 5 lazy fields before ": " over ~4000 words would be ~10^16 regex paths without the pre-check.
  const words = Array.from({ length: 4000 }, (_, k) => `w${k}`).join(' ');
  for (const line of [`${words} x:y`, `${words}`, `${words} a: `]) {
    const started = performance.now();
    assert.equal(hdfs.match(line), null);
    assert.ok(performance.now() - started < 200, `took ${performance.now() - started} ms`);
  }
  const started = performance.now();
  assert.equal(hdfs.match(`${words} a: b`)?.Content, 'b');
  assert.ok(performance.now() - started < 200);
});
