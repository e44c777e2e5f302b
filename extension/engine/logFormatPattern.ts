/**
 * Loghub-style line formats such as `<Date> <Time> <Level> \[<Process>\] <Component>: <Content>`.
 *
 * Semantics (identical to logparser's `generate_logformat_regex`):
 * - each `<Field>` is a lazy capture `(.*?)`;
 * - all other text is regex text, so `\[` is a literal `[` and `(...)?` is an optional part;
 * - each run of spaces matches `\s+`;
 * - the whole pattern is anchored `^…$` and each line is trimmed before matching.
 *
 * User patterns are hostile input. What we do about it:
 * - structural validation with clear errors: field names, duplicates, a required `<Content>`,
 *   balanced parentheses and brackets, and the generated regex must compile;
 * - constructs that make backtracking explode or that we cannot reason about are refused:
 *   back-references, lookarounds, named groups, a quantifier right after a field (`<A>+`), and a
 *   repeated (`*`, `+`, `{n,}`) group that itself contains a field or a quantifier (`(a+)+`);
 * - with only lazy fields between literal parts, a *failing* line is where backtracking costs
 *   O(n^fields). Before running the regex we check, in linear time, that the literal parts
 *   that every match needs (outside groups) occur in order in the line; lines that fail this
 *   necessary condition are rejected without running the regex. When that check passes, the
 *   lazy fields find a match on their first path in the common case.
 * Residual risk: a pattern whose required text sits inside character classes or groups is only
 * partly pre-checked; a crafted line can still make such a pattern slow (polynomial, not
 * exponential, because nested repetition is refused).
 */

export interface CompiledLogFormat {
  /** Field names in pattern order (e.g. `['Date', 'Time', 'Level', 'Content']`). */
  readonly fields: readonly string[];
  /** The generated, anchored regex (fields are the named groups `f0`, `f1`, …). */
  readonly regex: RegExp;
  /** Field values for a matching line (trimmed first), or null. Unmatched optional fields are ''. */
  match(line: string): Record<string, string> | null;
}

export class LogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogFormatError';
  }
}

const MAX_PATTERN_LENGTH = 2000;
const MAX_FIELDS = 64;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One required piece of literal text: characters, where `null` stands for "one whitespace". */
type Segment = (string | null)[];

