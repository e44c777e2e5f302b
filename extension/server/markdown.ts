/**
 * Markdown for hovers that show log text. Log lines are hostile: they must never become links,
 * HTML or formatting, so they only ever appear inside fenced code blocks (where markdown and HTML
 * are not interpreted) with a fence longer than any backtick run in the text.
 */

export function codeBlock(text: string, language = 'text'): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  let longestRun = 0;
  for (const run of oneLine.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${oneLine}\n${fence}`;
}

/** Escapes every markdown/HTML-significant character of a short plain text (e.g. a time zone name). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~:"']/g, (c) => `\\${c}`);
}
