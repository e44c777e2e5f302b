/** A folder of generated logs for one test file, removed once its tests are done. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export interface TempLogs {
  readonly dir: string;
  /** Writes `count` lines from `next` (one per line, newline-terminated) to `name` in the folder; returns its path. */
  readonly writeLines: (name: string, next: () => string, count: number) => string;
}

export function tempLogs(prefix: string): TempLogs {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    writeLines: (name, next, count) => {
      const path = join(dir, name);
      writeFileSync(path, Array.from({ length: count }, next).join('\n') + '\n');
      return path;
    },
  };
}
