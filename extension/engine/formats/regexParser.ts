import type { LevelVocabulary } from '../levels';
import type { YearContext } from '../time';
import { applyRegexGroups } from './fields';
import type { LineParser, ParsedLine, RegexFormat } from './types';

export function compileRegexFormat(format: RegexFormat, years: YearContext, levels: LevelVocabulary): LineParser {
  const regex = new RegExp(format.pattern);
  const durationUnit = format.durationUnit ?? 'ms';
  const commentPrefix = format.commentPrefix;
  return {
    format,
    isMetadata: (line) => commentPrefix !== undefined && line.startsWith(commentPrefix),
    parse(line: string, out: ParsedLine): boolean {
      const m = regex.exec(line);
      if (m === null || m.groups === undefined) return false;
      applyRegexGroups(m.groups, out, years, durationUnit, levels);
      if (out.message === '' && format.defaultMessage !== undefined) out.message = format.defaultMessage;
      // A level group that holds no level word means the line only looked like this format
      // (the user's level keywords count as level words, so their lines are kept).
      if (m.groups.level !== undefined && out.level === null) return false;
      return true;
    },
  };
}
