/**
 * The dashboard's HTML page, in its two forms: the VS Code webview page (script and CSS loaded
 * from the extension) and the self-contained HTML report (everything inlined, data embedded).
 * Plain TypeScript with no `vscode` import: the extension host and the CLI both use it.
 */
import type { Summary } from '../engine/summary';
import type { DashboardSubject } from './messages';

/** id of the `<script type="application/json">` element holding the report's data. */
export const REPORT_DATA_ELEMENT_ID = 'logscope-data';

/** What the report embeds: the same pair a `summary` message carries. */
export interface ReportData {
  readonly subject: DashboardSubject;
  readonly summary: Summary;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A fresh random nonce (base64, 128 bits) for a page's CSP. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` become `\u003c`-style escapes
 * (so no `</script>` or `<!--` can appear), and U+2028/U+2029 are escaped for old JS parsers.
 * `JSON.parse` reads the escapes back to the original characters.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

/** Makes inlined script text unable to end its `<script>` element early or open a comment state. */
function inlineScriptText(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Makes inlined CSS unable to end its `<style>` element early. */
function inlineStyleText(style: string): string {
  return style.replace(/<\/(style)/gi, '<\\/$1');
}

function nonceAttribute(nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('nonce must be base64 characters');
  return nonce;
}

export interface WebviewPageOptions {
  /** `webview.cspSource` of the panel. */
  readonly cspSource: string;
  readonly nonce: string;
  /** `webview.asWebviewUri(...)` of out/webview.js and out/webview.css, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** The VS Code panel's page: strict CSP, no inline handlers, nothing remote. */
export function webviewPageHtml(options: WebviewPageOptions): string {
  const nonce = nonceAttribute(options.nonce);
  // ECharts (canvas renderer) and the dashboard set element styles only through CSSOM, which
  // style-src does not restrict, so no 'unsafe-inline' is needed.
  const csp = [
    "default-src 'none'",
    `img-src ${options.cspSource} data:`,
    `style-src ${options.cspSource} 'nonce-${nonce}'`,
    `font-src ${options.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(options.styleUri)}">
<title>Logscope</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

export interface ReportPageOptions {
  readonly subject: DashboardSubject;
  readonly summary: Summary;
  /** Text of out/webview.js. */
  readonly script: string;
  /** Text of out/webview.css. */
  readonly style: string;
  /** Defaults to a fresh random nonce. */
  readonly nonce?: string;
}

/** One self-contained HTML file: inlined script and CSS, data embedded as JSON, no network. */
export function reportPageHtml(options: ReportPageOptions): string {
  const nonce = nonceAttribute(options.nonce ?? createNonce());
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const data: ReportData = { subject: options.subject, summary: options.summary };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Logscope">
<title>${escapeHtml(options.subject.title)} — Logscope report</title>
<style nonce="${nonce}">
${inlineStyleText(options.style)}
</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">${jsonForScriptElement(data)}</script>
<script nonce="${nonce}">
${inlineScriptText(options.script)}
</script>
</body>
</html>
`;
}
