import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseCsv } from '../../extension/engine/templates/csv';
import { groupingAccuracy } from '../../extension/engine/templates/groupingAccuracy';
import { drainPublishedGa, loadLoghubDataset, loghubAvailable, loghubDatasetNames, loghubRoot } from '../../extension/engine/templates/loghubCorpus';
import fc from 'fast-check';
import {
  foldsDigits,
  hasMaskingKey,
  keyCheckHash,
  maskingKey,
  maskingKeyHash,
  maskingKeyHashOfAscii,
  maskMessage,
  maskMessageText,
  maskMessageTextByTokens,
  textHash,
} from '../../extension/engine/templates/masking';
import { TemplateMiner } from '../../extension/engine/templates/miner';
import { MAY_NAME_PEERS, MAY_OWN_ADDRESS, OWNS_ADDRESS, factsOfKey } from '../../extension/engine/aggregator';
import { findPeers } from '../../extension/engine/peers';
import { templateCovers } from '../../extension/engine/templates/tokenPattern';

const projectRoot = resolve(__dirname, '..', '..', '..');
const root = loghubRoot(projectRoot);
const corporaMissing = loghubAvailable(root) ? false : `Loghub-2k corpora not found at ${root}`;

void test('masking copies plain runs, and still gives what the token-by-token definition gives', () => {
  // Words from the characters that decide plainness: letters (hex and not), separators, units, quotes after `=`.
  const word = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'f', 'B', 'x', 'Q', ',', ';', '.', ':', '=', '"', '/', '7', '-', '<', '*', '>'), maxLength: 12 }),
    fc.constantFrom('deadbeef', 'DeadBeefCafe', 'deadbeefx', 'KB', 'ms', 'key="a b"', 'x=\'q r\'', 'ab:cd:ef:ab:cd:ef', 'http://h/p', '12'),
  );
  const spacing = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '');
  const message = fc.array(fc.tuple(word, spacing), { maxLength: 10 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
  fc.assert(fc.property(message, (text) => assert.equal(maskMessageText(text), maskMessageTextByTokens(text), JSON.stringify(text))), { seed: 7, numRuns: 30_000 });
});

void test('masking equals its definition on every Loghub message', { skip: corporaMissing }, () => {
  for (const name of loghubDatasetNames(root)) {
    for (const line of loadLoghubDataset(root, name).contents) assert.equal(maskMessageText(line), maskMessageTextByTokens(line), `${name}: ${line}`);
  }
});

