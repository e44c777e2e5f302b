/**
 * Online log-template miner.
 *
 * 1. Each message is masked (see masking.ts): variables become `<*>`, giving a token list.
 * 2. Messages with the same masked token list share a cluster (exact lookup, O(1)).
 * 3. A new masked template is compared with the clusters that equal it at all positions but one
 *    (found through a hash index of "template with position p blanked"):
 *    - if a cluster's token at p is a variable pattern that matches ours (`<*>` vs `LOOKING`,
 *      `ws=<*>,` vs `ws=null,`), the new template joins it (and the reverse: clusters that our
 *      pattern covers merge into ours) — a position that varies elsewhere is a variable here too;
 *    - if `minDistinctValues` or more clusters differ only by the word at p, the word is a
 *      variable: they merge into one cluster with `<*>` at p. Fewer distinct words (`true` /
 *      `false`, three protocol states) are kept apart, because such words usually name events.
 * Merges never split a cluster: a message keeps its id, and `resolve(id)` follows merges.
 */
import { foldsDigits, hasMaskingKey, keyCheckHash, maskingKey, maskingKeyHash, maskingKeyHashOfAscii, maskMessageText, WILDCARD } from './masking';
import { markChanging } from '../changingFields';
import { isAsciiDigit } from '../charCodes';
import { tokenCovers, tokenHash } from './tokenPattern';

export interface MinerOptions {
  /** Distinct words at one position (all else equal) from which that position is a variable. */
  readonly minDistinctValues: number;
  /** Templates longer than this (in tokens) are only matched exactly (bounds the work per template). */
  readonly maxGeneralisedTokens: number;
  /**
   * Raw-message cache entries kept before the cache is cleared. Small on purpose: on the
   * application-log bench a 50,000-entry cache of mostly one-off messages cost ~15% more CPU and
   * ~40 MiB more RSS than no cache (its strings outlived the young generation); 4,096 entries
   * kept the gain on repeated messages without that cost.
   */
  readonly messageCacheSize: number;
}

export const DEFAULT_MINER_OPTIONS: MinerOptions = {
  minDistinctValues: 5,
  maxGeneralisedTokens: 100,
  messageCacheSize: 4_096,
};

interface Cluster {
  tokens: string[];
  count: number;
}

/** What a caller keeps with a repeated message to skip the miner's message cache. */
export interface MessageHandle {
  miner: TemplateMiner | null;
  cluster: number;
  /** Whether the message announces an address it listens on (see Aggregator), once known: it depends on the text only. */
  ownsAddress: boolean | null;
}

const HASH_BASE = 0x9e3779b1;
/** Most UTF-16 codes of cached keys (2 MiB) before the cache is cleared (long messages). */
const MAX_KEY_CODES = 1 << 20;
/** Cache misses between checks of the cache's hit rate. */
const CACHE_WINDOW = 4096;
/** Clusters of one (length, first token) bucket compared with a new template, newest first. */
const MAX_BUCKET_SCAN = 256;

export class TemplateMiner {
  readonly options: MinerOptions;
  /** By id; merged clusters keep their slot, `parent` links them to their canonical cluster. */
  private readonly clusters: Cluster[] = [];
  private readonly parent: number[] = [];
  private canonicalCount = 0;
  /** Masked template text -> cluster id (possibly merged since; resolve it). */
  private readonly byTemplate = new Map<string, number>();
  /**
   * Cache of masking keys (see maskingKey) and their cluster ids, found by the key's hash:
   * a message is looked up without building its key, and checked against the key kept (from a
   * string), or by a second hash and the key's length (from a line's bytes, see
   * cachedClusterOfAscii). Cleared when full.
   */
  private byKeyHash = new Map<number, number>();
  /** The keys' UTF-16 codes, one after the other; entry i's at keyStarts[i], keyLengths[i] long. */
  private keyCodes = new Uint16Array(1 << 16);
  private keyCodesUsed = 0;
  private keyStarts: number[] = [];
  private keyLengths: number[] = [];
  /** Each entry's keyCheckHash. */
  private keyChecks: number[] = [];
  /** Where maskingKeyHashOfAscii writes a message's check hash and key length. */
  private readonly check = new Int32Array(2);
  private cachedIds: number[] = [];
  /** What `add`'s `factsOf` said of each entry's key (-1: not asked). */
  private cachedFacts: number[] = [];
  /** Facts of the message `add` or `cachedClusterOfAscii` last found (see `add`). */
  lastFacts = -1;
  private cacheHits = 0;
  private cacheMisses = 0;
  /** Messages still to be added without the cache (see `add`). */
  private cacheSkips = 0;
  /** Hash of (length, p, template without position p) -> cluster ids. */
  private readonly byPositionKey = new Map<number, number[]>();
  /** (length, first token) -> cluster ids, as in the first levels of Drain's tree. */
  private readonly byShape = new Map<string, number[]>();

