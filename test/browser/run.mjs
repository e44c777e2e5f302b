#!/usr/bin/env node
// Builds the browser tests (test/browser/*.test.ts -> out/test/browser/) and runs them with
// node:test against headless Chromium. Needs `node esbuild.mjs` first (out/webview.js, out/cli.js).
//   node test/browser/run.mjs [--test-name-pattern=REGEX]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from '../integration/codeServer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
for (const required of ['out/webview.js', 'out/webview.css']) {
  if (!existsSync(join(root, required))) {
    console.error(`missing ${required}: run \`node esbuild.mjs\` first`);
    process.exit(2);
  }
}

// A fresh machine has no Chromium: Debian's is installed here as the integration suite would
// (that suite runs after this one), unless CHROMIUM_PATH names another.
if (process.env.CHROMIUM_PATH === undefined) ensureSystemPackages({ browser: true });

const testDir = join(root, 'test/browser');
const entryPoints = readdirSync(testDir)
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => join(testDir, name));
await esbuild.build({
  entryPoints,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  outdir: join(root, 'out'),
  outbase: root,
  logLevel: 'warning',
});

const outputs = entryPoints.map((entry) => join(root, 'out', entry.slice(root.length + 1).replace(/\.ts$/, '.js')));
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2), ...outputs],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
