/**
 * Python's whitespace: the characters `str.isspace()` accepts, which `str.strip()` removes and `\s`
 * matches in a str pattern. Python's configparser strips values with it and packaging's specifier
 * grammar skips it. JavaScript's `\s` and `trim()` differ both ways (they take U+FEFF and leave out
 * U+001C to U+001F and U+0085), so neither stands in for it. Pure.
 */

const WHITESPACE = new Set(
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
)

/** The same characters as the body of a regular expression's class: `[${PYTHON_SPACE_CLASS}]`. */
export const PYTHON_SPACE_CLASS = [...WHITESPACE]
  .map(char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .join('')

/** Python's `char.isspace()` for one character. */
export function isPythonSpace(char: string): boolean {
  return WHITESPACE.has(char)
}

/** The index of the first character that is not whitespace (where Python's `\S` matches), or -1. */
export function firstNonSpace(text: string): number {
  for (let index = 0; index < text.length; index++) {
    if (!WHITESPACE.has(text.charAt(index))) return index
  }
  return -1
}

/** Python's `text.rstrip()`. */
export function pythonRstrip(text: string): string {
  let end = text.length
  while (end > 0 && WHITESPACE.has(text.charAt(end - 1))) end--
  return text.slice(0, end)
}

/** Python's `text.strip()`. */
export function pythonStrip(text: string): string {
  const start = firstNonSpace(text)
  return start === -1 ? '' : pythonRstrip(text.slice(start))
}
