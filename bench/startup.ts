/**
 * Extension startup figures: the activation's cost (loading `out/extension.js` and running
 * `activate`) and the size the `.vsix` would have.
 *   node out/bench/startup.js            prints both (after a build)
 *   node out/bench/startup.js --activate NAMES  one activation in this fresh process, as JSON
 *
 * Activation runs against a stand-in `vscode` module whose every API is a no-op: it times
 * this project's code, not VS Code's. The `.vsix` is a zip of the files `.vscodeignore` keeps;
 * its size is estimated as each file deflated at level 9 plus zip and manifest overhead (no
 * packager is a dependency of this project).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..', '..');
const EXTENSION = join(ROOT, 'out', 'extension.js');
/** Bytes a zip entry costs beyond its data (local header, central directory entry, path twice). */
const ZIP_ENTRY_OVERHEAD = 110;
/** The `.vsix`'s own files: `extension.vsixmanifest` and `[Content_Types].xml`. */
const VSIX_MANIFEST_BYTES = 3000;

export interface StartupFigures {
  /** Best of the runs, each in a fresh process. */
  readonly loadMs: number;
  readonly activateMs: number;
  readonly runs: number;
  readonly vsixBytes: number;
  readonly vsixFiles: number;
}

/** A value that accepts any property read, call, construction or write (the stand-in API). */
function anything(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : anything()),
    set: () => true,
    apply: () => anything(),
    construct: () => anything() as object,
  };
  // A function expression, not an arrow: only a constructor can be proxied for `new`.
  return new Proxy(function standIn() {
    return undefined;
  }, handler);
}

/**
 * The names the `vscode` module exports, from its type declarations. The bundle reads `vscode.X`
 * through esbuild's module wrapper, which copies own properties: the stand-in must name them.
 */
function apiNames(): string[] {
  const declarations = readFileSync(join(ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  return [...new Set([...declarations.matchAll(/^\s*export (?:class|namespace|enum|const|function) (\w+)/gm)].map((match) => match[1]!))];
}

/** Loads and activates the extension once in this process; returns the two times. */
function activateOnce(names: readonly string[]): { loadMs: number; activateMs: number } {
  const api = Object.fromEntries(names.map((name) => [name, anything()]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? 'vscode' : resolveFilename.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api } as unknown as NodeJS.Module;
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(EXTENSION) as { activate: (context: unknown) => void };
  const loaded = performance.now();
  extension.activate({ subscriptions: [], extensionPath: ROOT, extensionUri: anything(), globalState: anything(), workspaceState: anything(), asAbsolutePath: (path: string) => join(ROOT, path) });
  return { loadMs: loaded - started, activateMs: performance.now() - loaded };
}

/** The files `.vscodeignore` keeps: it excludes everything (`**`) and names what stays with `!`. */
function packagedFiles(): string[] {
  const kept = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));
  const matches = (path: string): boolean =>
    kept.some((pattern) => {
      if (pattern.endsWith('/**')) return path.startsWith(pattern.slice(0, -2));
      if (pattern.endsWith('*')) return !path.includes('/') && path.startsWith(pattern.slice(0, -1));
      return path === pattern;
    });
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(ROOT, path);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      } else if (matches(name)) {
        files.push(name);
      }
    }
  };
  walk(ROOT);
  return files.sort();
}

export function measureStartup(runs = 5): StartupFigures {
  let loadMs = Infinity;
  let activateMs = Infinity;
  const names = apiNames().join(',');
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, [__filename, '--activate', names], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`activation failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
    const figures = JSON.parse(child.stdout) as { loadMs: number; activateMs: number };
    // The best run of each part: the machine is shared.
    loadMs = Math.min(loadMs, figures.loadMs);
    activateMs = Math.min(activateMs, figures.activateMs);
  }
  const files = packagedFiles();
  const vsixBytes = files.reduce((sum, file) => sum + deflateRawSync(readFileSync(join(ROOT, file)), { level: 9 }).length + ZIP_ENTRY_OVERHEAD + 2 * file.length, VSIX_MANIFEST_BYTES);
  return { loadMs, activateMs, runs, vsixBytes, vsixFiles: files.length };
}

export function describeStartup(figures: StartupFigures): string[] {
  const build = statSync(EXTENSION).size;
  return [
    `Activation (loading out/extension.js, ${(build / 1024).toFixed(0)} KiB, and running activate() against a stand-in vscode module): ${figures.loadMs.toFixed(1)} + ${figures.activateMs.toFixed(1)} = ${(figures.loadMs + figures.activateMs).toFixed(1)} ms (best of ${figures.runs} fresh processes; the language client loads later, on its own).`,
    `.vsix, estimated from the ${figures.vsixFiles} files .vscodeignore keeps, deflated: ${(figures.vsixBytes / 2 ** 20).toFixed(2)} MiB (this build; --production minifies).`,
  ];
}

if (require.main === module) {
  const at = process.argv.indexOf('--activate');
  if (at >= 0) {
    process.stdout.write(JSON.stringify(activateOnce((process.argv[at + 1] ?? '').split(','))));
    process.exit(0);
  }
  for (const line of describeStartup(measureStartup())) process.stdout.write(`${line}\n`);
}
