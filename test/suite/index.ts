// Entry point VS Code loads as `extensionTestsPath`: runs every `*.test.js` bundled beside this
// file with mocha, inside the real extension host. Output goes through console.log, which VS Code
// forwards to the runner (code-server: `codeAutomationLog`; Electron: the launching terminal).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // The workbench, webviews and charts are slow to appear on a 2-core CI box.
    timeout: 60_000,
    slow: 5_000,
    rootHooks: {
      // A toast an earlier test raised (an invalid setting's warning) must not cover the
      // screenshots of the next ones; a test that shows its own raises it again.
      beforeEach: async () => {
        await vscode.commands.executeCommand('notifications.clearAll');
      },
    },
  });
  const grep = process.env.LOGSCOPE_TEST_GREP;
  if (grep) mocha.grep(grep);

  const testFiles = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(join(__dirname, name));
  console.log(`[suite] running ${testFiles.length} test file(s): ${testFiles.join(', ')}`);

  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  console.log(`${passed} passed, ${failed} failed`);
  if (testFiles.length === 0) throw new Error('no *.test.js files found next to the suite runner');
  if (failed > 0) throw new Error(`${failed} test(s) failed`);
}