void test('a message and its masking key give the same template', () => {
  // Words where digit runs of every length meet what masking looks at: device names, MAC
  // addresses, hex, dots, units, key=value, URLs and quoted values (long messages too).
  const digits = fc.integer({ min: 0, max: 12 }).map((n) => '1234567890123'.slice(0, n));
  const piece = fc.oneof(digits, fc.constantFrom('eth', 'a', 'f', 'x', 'KB', 'ms', ':', '-', '.', '..', ',', '=', '"', "'", '/', 'ab', 'deadbeef', 'http://', ' ', ' '));
  const word = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
  const macLike = fc
    .tuple(fc.array(fc.oneof(digits, fc.constantFrom('ab', 'f', 'c1')), { minLength: 5, maxLength: 7 }), fc.constantFrom(':', '-'))
    .map(([groups, separator]) => groups.join(separator));
  const message = fc.oneof(
    fc.array(fc.oneof(word, macLike), { maxLength: 12 }).map((words) => words.join(' ')),
    fc.tuple(word, fc.integer({ min: 200, max: 300 }), word).map(([a, n, b]) => `${a} k="${'7'.repeat(n)} x" ${b}`),
  );
  fc.assert(fc.property(message, (text) => assert.equal(maskMessageText(maskingKey(text)), maskMessageText(text), JSON.stringify(text))), { seed: 11, numRuns: 30_000 });
  // The cache finds a key by its hash and checks it without building the message's key.
  const renumbered = (text: string, seed: number): string => text.replace(/\d/g, (d, at: number) => ((seed * (at + 3)) % 7 === 0 ? '' : String((Number(d) + seed) % 10)));
  fc.assert(
    fc.property(message, fc.integer({ min: 0, max: 20 }), (text, seed) => {
      const key = maskingKey(text);
      assert.equal(maskingKeyHash(text), textHash(key));
      // The key as the cache keeps it: codes in a typed array, after those of another key.
      const kept = `xy${key}`;
      const codes = new Uint16Array(kept.length);
      for (let i = 0; i < kept.length; i++) codes[i] = kept.charCodeAt(i);
      assert.ok(hasMaskingKey(text, codes, 2, key.length));
      const other = renumbered(text, seed);
      assert.equal(hasMaskingKey(other, codes, 2, key.length), maskingKey(other) === key, JSON.stringify([text, other]));
      // The same from the messages' bytes, inside a line (ASCII: a character per byte).
      for (const message of [text, other]) {
        const line = Buffer.from(`prefix ${message}`, 'latin1');
        const folds = foldsDigits(message);
        assert.equal(maskingKeyHashOfAscii(line, 7, line.length, folds), maskingKeyHash(message), JSON.stringify(message));
        // The second hash and the length come with the first, as keyCheckHash gives them for the key:
        // a message matches the kept key when all three agree (different keys: different triples).
        const check = new Int32Array(2);
        maskingKeyHashOfAscii(line, 7, line.length, folds, check);
        const itsKey = maskingKey(message);
        assert.deepEqual([...check], [keyCheckHash(itsKey), itsKey.length], JSON.stringify(message));
        const agrees = maskingKeyHash(message) === textHash(key) && check[0] === keyCheckHash(key) && check[1] === key.length;
        assert.equal(agrees, itsKey === key, JSON.stringify([text, message]));
      }
    }),
    { seed: 12, numRuns: 30_000 },
  );
  // A byte past ASCII (a character of several bytes, or an invalid one) is no key.
  for (const bytes of [Buffer.from('caf\u00e9 42', 'utf8'), Buffer.from([0x61, 0xe9, 0x31, 0x32])]) assert.equal(maskingKeyHashOfAscii(bytes, 0, bytes.length, true), -1);
  assert.equal(maskingKey('order 611922 took 45 ms on eth0'), 'order 000 took 00 ms on eth0');
  assert.equal(maskingKey('no numbers here'), 'no numbers here');
});

void test('masking keys give the same templates on every Loghub message', { skip: corporaMissing }, () => {
  let shared = 0;
  for (const name of loghubDatasetNames(root)) {
    for (const line of loadLoghubDataset(root, name).contents) {
      const key = maskingKey(line);
      if (key !== line) shared++;
      assert.equal(maskMessageText(key), maskMessageText(line), `${name}: ${line}`);
    }
  }
  assert.ok(shared > 10_000, `keys shorter than their message: ${shared}`);
});

