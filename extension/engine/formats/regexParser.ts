import { isAsciiDigit } from '../charCodes';
import type { LevelVocabulary } from '../levels';
import type { YearContext } from '../time';
import { positionalPattern } from './captureGroups';
import { GROUP_FIELDS, applyRegexGroups, type GroupField, type GroupIndices } from './fields';
import type { LineParser, ParsedLine, RegexFormat } from './types';

/** Where each field's group is, given the group names by index (0 for a field with no group). */
function indicesOf(names: readonly (string | undefined)[]): GroupIndices {
  const at = {} as Record<GroupField, number>;
  for (const field of GROUP_FIELDS) at[field] = Math.max(0, names.indexOf(field));
  return at;
}

export function compileRegexFormat(format: RegexFormat, years: YearContext, levels: LevelVocabulary): LineParser {
  // Groups read by index when the names can be taken out; else from `groups`, laid out by field.
  const positional = positionalPattern(format.pattern, (name) => (GROUP_FIELDS as readonly string[]).includes(name));
  const regex = new RegExp(positional?.source ?? format.pattern);
  const byName = [undefined, ...GROUP_FIELDS];
  const at = indicesOf(positional?.names ?? byName);
  const hasNames = positional === null || positional.names.some((name) => name !== undefined);
  const durationUnit = format.durationUnit ?? 'ms';
  const commentPrefix = format.commentPrefix;
  const literal = format.literal;
  const startsWithDigit = format.startsWithDigit === true;
  // `(?<message>.*)$` at the end: the message is the rest of the line.
  const messageIsRest = format.pattern.endsWith('(?<message>.*)$');
  return {
    format,
    isMetadata: (line) => commentPrefix !== undefined && line.startsWith(commentPrefix),
    parse(line: string, out: ParsedLine): boolean {
      if (literal !== undefined && !line.includes(literal)) return false;
      if (startsWithDigit && !isAsciiDigit(line.charCodeAt(0))) return false;
      const m = regex.exec(line);
      if (m === null || !hasNames) return false;
      let match: ArrayLike<string | undefined> = m;
      if (positional === null) {
        const groups = m.groups;
        if (groups === undefined) return false;
        match = byName.map((field) => (field === undefined ? undefined : groups[field]));
      }
      applyRegexGroups(match, at, out, years, durationUnit, levels);
      if (out.message === '' && format.defaultMessage !== undefined) out.message = format.defaultMessage;
      // A level group that holds no level word means the line only looked like this format
      // (the user's level keywords count as level words, so their lines are kept).
      if (at.level > 0 && match[at.level] !== undefined && out.level === null) return false;
      if (messageIsRest && out.message === match[at.message]) out.messageOffset = line.length - out.message.length;
      return true;
    },
  };
}
