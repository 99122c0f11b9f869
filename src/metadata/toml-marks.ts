/**
 * Marks the table headers, keys and array elements of a TOML document with the lines they start on,
 * for pointing messages at pyproject.toml. The TOML parser (smol-toml) gives values, not positions, and
 * refuses a damaged file whole; this scanner knows just enough of TOML (strings and their escapes,
 * comments, multi-line arrays, inline tables) to find keys and entries, never evaluates anything,
 * and reads on past what it cannot read. Pure.
 */

/** A key (or an array element, as a path segment of its own) and the line it starts on. */
export interface TomlMark {
  readonly path: readonly string[]
  readonly line: number
  /** The value, for a string. */
  readonly text?: string
}

/**
 * Marks every table header, key and array element of a TOML document with its line. Forgiving: at
 * anything it cannot read it skips to the next line and goes on.
 */
export function scanToml(text: string): TomlMark[] {
  return new TomlScanner(text).scan()
}

class TomlScanner {
  private position = 0
  private readonly marks: TomlMark[] = []
  private readonly lineStarts: number[] = [0]

  constructor(private readonly text: string) {
    for (let at = 0; at < text.length; at++) {
      if (text.charAt(at) === '\n') this.lineStarts.push(at + 1)
    }
  }

  scan(): TomlMark[] {
    let table: string[] = []
    const arrayTableCounts = new Map<string, number>()
    while (this.position < this.text.length) {
      this.skipBlank()
      if (this.position >= this.text.length) break
      const start = this.position
      const line = this.lineAt(start)
      if (this.text.startsWith('[[', start)) {
        this.position += 2
        const path = this.readKey()
        const counted = JSON.stringify(path)
        const count = arrayTableCounts.get(counted) ?? 0
        arrayTableCounts.set(counted, count + 1)
        table = [...path, elementSegment(count)]
        this.mark(table, line)
      } else if (this.char() === '[') {
        this.position++
        table = this.readKey()
        this.mark(table, line)
      } else {
        const key = this.readKey()
        if (key.length > 0 && this.char() === '=') {
          this.position++
          const path = [...table, ...key]
          this.mark(path, line)
          this.skipSpaces()
          this.readValue(path)
        }
      }
      // A value left unclosed stops at the start of the next statement, which must be read.
      if (!this.atLineStart()) this.skipToNextLine()
      if (this.position === start) this.position++ // Always move on, whatever the text holds.
    }
    return this.marks
  }

