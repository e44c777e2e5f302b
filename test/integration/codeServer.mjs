// Shared plumbing for running the extension inside a real VS Code served by code-server:
// system prerequisites, a cached code-server install kept out of the project's dependencies,
// fresh user/workspace folders, process start/stop. Used by run-code-server.mjs and demo.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** code-server 4.100.x is the last line that runs on node 20 (VS Code 1.100). */
export const codeServerVersion = '4.100.3';
export const chromiumPath = '/usr/bin/chromium';

const cacheDir = join(projectRoot, '.cache', 'code-server');
const installedMarker = join(cacheDir, `.installed-${codeServerVersion}`);
export const codeServerEntry = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

// The ripgrep postinstall bundled with VS Code downloads from GitHub (unreachable here); it accepts
// a tarball already present in `$TMPDIR/vscode-ripgrep-cache-<pkg version>/` holding a top-level `rg`.
const ripgrepPackageVersion = '1.15.11';
const ripgrepAsset = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function log(message) {
  console.log(`[code-server-runner] ${message}`);
}

function seconds(sinceMs) {
  return ((Date.now() - sinceMs) / 1000).toFixed(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Chromium drives the workbench; for installing code-server, ripgrep seeds the offline download
 * and libkrb5-dev lets a native module build.
 */
export function ensureSystemPackages({ browser = true, install = false } = {}) {
  const missing = [];
  if (browser && !existsSync(chromiumPath)) missing.push('chromium');
  if (install && !existsSync('/usr/bin/rg')) missing.push('ripgrep');
  if (install && !existsSync('/usr/include/krb5.h')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new Error(`missing system packages: ${missing.join(' ')} (install them with apt-get as root)`);
  }
  log(`installing system packages with apt-get: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env }) !== 0) {
    run('apt-get', ['update'], { env });
    if (run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env }) !== 0) {
      throw new Error(`apt-get could not install ${missing.join(' ')}`);
    }
  }
}

function seedRipgrepDownloadCache(privateTmp) {
  const cache = join(privateTmp, `vscode-ripgrep-cache-${ripgrepPackageVersion}`);
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(privateTmp, 'rg-'));
  cpSync('/usr/bin/rg', join(staging, 'rg'));
  const status = run('tar', ['czf', join(cache, ripgrepAsset), '-C', staging, 'rg']);
  rmSync(staging, { recursive: true, force: true });
  if (status !== 0) throw new Error('could not build the ripgrep tarball');
}

/** Installs code-server into the git-ignored cache once; later runs reuse it. Returns the entry script. */
export function ensureCodeServer() {
  if (existsSync(installedMarker) && existsSync(codeServerEntry)) return codeServerEntry;
  ensureSystemPackages({ browser: false, install: true });
  const started = Date.now();
  log(`installing code-server@${codeServerVersion} into ${cacheDir} (one-time, ~2 min)…`);
  rmSync(cacheDir, { recursive: true, force: true });
  const privateTmp = join(cacheDir, 'tmp');
  mkdirSync(privateTmp, { recursive: true });
  // A package.json of its own keeps npm from walking up to (and editing) the project's; it also
  // approves the two install scripts code-server needs (newer npm only warns about them today).
  const manifest = { name: 'code-server-cache', private: true, allowScripts: { [`code-server@${codeServerVersion}`]: true, argon2: true } };
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  seedRipgrepDownloadCache(privateTmp);
  const env = {
    ...process.env,
    TMPDIR: privateTmp,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const status = run('npm', ['install', '--prefix', cacheDir, '--no-save', `code-server@${codeServerVersion}`], { env });
  if (status !== 0 || !existsSync(codeServerEntry)) {
    throw new Error(`npm install code-server@${codeServerVersion} failed (exit ${status})`);
  }
  // code-server's postinstall installs VS Code's own modules (incl. ripgrep); without it the server starts but cannot search.
  const bundledRipgrep = join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(bundledRipgrep)) {
    throw new Error(`code-server's postinstall did not complete (no ${bundledRipgrep}); were install scripts blocked by npm?`);
  }
  rmSync(privateTmp, { recursive: true, force: true });
  writeFileSync(installedMarker, new Date().toISOString() + '\n');
  log(`code-server installed in ${seconds(started)} s`);
  return codeServerEntry;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway home for one VS Code session: workspace (a copy of `samples/`, unless an existing
 * `workspace` folder is given), user data with quiet settings, extensions dir and XDG folders, so
 * nothing leaks in from the machine's profile.
 */
export function createSession(prefix, { workspace: existingWorkspace } = {}) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const workspace = existingWorkspace ?? join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const xdgConfig = join(root, 'xdg-config');
  const xdgData = join(root, 'xdg-data');
  for (const dir of [workspace, join(userDataDir, 'User'), extensionsDir, xdgConfig, xdgData]) {
    mkdirSync(dir, { recursive: true });
  }
  const samples = join(projectRoot, 'samples');
  if (!existingWorkspace && existsSync(samples)) cpSync(samples, workspace, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'window.commandCenter': false,
    'git.openRepositoryInParentFolders': 'never',
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return { root, workspace, userDataDir, extensionsDir, xdgConfig, xdgData, sampleFiles: listFiles(workspace) };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Starts code-server in its own process group (so stopping it also stops the extension host
 * and other children) and resolves once it answers HTTP. Its output goes to `logFile`.
 */
export async function startCodeServer({ session, port, logFile, extraEnv = {}, timeoutMs = 90_000 }) {
  const entry = ensureCodeServer();
  const started = Date.now();
  const output = openSync(logFile, 'a');
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', session.userDataDir,
    '--extensions-dir', session.extensionsDir,
    session.workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: session.root,
    detached: true,
    stdio: ['ignore', output, output],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: session.xdgConfig,
      XDG_DATA_HOME: session.xdgData,
      ...extraEnv,
    },
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = `code-server exited early (code ${code}, signal ${signal}); see ${logFile}`;
  });
  const url = `http://127.0.0.1:${port}`;
  while (Date.now() - started < timeoutMs) {
    if (exited) throw new Error(exited);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        return { child, url, startSeconds: Number(seconds(started)) };
      }
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  await stopProcessGroup(child);
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/** SIGTERM the whole group, then SIGKILL whatever is still there a moment later. */
export async function stopProcessGroup(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((done) => child.once('exit', done));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([gone.then(() => false), new Promise((done) => setTimeout(() => done(true), graceMs))]);
  if (timedOut) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * The workbench URL that loads this project as an extension under development and, when
 * `testsPath` is given, runs that mocha entry in the (Node) extension host and then exits.
 * `openFile` (absolute path) opens that file in an editor.
 */
export function workbenchUrl({ baseUrl, workspace, testsPath, openFile }) {
  const authority = new URL(baseUrl).host;
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [['extensionDevelopmentPath', remote(projectRoot)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  if (openFile) payload.push(['openFile', remote(openFile)]);
  const query = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
  return `${baseUrl}/?${query.toString()}`;
}
