/**
 * Seeded generators of benchmark inputs: an NCSA combined access log and an application-log mix
 * (log4j with stack traces, JSON lines, syslog). Same seed, same bytes; files are written once
 * and reused while they exist.
 */
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: small, fast, good enough for synthetic logs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index in [0, n) with a Zipf-like skew (a few hot keys, a long tail). */
function skewed(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(n * Math.pow(random(), 3)));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD'];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 301, 302, 404, 404, 403, 500, 502, 503, 201, 204];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/8.5.0',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
];
const REFERRERS = ['-', '-', '-', 'https://www.example.com/', 'https://www.google.com/', 'https://shop.example.com/cart'];
const SECTIONS = ['api/v1/orders', 'api/v1/users', 'api/v2/search', 'static/css', 'static/js', 'images', 'blog', 'docs', 'admin', 'cart'];

/** Access log lines, one request per line, times moving forward from 2024-03-01. */
export function accessLogLines(seed: number): () => string {
  const random = seededRandom(seed);
  const clients = Array.from({ length: 20_000 }, () => `${1 + Math.floor(random() * 223)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`);
  const paths = Array.from({ length: 5_000 }, (_, i) => {
    const section = pick(random, SECTIONS);
    return section.startsWith('api') ? `/${section}/${1000 + i}` : `/${section}/page-${i}.html`;
  });
  let time = Date.UTC(2024, 2, 1);
  return () => {
    time += Math.floor(random() * 40);
    const d = new Date(time);
    const stamp = `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
    const path = paths[skewed(random, paths.length)]!;
    const query = random() < 0.2 ? `?page=${Math.floor(random() * 50)}&sort=desc` : '';
    const status = pick(random, STATUSES);
    const bytes = status === 304 || status === 204 ? '-' : String(Math.floor(random() * 60_000));
    const micros = Math.floor(random() * 900_000);
    return `${clients[skewed(random, clients.length)]} - - [${stamp}] "${pick(random, METHODS)} ${path}${query} HTTP/1.1" ${status} ${bytes} "${pick(random, REFERRERS)}" "${pick(random, AGENTS)}" ${micros}`;
  };
}

const LOGGERS = ['com.shop.orders.OrderService', 'com.shop.payments.PaymentGateway', 'org.hibernate.SQL', 'com.shop.web.RequestFilter', 'com.shop.cache.RedisCache'];
const THREADS = ['main', 'http-nio-8080-exec-1', 'http-nio-8080-exec-7', 'scheduler-2', 'kafka-consumer-3'];
const LEVEL_MIX = ['INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const SERVICES = ['api-gateway', 'billing', 'inventory', 'auth'];
const HOSTS = ['web-1', 'web-2', 'db-1', 'cache-1', 'worker-3'];

function appMessage(random: () => number, level: string): string {
  const id = Math.floor(random() * 1_000_000);
  switch (Math.floor(random() * 8)) {
    case 0: return `Order ${id} created for customer ${Math.floor(random() * 50_000)} total=${(random() * 500).toFixed(2)} EUR`;
    case 1: return `Request GET /api/v1/orders/${id} completed in ${Math.floor(random() * 900)} ms`;
    case 2: return `Cache miss for key user:${id}, loading from database`;
    case 3: return `Connected to 10.0.${Math.floor(random() * 8)}.${Math.floor(random() * 255)}:5432 after ${Math.floor(random() * 5)} retries`;
    case 4: return `Session ${id.toString(16)}${id.toString(16)} expired for user u${id % 977}`;
    case 5: return level === 'ERROR' ? `Payment failed for order ${id}: card declined` : `Payment authorised for order ${id}`;
    case 6: return `Processed batch ${id} with ${Math.floor(random() * 1000)} items in ${(random() * 3).toFixed(3)}s`;
    default: return `Scheduled job cleanup finished, removed ${Math.floor(random() * 100)} stale entries`;
  }
}

/** Application log mix: mostly log4j (errors carry stack traces), some JSON lines and syslog lines. */
export function applicationLogLines(seed: number): () => string {
  const random = seededRandom(seed);
  let time = Date.UTC(2024, 2, 1);
  return () => {
    time += Math.floor(random() * 20);
    const d = new Date(time);
    const iso = d.toISOString();
    const level = pick(random, LEVEL_MIX);
    const kind = random();
    if (kind < 0.15) {
      return JSON.stringify({ time: iso, level: level.toLowerCase(), service: pick(random, SERVICES), msg: appMessage(random, level), trace_id: Math.floor(random() * 2 ** 32).toString(16) });
    }
    if (kind < 0.25) {
      const host = pick(random, HOSTS);
      return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${host} sshd[${1000 + Math.floor(random() * 9000)}]: Accepted publickey for deploy from 10.1.${Math.floor(random() * 255)}.${Math.floor(random() * 255)} port ${1024 + Math.floor(random() * 60000)} ssh2`;
    }
    const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 19)},${pad3(d.getUTCMilliseconds())}`;
    let line = `${stamp} ${level.padEnd(5)} [${pick(random, THREADS)}] ${pick(random, LOGGERS)} - ${appMessage(random, level)}`;
    if (level === 'ERROR') {
      line += `\njava.lang.IllegalStateException: order ${Math.floor(random() * 1_000_000)} in state PENDING`;
      const frames = 3 + Math.floor(random() * 8);
      for (let i = 0; i < frames; i++) line += `\n\tat ${pick(random, LOGGERS)}.handle${i}(${pick(random, LOGGERS).split('.').pop()}.java:${10 + Math.floor(random() * 400)})`;
      if (random() < 0.3) line += `\nCaused by: java.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream.read(SocketInputStream.java:150)\n\t... 12 more`;
    }
    return line;
  };
}

export type Corpus = 'access' | 'app';

/** Writes `bytes` (rounded up to the next whole line) of a corpus to `path` unless a file of that size exists. */
export async function ensureCorpus(path: string, corpus: Corpus, bytes: number, seed = 42): Promise<string> {
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  const next = corpus === 'access' ? accessLogLines(seed) : applicationLogLines(seed);
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
  let written = 0;
  while (written < bytes) {
    const lines: string[] = [];
    let size = 0;
    while (size < 1 << 20 && written + size < bytes) {
      const line = next() + '\n';
      lines.push(line);
      size += line.length; // generated text is ASCII
    }
    written += size;
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
  return path;
}
