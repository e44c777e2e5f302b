// Helpers for suites running inside VS Code: where the sample workspace is, waiting for UI state,
// and asking the runner for a screenshot of the whole workbench at a chosen moment.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'logscope.logscope';

/** Marker the code-server runner watches for in the console output of the extension host. */
export const screenshotMarker = '@@screenshot';

/** The folder VS Code opened (a fresh copy of the project's `samples/`). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder open');
  return folder.uri;
}

export async function openSample(fileName: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), fileName));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Puts a document back to `text` and saves it. An edit, not "Revert File": the revert command
 * acts on whichever editor has focus, and on a loaded CI machine that was not always this one.
 */
export async function restoreText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not restore ${document.uri.toString()}`);
  if (document.getText() !== text) throw new Error(`${document.uri.toString()} did not get its text back`);
  await document.save();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((wake) => setTimeout(wake, ms));
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * Asks the runner to capture the workbench as `test-results/<name>.png` and waits until it exists,
 * so the picture shows the state at this point of the test. The request travels as a console line
 * (forwarded to the browser page); the runner acknowledges by writing the PNG into the folder it
 * passed as LOGSCOPE_SCREENSHOT_DIR. Outside that runner (e.g. Electron) this is a no-op.
 */
export async function screenshot(name: string, settleMs = 500): Promise<string | undefined> {
  const folder = process.env.LOGSCOPE_SCREENSHOT_DIR;
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '-');
  if (!folder) {
    console.log(`[suite] screenshot "${safeName}" skipped (runner does not take screenshots)`);
    return undefined;
  }
  // Let the workbench paint the state the test just produced.
  await sleep(settleMs);
  const file = join(folder, `${safeName}.png`);
  // A picture left by an earlier run must not count as the answer to this request.
  rmSync(file, { force: true });
  console.log(`${screenshotMarker} ${safeName}`);
  await waitFor(`screenshot ${file}`, () => existsSync(file), 30_000);
  return file;
}

export interface FrameCheck {
  readonly frames: number;
  readonly pwnedFrames: number;
  readonly framesShowingText: number;
  /** Frames of webviews (the dashboard) that show the text. */
  readonly webviewFramesShowingText: number;
  readonly dialogs: number;
}

/**
 * Asks the runner to inspect every frame of the workbench (webviews included): how many set the
 * `window.__pwned` canary, how many show `text`, and how many dialogs opened so far.
 * Undefined outside the code-server runner.
 */
export async function checkFrames(name: string, text: string): Promise<FrameCheck | undefined> {
  const folder = process.env.LOGSCOPE_SCREENSHOT_DIR;
  if (!folder) return undefined;
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '-');
  const file = join(folder, `${safeName}.json`);
  rmSync(file, { force: true });
  console.log(`@@framecheck ${safeName} ${text}`);
  await waitFor(`frame check ${file}`, () => existsSync(file), 30_000);
  return JSON.parse(readFileSync(file, 'utf8')) as FrameCheck;
}
