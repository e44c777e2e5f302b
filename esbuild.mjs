// One build for everything: node/cjs bundles (extension host, worker, CLI, language server,
// tests, benchmarks) with `vscode` external, and a browser bundle for the dashboard webview.
// Type-checking is separate (`tsc --noEmit`); esbuild only transpiles and bundles.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Every `*.ts` file directly in `dir` (test folders are flat on purpose). */
function entriesIn(dir, suffix = '.ts') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(dir, name));
}

const shared = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  logOverride: { 'import-is-undefined': 'error' },
  legalComments: 'none',
};

const node = {
  ...shared,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

const builds = [
  {
    ...node,
    entryPoints: {
      extension: 'extension/host/extension.ts',
      analysisWorker: 'extension/host/analysisWorker.ts',
      server: 'extension/server/server.ts',
      languageClient: 'extension/host/languageClient.ts',
      // Worker threads of the parallel analysis (CLI and extension host).
      chunkWorker: 'extension/engine/parallel/chunkWorker.ts',
    },
    outdir: 'out',
  },
  {
    ...node,
    entryPoints: { cli: 'extension/cli/main.ts' },
    outdir: 'out',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...shared,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'out',
    loader: { '.css': 'css' },
  },
  // Tests and benchmarks: dependencies stay in node_modules (resolved at run time).
  {
    ...node,
    packages: 'external',
    entryPoints: [...entriesIn('test/unit'), ...entriesIn('test/hostile'), ...entriesIn('bench')].filter((p) => !p.endsWith('.d.ts')),
    outdir: 'out',
    outbase: '.',
  },
  {
    ...node,
    packages: 'external',
    entryPoints: [...entriesIn('test/suite'), ...entriesIn('test/integration')],
    outdir: 'out',
    outbase: '.',
  },
]
  // Entries whose source does not exist yet are left out (e.g. while a module is being written).
  .map((build) =>
    Array.isArray(build.entryPoints) ? build : { ...build, entryPoints: Object.fromEntries(Object.entries(build.entryPoints).filter(([, path]) => existsSync(path))) },
  )
  .filter((build) => (Array.isArray(build.entryPoints) ? build.entryPoints.length > 0 : Object.keys(build.entryPoints).length > 0));

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('esbuild: watching…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
