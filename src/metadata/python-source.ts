/**
 * Reads values out of Python source without running it, as setuptools (`attr:`), flit and pdm try
 * first: the module docstring, and a top-level `NAME = <literal>` assignment. Only literals count
 * (strings, numbers, and tuples or lists of them); anything computed is reported as not found. Pure.
 */

export type PythonLiteral = string | number | PythonLiteral[]

/** The value of the last top-level `name = <literal>` (also `a = name = ...` and `name: str = ...`). */
export function readAssignedLiteral(source: string, name: string): PythonLiteral | undefined {
  const text = source.replace(/\r\n?/g, '\n')
  const assignment = new RegExp(
    `^(?:[A-Za-z_]\\w*\\s*=\\s*)*${name}\\s*(?::[^=\\n]*)?=(?!=)\\s*`,
    'gm'
  )
  let found: PythonLiteral | undefined
  for (const match of text.matchAll(assignment)) {
    let start = match.index + match[0].length
    // `name = OTHER = "1.0"`: skip the further targets to reach the value.
    for (;;) {
      const target = /^[A-Za-z_]\w*\s*=(?!=)\s*/.exec(text.slice(start))
      if (target === null) break
      start += target[0].length
    }
    const literal = parseLiteral(text, start)
    if (literal !== undefined && /^[ \t]*(#.*)?(\n|$)/.test(text.slice(literal.end)))
      found = literal.value
    else found = undefined
  }
  return found
}

/**
 * The module docstring cleaned as `inspect.cleandoc` does (what `ast.get_docstring` returns), or
 * undefined when the first statement is not a string.
 */
export function readModuleDocstring(source: string): string | undefined {
  const text = source.replace(/\r\n?/g, '\n')
  const start = /^(?:[ \t]*(?:#.*)?\n)*/.exec(text)?.[0].length ?? 0
  const literal = parseLiteral(text, start)
  if (literal === undefined || typeof literal.value !== 'string') return undefined
  return cleandoc(literal.value)
}

/** `inspect.cleandoc`: tabs expanded, common indent of lines after the first removed, blank edges dropped. */
function cleandoc(doc: string): string {
  const lines = doc.split('\n').map(expandTabs)
  const rest = lines.slice(1)
  const indents = rest
    .filter(line => line.trim() !== '')
    .map(line => line.length - line.trimStart().length)
  const margin = indents.length > 0 ? Math.min(...indents) : 0
  const cleaned = [(lines[0] ?? '').trimStart(), ...rest.map(line => line.slice(margin))]
  while (cleaned.length > 0 && (cleaned[0] ?? '').trim() === '') cleaned.shift()
  while (cleaned.length > 0 && (cleaned[cleaned.length - 1] ?? '').trim() === '') cleaned.pop()
  return cleaned.join('\n')
}

/** `str.expandtabs()`: a tab moves to the next multiple of 8 columns. */
function expandTabs(line: string): string {
  let out = ''
  let column = 0 // in code points, as Python counts
  for (const char of line) {
    const width = char === '\t' ? 8 - (column % 8) : 1
    out += char === '\t' ? ' '.repeat(width) : char
    column += width
  }
  return out
}

interface Parsed {
  value: PythonLiteral
  end: number
}

function parseLiteral(text: string, start: number): Parsed | undefined {
  const first = text[start]
  if (first === '(' || first === '[') return parseSequence(text, start, first === '(' ? ')' : ']')
  const number = /^-?\d+(?:\.\d+)?/.exec(text.slice(start))
  if (number !== null && !/^[\w.]/.test(text.slice(start + number[0].length))) {
    return { value: Number(number[0]), end: start + number[0].length }
  }
  // Adjacent string literals are one string, as in Python: "1." "0".
  let value: string | undefined
  let end = start
  for (;;) {
    const piece = parseString(text, end)
    if (piece === undefined) break
    value = (value ?? '') + piece.value
    end = piece.end
    const gap = /^[ \t]*/.exec(text.slice(end))?.[0].length ?? 0
    if (parseString(text, end + gap) === undefined) break
    end += gap
  }
  return value === undefined ? undefined : { value, end }
}

function parseSequence(text: string, start: number, close: string): Parsed | undefined {
  const items: PythonLiteral[] = []
  let position = start + 1
  for (;;) {
    position = skipSpace(text, position)
    if (text[position] === close) return { value: items, end: position + 1 }
    const item = parseLiteral(text, position)
    if (item === undefined) return undefined
    items.push(item.value)
    position = skipSpace(text, item.end)
    if (text[position] === ',') position++
    else if (text[position] !== close) return undefined
  }
}

function skipSpace(text: string, position: number): number {
  return position + (/^(?:\s|#.*)*/.exec(text.slice(position))?.[0].length ?? 0)
}

/** A Python string literal with an optional r/u prefix; byte and f-strings are not literals here. */
function parseString(text: string, start: number): { value: string; end: number } | undefined {
  const opening = /^([rRuU]?)('''|"""|'|")/.exec(text.slice(start))
  if (opening === null) return undefined
  const raw = opening[1]?.toLowerCase() === 'r'
  const quote = opening[2] as string
  let position = start + opening[0].length
  let value = ''
  while (position < text.length) {
    if (text.startsWith(quote, position)) return { value, end: position + quote.length }
    const char = text[position] as string
    if (char === '\n' && quote.length === 1) return undefined
    if (char === '\\' && !raw) {
      const escape = decodeEscape(text, position)
      if (escape === undefined) return undefined
      value += escape.text
      position = escape.end
      continue
    }
    if (char === '\\' && raw) {
      value += text.slice(position, position + 2)
      position += 2
      continue
    }
    value += char
    position++
  }
  return undefined
}

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
