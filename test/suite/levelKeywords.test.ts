// The logscope.levelKeywords setting in a real VS Code: setting it recounts the open dashboard
// and the language server's problems with the team's own level words.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Summary } from '../../extension/engine/summary';
import type { ToWebview } from '../../extension/shared/messages';
import { screenshot, waitFor, workspaceRoot } from './harness';

const LINES = [
  '2026-11-20 06:00:00,000 INFO  [main] com.shop.App - started',
  '2026-11-20 06:00:01,000 OOPS  [main] com.shop.Cart - cart total negative for order 17',
  '2026-11-20 06:00:02,000 MELTDOWN [main] com.shop.Db - connection pool gone',
  '2026-11-20 06:00:03,000 ERROR [main] com.shop.Pay - payment failed for order 18',
  '2026-11-20 06:00:04,000 BOOM  [http-1] com.shop.Api - handler threw for order 19',
];

async function summaryWhere(uri: vscode.Uri, what: string, accept: (summary: Summary) => boolean): Promise<Summary> {
  return waitFor(what, async () => {
    const last = await vscode.commands.executeCommand<ToWebview | null>('logscope.test.lastPosted');
    return last?.type === 'summary' && last.subject.uri === uri.toString() && accept(last.summary) ? last.summary : undefined;
  }, 60_000);
}

function errorDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'logscope' && d.severity === vscode.DiagnosticSeverity.Error);
}

/** The server's level tokens in the document, as `type=text`. */
async function userLevelTokens(document: vscode.TextDocument): Promise<string[]> {
  const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', document.uri);
  const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>('vscode.provideDocumentSemanticTokens', document.uri);
  const found: string[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; tokens !== undefined && i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type] = [tokens.data[i]!, tokens.data[i + 1]!, tokens.data[i + 2]!, tokens.data[i + 3]!];
    line += deltaLine;
    start = deltaLine === 0 ? start + deltaStart : deltaStart;
    const name = legend.tokenTypes[type]!;
    if (name.startsWith('logLevel')) found.push(`${name}=${document.lineAt(line).text.slice(start, start + length)}`);
  }
  return found;
}

describe('Setting logscope.levelKeywords', () => {
  const configuration = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('logscope');

  after(async () => {
    await configuration().update('levelKeywords', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('recounts the dashboard and the problems with the user level words', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'keywords', 'shop.log');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(LINES.join('\n') + '\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.commands.executeCommand('logscope.visualizeErrors');
    const before = await summaryWhere(uri, 'the summary with built-in words only', () => true);
    assert.equal(before.levels.error, 1, 'only ERROR is an error word before the setting');
    assert.equal(before.levels.fatal, 0);
    await waitFor('one error problem', () => (errorDiagnostics(uri).length === 1 ? true : undefined), 15_000);

    await configuration().update('levelKeywords', { error: ['OOPS', 'BOOM'], fatal: ['MELTDOWN'] }, vscode.ConfigurationTarget.Workspace);
    const after = await summaryWhere(uri, 'the summary counting OOPS, BOOM and MELTDOWN', (s) => s.levels.error === 3);
    assert.equal(after.levels.fatal, 1);
    assert.equal(after.records, LINES.length);
    const problems = await waitFor('four error problems', () => {
      const found = errorDiagnostics(uri);
      return found.length === 4 ? found : undefined;
    }, 15_000);
    assert.deepEqual(problems.map((d) => d.range.start.line), [1, 2, 3, 4]);
    // The grammar cannot know the user words: the server marks them with their level's token.
    const levelTokens = await waitFor('level tokens for the user words', async () => {
      const found = await userLevelTokens(editor.document);
      return found.length === 3 ? found : undefined;
    }, 15_000);
    assert.deepEqual(levelTokens, ['logLevelError=OOPS', 'logLevelFatal=MELTDOWN', 'logLevelError=BOOM']);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    await screenshot('level-keywords', 2500);

    // A partly invalid value: the problem is named, the valid words still count.
    await configuration().update('levelKeywords', { error: ['OOPS', 'NOT ONE'], fatal: ['MELTDOWN'] }, vscode.ConfigurationTarget.Workspace);
    const partial = await summaryWhere(uri, 'the summary without BOOM', (s) => s.levels.error === 2);
    assert.equal(partial.levels.fatal, 1);
    const warning = await waitFor('a warning naming the setting', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'logscope' && d.severity === vscode.DiagnosticSeverity.Warning), 15_000);
    assert.match(warning.message, /^Setting "logscope\.levelKeywords" is partly invalid \(its valid words still apply\): "error" word "NOT ONE" holds a space/);
    await screenshot('level-keywords-invalid', 1500);
  });

  it('marks the user words in the level values of JSON lines', async () => {
    await configuration().update('levelKeywords', { error: ['OOPS', 'BOOM'], fatal: ['MELTDOWN'] }, vscode.ConfigurationTarget.Workspace);
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'keywords', 'shop.jsonl');
    const lines = [
      '{"ts":"2026-11-20T06:00:00Z","level":"info","msg":"started"}',
      '{"ts":"2026-11-20T06:00:01Z","level":"OOPS","msg":"cart total negative for order 17"}',
      '{"ts":"2026-11-20T06:00:02Z","level":"meltdown","msg":"connection pool gone"}',
      '{"ts":"2026-11-20T06:00:03Z","level":"error","msg":"payment failed for order 18"}',
    ];
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(lines.join('\n') + '\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const levelTokens = await waitFor('level tokens for the user words in JSON', async () => {
      const found = await userLevelTokens(editor.document);
      return found.length === 2 ? found : undefined;
    }, 15_000);
    assert.deepEqual(levelTokens, ['logLevelError=OOPS', 'logLevelFatal=meltdown']);
    await screenshot('level-keywords-json', 2500);
  });
});
