/**
 * The line each table header, key and array element of a TOML document starts on, for pointing
 * messages at pyproject.toml. smol-toml reads the values but keeps no positions; toml-eslint-parser
 * gives every node its place, read as TOML 1.1 as smol-toml reads it. Loaded only when a problem is
 * to be located (locate.ts), so a run without problems never pays for the parser. Pure.
 */
import { ParseError, parseTOML, type AST } from 'toml-eslint-parser'

/** A key, or the 0-based position of an array element or of an `[[array table]]` entry. */
export type TomlSegment = string | number

/** A table header, key or array element, and the line it starts on. */
export interface TomlMark {
  readonly path: readonly TomlSegment[]
  readonly line: number
  /** The value, for a string element of an array. */
  readonly text?: string
}

/**
 * Marks every table header, key and array element with its line, in document order. A document
 * the parser refuses is read on from each place it stopped (see {@link readOnwards}), so that a
 * damaged line costs only its own marks.
 */
export function tomlMarks(text: string): TomlMark[] {
  // A byte order mark changes no line; smol-toml reads past it, toml-eslint-parser does not.
  const lines = (text.startsWith('\ufeff') ? text.slice(1) : text).split('\n')
  return readOnwards(lines)
}

/**
 * Closings tried on a stretch the parser found left open at its end: a string, an array, an inline
 * table or a table header, and the usual ways they nest.
 */
const CLOSINGS = ['', '"', "'", ']', '}', '"]', "']", '}]', ']}', '"}', "'}", ']]']

/**
 * Reads the lines from the first on. Where the parser stops, the lines before that place are read
 * on their own, closed where they were left open, and reading starts again at the line where it
 * stopped (or after it, when it stopped on the first line).
 */
function readOnwards(lines: readonly string[]): TomlMark[] {
  const marks: TomlMark[] = []
  let table: readonly TomlSegment[] = []
  for (let start = 0; start < lines.length;) {
    const whole = parsed(lines.slice(start).join('\n'))
    if (!(whole instanceof ParseError)) {
      collect(whole, start, table, marks)
      break
    }
    const before = Math.max(whole.lineNumber - 1, 1)
    const stretch = lines.slice(start, start + before).join('\n')
    for (const closing of CLOSINGS) {
      const closed = parsed(stretch + closing)
      if (closed instanceof ParseError) continue
      table = collect(closed, start, table, marks)
      break
    }
    start += before
  }
  return marks
}

/** The document, or where the parser stopped. */
function parsed(text: string): AST.TOMLProgram | ParseError {
  try {
    return parseTOML(text, { tomlVersion: '1.1' })
  } catch (error) {
    if (error instanceof ParseError) return error
    throw error
  }
}

/**
 * Adds the marks of a document that starts at line `offset` + 1, its keys before any table header
 * belonging to `table`; returns the table in effect at its end.
 */
function collect(
  program: AST.TOMLProgram,
  offset: number,
  table: readonly TomlSegment[],
  marks: TomlMark[]
): readonly TomlSegment[] {
  let current = table
  const mark = (path: readonly TomlSegment[], node: AST.HasLocs, text?: string): void => {
    marks.push({
      path,
      line: node.loc.start.line + offset,
      ...(text !== undefined ? { text } : {})
    })
  }
  const keyValue = (prefix: readonly TomlSegment[], node: AST.TOMLKeyValue): void => {
    const path = [...prefix, ...node.key.keys.map(keyName)]
    mark(path, node)
    value(path, node.value)
  }
  const value = (path: readonly TomlSegment[], node: AST.TOMLContentNode): void => {
    if (node.type === 'TOMLArray') {
      node.elements.forEach((element, position) => {
        const elementPath = [...path, position]
        mark(elementPath, element, stringOf(element))
        value(elementPath, element)
      })
    } else if (node.type === 'TOMLInlineTable') {
      for (const entry of node.body) keyValue(path, entry)
    }
  }
  for (const statement of program.body[0].body) {
    if (statement.type === 'TOMLTable') {
      current = statement.resolvedKey
      mark(current, statement)
      for (const entry of statement.body) keyValue(current, entry)
    } else {
      keyValue(current, statement)
    }
  }
  return current
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value
}

function stringOf(node: AST.TOMLContentNode): string | undefined {
  return node.type === 'TOMLValue' && node.kind === 'string' ? node.value : undefined
}
