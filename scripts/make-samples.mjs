// Writes the bundled sample logs in samples/ (deterministic: seeded PRNG, fixed start time).
// Run: node scripts/make-samples.mjs
import { mkdirSync, writeFileSync } from 'node:fs';

let seed = 20261123;
function random() {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const pad = (n, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const start = Date.UTC(2026, 10, 20, 6, 0, 0);

function apacheTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
function isoTime(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

mkdirSync('samples', { recursive: true });

// 1. nginx combined access log with $request_time, an incident between 09:00 and 09:20.
const clients = Array.from({ length: 40 }, (_, i) => `203.0.113.${i + 10}`).concat(['198.51.100.7', '198.51.100.8']);
const paths = ['/', '/api/orders', '/api/orders/{id}', '/api/cart', '/login', '/static/app.js', '/static/app.css', '/api/search?q={q}', '/health'];
const agents = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0', 'Mozilla/5.0 (Macintosh) Safari/605.1.15', 'curl/8.5.0', 'kube-probe/1.30'];
let access = '';
let t = start;
for (let i = 0; i < 2400; i++) {
  t += Math.floor(random() * 9000);
  const incident = t > start + 2 * 3600_000 && t < start + 2 * 3600_000 + 20 * 60_000;
  const path = pick(paths).replace('{id}', String(1000 + Math.floor(random() * 900))).replace('{q}', pick(['shoes', 'lamp', 'desk']));
  const method = path.startsWith('/api/orders') && random() < 0.3 ? 'POST' : 'GET';
  let status = 200;
  const r = random();
  if (incident && path.startsWith('/api') && r < 0.6) status = pick([502, 503, 504]);
  else if (r < 0.04) status = 404;
  else if (r < 0.05) status = 500;
  else if (r < 0.09) status = 304;
  const seconds = (incident ? 1.5 + random() * 3 : 0.005 + random() * random() * 0.4).toFixed(3);
  const bytes = status >= 400 ? 150 + Math.floor(random() * 200) : 500 + Math.floor(random() * 40000);
  access += `${pick(clients)} - - [${apacheTime(t)}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${pick(agents)}" ${seconds}\n`;
}
writeFileSync('samples/web-1.log', access);

// 2. Java service log (log4j-style) with stack traces and errors that name peers.
const peers = ['10.0.4.21:5432', '10.0.4.22:5432', '10.0.7.3:6379', 'payments.internal:8443'];
let app = '';
t = start;
for (let i = 0; i < 900; i++) {
  t += Math.floor(random() * 25000);
  const thread = pick(['main', 'http-nio-8080-exec-1', 'http-nio-8080-exec-4', 'scheduler-1']);
  const r = random();
  const incident = t > start + 2 * 3600_000 && t < start + 2 * 3600_000 + 20 * 60_000;
  if ((incident && r < 0.5) || r < 0.03) {
    const peer = pick(peers);
    app += `${isoTime(t)} ERROR [${thread}] com.shop.orders.OrderRepository - Failed to connect to ${peer} after 3 attempts\n`;
    app += `java.net.ConnectException: Connection refused (Connection refused)\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n\tat com.shop.db.Pool.acquire(Pool.java:88)\n\tat com.shop.orders.OrderRepository.save(OrderRepository.java:41)\n\t... 12 more\n`;
  } else if (r < 0.08) {
    app += `${isoTime(t)} WARN  [${thread}] com.shop.cart.CartService - Cart ${Math.floor(random() * 90000)} took ${200 + Math.floor(random() * 900)} ms to load\n`;
  } else if (r < 0.1) {
    app += `${isoTime(t)} ERROR [${thread}] com.shop.payments.Client - Timeout receiving response from payments.internal:8443 for order ${Math.floor(random() * 9000)}\n`;
  } else if (r < 0.5) {
    app += `${isoTime(t)} INFO  [${thread}] com.shop.orders.OrderService - Order ${10000 + i} created for customer ${Math.floor(random() * 5000)}\n`;
  } else if (r < 0.8) {
    app += `${isoTime(t)} DEBUG [${thread}] com.shop.db.Pool - Acquired connection ${Math.floor(random() * 20)} in ${Math.floor(random() * 9)} ms\n`;
  } else {
    app += `${isoTime(t)} INFO  [${thread}] com.shop.http.AccessFilter - Request ${pick(['GET', 'POST'])} ${pick(paths).replace('{id}', '7').replace('{q}', 'x')} completed\n`;
  }
}
writeFileSync('samples/orders-1.log', app);

// 3. JSON lines (pino-style) from two hosts with sessions.
let json = '';
t = start;
const sessions = Array.from({ length: 60 }, (_, i) => `s-${(i * 7919).toString(16)}`);
for (let i = 0; i < 700; i++) {
  t += Math.floor(random() * 30000);
  const host = pick(['auth-1', 'auth-2']);
  const r = random();
  const level = r < 0.06 ? 50 : r < 0.15 ? 40 : 30;
  const msg = level === 50 ? `token validation failed for user ${Math.floor(random() * 900)}` : level === 40 ? 'login throttled' : pick(['login ok', 'session refreshed', 'logout']);
  json += JSON.stringify({ level, time: t, pid: 4100, hostname: host, session_id: pick(sessions), msg }) + '\n';
}
writeFileSync('samples/auth.jsonl', json);
console.log('wrote samples/web-1.log, samples/orders-1.log, samples/auth.jsonl');