  /**
   * Whether a table header (or, with `keys`, a key assignment) begins at the start of the current
   * line, which inside a value can only mean that the value was left unclosed.
   */
  private startsStatement(keys: boolean): boolean {
    if (!this.atLineStart()) return false
    const end = this.text.indexOf('\n', this.position)
    const line = this.text.slice(this.position, end === -1 ? undefined : end)
    if (/^\[\[?\s*[A-Za-z0-9_.\s-]+\]\]?\s*(?:#.*)?\r?$/.test(line)) return true
    return keys && /^[A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*\s*=/.test(line)
  }

  private atLineStart(): boolean {
    return this.position === 0 || this.text.charAt(this.position - 1) === '\n'
  }

  private mark(path: readonly string[], line: number): void {
    this.marks.push({ path, line })
  }

  private char(): string {
    return this.text.charAt(this.position)
  }

  private lineAt(offset: number): number {
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (this.lineStarts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }

  private skipSpaces(): void {
    while (this.char() === ' ' || this.char() === '\t') this.position++
  }

  /** Skips spaces, comments and line ends. */
  private skipBlank(): void {
    for (;;) {
      this.skipSpaces()
      const char = this.char()
      if (char === '#') {
        while (this.position < this.text.length && this.char() !== '\n') this.position++
      } else if (char === '\n' || char === '\r') {
        this.position++
      } else {
        return
      }
    }
  }

  /** Moves past the rest of the current line (its comment or leftovers). */
  private skipToNextLine(): void {
    while (this.position < this.text.length && this.char() !== '\n') {
      const char = this.char()
      if (char === '"' || char === "'") this.readString()
      else this.position++
    }
  }

  /** A dotted key (`a."b.c".d`) up to `=` or `]`; the brackets of a header are consumed. */
  private readKey(): string[] {
    const segments: string[] = []
    for (;;) {
      this.skipSpaces()
      const char = this.char()
      if (char === '"' || char === "'") {
        segments.push(this.readString())
      } else {
        const bare = /[A-Za-z0-9_-]+/y
        bare.lastIndex = this.position
        const found = bare.exec(this.text)?.[0]
        if (found === undefined) break
        segments.push(found)
        this.position += found.length
      }
      this.skipSpaces()
      if (this.char() !== '.') break
      this.position++
    }
    if (this.text.startsWith(']]', this.position)) this.position += 2
    else if (this.char() === ']') this.position++
    return segments
  }

  /**
   * Reads any value, marking the elements of arrays and the keys of inline tables.
   * @returns the value of a string, for the caller to keep on its mark
   */
  private readValue(path: readonly string[]): string | undefined {
    const char = this.char()
    if (char === '"' || char === "'") {
      return this.readString()
    } else if (char === '[') {
      this.readArray(path)
    } else if (char === '{') {
      this.readInlineTable(path)
    } else {
      // Numbers, booleans and dates end at a separator, a comment or the line end.
      while (this.position < this.text.length && !/[,\]}#\r\n]/.test(this.char())) this.position++
    }
    return undefined
  }

  private readArray(path: readonly string[]): void {
    this.position++
    let count = 0
    while (this.position < this.text.length) {
      this.skipBlank()
      if (this.startsStatement(true)) return // An unclosed array: the next key or table ends it.
      if (this.char() === ']') {
        this.position++
        return
      }
      if (this.char() === ',') {
        this.position++ // A stray comma: TOML refuses it, but it tells nothing about lines.
        continue
      }
      const element = [...path, elementSegment(count++)]
      const at = this.marks.length
      this.mark(element, this.lineAt(this.position))
      const before = this.position
      const text = this.readValue(element)
      if (text !== undefined) this.marks[at] = { ...this.marks[at]!, text }
      if (this.position === before) this.position++
      this.skipBlank()
      if (this.char() === ',') this.position++
    }
  }

  private readInlineTable(path: readonly string[]): void {
    this.position++
    while (this.position < this.text.length) {
      // TOML 1.1 lets inline tables span lines; 1.0 readers refuse it, but the lines are the same.
      this.skipBlank()
      if (this.startsStatement(false)) return // An unclosed table: the next table header ends it.
      if (this.char() === '}') {
        this.position++
        return
      }
      const line = this.lineAt(this.position)
      const key = this.readKey()
      if (key.length === 0 || this.char() !== '=') {
        this.position++
        continue
      }
      this.position++
      const keyPath = [...path, ...key]
      this.mark(keyPath, line)
      this.skipSpaces()
      this.readValue(keyPath)
      this.skipBlank()
      if (this.char() === ',') this.position++
    }
  }

  /** Reads any of TOML's four kinds of string and returns its value (escapes decoded). */
  private readString(): string {
    const quote = this.char()
    const multiline = this.text.startsWith(quote.repeat(3), this.position)
    const delimiter = multiline ? quote.repeat(3) : quote
    const escapes = quote === '"'
    this.position += delimiter.length
    let value = ''
    while (this.position < this.text.length) {
      const char = this.char()
      if (escapes && char === '\\') {
        value += decodeTomlEscape(this.text.slice(this.position, this.position + 10))
        this.position += escapeLength(this.text, this.position)
        continue
      }
      if (!multiline && char === '\n') return value // Unterminated: the line ends it.
      if (this.text.startsWith(delimiter, this.position)) {
        this.position += delimiter.length
        // Up to two more quotes right after a closing delimiter belong to the string.
        for (let extra = 0; multiline && extra < 2 && this.char() === quote; extra++) {
          value += quote
          this.position++
        }
        return value
      }
      value += char
      this.position++
    }
    return value
  }
}

const TOML_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\'
}

/** The text one escape at the start of `source` (a backslash and what follows) stands for. */
function decodeTomlEscape(source: string): string {
  const kind = source.charAt(1)
  const simple = TOML_ESCAPES[kind]
  if (simple !== undefined) return simple
  const width = kind === 'u' ? 4 : kind === 'U' ? 8 : kind === 'x' ? 2 : 0
  const hex = source.slice(2, 2 + width)
  if (width > 0 && /^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
    const code = parseInt(hex, 16)
    return code <= 0x10ffff ? String.fromCodePoint(code) : ''
  }
  return '' // A line-ending backslash (or a bad escape): nothing that matters for a key.
}

function escapeLength(text: string, at: number): number {
  const kind = text.charAt(at + 1)
  if (kind === 'u') return 6
  if (kind === 'U') return 10
  if (kind === 'x') return 4
  return 2
}

const ELEMENT_PREFIX = '\u0000#'

function elementSegment(position: number): string {
  return `${ELEMENT_PREFIX}${position}`
}

export function isElement(segment: string): boolean {
  return segment.startsWith(ELEMENT_PREFIX)
}
