/**
 * The dashboard page builders: the report must carry hostile log text as inert data (it cannot
 * close its <script> element), run only nonce'd code, and load nothing from the network.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import {
  createNonce,
  escapeHtml,
  jsonForScriptElement,
  REPORT_DATA_ELEMENT_ID,
  reportPageHtml,
  webviewPageHtml,
} from '../../extension/shared/dashboardPage';
import { HOSTILE, PAYLOAD_SUBJECT, payloadSummary } from '../browser/fixtures';

const projectRoot = resolve(__dirname, '../../..');
const NONCE = 'dGVzdG5vbmNlMTIzNDU2Nw==';
const BREAKOUT = '</script><script>alert(1)</script>';

/** What an HTML parser does with script data: it ends at the first `</script` (any case). */
function scriptDataAfter(html: string, openTag: string): string {
  const start = html.indexOf(openTag);
  assert.ok(start >= 0, `missing ${openTag}`);
  const contentStart = start + openTag.length;
  const end = html.toLowerCase().indexOf('</script', contentStart);
  assert.ok(end >= 0, 'script element is never closed');
  return html.slice(contentStart, end);
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match?.[1], 'CSP meta tag missing');
  return match[1].replace(/&#39;/g, "'");
}

function hostileReport(script = 'console.log("dashboard")', style = 'body{color:red}'): string {
  const summary = payloadSummary();
  const templates = [{ ...summary.templates[0]!, template: BREAKOUT, example: { line: 1, text: BREAKOUT } }, ...summary.templates];
  return reportPageHtml({ subject: PAYLOAD_SUBJECT, summary: { ...summary, templates }, script, style, nonce: NONCE });
}

test('escapeHtml escapes the five HTML-significant characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml('plain text'), 'plain text');
});

test('jsonForScriptElement leaves no <, >, & or line separators and parses back unchanged', () => {
  const value = { text: `${BREAKOUT} <!-- & ${HOSTILE.separators}` };
  const json = jsonForScriptElement(value);
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), value);
});

test('report data survives a template that tries to close the script element', () => {
  const summary = payloadSummary();
  const templates = [{ ...summary.templates[0]!, template: BREAKOUT, example: { line: 1, text: BREAKOUT } }, ...summary.templates];
  const html = reportPageHtml({ subject: PAYLOAD_SUBJECT, summary: { ...summary, templates }, script: '', style: '', nonce: NONCE });
  const embedded = scriptDataAfter(html, `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">`);
  const parsed = JSON.parse(embedded) as unknown;
  assert.deepEqual(parsed, { subject: PAYLOAD_SUBJECT, summary: { ...summary, templates } });
  // The breakout string appears nowhere in raw form: only the escaped data holds it.
  assert.ok(!html.includes(BREAKOUT));
  assert.ok(!html.includes(HOSTILE.img));
});

test('the subject title is escaped in <title>', () => {
  const html = hostileReport();
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  assert.equal(title, `${escapeHtml(PAYLOAD_SUBJECT.title)} — Logscope report`);
});

test('inlined script and CSS cannot end their elements early', () => {
  const html = hostileReport('const s = "</script><script>alert(2)</script>"; /* <!-- */', 'a::after{content:"</style><img src=x onerror=alert(3)>"}');
  // Exactly two script elements close: the JSON data and the dashboard bundle.
  assert.equal(html.toLowerCase().split('</script').length - 1, 2);
  assert.equal(html.toLowerCase().split('</style').length - 1, 1);
  assert.ok(!html.includes('<!--'));
  const bundle = scriptDataAfter(html, `<script nonce="${NONCE}">`);
  assert.ok(bundle.includes('"<\\/script><script>alert(2)<\\/script>"'), 'script text is escaped, not dropped');
});

test('report CSP allows only nonce-tagged script and style, and nothing remote', () => {
  const html = hostileReport();
  const csp = cspOf(html);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${NONCE.replace(/[+/=]/g, '\\$&')}'(;|$)`));
  assert.match(csp, new RegExp(`style-src 'nonce-${NONCE.replace(/[+/=]/g, '\\$&')}'(;|$)`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  // Every executable script and every style element carries the nonce.
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
  assert.equal(scripts.length, 2);
  for (const attrs of scripts) {
    if (!attrs.includes('type="application/json"')) assert.equal(attrs.trim(), `nonce="${NONCE}"`);
  }
  assert.match(html, new RegExp(`<style nonce="${NONCE.replace(/[+/=]/g, '\\$&')}">`));
  // No resource is loaded from anywhere: no src/href attributes, no inline event handlers.
  assert.doesNotMatch(html, /<[a-z][^>]*\s(src|href)\s*=/i);
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i);
});

test('a report built from the real bundle references no http(s) resources', (t) => {
  const scriptPath = resolve(projectRoot, 'out/webview.js');
  const stylePath = resolve(projectRoot, 'out/webview.css');
  if (!existsSync(scriptPath) || !existsSync(stylePath)) {
    t.skip('out/webview.js not built (run `node esbuild.mjs`)');
    return;
  }
  const style = readFileSync(stylePath, 'utf8');
  const html = hostileReport(readFileSync(scriptPath, 'utf8'), style);
  assert.doesNotMatch(style, /@import|url\(\s*['"]?https?:/i);
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed|source|audio|video)\b/i);
  assert.equal(html.toLowerCase().split('</script').length - 1, 2);
  assert.doesNotMatch(html, /<[a-z][^>]*\s(src|href)\s*=/i);
});

test('every report gets its own nonce; malformed nonces are refused', () => {
  const summary = payloadSummary();
  const first = cspOf(reportPageHtml({ subject: PAYLOAD_SUBJECT, summary, script: '', style: '' }));
  const second = cspOf(reportPageHtml({ subject: PAYLOAD_SUBJECT, summary, script: '', style: '' }));
  assert.notEqual(first, second);
  assert.match(createNonce(), /^[A-Za-z0-9+/]{22}==$/);
  assert.throws(() => reportPageHtml({ subject: PAYLOAD_SUBJECT, summary, script: '', style: '', nonce: `x" onload="alert(1)` }));
});

test('the webview page loads script and CSS from the extension with a strict CSP', () => {
  const html = webviewPageHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: NONCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview.js?a=1&b=2',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview.css',
  });
  const csp = cspOf(html);
  assert.match(csp, /^default-src 'none'; img-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net data:; /);
  assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-/);
  assert.match(csp, /script-src 'nonce-[^']+'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.ok(html.includes(`<script nonce="${NONCE}" src="https://file+.vscode-resource.vscode-cdn.net/ext/out/webview.js?a=1&amp;b=2"></script>`));
  assert.ok(html.includes(`<link rel="stylesheet" nonce="${NONCE}" href="https://file+.vscode-resource.vscode-cdn.net/ext/out/webview.css">`));
  // The only script is the external, nonce'd bundle: no inline code, no handlers.
  assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i);
});