  constructor(options?: Partial<MinerOptions>) {
    this.options = { ...DEFAULT_MINER_OPTIONS, ...options };
    // A full message cache is replaced, and `keyCodes` grows.
    markChanging(this, 'byKeyHash', 'keyCodes', 'keyStarts', 'keyLengths', 'keyChecks', 'cachedIds', 'cachedFacts');
  }

  /** Number of canonical clusters. */
  get size(): number {
    return this.canonicalCount;
  }

  /**
   * Adds one message; returns its cluster id (canonical at this moment). `factsOf`, given, is
   * run once per masking key (facts of a key are facts of every message with it), and
   * `lastFacts` then holds the message's (-1 when not known).
   */
  add(message: string, factsOf?: (key: string) => number): number {
    // The cache only saves time (a message masks to the same template again): while messages
    // rarely repeat exactly (ids in them), most skip it rather than fill it with one-offs.
    if (this.cacheSkips > 0) {
      this.cacheSkips--;
      this.lastFacts = -1;
      return this.addTemplateText(maskMessageText(message), 1);
    }
    // Keyed by masking key, not by message: messages that differ only in numbers share a key.
    const hash = maskingKeyHash(message);
    let entry = this.byKeyHash.get(hash);
    if (entry !== undefined && hasMaskingKey(message, this.keyCodes, this.keyStarts[entry]!, this.keyLengths[entry]!)) {
      this.cacheHits++;
      this.lastFacts = factsOf === undefined ? -1 : this.cachedFacts[entry]!;
      const id = this.resolve(this.cachedIds[entry]!);
      (this.clusters[id] as Cluster).count++;
      return id;
    }
    const key = maskingKey(message);
    this.lastFacts = factsOf === undefined ? -1 : factsOf(key);
    const id = this.addTemplateText(maskMessageText(key), 1);
    if (this.cachedIds.length >= this.options.messageCacheSize || this.keyCodesUsed + key.length > MAX_KEY_CODES) {
      this.clearMessageCache();
      entry = undefined;
    }
    if (entry === undefined) {
      entry = this.cachedIds.length;
      this.byKeyHash.set(hash, entry);
    }
    // A new key, or one whose hash another key shared (it takes the entry over).
    this.keyStarts[entry] = this.storeKeyCodes(key);
    this.keyLengths[entry] = key.length;
    this.keyChecks[entry] = keyCheckHash(key);
    this.cachedIds[entry] = id;
    this.cachedFacts[entry] = this.lastFacts;
    if (++this.cacheMisses >= CACHE_WINDOW) {
      if (this.cacheHits * 8 < this.cacheMisses) this.cacheSkips = CACHE_WINDOW * 7;
      this.cacheHits = 0;
      this.cacheMisses = 0;
    }
    return id;
  }