void test('masking replaces variables in real Loghub messages', () => {
  const cases: [string, string][] = [
    // HDFS: block ids, IPs with ports
    ['Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010', 'Receiving block <*> src: <*>:<*> dest: <*>:<*>'],
    // HDFS: a path, and a variable-length list of block ids collapses to one variable
    ['BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_200811092030_0001_m_000590_0/part-00590. blk_-1727475099218615100', 'BLOCK* NameSystem.allocateBlock: <*>'],
    ['BLOCK* ask 10.250.14.224:50010 to delete  blk_-6352318458337616553 blk_3474813785713455402 blk_-5318467163232455330', 'BLOCK* ask <*>:<*> to delete <*>'],
    // Spark: sizes with units
    ['Block broadcast_0_piece0 stored as bytes in memory (estimated size 93.0 B, free 317.1 KB)', 'Block <*> stored as bytes in memory (estimated size <*>, free <*>)'],
    // Android: key=value, a quoted value with a space, a dotted package name, hex
    ['acquire lock=233570404, flags=0x1, tag="View Lock", name=com.android.systemui, ws=null, uid=10037, pid=2227', 'acquire lock=<*>, flags=<*>, tag="<*>", name=<*>, ws=null, uid=<*>, pid=<*>'],
    // BGL: dot leaders are separators, a MAC address, a date
    ['data store interrupt caused by dcbf.........0', 'data store interrupt caused by dcbf.........<*>'],
    ['Ido chip status changed: FF:F2:9F:16:E5:DC ip=10.0.0.1 v=14 t=1 status=M Fri Jul 01 09:10:11 PDT 2005', 'Ido chip status changed: <*> ip=<*> v=<*> t=<*> status=M Fri Jul <*> <*>:<*>:<*> PDT <*>'],
    // HPC: an interface name (letters + one digit) stays a constant
    ['NIFF: node node-246 has detected an available network connection on network 5.5.226.0 via interface alt0', 'NIFF: node <*> has detected an available network connection on network <*> via interface alt0'],
    // OpenStack: comma list of IPs, URL path, HTTP version
    ['10.11.10.1,10.11.21.138 "GET /openstack/2013-10-17 HTTP/1.1" status: 200 len: 157 time: 0.0062092', '<*> "GET <*> <*>" status: <*> len: <*> time: <*>'],
    // Spark: URL
    ['Connecting to driver: spark://CoarseGrainedScheduler@10.10.34.11:48069', 'Connecting to driver: spark://<*>'],
    // Words without digits stay
    ['Registered BlockManager', 'Registered BlockManager'],
    ['getMode...', 'getMode...'],
  ];
  for (const [message, expected] of cases) assert.equal(maskMessageText(message), expected, message);
  assert.deepEqual(maskMessage('  a   b\tc '), ['a', 'b', 'c']);
  assert.deepEqual(maskMessage(''), []);
});

void test('GA on Loghub-2k is at least Drain\'s published value on every dataset, average >= 0.95', { skip: corporaMissing }, () => {
  const drain = drainPublishedGa(root);
  const names = loghubDatasetNames(root);
  let sum = 0;
  for (const name of names) {
    const dataset = loadLoghubDataset(root, name);
    const miner = new TemplateMiner();
    const ids = dataset.contents.map((content) => miner.add(content));
    const ga = groupingAccuracy(
      ids.map((id) => miner.resolve(id)),
      dataset.eventIds,
    );
    const published = drain.get(name);
    assert.ok(published !== undefined, `no published Drain GA for ${name}`);
    assert.ok(ga >= published, `${name}: GA ${ga.toFixed(4)} < Drain ${published}`);
    sum += ga;
  }
  assert.ok(sum / names.length >= 0.95, `average GA ${(sum / names.length).toFixed(4)}`);
});

void test('assignments are stable: later lines only merge clusters, and every template still matches its lines', { skip: corporaMissing }, () => {
  for (const name of loghubDatasetNames(root)) {
    const { contents } = loadLoghubDataset(root, name);
    const miner = new TemplateMiner();
    const half = contents.length / 2;
    const ids = contents.slice(0, half).map((content) => miner.add(content));
    const early = ids.map((id) => miner.resolve(id));
    for (const content of contents.slice(half)) ids.push(miner.add(content));
    const late = ids.map((id) => miner.resolve(id));
    // Lines grouped together after the first half are still together at the end (merges only).
    const lateOfEarly = new Map<number, number>();
    early.forEach((cluster, k) => {
      const seen = lateOfEarly.get(cluster);
      if (seen === undefined) lateOfEarly.set(cluster, late[k] as number);
      else assert.equal(late[k], seen, `${name}: line ${k + 1} left its cluster`);
    });
    contents.forEach((content, k) => {
      const template = miner.template(ids[k] as number).split(' ');
      assert.ok(templateCovers(template, maskMessage(content)), `${name}: line ${k + 1} does not match "${template.join(' ')}"`);
    });
  }
});

