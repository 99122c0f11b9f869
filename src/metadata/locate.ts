/**
 * Where in its source file a metadata field was written, so that a message (or a GitHub
 * annotation) can point at the line: the key in pyproject.toml's [project] table, the key in
 * setup.cfg's [metadata]/[options] sections, or the header of a PKG-INFO/METADATA file. Pure and
 * lexical: the file is scanned with just enough of the TOML and INI rules to find tables, keys and
 * the entries of lists (strings, comments, multi-line arrays, inline tables, continuation lines),
 * and never evaluated, so a file that does not parse still gets its lines found.
 */
import { CORE_METADATA_FIELDS, type MetadataField } from './fields.js'
import type { SourceKind } from './load.js'

export interface FieldLocation {
  /** 1-based line, when the key (or the entry) was found. */
  readonly line?: number
  /** The key as a user would look for it: `project.version`, `metadata.version`, `Version`. */
  readonly key: string
}

/**
 * Finds where `field` came from in the text of a metadata source.
 * @param kind the source kind, as the loader names it; `dist` takes the text of the METADATA or
 *   PKG-INFO inside the archive; `setup-py` is not lexical, so it is never located
 * @param fileText the whole file
 * @param field the form field name
 * @param index for a repeated field, which value (0-based, as in the metadata); its own line is
 *   returned when it can be found, else the key's
 * @returns undefined when the field does not come from this file (computed, or from elsewhere)
 */
