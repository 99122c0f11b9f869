/**
 * PEP 508 dependency specifiers and PEP 440 specifier sets, read the way Python's `packaging`
 * (22 and later: `packaging.requirements.Requirement`, `packaging.specifiers.SpecifierSet`) reads
 * them, because that is what pip, the build backends and the indexes use to accept or refuse a
 * requirement. Pure.
 *
 * The reader is a recursive descent over context-sensitive tokens, like packaging's, so that it
 * accepts exactly the same strings, including what packaging tolerates beyond the PEP 508 grammar:
 * parenthesised specifiers (`name (>=1)`), a trailing comma after the last specifier, legacy
 * marker spellings (`os.name`), and a single line end at the very end. Regular expressions use
 * Python's notions of whitespace and of word characters (Unicode letters, digits and `_`), which
 * differ from JavaScript's. Whether each specifier is a valid one is left to `@renovatebot/pep440`
 * (see specifier-set.ts); the specifier pattern here only finds where one ends inside a requirement,
 * as packaging's tokenizer does.
 *
 * Not covered: `\N{...}` escapes in marker strings are accepted without checking the character
 * name, and the few non-ASCII letters that Python's case-insensitive matching folds onto ASCII
 * (`ſ`, `K`, `ı`, `İ`) inside `~=` versions.
 */
import { PYTHON_SPACE_CLASS } from '../python-whitespace.js'
import { decodeEscape } from './python-escape.js'
import { type Parsed, parseSpecifierSet } from './specifier-set.js'

export { parseSpecifierSet, type Parsed } from './specifier-set.js'

/** A requirement as written: nothing is normalised. */
export interface Requirement {
  readonly name: string
  readonly extras: readonly string[]
  /** Each version specifier as written, e.g. `>= 1.0` and `<2`. */
  readonly specifiers: readonly string[]
  /** The URL of a direct reference (`name @ url`). */
  readonly url?: string
  /** Every comparison in the environment marker, in the order written. */
  readonly marker?: readonly MarkerComparison[]
  /** Where the marker begins: the offset of its `;` in the text. */
  readonly markerAt?: number
}

/** One side of a marker comparison. */
export type MarkerOperand =
  | {
      readonly kind: 'variable'
      /** The spelling in the source, e.g. `os.name`. */
      readonly written: string
      /** The name packaging evaluates, e.g. `os_name` (also for `python_implementation`). */
      readonly name: string
    }
  | { readonly kind: 'string'; readonly value: string }

export interface MarkerComparison {
  readonly left: MarkerOperand
  readonly operator: string
  readonly right: MarkerOperand
}

// ---------------------------------------------------------------------------------------------
// Character classes as Python's `re` module sees them in a str pattern.
// ---------------------------------------------------------------------------------------------

/** Python's `\w` for one character: letters, digits and numerals of any script, and `_`. */
const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u

/** Whether the character (code point) that starts at `index` is a word character. */
function isWordAt(text: string, index: number): boolean {
  const code = text.codePointAt(index)
  return code !== undefined && WORD_CHARACTER.test(String.fromCodePoint(code))
}

/** Whether the character (code point) that ends just before `index` is a word character. */
function isWordBefore(text: string, index: number): boolean {
  if (index === 0) return false
  // It may be the second half of a surrogate pair.
  const pair = index >= 2 && (text.codePointAt(index - 2) ?? 0) > 0xffff
  return isWordAt(text, pair ? index - 2 : index - 1)
}

/**
 * Python's `\b` with Unicode word characters (JavaScript's `\b` knows only ASCII). Checked here
 * rather than written into the token patterns as lookarounds with Unicode classes: V8 took 3 to
 * 7 ms to compile each such pattern, 18 ms for the first requirement with a marker in a run.
 */
function isBoundary(text: string, index: number): boolean {
  return isWordBefore(text, index) !== isWordAt(text, index)
}

function token(pattern: string, flags = ''): RegExp {
  return new RegExp(pattern, `y${flags}`)
}

// The version parts of a PEP 440 specifier, as packaging's specifier pattern spells them.
const PRE = '(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)'
const POST = '(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)'
const DEV = '(?:[-_.]?dev[-_.]?[0-9]*)'
const LOCAL = '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)'
const RELEASE = 'v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*'