void test('mergeFrom over split halves groups like one miner over the whole file', { skip: corporaMissing }, () => {
  const drain = drainPublishedGa(root);
  for (const name of loghubDatasetNames(root)) {
    const dataset = loadLoghubDataset(root, name);
    const whole = new TemplateMiner();
    const wholeLabels = dataset.contents.map((content) => whole.add(content)).map((id) => whole.resolve(id));

    const half = dataset.contents.length / 2;
    const first = new TemplateMiner();
    const second = new TemplateMiner();
    const firstIds = dataset.contents.slice(0, half).map((content) => first.add(content));
    const secondIds = dataset.contents.slice(half).map((content) => second.add(content));
    const mapping = first.mergeFrom(second);
    const mergedLabels = [...firstIds.map((id) => first.resolve(id)), ...secondIds.map((id) => first.resolve(mapping.get(id) as number))];

    assert.equal(first.size, whole.size, `${name}: cluster count`);
    assert.equal(groupingAccuracy(mergedLabels, wholeLabels), 1, `${name}: merged grouping differs from a single pass`);
    assert.ok(groupingAccuracy(mergedLabels, dataset.eventIds) >= (drain.get(name) ?? 1), name);
  }
});

void test('resolve, template and size stay consistent through merges', () => {
  const miner = new TemplateMiner();
  const hives = ['SOFTWARE', 'SYSTEM', 'SECURITY', 'SAM', 'COMPONENTS', 'DEFAULT'];
  const ids = hives.map((hive) => miner.add(`Loading offline registry hive: ${hive}, into registry key 'x' from path 'y'.`));
  // Five or more distinct words at one position (all else equal) make it a variable.
  const canonical = new Set(ids.map((id) => miner.resolve(id)));
  assert.equal(canonical.size, 1);
  assert.equal(miner.size, 1);
  assert.equal(miner.template(ids[0] as number), "Loading offline registry hive: <*>, into registry key 'x' from path 'y'.");
  assert.equal(miner.count(ids[0] as number), hives.length);
  // Few distinct words (states) stay separate templates.
  const states = ['LOOKING', 'FOLLOWING', 'LEADING'].map((state) => miner.add(`Notification: 1 (n.leader), ${state} (n.state)`));
  assert.equal(new Set(states.map((id) => miner.resolve(id))).size, 3);
  assert.equal(miner.size, 4);
  assert.throws(() => miner.template(999), RangeError);
});

void test('RFC 4180 CSV: quoted commas, doubled quotes, line breaks inside quotes, CRLF', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['multi\nline', ''],
  ]);
  assert.deepEqual(parseCsv('1,2'), [['1', '2']]);
  assert.throws(() => parseCsv('"open'), /unterminated/);
});

void test('what a masking key says of owned addresses and peers holds for every message with it', () => {
  // Messages from the pieces the two regexes look for: verbs, on/to/at, addresses of every kind,
  // ports, brackets, digits, and the punctuation around them.
  const piece = fc.constantFrom(
    'listening', 'Listens', 'BOUND', 'binding', 'serving', 'accepting connections', 'started server', 'started', 'restarted', 'unbound',
    'on', 'to', 'at', 'from', 'http://', '10.0.0.7', '192.168.1.20:8080', '[::1]', '[fe80::1]:443', 'fe80::1:2', 'db-2.internal:5432',
    'host:80', 'a:b', ':', '.', '[', ']', '-', '/', '7', '42', '2024', '3.5', 'x', 'cafe', 'user:526592', 'v1.2', 'eth0',
  );
  const message = fc.array(fc.tuple(piece, fc.constantFrom(' ', '', ' ', ', ')), { maxLength: 10 }).map((parts) => parts.map(([p, s]) => p + s).join(''));
  let owners = 0;
  let named = 0;
  fc.assert(
    fc.property(message, (text) => {
      const facts = factsOfKey(maskingKey(text));
      if (OWNS_ADDRESS.test(text)) {
        owners++;
        assert.ok((facts & MAY_OWN_ADDRESS) !== 0, JSON.stringify(text));
      }
      if (findPeers(text).length > 0) {
        named++;
        assert.ok((facts & MAY_NAME_PEERS) !== 0, JSON.stringify(text));
      }
    }),
    { seed: 21, numRuns: 30_000 },
  );
  // The property met its cases.
  assert.ok(owners > 80 && named > 5000, `${owners} owners, ${named} with peers`);
  assert.equal(factsOfKey(maskingKey('Cache miss for key user, loading from database')), 0);
});