export function locateField(
  kind: SourceKind,
  fileText: string,
  field: MetadataField,
  index?: number
): FieldLocation | undefined {
  switch (kind) {
    case 'pyproject':
      return locateInPyproject(scanToml(fileText), field, index)
    case 'setup-cfg':
      return locateInSetupCfg(scanIni(fileText), field, index)
    case 'pkg-info':
    case 'dist':
      return locateInPkgInfo(fileText, field, index)
    case 'setup-py':
      return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// pyproject.toml
// ---------------------------------------------------------------------------------------------

/** A key (or an array element, as a path segment of its own) and the line it starts on. */
interface TomlMark {
  readonly path: readonly string[]
  readonly line: number
  /** The value, for a string. */
  readonly text?: string
}

/** The [project] keys each field comes from, the first found being the one reported. */
const PROJECT_KEYS: Partial<Record<MetadataField, readonly string[]>> = {
  name: ['name'],
  version: ['version'],
  summary: ['description'],
  description: ['readme'],
  description_content_type: ['readme'],
  requires_python: ['requires-python'],
  license: ['license'],
  license_expression: ['license'],
  license_file: ['license-files'],
  author: ['authors'],
  author_email: ['authors'],
  maintainer: ['maintainers'],
  maintainer_email: ['maintainers'],
  keywords: ['keywords'],
  classifiers: ['classifiers'],
  project_urls: ['urls'],
  requires_dist: ['dependencies', 'optional-dependencies'],
  provides_extra: ['optional-dependencies'],
  import_name: ['import-names'],
  import_namespace: ['import-namespaces'],
  dynamic: ['dynamic']
}

function locateInPyproject(
  marks: readonly TomlMark[],
  field: MetadataField,
  index: number | undefined
): FieldLocation | undefined {
  const keys = PROJECT_KEYS[field]
  if (keys === undefined) return undefined
  const entry = index === undefined ? undefined : pyprojectEntry(marks, field, index)
  if (entry !== undefined) return entry
  for (const key of keys) {
    const line = lineOf(marks, ['project', key])
    if (line !== undefined) return { line, key: `project.${key}` }
  }
  // A field the backend fills in at build time is named in project.dynamic instead.
  const dynamic = marks.find(
    mark =>
      mark.path.length === 3 &&
      startsWith(mark.path, ['project', 'dynamic']) &&
      mark.text !== undefined &&
      keys.includes(mark.text)
  )
  return dynamic === undefined ? undefined : { line: dynamic.line, key: 'project.dynamic' }
}

/** The line of one value of a repeated field, following the order pyproject.ts maps them in. */
function pyprojectEntry(
  marks: readonly TomlMark[],
  field: MetadataField,
  index: number
): FieldLocation | undefined {
  const element = (key: string): FieldLocation | undefined => {
    const line = elementsOf(marks, ['project', key])[index]
    return line === undefined ? undefined : { line, key: `project.${key}` }
  }
  const child = (key: string): FieldLocation | undefined => {
    const found = childrenOf(marks, ['project', key])[index]
    return found === undefined
      ? undefined
      : { line: found.line, key: `project.${key}.${tomlKey(found.name)}` }
  }
  switch (field) {
    case 'classifiers':
      return element('classifiers')
    case 'import_name':
      return element('import-names')
    case 'import_namespace':
      return element('import-namespaces')
    case 'dynamic':
      return element('dynamic')
    case 'project_urls':
      return child('urls')
    case 'provides_extra':
      return child('optional-dependencies')
    case 'requires_dist':
      return requirementEntry(marks, index)
    default:
      return undefined
  }
}

/** Requires-Dist lists project.dependencies first, then each optional-dependencies list in order. */
function requirementEntry(marks: readonly TomlMark[], index: number): FieldLocation | undefined {
  const lists = [
    { path: ['project', 'dependencies'], key: 'project.dependencies' },
    ...childrenOf(marks, ['project', 'optional-dependencies']).map(({ name }) => ({
      path: ['project', 'optional-dependencies', name],
      key: `project.optional-dependencies.${tomlKey(name)}`
    }))
  ]
  let remaining = index
  for (const list of lists) {
    const lines = elementsOf(marks, list.path)
    if (remaining < lines.length) return { line: lines[remaining], key: list.key }
    remaining -= lines.length
  }
  return undefined
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((segment, at) => path[at] === segment)
}

/** The line of a key: where it is assigned, or where its table or first dotted sub-key starts. */
function lineOf(marks: readonly TomlMark[], path: readonly string[]): number | undefined {
  return marks.find(mark => startsWith(mark.path, path))?.line
}

/** The lines of an array's elements, in order. */
function elementsOf(marks: readonly TomlMark[], path: readonly string[]): number[] {
  return marks
    .filter(
      mark =>
        mark.path.length === path.length + 1 &&
        startsWith(mark.path, path) &&
        isElement(mark.path[path.length]!)
    )
    .map(mark => mark.line)
}

/** The direct sub-keys of a table, in order of first appearance. */
function childrenOf(
  marks: readonly TomlMark[],
  path: readonly string[]
): Array<{ name: string; line: number }> {
  const children = new Map<string, number>()
  for (const mark of marks) {
    const name = mark.path[path.length]
    if (name === undefined || !startsWith(mark.path, path) || isElement(name)) continue
    if (!children.has(name)) children.set(name, mark.line)
  }
  return [...children].map(([name, line]) => ({ name, line }))
}

/** Array elements are path segments too; a NUL keeps them apart from any key a file could have. */
const ELEMENT_PREFIX = '\u0000#'

function elementSegment(position: number): string {
  return `${ELEMENT_PREFIX}${position}`
}

function isElement(segment: string): boolean {
  return segment.startsWith(ELEMENT_PREFIX)
}

/** A key as TOML would need it written: bare when it can be, else quoted. */
function tomlKey(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)
}

/**
 * Marks every table header, key and array element of a TOML document with its line. Forgiving: at
 * anything it cannot read it skips to the next line and goes on.
 */
function scanToml(text: string): TomlMark[] {
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

// ---------------------------------------------------------------------------------------------
// setup.cfg
// ---------------------------------------------------------------------------------------------

/** One key of an INI file with the lines of its value. */
interface IniEntry {
  readonly section: string
  /** Lower-cased, as configparser stores it. */
  readonly key: string
  readonly line: number
  /** The first line's text after the delimiter, then each continuation line, trimmed. */
  readonly parts: ReadonlyArray<{ readonly text: string; readonly line: number }>
}

/**
 * Every key of an INI file with its line and the lines of its continuation, using configparser's
 * rules: `[section]` headers, `key = value` or `key: value`, full-line `#`/`;` comments, and lines
 * indented deeper than the key continuing its value.
 */
function scanIni(text: string): IniEntry[] {
  const entries: Array<IniEntry & { parts: Array<{ text: string; line: number }> }> = []
  let section: string | undefined
  let current: (typeof entries)[number] | undefined
  let keyIndent = 0
  text.split(/\r\n?|\n/).forEach((raw, at) => {
    const line = at + 1
    const stripped = raw.trim()
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) return
    const indent = raw.length - raw.trimStart().length
    if (current !== undefined && indent > keyIndent) {
      current.parts.push({ text: stripped, line })
      return
    }
    keyIndent = indent
    const close = stripped.lastIndexOf(']')
    if (stripped.startsWith('[') && close >= 2) {
      section = stripped.slice(1, close)
      current = undefined
      return
    }
    const delimiter = stripped.search(/[=:]/)
    if (section === undefined || delimiter <= 0) {
      current = undefined
      return
    }
    current = {
      section,
      key: stripped.slice(0, delimiter).trim().toLowerCase(),
      line,
      parts: [{ text: stripped.slice(delimiter + 1).trim(), line }]
    }
    entries.push(current)
  })
  return entries
}

/** The setup.cfg keys (setuptools' names first, then its aliases) each field comes from. */
const SETUP_CFG_KEYS: Partial<Record<MetadataField, { section: string; keys: readonly string[] }>> =
  {
    name: { section: 'metadata', keys: ['name'] },
    version: { section: 'metadata', keys: ['version'] },
    summary: { section: 'metadata', keys: ['description', 'summary'] },
    description: { section: 'metadata', keys: ['long_description'] },
    description_content_type: { section: 'metadata', keys: ['long_description_content_type'] },
    home_page: { section: 'metadata', keys: ['url', 'home_page'] },
    download_url: { section: 'metadata', keys: ['download_url'] },
    author: { section: 'metadata', keys: ['author'] },
    author_email: { section: 'metadata', keys: ['author_email'] },
    maintainer: { section: 'metadata', keys: ['maintainer'] },
    maintainer_email: { section: 'metadata', keys: ['maintainer_email'] },
    license: { section: 'metadata', keys: ['license'] },
    license_file: { section: 'metadata', keys: ['license_files', 'license_file'] },
    keywords: { section: 'metadata', keys: ['keywords'] },
    platform: { section: 'metadata', keys: ['platforms', 'platform'] },
    classifiers: { section: 'metadata', keys: ['classifiers', 'classifier'] },
    project_urls: { section: 'metadata', keys: ['project_urls'] },
    provides: { section: 'metadata', keys: ['provides'] },
    requires: { section: 'metadata', keys: ['requires'] },
    obsoletes: { section: 'metadata', keys: ['obsoletes'] },
    requires_python: { section: 'options', keys: ['python_requires'] },
    requires_dist: { section: 'options', keys: ['install_requires'] }
  }

const EXTRAS_SECTION = 'options.extras_require'

/** Fields whose values are the items of one setup.cfg list, in order (License-File is globbed). */
const LIST_FIELDS = new Set<MetadataField>([
  'classifiers',
  'platform',
  'project_urls',
  'provides',
  'requires',
  'obsoletes',
  'requires_dist'
])

function locateInSetupCfg(
  entries: readonly IniEntry[],
  field: MetadataField,
  index: number | undefined
): FieldLocation | undefined {
  if (field === 'provides_extra') {
    const extras = entries.filter(entry => entry.section === EXTRAS_SECTION)
    const extra = index === undefined ? extras[0] : extras[index]
    if (extra !== undefined) return { line: extra.line, key: `${EXTRAS_SECTION}.${extra.key}` }
    return undefined
  }
  const where = SETUP_CFG_KEYS[field]
  if (where === undefined) return undefined
  const found = where.keys
    .map(key => entries.find(entry => entry.section === where.section && entry.key === key))
    .find(entry => entry !== undefined)
  if (index !== undefined && LIST_FIELDS.has(field)) {
    const item =
      field === 'requires_dist'
        ? requirementItem(entries, found, index)
        : found === undefined
          ? undefined
          : listItems(found, ',')[index]
    if (item !== undefined) return item
  }
  if (found !== undefined) return { line: found.line, key: `${found.section}.${found.key}` }
  if (field === 'requires_dist') {
    const extra = entries.find(entry => entry.section === EXTRAS_SECTION)
    if (extra !== undefined) return { line: extra.line, key: `${EXTRAS_SECTION}.${extra.key}` }
  }
  return undefined
}

/**
 * The items of a setuptools list value with their lines: one per line when the value has several
 * lines, else all on the key's line (split by `separator`). `file:` values come from elsewhere.
 */
function listItems(entry: IniEntry, separator: string): FieldLocation[] {
  const key = `${entry.section}.${entry.key}`
  const first = entry.parts[0]?.text ?? ''
  if (first.startsWith('file:')) return []
  if (entry.parts.length > 1) {
    return entry.parts
      .filter(part => part.text !== '' && !part.text.startsWith('#'))
      .map(part => ({ line: part.line, key }))
  }
  return first
    .split(separator)
    .filter(item => item.trim() !== '')
    .map(() => ({ line: entry.line, key }))
}

/** Requires-Dist is install_requires, then each [options.extras_require] list in order. */
function requirementItem(
  entries: readonly IniEntry[],
  installRequires: IniEntry | undefined,
  index: number
): FieldLocation | undefined {
  const items = [
    ...(installRequires === undefined ? [] : listItems(installRequires, ';')),
    ...entries
      .filter(entry => entry.section === EXTRAS_SECTION)
      .flatMap(entry => listItems(entry, ';'))
  ]
  return items[index]
}

// ---------------------------------------------------------------------------------------------
// PKG-INFO / METADATA
// ---------------------------------------------------------------------------------------------

const HEADER_OF = new Map<string, string>(
  CORE_METADATA_FIELDS.map(spec => [spec.form, spec.header])
)

/**
 * The line of the field's header (the index-th one for a repeated field). The description may be
 * the message body instead, which wins when both are there, as the parser reads it.
 */
function locateInPkgInfo(
  text: string,
  field: MetadataField,
  index: number | undefined
): FieldLocation | undefined {
  const header = HEADER_OF.get(field)
  if (header === undefined) return undefined
  const wanted = header.toLowerCase()
  const lines = text.split(/\r?\n/)
  const found: number[] = []
  let bodyLine: number | undefined
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!
    if (line === '') {
      if (at + 1 < lines.length && lines.slice(at + 1).some(rest => rest !== '')) bodyLine = at + 2
      break
    }
    const colon = line.indexOf(':')
    if (/^[ \t]/.test(line) || colon <= 0) continue
    if (line.slice(0, colon).toLowerCase() === wanted) found.push(at + 1)
  }
  if (field === 'description' && bodyLine !== undefined) return { line: bodyLine, key: header }
  const line = found[index ?? 0] ?? found[0]
  return line === undefined ? undefined : { line, key: header }
}
