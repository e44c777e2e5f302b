#!/usr/bin/env node
// `npm run test:integration`: runs the mocha suite (out/test/suite) inside a real VS Code
// (code-server, Node extension host) driven by headless Chromium — offline, self-installing,
// time-bounded. Exits with the suite's exit code; screenshots land in test-results/.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
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

const suiteTimeoutMs = Number(process.env.LOGSCOPE_IT_TIMEOUT_MS ?? 8 * 60_000);
const resultsDir = join(projectRoot, 'test-results');
const suiteEntry = join(projectRoot, 'out', 'test', 'suite', 'index.js');
// Printed by test/suite/harness.ts `screenshot(name)`.
const screenshotRequest = /^@@screenshot\s+([A-Za-z0-9._-]+)$/;

const startedAt = Date.now();
const elapsed = () => ((Date.now() - startedAt) / 1000).toFixed(1);

/** VS Code's automation logger passes one formatted string; tolerate argument arrays too. */
function formatLogArguments(args) {
  if (typeof args === 'string') return args;
  return Array.isArray(args) ? format(...args) : String(args);
}

async function main() {
  for (const required of [join(projectRoot, 'out', 'extension.js'), suiteEntry]) {
    if (!existsSync(required)) {
      log(`missing ${required}: run \`npm run build\` first`);
      return 2;
    }
  }
  ensureSystemPackages();
  const installStarted = Date.now();
  ensureCodeServer();
  log(`code-server ready (install/check took ${((Date.now() - installStarted) / 1000).toFixed(1)} s)`);

  mkdirSync(resultsDir, { recursive: true });
  const session = createSession('logscope-it-');
  const serverLog = join(resultsDir, 'code-server.log');
  rmSync(serverLog, { force: true });
  log(`workspace ${session.workspace} (${session.sampleFiles.length} sample file(s))`);

  const port = await freePort();
  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await stopProcessGroup(server?.child);
    rmSync(session.root, { recursive: true, force: true });
  };
  // Ctrl-C or a CI cancel must not leave code-server behind.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    server = await startCodeServer({
      session,
      port,
      logFile: serverLog,
      // The extension host inherits this environment: it tells the suite where PNGs appear.
      extraEnv: { LOGSCOPE_SCREENSHOT_DIR: resultsDir },
    });
    log(`code-server answered on ${server.url} after ${server.startSeconds} s`);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });

    let screenshotQueue = Promise.resolve();
    const takeScreenshot = (name) => {
      screenshotQueue = screenshotQueue.then(async () => {
        const target = join(resultsDir, `${name}.png`);
        try {
          const png = await page.screenshot({ fullPage: false });
          // Write-then-rename: the suite waits for the final name and must never see half a file.
          writeFileSync(`${target}.partial`, png);
          renameSync(`${target}.partial`, target);
          log(`screenshot saved: ${target}`);
        } catch (error) {
          log(`screenshot ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    };

    // Hostile-content checks: dialogs anywhere count, and on request the runner inspects every
    // frame (webviews included) for the canary a payload would set, and for the payload as text.
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      log(`DIALOG opened (${dialog.type()}): ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    let checkQueue = Promise.resolve();
    const checkFrames = (name, needle) => {
      checkQueue = checkQueue.then(async () => {
        const report = { frames: 0, pwnedFrames: 0, framesShowingText: 0, webviewFramesShowingText: 0, dialogs };
        for (const frame of page.frames()) {
          try {
            const state = await frame.evaluate((text) => ({
              pwned: typeof window.__pwned !== 'undefined',
              shows: typeof document !== 'undefined' && document.body !== null && document.body.innerText.includes(text),
            }), needle);
            report.frames++;
            if (state.pwned) report.pwnedFrames++;
            if (state.shows) report.framesShowingText++;
            // Webview documents are served from the workbench's webview/browser/pre folder.
            if (state.shows && frame.url().includes('/webview/')) report.webviewFramesShowingText++;
          } catch {
            // A frame that went away mid-check.
          }
        }
        report.dialogs = dialogs;
        const target = join(resultsDir, `${name}.json`);
        writeFileSync(`${target}.partial`, JSON.stringify(report));
        renameSync(`${target}.partial`, target);
        log(`frame check ${name}: ${JSON.stringify(report)}`);
      });
    };

    const exitCode = new Promise((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      let text = formatLogArguments(args);
      // Offline by design: the workbench's gallery lookups fail; keep one line, drop the stack.
      if (/getaddrinfo (ENOTFOUND|EAI_AGAIN)/.test(text)) text = `${text.split('\n')[0]} (offline; stack hidden)`;
      for (const line of text.split('\n')) {
        const marker = line.trim().match(screenshotRequest);
        const check = line.trim().match(/^@@framecheck (\S+) (.+)$/);
        if (marker?.[1]) takeScreenshot(marker[1]);
        else if (check?.[1] && check[2]) checkFrames(check[1], check[2]);
        else console.log(type === 'error' ? `  [host:error] ${line}` : line);
      }
    });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));

    const url = workbenchUrl({ baseUrl: server.url, workspace: session.workspace, testsPath: suiteEntry });
    log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    // The budget covers the workbench and the suite; the one-time install is bounded by npm itself.
    let timer;
    const timedOut = new Promise((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout('timeout'), suiteTimeoutMs);
    });
    const outcome = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    await screenshotQueue;

    if (outcome === 'timeout') {
      takeScreenshot('timeout');
      await screenshotQueue;
      log(`TIMEOUT: the suite did not finish within ${suiteTimeoutMs / 1000} s (see test-results/timeout.png and ${serverLog})`);
      return 124;
    }
    log(`suite exited with code ${outcome} after ${elapsed()} s in total`);
    return outcome;
  } finally {
    await cleanup();
    log(`screenshots and code-server.log are in ${resultsDir}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
