/** Locates the shared corpora beside the project; tests skip with a clear message without them. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const PROJECT_ROOT = process.cwd();
export const CORPORA = resolve(PROJECT_ROOT, '../shared/corpora');

/** A reason to skip, or false when the corpus folder is there. */
export function skipWithoutCorpus(sub: string): string | false {
  return existsSync(resolve(CORPORA, sub)) ? false : `shared corpus ${resolve(CORPORA, sub)} is absent on this machine`;
}
