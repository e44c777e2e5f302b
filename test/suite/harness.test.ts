// First in-VS Code checks: the runner opened the sample workspace, loaded Logscope from this
// checkout, the extension activates, and `.log` files get the `log` language.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extensionId, openSample, screenshot, waitFor, workspaceRoot } from './harness';

function ourExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  return extension;
}

/**
 * A `.log` file in the workspace: a real sample when the project has one (not one of the big
 * files other suites write, which VS Code will not open as documents), else one written here.
 */
async function someLogFile(): Promise<string> {
  const root = workspaceRoot();
  const candidates = (await vscode.workspace.fs.readDirectory(root))
    .filter(([entry, type]) => type === vscode.FileType.File && entry.endsWith('.log'))
    .map(([entry]) => entry)
    .sort();
  const sizes = await Promise.all(candidates.map(async (entry) => (await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, entry))).size));
  const name = candidates.find((_, i) => sizes[i]! < 1 << 20);
  if (name) return name;
  const written = 'harness-check.log';
  const lines = ['2024-05-01 10:00:00 INFO server started', '2024-05-01 10:00:01 ERROR disk full on /var'];
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, written), new TextEncoder().encode(lines.join('\n') + '\n'));
  return written;
}

describe('harness: VS Code with the sample workspace', () => {
  it('opens a copy of the project samples as the workspace folder', () => {
    const root = workspaceRoot();
    assert.equal(root.scheme, 'file');
    const samplesDir = join(ourExtension().extensionPath, 'samples');
    const projectSamples = existsSync(samplesDir) ? readdirSync(samplesDir) : [];
    for (const name of projectSamples) {
      assert.ok(existsSync(join(root.fsPath, name)), `sample ${name} missing from workspace ${root.fsPath}`);
    }
    // A copy, not the checkout itself: tests may write into it freely.
    assert.notEqual(root.fsPath, samplesDir);
  });

  it('loads Logscope from this checkout and activates it', async () => {
    const extension = ourExtension();
    const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as { main: string };
    assert.ok(existsSync(join(extension.extensionPath, manifest.main)), `built entry ${manifest.main} is missing; run npm run build`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('logscope.visualizeErrors'), 'command logscope.visualizeErrors is not registered after activation');
  });

  it('gives .log files the "log" language and can capture the workbench', async () => {
    const fileName = await someLogFile();
    const editor = await openSample(fileName);
    assert.equal(editor.document.languageId, 'log');
    assert.ok(editor.document.lineCount > 0, `${fileName} is empty`);
    await waitFor('the log editor to be active', () => vscode.window.activeTextEditor?.document.uri.toString() === editor.document.uri.toString());

    const picture = await screenshot('harness-log-open');
    if (picture) {
      const header = readFileSync(picture).subarray(0, 8);
      assert.deepEqual([...header], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'screenshot is not a PNG');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
