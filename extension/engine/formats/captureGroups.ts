/**
 * Named capture groups by position. A match of a regex with named groups builds a `groups`
 * object on every exec (a dictionary of all its names), which showed in the profile of log4j
 * lines; the same regex with its groups left unnamed matches exactly the same, and its captures
 * are read by index.
 */

export interface PositionalPattern {
  /** The pattern with `(?<name>` written `(`. */
  readonly source: string;
  /** Name of each capture group by index (index 0 is the whole match: always undefined). */
  readonly names: readonly (string | undefined)[];
}

/**
 * The pattern (no flags: not unicode mode) with its group names removed, or null when that
 * cannot be done safely: a named backreference (`\k<name>`) needs its name, and a pattern whose
 * groups our scan would count differently from the engine is left as it is. Named groups that
 * `keep` refuses become non-capturing (a capture costs a string per match), unless a numbered
 * backreference would then point elsewhere.
 */
export function positionalPattern(pattern: string, keep: (name: string) => boolean = () => true): PositionalPattern | null {
  const names: (string | undefined)[] = [undefined];
  let source = '';
  let inClass = false;
  let dropped = 0;
  let numberedBackreference = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'k' && pattern[i + 2] === '<') return null;
      if (!inClass && /[1-9]/.test(pattern[i + 1] ?? '')) numberedBackreference = true;
      source += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true; // `]` right after `[` or `[^` closes the class in JavaScript
    } else if (c === '(') {
      if (pattern[i + 1] !== '?') {
        names.push(undefined);
      } else if (pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
        const close = pattern.indexOf('>', i + 3);
        if (close < 0) return null;
        const name = pattern.slice(i + 3, close);
        if (keep(name)) {
          names.push(name);
          source += '(';
        } else {
          dropped++;
          source += '(?:';
        }
        i = close + 1;
        continue;
      }
    }
    source += c;
    i++;
  }
  if (dropped > 0 && numberedBackreference) return null;
  return agreesWithEngine(pattern, source, names, dropped) ? { source, names } : null;
}

/** The engine's own count and order of the groups, from a match of the empty alternative. */
function agreesWithEngine(pattern: string, source: string, names: readonly (string | undefined)[], dropped: number): boolean {
  try {
    const named = new RegExp(`${pattern}|`).exec('');
    const plain = new RegExp(`${source}|`).exec('');
    if (named === null || plain === null || plain.groups !== undefined) return false;
    if (named.length !== names.length + dropped || plain.length !== names.length) return false;
    const scannedNames = names.filter((name): name is string => name !== undefined);
    const engineNames = Object.keys(named.groups ?? {});
    if (engineNames.length !== scannedNames.length + dropped) return false;
    const kept = engineNames.filter((name) => scannedNames.includes(name));
    return kept.length === scannedNames.length && kept.every((name, k) => name === scannedNames[k]);
  } catch {
    return false;
  }
}