/**
 * One specifier: the operator decides what the version may look like. `===` takes anything up to
 * whitespace, `;` or `)`; only `==` and `!=` allow `.*` and local versions; `~=` needs two release
 * numbers. Matched case-insensitively (the `i` flag without `u` folds ASCII letters only, as
 * packaging's `(?a:...)` groups do).
 */
const SPACE = `[${PYTHON_SPACE_CLASS}]`
const SPECIFIER_PATTERN =
  `(?:===${SPACE}*[^${PYTHON_SPACE_CLASS};)]*` +
  `|(?:==|!=)${SPACE}*${RELEASE}(?:\\.\\*|${PRE}?${POST}?${DEV}?${LOCAL}?)?` +
  `|~=${SPACE}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}?${POST}?${DEV}?` +
  `|(?:<=|>=|<|>)${SPACE}*${RELEASE}${PRE}?${POST}?${DEV}?)`

const VARIABLE_NAMES =
  'python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)' +
  '|platform[._](?:version|machine|python_implementation)|python_implementation' +
  '|implementation_(?:name|version)|extras?|dependency_groups'

const TOKENS = {
  leftParen: token('\\('),
  rightParen: token('\\)'),
  leftBracket: token('\\['),
  rightBracket: token('\\]'),
  semicolon: token(';'),
  comma: token(','),
  quoted: token(`'[^']*'|"[^"]*"`),
  operator: token('===|==|~=|!=|<=|>=|<|>'),
  // These five stand as whole words, between two of Python's `\b` (see Cursor.peek).
  boolean: token('or|and'),
  in: token('in'),
  not: token('not'),
  variable: token(`(?:${VARIABLE_NAMES})`),
  identifier: token('[a-zA-Z0-9][a-zA-Z0-9._-]*'),
  specifier: token(SPECIFIER_PATTERN, 'i'),
  at: token('@'),
  url: token('[^ \\t]+'),
  wildcardTrail: token('\\.\\*'),
  localTrail: token(`\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*`),
  space: token('[ \\t]+'),
  // Python's `$` also matches just before a final line end.
  end: token('$|(?=\\n$)')
} as const

type TokenName = keyof typeof TOKENS

const WHOLE_WORDS: ReadonlySet<TokenName> = new Set([
  'boolean',
  'in',
  'not',
  'variable',
  'identifier'
])

/** Thrown inside the reader only; the exported functions turn it into a {@link SyntaxProblem}. */
class ReadFailure extends Error {
  constructor(
    message: string,
    readonly position: number
  ) {
    super(message)
  }
}

/** A position in the text and the tokens that may come next. */
class Cursor {
  position = 0

  constructor(readonly text: string) {}

  /** The token of that kind at the current position, without moving past it. */
  peek(name: TokenName): string | undefined {
    const pattern = TOKENS[name]
    pattern.lastIndex = this.position
    const found = pattern.exec(this.text)?.[0]
    if (found === undefined || !WHOLE_WORDS.has(name)) return found
    return this.wholeWord(found, name === 'identifier')
  }

  /**
   * What a pattern written as `\b(?:...)\b` would match, given what `(?:...)` matched here. An
   * identifier, whose every prefix is one too, gives back characters until a boundary follows, as
   * the regular expression would by backtracking. The keywords and marker variables start and end
   * with word characters and are no prefix of one another (except `extra` of `extras`, which then
   * fails the same way), so a failed boundary after them is no match at all.
   */
  private wholeWord(found: string, shrinks: boolean): string | undefined {
    if (!isBoundary(this.text, this.position)) return undefined
    for (let end = this.position + found.length; end > this.position; end--) {
      if (isBoundary(this.text, end)) return this.text.slice(this.position, end)
      if (!shrinks) return undefined
    }
    return undefined
  }

  /** Moves past the token of that kind if it is next, and returns it. */
  take(name: TokenName): string | undefined {
    const found = this.peek(name)
    if (found !== undefined) this.position += found.length
    return found
  }

  skipSpace(): void {
    this.take('space')
  }

  expect(name: TokenName, what: string): string {
    const found = this.take(name)
    if (found === undefined) this.fail(`expected ${what}`)
    return found
  }

  fail(message: string, position = this.position): never {
    throw new ReadFailure(message, position)
  }

