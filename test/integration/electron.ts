// `npm run test:electron`: the same mocha suite in desktop VS Code (Electron), downloaded by
// @vscode/test-electron. Needs internet (to fetch VS Code) and, on Linux, a display (xvfb-run).
// Offline machines use `npm run test:integration` (code-server) instead.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

// Bundled to out/test/integration/electron.js.
const projectRoot = resolve(__dirname, '../../..');

function createWorkspace(root: string): string {
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const samples = join(projectRoot, 'samples');
  if (existsSync(samples)) cpSync(samples, workspace, { recursive: true });
  return workspace;
}

function createUserDataDir(root: string): string {
  const userDataDir = join(root, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = { 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'update.mode': 'none' };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return userDataDir;
}

async function main(): Promise<number> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('[electron-runner] no DISPLAY: run as `xvfb-run -a npm run test:electron` on a headless Linux box');
  }
  const root = mkdtempSync(join(tmpdir(), 'logscope-electron-'));
  try {
    return await runTests({
      version: process.env.LOGSCOPE_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: join(projectRoot, 'out', 'test', 'suite', 'index.js'),
      launchArgs: [
        createWorkspace(root),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${createUserDataDir(root)}`,
      ],
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A failing suite arrives as TestRunFailedError carrying VS Code's exit code.
    console.error('[electron-runner] failed:', error instanceof Error ? error.message : error);
    process.exit(error instanceof TestRunFailedError && error.code ? error.code : 1);
  },
);
