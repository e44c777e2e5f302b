// Hostile log content in a real VS Code: payloads in every field of several formats reach the
// dashboard, hovers and diagnostics as text, and nothing executes. Also: no handle leaks after
// 100 open/close cycles of the panel.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ToWebview } from '../../extension/shared/messages';
import { checkFrames, screenshot, sleep, waitFor, workspaceRoot } from './harness';

const CANARY = 'window.__pwned=1';
const PAYLOADS = [
  `<script>${CANARY}</script>`,
  `<img src=x onerror="${CANARY}">`,
  `<svg onload="${CANARY}"><circle r=1></svg>`,
  `javascript:${CANARY}`,
  `</textarea><iframe srcdoc="<script>parent.${CANARY}</script>">`,
  `[click](command:workbench.action.quit) [x](javascript:${CANARY})`,
  `\\u003cscript\\u003e${CANARY}\\u003c/script\\u003e`,
  `" onmouseover="${CANARY}" x="`,
];

function hostileLog(): string {
  const lines: string[] = [];
  for (const p of PAYLOADS) {
    const q = p.replace(/"/g, '\\"');
    lines.push(`203.0.113.9 - ${p.replace(/\s/g, '')} [20/Nov/2026:06:00:00 +0000] "GET /${encodeURI(p)} HTTP/1.1" 500 12 "${q}" "${q}"`);
  }
  return lines.join('\n') + '\n';
}

function hostileSyslog(): string {
  return PAYLOADS.map((p, i) => `Nov 20 06:00:0${i} host-${i}<b> app${i}: error ${p} failed to connect to 10.0.0.${i}:80`).join('\n') + '\n';
}

function hostileJson(): string {
  return PAYLOADS.map((p) => JSON.stringify({ level: 'error', time: '2026-11-20T06:00:00Z', host: p, msg: `failed ${p}`, session_id: p })).join('\n') + '\n';
}

async function writeAndOpen(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

async function waitForSummary(uri: vscode.Uri): Promise<void> {
  await waitFor(`a summary of ${uri.path}`, async () => {
    const last = await vscode.commands.executeCommand<ToWebview | null>('logscope.test.lastPosted');
    return last?.type === 'summary' && last.subject.uri === uri.toString() ? true : undefined;
  }, 60_000);
}

describe('hostile log content', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const [name, text] of [['xss-access.log', hostileLog()], ['xss-syslog.log', hostileSyslog()], ['xss.jsonl', hostileJson()]] as const) {
    it(`${name}: payloads are shown as text and nothing executes`, async () => {
      const editor = await writeAndOpen(name, text);
      await vscode.commands.executeCommand('logscope.visualizeErrors');
      await waitForSummary(editor.document.uri);
      // Hovers over the payload lines render them as text too.
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 5));
      await sleep(2500);
      // The dashboard's header names the log; only webview frames are counted for it.
      const check = await checkFrames(`xss-${name}`, name);
      await screenshot(`xss-${name}`);
      if (check === undefined) return; // not under the code-server runner
      assert.equal(check.pwnedFrames, 0, 'a payload executed');
      assert.equal(check.dialogs, 0, 'a dialog opened');
      assert.ok(check.frames > 2, `inspected ${check.frames} frames`);
      assert.ok(check.webviewFramesShowingText > 0, 'the dashboard rendered (its header is in a webview frame)');
    });
  }

  it('opens and closes the dashboard 100 times without leaking file handles', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'orders-1.log')));
    const dashboardTab = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('logscope.dashboard'));
    const cycle = async (): Promise<void> => {
      await vscode.commands.executeCommand('logscope.visualizeErrors');
      await waitForSummary(editor.document.uri);
      const tab = await waitFor('the dashboard tab', dashboardTab);
      await vscode.window.tabGroups.close(tab);
      await waitFor('the dashboard to close', () => (dashboardTab() === undefined ? true : undefined));
      await vscode.window.showTextDocument(editor.document);
    };
    for (let i = 0; i < 5; i++) await cycle(); // warm up caches and workers
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 100; i++) await cycle();
    await sleep(1000);
    const after = readdirSync('/proc/self/fd').length;
    console.log(`[suite] open fds before ${before}, after 100 open/close cycles ${after}`);
    assert.ok(after - before <= 5, `file handles grew from ${before} to ${after}`);
  });
});