  /** Reads `inner` between an optional opening token and its matching closing token. */
  enclosed<T>(open: TokenName, close: TokenName, around: string, inner: () => T): T {
    const openedAt = this.take(open) === undefined ? undefined : this.position - 1
    const value = inner()
    if (openedAt !== undefined && this.take(close) === undefined) {
      this.fail(`the "${this.text[openedAt]}" before ${around} is not closed`, openedAt)
    }
    return value
  }
}

function attempt<T>(read: () => T): Parsed<T> {
  try {
    return { ok: true, value: read() }
  } catch (error) {
    if (error instanceof ReadFailure) {
      return { ok: false, problem: { message: error.message, position: error.position } }
    }
    throw error
  }
}

/**
 * Reads a PEP 508 dependency specifier such as `name[extra] >=1.0, <2 ; python_version < "3.11"`
 * or `name @ https://host/file.whl ; os_name == "nt"`, accepting exactly what packaging accepts.
 */
export function parseRequirement(text: string): Parsed<Requirement> {
  return attempt(() => readRequirement(new Cursor(text)))
}

/** requirement = WS? IDENTIFIER WS? extras WS? details END */
function readRequirement(cursor: Cursor): Requirement {
  cursor.skipSpace()
  const name = cursor.expect('identifier', 'a project name at the start')
  cursor.skipSpace()
  const extras = readExtras(cursor)
  cursor.skipSpace()
  const details = readDetails(cursor)
  cursor.expect('end', 'the end of the requirement')
  return { name, extras, ...details }
}

/** extras = ("[" WS? (IDENTIFIER (WS? "," WS? IDENTIFIER)*)? WS? "]")? */
function readExtras(cursor: Cursor): string[] {
  if (cursor.peek('leftBracket') === undefined) return []
  return cursor.enclosed('leftBracket', 'rightBracket', 'the extras', () => {
    cursor.skipSpace()
    const extras: string[] = []
    const first = cursor.take('identifier')
    if (first !== undefined) {
      extras.push(first)
      for (;;) {
        cursor.skipSpace()
        if (cursor.peek('identifier') !== undefined) cursor.fail('expected a comma between extras')
        if (cursor.take('comma') === undefined) break
        cursor.skipSpace()
        extras.push(cursor.expect('identifier', 'an extra name after the comma'))
      }
    }
    cursor.skipSpace()
    return extras
  })
}

type Details = Omit<Requirement, 'name' | 'extras'>

/**
 * details = "@" WS? URL (WS marker?)?  |  specifiers WS? marker?
 * A URL runs to the next space or tab, so a `;` right after it belongs to the URL.
 */
function readDetails(cursor: Cursor): Details {
  if (cursor.take('at') !== undefined) {
    cursor.skipSpace()
    const url = cursor.expect('url', 'a URL after "@"')
    if (cursor.peek('end') !== undefined) return { specifiers: [], url }
    cursor.expect('space', 'a space after the URL (before ";" and the marker)')
    if (cursor.peek('end') !== undefined) return { specifiers: [], url }
    return { specifiers: [], url, ...readRequirementMarker(cursor, 'a ";" after the URL') }
  }
  const specifiers = cursor.enclosed('leftParen', 'rightParen', 'the version specifiers', () => {
    cursor.skipSpace()
    const found = readSpecifiers(cursor)
    cursor.skipSpace()
    return found
  })
  cursor.skipSpace()
  if (cursor.peek('end') !== undefined) return { specifiers }
  const expected =
    specifiers.length > 0
      ? 'a comma (between version specifiers), a ";" (before a marker)'
      : 'a version specifier or a ";" (before a marker)'
  return { specifiers, ...readRequirementMarker(cursor, expected) }
}

/** specifiers = (SPECIFIER (WS? "," WS? SPECIFIER)*)?, packaging tolerating a final comma. */
function readSpecifiers(cursor: Cursor): string[] {
  const start = cursor.position
  const specifiers: string[] = []
  for (;;) {
    const specifierStart = cursor.position
    const specifier = cursor.take('specifier')
    if (specifier === undefined) break
    specifiers.push(specifier)
    if (cursor.peek('wildcardTrail') !== undefined) {
      cursor.fail('a ".*" wildcard is allowed only after == and !=', specifierStart)
    }
    if (cursor.peek('localTrail') !== undefined) {
      cursor.fail('a local version (+...) is allowed only after == and !=', specifierStart)
    }
    cursor.skipSpace()
    if (cursor.take('comma') === undefined) break
    cursor.skipSpace()
  }
  // packaging joins the specifiers with commas and reads them again as a SpecifierSet, so an
  // arbitrary (===) version holding a comma is split there.
  const set = parseSpecifierSet(specifiers.join(','))
  if (!set.ok) cursor.fail(set.problem.message, start)
  return set.value
}

