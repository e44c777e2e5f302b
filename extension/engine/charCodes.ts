/** `0`-`9` by character code (or byte: ASCII digits are the same either way). */
export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