export function compileLogFormat(pattern: string): CompiledLogFormat {
  if (typeof pattern !== 'string' || pattern.trim() === '') {
    throw new LogFormatError('Log format is empty.');
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new LogFormatError(`Log format is longer than ${MAX_PATTERN_LENGTH} characters.`);
  }
  const parts = pattern.split(/(<[^<>]+>)/);
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i % 2 === 1) {
      const name = part.slice(1, -1);
      if (!FIELD_NAME.test(name)) {
        throw new LogFormatError(`Invalid field name <${name}>: use letters, digits and "_" (not starting with a digit).`);
      }
      if (fields.includes(name)) throw new LogFormatError(`Field <${name}> appears twice.`);
      source += `(?<f${fields.length}>.*?)`;
      fields.push(name);
    } else {
      source += part.replace(/ +/g, '\\s+');
    }
  }
  if (fields.length > MAX_FIELDS) throw new LogFormatError(`Log format has more than ${MAX_FIELDS} fields.`);
  if (!fields.includes('Content')) {
    throw new LogFormatError('Log format has no <Content> field (the message part), e.g. "<Date> <Time> <Level> <Content>".');
  }
  const segments = analyseRegexText(source);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})$`);
  } catch (error) {
    throw new LogFormatError(`Log format is not a valid pattern: ${(error as Error).message}`);
  }
  const finders = segments.map(segmentFinder);
  return {
    fields,
    regex,
    match(line: string): Record<string, string> | null {
      const text = line.trim();
      if (!requiredTextInOrder(text, finders)) return null;
      const groups = regex.exec(text)?.groups;
      if (!groups) return null;
      const record: Record<string, string> = {};
      for (let k = 0; k < fields.length; k++) record[fields[k] as string] = groups[`f${k}`] ?? '';
      return record;
    },
  };
}

/**
 * Walks the generated regex source once: checks balance, refuses dangerous constructs, and
 * collects the literal segments required at top level (outside groups, not quantified).
 */
function analyseRegexText(source: string): Segment[] {
  const segments: Segment[] = [];
  let current: Segment = [];
  const flush = (): void => {
    if (current.length > 0) segments.push(current);
    current = [];
  };
  /** Per open group: whether it contains a field or a quantifier (repeat-safety check). */
  const groups: { risky: boolean }[] = [];
  const markRisky = (): void => {
    for (const group of groups) group.risky = true;
  };
  let i = 0;
  // What the previous atom was, to judge a following quantifier.
  let previous: 'none' | 'field' | 'group-safe' | 'group-risky' | 'atom' = 'none';
  while (i < source.length) {
    const ch = source[i] as string;
    if (source.startsWith('(?<f', i) && /^\(\?<f\d+>\.\*\?\)/.test(source.slice(i, i + 16))) {
      const end = source.indexOf(')', i) + 1;
      flush();
      markRisky();
      previous = 'field';
      i = end;
      continue;
    }
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new LogFormatError('Log format ends with a lone backslash.');
      if (/[1-9]/.test(next) || next === 'k') throw new LogFormatError('Back-references are not allowed in a log format.');
      const isSpaceRun = next === 's' && source[i + 2] === '+';
      if (groups.length === 0) {
        if (next === 's') current.push(null);
        else if (/[^A-Za-z0-9]/.test(next)) current.push(next);
        else if (next === 't') current.push('\t');
        else flush();
      }
      if (isSpaceRun) {
        // Our own `\s+` (from a run of spaces): a quantified atom, but a linear one.
        if (groups.length > 0) markRisky();
        i += 3;
        previous = 'atom';
        continue;
      }
      i += 2;
      previous = 'atom';
      continue;
    }
    if (ch === '[') {
      const end = classEnd(source, i);
      if (end < 0) throw new LogFormatError('Unbalanced "[" in log format.');
      if (groups.length === 0) flush();
      i = end + 1;
      previous = 'atom';
      continue;
    }
    if (ch === '(') {
      if (source[i + 1] === '?') {
        if (source[i + 2] !== ':') {
          throw new LogFormatError('Lookarounds and named or special groups "(?…)" are not allowed in a log format (use "(…)" or "(?:…)").');
        }
        i += 3;
      } else {
        i += 1;
      }
      if (groups.length === 0) flush();
      groups.push({ risky: false });
      previous = 'none';
      continue;
    }
    if (ch === ')') {
      const group = groups.pop();
      if (!group) throw new LogFormatError('Unbalanced ")" in log format.');
      previous = group.risky ? 'group-risky' : 'group-safe';
      i += 1;
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      let end = i + 1;
      let repeats = ch !== '?';
      if (ch === '{') {
        const brace = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
        if (!brace) {
          end = i + 1; // A literal "{", as in Python.
          if (groups.length === 0) current.push('{');
          previous = 'atom';
          i = end;
          continue;
        }
        end = i + brace[0].length;
        repeats = brace[2] !== undefined ? brace[3] === '' || Number(brace[3]) > 1 : Number(brace[1]) > 1;
      }
      if (source[end] === '?') end += 1; // lazy variant
      if (previous === 'field') throw new LogFormatError('A field cannot be followed by a quantifier ("<A>*", "<A>+", "<A>?").');
      if (previous === 'group-risky' && repeats) {
        throw new LogFormatError('A repeated group may not contain a field or another repetition (catastrophic backtracking).');
      }
      if (groups.length === 0) {
        // The quantified atom is not required: drop it from the required text.
        current.pop();
        flush();
      } else {
        markRisky();
      }
      previous = 'atom';
      i = end;
      continue;
    }
    if (ch === '|') {
      // An alternative anywhere makes top-level requirements unreliable: drop them all.
      if (groups.length === 0) {
        segments.length = 0;
        current = [];
        return finishWithBalanceCheck(source, i, groups.length);
      }
      i += 1;
      previous = 'none';
      continue;
    }
    if (ch === '.' || ch === '^' || ch === '$') {
      if (groups.length === 0) flush();
    } else if (groups.length === 0) {
      current.push(ch);
    }
    previous = 'atom';
    i += 1;
  }
  if (groups.length > 0) throw new LogFormatError('Unbalanced "(" in log format.');
  flush();
  return segments;
}

/** After a top-level `|`, only keep checking balance (no required segments). */
function finishWithBalanceCheck(source: string, from: number, depth: number): Segment[] {
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i += 1;
    else if (ch === '[') {
      const end = classEnd(source, i);
      if (end < 0) throw new LogFormatError('Unbalanced "[" in log format.');
      i = end;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) throw new LogFormatError('Unbalanced ")" in log format.');
  }
  if (depth > 0) throw new LogFormatError('Unbalanced "(" in log format.');
  return [];
}

/** Index of the `]` closing the class that opens at `start`, or -1. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++; // a leading "]" is literal
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return -1;
}

function escapeRegex(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function segmentFinder(segment: Segment): RegExp {
  return new RegExp(segment.map((ch) => (ch === null ? '\\s' : escapeRegex(ch))).join(''), 'g');
}

/** Necessary condition for a match: every required literal segment occurs, in order. */
function requiredTextInOrder(text: string, finders: readonly RegExp[]): boolean {
  let position = 0;
  for (const finder of finders) {
    finder.lastIndex = position;
    const found = finder.exec(text);
    if (!found) return false;
    position = found.index + found[0].length;
  }
  return true;
}