function readRequirementMarker(
  cursor: Cursor,
  expected: string
): { marker: MarkerComparison[]; markerAt: number } {
  const markerAt = cursor.position
  if (cursor.take('semicolon') === undefined) cursor.fail(`expected ${expected}, or the end`)
  const marker = readMarker(cursor)
  cursor.skipSpace()
  return { marker, markerAt }
}

/** marker = atom (BOOLOP atom)*, where `and` binds tighter than `or` (not needed to validate). */
function readMarker(cursor: Cursor): MarkerComparison[] {
  const comparisons = readMarkerAtom(cursor)
  while (cursor.take('boolean') !== undefined) comparisons.push(...readMarkerAtom(cursor))
  return comparisons
}

/** atom = WS? "(" WS? marker WS? ")" WS?  |  WS? comparison WS? */
function readMarkerAtom(cursor: Cursor): MarkerComparison[] {
  cursor.skipSpace()
  let comparisons: MarkerComparison[]
  if (cursor.peek('leftParen') !== undefined) {
    comparisons = cursor.enclosed('leftParen', 'rightParen', 'this marker expression', () => {
      cursor.skipSpace()
      const inner = readMarker(cursor)
      cursor.skipSpace()
      return inner
    })
  } else {
    comparisons = [readComparison(cursor)]
  }
  cursor.skipSpace()
  return comparisons
}

/** comparison = operand WS? operator WS? operand */
function readComparison(cursor: Cursor): MarkerComparison {
  const left = readOperand(cursor)
  cursor.skipSpace()
  const operator = readMarkerOperator(cursor)
  cursor.skipSpace()
  const right = readOperand(cursor)
  cursor.skipSpace()
  return { left, operator, right }
}

function readOperand(cursor: Cursor): MarkerOperand {
  const variable = cursor.take('variable')
  if (variable !== undefined) {
    const name = variable.replace('.', '_')
    return {
      kind: 'variable',
      written: variable,
      name: name === 'python_implementation' ? 'platform_python_implementation' : name
    }
  }
  const start = cursor.position
  const quoted = cursor.take('quoted')
  if (quoted === undefined) {
    cursor.fail('expected a marker variable (such as python_version) or a quoted string')
  }
  const value = pythonStringValue(quoted.slice(1, -1))
  if (value === undefined) {
    cursor.fail(
      `Python cannot read the string ${quoted}: a line break or a broken backslash escape`,
      start
    )
  }
  return { kind: 'string', value }
}

function readMarkerOperator(cursor: Cursor): string {
  if (cursor.take('in') !== undefined) return 'in'
  if (cursor.take('not') !== undefined) {
    cursor.expect('space', 'a space after "not"')
    cursor.expect('in', '"in" after "not"')
    return 'not in'
  }
  const operator = cursor.take('operator')
  if (operator === undefined) {
    cursor.fail('expected a marker operator: one of ==, !=, <, <=, >, >=, ~=, ===, in, not in')
  }
  return operator
}

/**
 * The value of a one-line Python string literal's body (packaging reads marker strings with
 * `ast.literal_eval`), or undefined where Python refuses it: a raw line break or NUL, a bad
 * `\x`/`\u`/`\U` escape, or a backslash that escapes the closing quote.
 */
function pythonStringValue(body: string): string | undefined {
  let value = ''
  let index = 0
  while (index < body.length) {
    const char = body.charAt(index)
    if (char === '\0') return undefined
    if (char === '\n' || char === '\r') return undefined
    if (char !== '\\') {
      value += char
      index++
      continue
    }
    const escape = decodeEscape(body, index)
    if (escape === undefined) return undefined
    value += escape.text
    index = escape.end
  }
  return value
}

/** Legacy marker spellings packaging still reads, with the PEP 508 name each stands for. */
export const LEGACY_MARKER_VARIABLES: Readonly<Record<string, string>> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation'
}
