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
 * groups our scan would count differently from the engine is left as it is.
 */
export function positionalPattern(pattern: string): PositionalPattern | null {
  const names: (string | undefined)[] = [undefined];
  let source = '';
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'k' && pattern[i + 2] === '<') return null;
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
        names.push(pattern.slice(i + 3, close));
        source += '(';
        i = close + 1;
        continue;
      }
    }
    source += c;
    i++;
  }
  return agreesWithEngine(pattern, source, names) ? { source, names } : null;
}

/** The engine's own count and order of the groups, from a match of the empty alternative. */
function agreesWithEngine(pattern: string, source: string, names: readonly (string | undefined)[]): boolean {
  try {
    const named = new RegExp(`${pattern}|`).exec('');
    const plain = new RegExp(`${source}|`).exec('');
    if (named === null || plain === null || plain.groups !== undefined) return false;
    if (named.length !== names.length || plain.length !== names.length) return false;
    const engineNames = Object.keys(named.groups ?? {});
    const scannedNames = names.filter((name): name is string => name !== undefined);
    return engineNames.length === scannedNames.length && engineNames.every((name, k) => name === scannedNames[k]);
  } catch {
    return false;
  }
}