  /**
   * The cluster `add(message)` would count `message` in, found in the message cache from the
   * message's bytes, or -1 (not cached, not ASCII, or the cache is being skipped: then call
   * `add`). Counts nothing: the caller counts the message with `addKnown`, before any other
   * message is added.
   */
  cachedClusterOfAscii(bytes: Uint8Array, start: number, end: number, message: string): number {
    if (this.cacheSkips > 0) return -1;
    const check = this.check;
    const hash = maskingKeyHashOfAscii(bytes, start, end, foldsDigits(message), check);
    if (hash < 0) return -1;
    const entry = this.byKeyHash.get(hash);
    // The kept key is the message's when both hashes (30 and 32 bits) and the length agree: two
    // keys agree with odds of 2^-62 (over m distinct messages against n kept keys, about
    // m·n·2^-62: 2·10^-9 for 100,000 of each), and the bytes are not compared again. Comparing
    // them cost a tenth of a thread's time on the application bench log.
    if (entry === undefined || this.keyChecks[entry] !== check[0] || this.keyLengths[entry] !== check[1]) return -1;
    this.cacheHits++;
    this.lastFacts = this.cachedFacts[entry]!;
    return this.cachedIds[entry]!;
  }

  /** Forgets the message cache (it only saves time, and only in the thread that filled it). */
  clearMessageCache(): void {
    this.byKeyHash = new Map();
    this.keyCodes = new Uint16Array(1 << 16);
    this.keyCodesUsed = 0;
    this.keyStarts = [];
    this.keyLengths = [];
    this.keyChecks = [];
    this.cachedIds = [];
    this.cachedFacts = [];
  }

  /** Appends a key's codes to `keyCodes`; returns where they start. */
  private storeKeyCodes(key: string): number {
    if (this.keyCodesUsed + key.length > this.keyCodes.length) {
      const grown = new Uint16Array(Math.max(this.keyCodes.length * 2, this.keyCodesUsed + key.length));
      grown.set(this.keyCodes.subarray(0, this.keyCodesUsed));
      this.keyCodes = grown;
    }
    const start = this.keyCodesUsed;
    for (let i = 0; i < key.length; i++) this.keyCodes[start + i] = key.charCodeAt(i);
    this.keyCodesUsed += key.length;
    return start;
  }

  /**
   * `add` for a message whose cluster the caller remembers (same message text as the first
   * time): same result as `add`, without the message-cache lookup.
   */
  addVia(handle: MessageHandle, message: string): number {
    if (handle.miner === this) return this.addKnown(handle.cluster);
    const id = this.add(message);
    handle.miner = this;
    handle.cluster = id;
    return id;
  }

  /** Counts one more message of a cluster `add` returned before; returns its canonical id. */
  addKnown(cluster: number): number {
    const id = this.resolve(cluster);
    (this.clusters[id] as Cluster).count++;
    return id;
  }

