/**
 * Python's backslash escapes in string literals, which the requirement grammar shares: a quoted
 * marker value is read the way Python reads it. Pure.
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v'
}

/**
 * The backslash escape at `position` in the body of a (non-raw) Python string literal, as Python
 * reads it: the text it stands for and where it ends, or undefined where Python refuses it (a
 * truncated `\x`/`\u`/`\U`, a code point beyond Unicode, a backslash at the very end). A `\N{name}`
 * is kept as written: resolving it needs Unicode's name table.
 */
export function decodeEscape(
  text: string,
  position: number
): { text: string; end: number } | undefined {
  const next = text[position + 1]
  if (next === undefined) return undefined
  // A backslash before a line end continues the string on the next line.
  if (next === '\r') return { text: '', end: position + (text[position + 2] === '\n' ? 3 : 2) }
  const simple = SIMPLE_ESCAPES[next]
  if (simple !== undefined) return { text: simple, end: position + 2 }
  const octal = /^[0-7]{1,3}/.exec(text.slice(position + 1))?.[0]
  if (octal !== undefined) {
    return { text: String.fromCodePoint(parseInt(octal, 8)), end: position + 1 + octal.length }
  }
  if (next === 'x' || next === 'u' || next === 'U') {
    const width = next === 'x' ? 2 : next === 'u' ? 4 : 8
    const hex = text.slice(position + 2, position + 2 + width)
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return undefined
    const code = parseInt(hex, 16)
    if (code > 0x10ffff) return undefined
    return { text: String.fromCodePoint(code), end: position + 2 + width }
  }
  if (next === 'N') {
    const named = /^\{[^}]+\}/.exec(text.slice(position + 2))?.[0]
    if (named === undefined) return undefined
    return { text: `\\N${named}`, end: position + 2 + named.length }
  }
  // Python keeps an unknown escape as written.
  return { text: `\\${next}`, end: position + 2 }
}
