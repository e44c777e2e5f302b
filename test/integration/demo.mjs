#!/usr/bin/env node
// `npm run demo`: shows Logscope on the bundled samples.
//  1. runs the CLI on samples/ and prints its summary;
//  2. with desktop VS Code (`code` on PATH): opens samples/ and a sample log in an
//     Extension Development Host loaded from this checkout;
//     otherwise: serves VS Code with code-server on 127.0.0.1 and prints the URL to open,
//     running until Ctrl-C (or SIGTERM; no TTY needed).
// Options: --code-server forces the browser variant; --check (CI smoke test) starts it, opens the
// dashboard in headless Chromium, saves test-results/demo-*.png and exits.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  chromiumPath,
  createSession,
  ensureCodeServer,
  ensureSystemPackages,
  freePort,
  log,
  projectRoot,
  startCodeServer,
  stopProcessGroup,
  workbenchUrl,
} from './codeServer.mjs';

const samplesDir = join(projectRoot, 'samples');
const resultsDir = join(projectRoot, 'test-results');
const checkOnly = process.argv.includes('--check');
const forceCodeServer = checkOnly || process.argv.includes('--code-server');

function say(message) {
  console.log(`[demo] ${message}`);
}

function firstSampleLog() {
  if (!existsSync(samplesDir)) return undefined;
  const logs = readdirSync(samplesDir).filter((name) => name.endsWith('.log')).sort();
  return logs[0] ? join(samplesDir, logs[0]) : undefined;
}

function runCliSummary() {
  const cli = join(projectRoot, 'out', 'cli.js');
  if (!existsSync(cli)) {
    say('out/cli.js is not built yet (npm run build); skipping the CLI summary');
    return;
  }
  if (!existsSync(samplesDir)) {
    say('no samples/ folder; skipping the CLI summary');
    return;
  }
  say('$ node out/cli.js analyze samples');
  const result = spawnSync(process.execPath, [cli, 'analyze', 'samples'], { cwd: projectRoot, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) say(`the CLI exited with ${result.status ?? result.signal}; continuing with the editor demo`);
}

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function launchDesktopCode(code, sampleLog) {
  const args = ['--new-window', `--extensionDevelopmentPath=${projectRoot}`, samplesDir];
  if (sampleLog) args.push(sampleLog);
  say(`$ ${code} ${args.join(' ')}`);
  const child = spawn(code, args, { stdio: 'ignore', detached: true });
  child.unref();
  say('VS Code opens an [Extension Development Host] window with samples/.');
  say('Show the dashboard: click the graph icon in the editor title, or run "Logscope: Visualize Errors" (F1).');
}

/** CI smoke test: the workbench renders, the dashboard opens, and both are captured as PNGs. */
async function checkInBrowser(url, expectEditor) {
  ensureSystemPackages();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForSelector(expectEditor ? '.monaco-workbench .editor-instance' : '.monaco-workbench .part.statusbar', { timeout: 90_000 });
    await page.waitForTimeout(3000);
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'demo-editor.png') });
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { timeout: 15_000 });
    await page.keyboard.type('Logscope: Visualize Errors');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForSelector('iframe.webview', { timeout: 60_000 });
    // ECharts animates in; give it time before the picture.
    await page.waitForTimeout(5000);
    await page.screenshot({ path: join(resultsDir, 'demo-dashboard.png') });
    say(`check passed: screenshots in ${resultsDir}/demo-editor.png and demo-dashboard.png`);
    return 0;
  } catch (error) {
    say(`check FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await browser.close();
  }
}

async function serveWithCodeServer(sampleLog) {
  ensureCodeServer();
  const workspace = existsSync(samplesDir) ? samplesDir : undefined;
  const session = createSession('logscope-demo-', workspace ? { workspace } : {});
  const port = Number(process.env.LOGSCOPE_DEMO_PORT ?? 0) || (await freePort());
  const logFile = join(session.root, 'code-server.log');
  const server = await startCodeServer({ session, port, logFile });
  const url = workbenchUrl({ baseUrl: server.url, workspace: session.workspace, openFile: sampleLog });
  const stop = async () => {
    await stopProcessGroup(server.child);
    rmSync(session.root, { recursive: true, force: true });
  };
  log(`started in ${server.startSeconds} s (log: ${logFile})`);

  if (checkOnly) {
    const code = await checkInBrowser(url, Boolean(sampleLog));
    await stop();
    return code;
  }
  writeFileSync(join(session.root, 'url.txt'), url + '\n');
  console.log('');
  say('Open this URL in a browser on this machine (or forward the port):');
  console.log(`\n  ${url}\n`);
  say('Then click the graph icon in the editor title, or run "Logscope: Visualize Errors" (F1).');
  say('Press Ctrl-C to stop.');
  return new Promise((resolveExit) => {
    let stopping = false;
    const shutdown = (signal) => {
      stopping = true;
      say(`${signal}: stopping code-server`);
      void stop().then(() => resolveExit(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    server.child.once('exit', (code) => {
      if (stopping) return;
      say(`code-server exited (${code}); see ${logFile}`);
      resolveExit(1);
    });
  });
}

async function main() {
  runCliSummary();
  const sampleLog = firstSampleLog();
  const code = forceCodeServer ? undefined : findOnPath('code');
  if (code) {
    launchDesktopCode(code, sampleLog);
    return 0;
  }
  if (!forceCodeServer) say('no `code` on PATH: serving VS Code in the browser with code-server instead');
  return serveWithCodeServer(sampleLog);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