  /** The canonical id of a cluster (identity unless it was merged). */
  resolve(id: number): number {
    let root = id;
    while (this.parent[root] !== undefined && this.parent[root] !== root) root = this.parent[root] as number;
    // Path compression.
    let node = id;
    while (this.parent[node] !== undefined && this.parent[node] !== root) {
      const next = this.parent[node] as number;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }

  /** Template text of a cluster, variables as `<*>`. */
  template(id: number): string {
    return this.tokensOf(id).join(' ');
  }

  /** Messages counted in a cluster (including clusters merged into it). */
  count(id: number): number {
    return this.clusters[this.resolve(id)]?.count ?? 0;
  }

  /** Canonical cluster ids, oldest first. */
  ids(): number[] {
    const result: number[] = [];
    for (let id = 0; id < this.clusters.length; id++) if (this.parent[id] === id) result.push(id);
    return result;
  }

  /** Absorbs another miner's clusters; returns other-id -> this-id for every id of `other`. */
  mergeFrom(other: TemplateMiner): Map<number, number> {
    const mapping = new Map<number, number>();
    for (const id of other.ids()) {
      const cluster = other.clusters[id] as Cluster;
      mapping.set(id, this.addTemplateText(cluster.tokens.join(' '), cluster.count));
    }
    const result = new Map<number, number>();
    for (let id = 0; id < other.clusters.length; id++) {
      result.set(id, this.resolve(mapping.get(other.resolve(id)) as number));
    }
    return result;
  }

  private tokensOf(id: number): string[] {
    const cluster = this.clusters[this.resolve(id)];
    if (!cluster) throw new RangeError(`Unknown template id ${id}`);
    return cluster.tokens;
  }

  /** Finds or creates the cluster for a masked template text (tokens joined by single spaces). */
  private addTemplateText(text: string, count: number): number {
    const known = this.byTemplate.get(text);
    if (known !== undefined) {
      const id = this.resolve(known);
      (this.clusters[id] as Cluster).count += count;
      return id;
    }
    const tokens = text === '' ? [] : text.split(' ');
    const id = this.clusters.length;
    const cluster: Cluster = { tokens, count };
    markChanging(cluster, 'tokens'); // a union replaces them
    this.clusters.push(cluster);
    this.parent.push(id);
    this.canonicalCount++;
    this.byTemplate.set(text, id);
    if (tokens.length <= this.options.maxGeneralisedTokens) {
      this.index(id, tokens);
      this.generalise(id);
    }
    return this.resolve(id);
  }

  /** Registers a cluster's template under its per-position keys. */
  private index(id: number, tokens: readonly string[]): void {
    const shape = shapeKey(tokens);
    const bucket = this.byShape.get(shape);
    if (bucket === undefined) this.byShape.set(shape, [id]);
    else if (bucket[bucket.length - 1] !== id) bucket.push(id);
    for (const key of positionKeys(tokens)) {
      const list = this.byPositionKey.get(key);
      if (list === undefined) this.byPositionKey.set(key, [id]);
      else if (!list.includes(id)) list.push(id);
    }
  }

  /** Applies the merge rules to a cluster, repeating while merges change its template. */
  private generalise(start: number): void {
    let id = this.resolve(start);
    for (let round = 0; round < 8; round++) {
      const merged = this.mergeCompatible(id) ?? this.mergeManyValues(id);
      if (merged === undefined) return;
      id = merged;
      const tokens = this.tokensOf(id);
      const text = tokens.join(' ');
      if (!this.byTemplate.has(text)) this.byTemplate.set(text, id);
      this.index(id, tokens);
    }
  }

  /**
   * Rule 1: merge with clusters of the same length and first token whose templates differ only
   * where one side has a variable pattern matching the other side's token.
   */
  private mergeCompatible(id: number): number | undefined {
    const tokens = this.tokensOf(id);
    const bucket = this.byShape.get(shapeKey(tokens));
    if (bucket === undefined) return undefined;
    let result: number | undefined;
    let current = tokens;
    const from = Math.max(0, bucket.length - MAX_BUCKET_SCAN);
    for (let k = bucket.length - 1; k >= from; k--) {
      const other = this.resolve(bucket[k] as number);
      const self = result ?? id;
      if (other === self) continue;
      const combined = combineCompatible(current, this.tokensOf(other));
      if (combined === undefined) continue;
      result = this.union(self, other, combined);
      current = combined;
    }
    return result;
  }

  /**
   * Rule 2: when `minDistinctValues` clusters differ only by the word at one position, that
   * position is a variable.
   */
  private mergeManyValues(id: number): number | undefined {
    const tokens = this.tokensOf(id);
    const keys = positionKeys(tokens);
    // Position 0 never merges: a differing first word names a different event (as in Drain's tree).
    for (let p = 1; p < tokens.length; p++) {
      if (!hasConstantBesides(tokens, p)) continue;
      const siblings: number[] = [];
      const words = new Set<string>([tokens[p] as string]);
      for (const candidate of this.byPositionKey.get(keys[p] as number) ?? []) {
        const other = this.resolve(candidate);
        if (other === id || siblings.includes(other)) continue;
        const otherTokens = this.tokensOf(other);
        if (!sameExcept(tokens, otherTokens, p)) continue;
        siblings.push(other);
        words.add(otherTokens[p] as string);
      }
      if (words.size < this.options.minDistinctValues) continue;
      let merged = id;
      const general = tokens.slice();
      general[p] = wildcardKeepingPunctuation([...words]);
      for (const other of siblings) merged = this.union(merged, other, general);
      return merged;
    }
    return undefined;
  }

  /** Merges two clusters (the older id stays canonical) under the given template. */
  private union(a: number, b: number, mergedTokens: string[]): number {
    const keep = Math.min(a, b);
    const drop = Math.max(a, b);
    const kept = this.clusters[keep] as Cluster;
    const dropped = this.clusters[drop] as Cluster;
    kept.tokens = mergedTokens;
    kept.count += dropped.count;
    this.parent[drop] = keep;
    this.canonicalCount--;
    return keep;
  }
}

/**
 * The merged template when `a` and `b` (same length and first token) differ only at positions
 * where one token's pattern covers the other's, and they share a token with literal text (not
 * a bare `<*>`); else undefined.
 */
function combineCompatible(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length !== b.length || a[0] !== b[0]) return undefined;
  let sharedConstant = false;
  let combined: string[] | undefined;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as string;
    const y = b[k] as string;
    if (x === y) {
      if (x !== WILDCARD) sharedConstant = true;
      continue;
    }
    let general: string;
    if (tokenCovers(x, y)) general = x;
    else if (tokenCovers(y, x)) general = y;
    else return undefined;
    combined ??= a.slice();
    combined[k] = general;
  }
  return sharedConstant ? combined : undefined;
}

/** `<*>` plus the punctuation that all words share at their start and end (`SAM,` `SYSTEM,` → `<*>,`). */
function wildcardKeepingPunctuation(words: readonly string[]): string {
  const first = words[0] ?? '';
  let head = 0;
  while (head < first.length && isPunctuation(first.charCodeAt(head)) && words.every((word) => word.charCodeAt(head) === first.charCodeAt(head))) head++;
  let tail = 0;
  while (
    tail < first.length - head &&
    isPunctuation(first.charCodeAt(first.length - 1 - tail)) &&
    words.every((word) => word.length - tail - 1 >= head && word.charCodeAt(word.length - 1 - tail) === first.charCodeAt(first.length - 1 - tail))
  ) {
    tail++;
  }
  return first.slice(0, head) + WILDCARD + first.slice(first.length - tail);
}

function isPunctuation(code: number): boolean {
  const letterOrDigit = isAsciiDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code >= 128;
  return !letterOrDigit && code !== 42; // `*` is part of the wildcard text
}

function shapeKey(tokens: readonly string[]): string {
  return `${tokens.length}\u0000${tokens[0] ?? ''}`;
}

function hasConstantBesides(tokens: readonly string[], p: number): boolean {
  for (let k = 0; k < tokens.length; k++) if (k !== p && tokens[k] !== WILDCARD) return true;
  return false;
}

/** True when the two templates have the same length and differ at most at position `p`. */
function sameExcept(a: readonly string[], b: readonly string[], p: number): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (k !== p && a[k] !== b[k]) return false;
  return true;
}

/** For each position p, a hash of (length, p, all tokens but p). Collisions are checked by callers. */
function positionKeys(tokens: readonly string[]): number[] {
  const n = tokens.length;
  const hashes = tokens.map(tokenHash);
  const powers: number[] = new Array<number>(n);
  let total = 0;
  let power = 1;
  for (let k = 0; k < n; k++) {
    powers[k] = power;
    total = (total + Math.imul(hashes[k] as number, power)) | 0;
    power = Math.imul(power, HASH_BASE);
  }
  const keys: number[] = new Array<number>(n);
  for (let p = 0; p < n; p++) {
    const without = (total - Math.imul(hashes[p] as number, powers[p] as number)) | 0;
    keys[p] = (Math.imul(without ^ Math.imul(p + 1, 0x85ebca6b), 0xc2b2ae35) ^ Math.imul(n, 0x27d4eb2f)) >>> 0;
  }
  return keys;
}
