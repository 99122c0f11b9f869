/**
 * Rendering of INI files the way Python's `configparser.RawConfigParser` reads them back, which is how
 * twine, distutils and flit read `.pypirc`, and reading them the same way (`parseConfig`). Pure: no I/O here.
 *
 * Python's rules that matter for writing (CPython Lib/configparser.py):
 * - a value is stripped of surrounding whitespace (Python's `str.strip`, i.e. Unicode whitespace),
 * - a line break ends the value, and an indented next line would continue it,
 * - `RawConfigParser` does no `%` interpolation, so values are written raw, never `%%`-escaped,
 * - comments are whole lines only (no inline comment prefixes), so `;` and `#` inside a value are safe.
 */
import { ActionError, ConfigValueError } from './errors.js'
import { firstNonSpace, isPythonSpace, pythonRstrip, pythonStrip } from './python-whitespace.js'

/** Line ends as Python's text files see them (universal newlines): each would cut the value short. */
const LINE_BREAK = /[\r\n]/

export interface ConfigSection {
  name: string
  /** Keys in the order they are written; a list value is written one item per continuation line. */
  entries: Array<[key: string, value: string | readonly string[]]>
}

/**
 * Refuses a value that Python's configparser would not read back exactly as given.
 * The message names the value by `label` and never includes the value itself, which may be a secret.
 */
function assertRepresentableValue(value: string, label: string): void {
  if (LINE_BREAK.test(value)) {
    throw new ConfigValueError(
      `${label} contains a line break, which cannot be written to .pypirc: Python's configparser would end the value there.`,
      'Remove the line break (a secret pasted with a trailing newline is the usual cause).'
    )
  }
  const first = value.charAt(0)
  const last = value.charAt(value.length - 1)
  if (value.length > 0 && (isPythonSpace(first) || isPythonSpace(last))) {
    throw new ConfigValueError(
      `${label} starts or ends with whitespace, which Python's configparser strips when it reads .pypirc.`,
      'Remove the surrounding whitespace from the value (check the secret for stray spaces or tabs).'
    )
  }
}

/** A section name must survive `[name]` and, for .pypirc, twine's whitespace split of index-servers. */
function assertValidSectionName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new ConfigValueError(
      `"${name}" cannot be used as a .pypirc section name.`,
      'Use letters, digits, ".", "_" and "-" only, starting with a letter or digit.'
    )
  }
}

/**
 * Renders sections as INI text that `RawConfigParser` reads back exactly.
 * Every value is checked first; keys are written as given (configparser lower-cases them on reading).
 */
export function renderConfig(sections: readonly ConfigSection[]): string {
  const blocks = sections.map(section => {
    assertValidSectionName(section.name)
    const lines = [`[${section.name}]`]
    for (const [key, value] of section.entries) {
      if (typeof value === 'string') {
        assertRepresentableValue(value, `The value of "${key}" in section [${section.name}]`)
        lines.push(value === '' ? `${key} =` : `${key} = ${value}`)
      } else {
        for (const item of value) {
          assertRepresentableValue(item, `An item of "${key}" in section [${section.name}]`)
        }
        lines.push(`${key} =`, ...value.map(item => `    ${item}`))
      }
    }
    return lines.join('\n')
  })
  return blocks.join('\n\n') + '\n'
}

// ---------------------------------------------------------------------------------------------------
// Reading: the semantics of Python 3.11's `configparser.RawConfigParser()` with default arguments
// (delimiters `=` and `:`, full-line comments `#` and `;`, no inline comments, strict, no valueless
// keys, empty lines kept inside values, `optionxform` = `str.lower`, no interpolation), applied to a
// file read in text mode as twine (`open(path)`) and setuptools (`open(path, encoding='utf-8')`) do:
// - universal newlines: `\r\n` and a lone `\r` both end a line; no other character does,
// - no BOM stripping: a UTF-8 BOM stays as U+FEFF at the start of the first line, which is then
//   neither blank, a comment nor a section header, so Python raises MissingSectionHeaderError there.
//   Node's `readFile(path, 'utf8')` keeps the BOM too, so pass the decoded text unchanged.
// ---------------------------------------------------------------------------------------------------

/** Python's name for the section whose keys apply to every other section. Case-sensitive. */
const DEFAULT_SECTION = 'DEFAULT'

/** One key as Python stores it. */
export interface ConfigEntry {
  /** The key after Python's `optionxform`, i.e. lower-cased. */
  readonly key: string
  /** The value exactly as `parser.get(section, key)` returns it (continuation lines joined by `\n`). */
  readonly value: string
  /** The 1-based line on which the key was written (the first line of a multi-line value). */
  readonly line: number
}

/** A section other than DEFAULT. */
export interface ParsedSection {
  /** The name as written between `[` and the last `]`, inner whitespace and case kept. */
  readonly name: string
  /** The 1-based line of the section header. */
  readonly line: number
  /** The section's own keys in file order, by lower-cased key; DEFAULT's keys are not merged in. */
  readonly entries: ReadonlyMap<string, ConfigEntry>
}

export interface ParsedConfig {
  readonly fileName: string
  /** Sections in file order by exact name (Python's `sections()`), without DEFAULT. */
  readonly sections: ReadonlyMap<string, ParsedSection>
  /** The keys of every `[DEFAULT]` section in file order (Python's `defaults()`). */
  readonly defaults: ReadonlyMap<string, ConfigEntry>
}

/** Which of Python's errors the problem corresponds to. */
export type ConfigSyntaxErrorKind =
  /** MissingSectionHeaderError: something other than blank lines and comments before the first header */
  | 'missing-section-header'
  /** DuplicateSectionError */
  | 'duplicate-section'
  /** DuplicateOptionError */
  | 'duplicate-key'
  /** ParsingError: a line starting with `=` or `:` */
  | 'missing-key'
  /** ParsingError: a line that is no header, key, comment or continuation */
  | 'invalid-line'

/**
 * A file that Python's configparser refuses. The message names the file, the line and the kind of
 * problem, and never any text of the line, which in a .pypirc may be a password.
 */
export class ConfigSyntaxError extends ActionError {
  override name = 'ConfigSyntaxError'

  /**
   * @param line the 1-based line Python reports (for a ParsingError, the first bad line)
   * @param lines every bad line Python lists (a ParsingError collects them all; otherwise just `line`)
   */
  constructor(
    message: string,
    advice: string,
    readonly fileName: string,
    readonly kind: ConfigSyntaxErrorKind,
    readonly line: number,
    readonly lines: readonly number[] = [line]
  ) {
    super(message, advice)
  }
}

/** The lines Python's text-mode file iteration yields (without their line ends). */
function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  // A final line end does not start another line.
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

interface PendingEntry {
  key: string
  parts: string[]
  line: number
}

interface PendingSection {
  name: string
  line: number
  entries: Map<string, PendingEntry>
}

function finish(entries: Map<string, PendingEntry>): Map<string, ConfigEntry> {
  const done = new Map<string, ConfigEntry>()
  for (const [key, entry] of entries) {
    done.set(key, { key, value: pythonRstrip(entry.parts.join('\n')), line: entry.line })
  }
  return done
}

/**
 * Reads INI text as Python 3.11's `configparser.RawConfigParser().read(path)` does.
 * @param text the file's content, decoded as UTF-8 without removing a BOM
 * @param fileName how error messages name the file, e.g. ".pypirc" or "setup.cfg"
 * @throws ConfigSyntaxError where Python raises, naming the same line
 */
export function parseConfig(text: string, fileName: string): ParsedConfig {
  const at = (line: number): string => `${fileName}, line ${line}:`
  const sections = new Map<string, PendingSection>()
  const defaults = new Map<string, PendingEntry>()
  /** Lines of keys already set, by section name then key (Python's `elements_added`). */
  const keyLines = new Map<string, Map<string, number>>()
  const invalid: Array<{ line: number; kind: 'missing-key' | 'invalid-line' }> = []

  let current: Map<string, PendingEntry> | undefined
  let sectionName = ''
  /** The key that an indented line would continue; '' when there is none (Python's falsy optname). */
  let key = ''
  let indentLevel = 0

  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1
    const stripped = pythonStrip(raw)
    if (stripped.startsWith('#') || stripped.startsWith(';')) return
    if (stripped === '') {
      // A blank line belongs to the value above if more continuation follows; trailing ones go.
      if (current !== undefined && key !== '') current.get(key)?.parts.push('')
      return
    }
    const indent = firstNonSpace(raw)
    if (current !== undefined && key !== '' && indent > indentLevel) {
      current.get(key)?.parts.push(stripped)
      return
    }
    indentLevel = indent

    // `\[(?P<header>.+)\]` matched at the start: the name runs to the LAST `]`, text after it is ignored.
    const close = stripped.lastIndexOf(']')
    if (stripped.startsWith('[') && close >= 2) {
      sectionName = stripped.slice(1, close)
      if (sectionName === DEFAULT_SECTION) {
        current = defaults
      } else {
        const earlier = sections.get(sectionName)
        if (earlier !== undefined) {
          throw new ConfigSyntaxError(
            `${at(lineNo)} this section header repeats a section that already starts on line ${earlier.line}.`,
            "Merge the two sections into one: Python's configparser refuses a section that appears twice in a file (section names are case-sensitive).",
            fileName,
            'duplicate-section',
            lineNo
          )
        }
        const section: PendingSection = { name: sectionName, line: lineNo, entries: new Map() }
        sections.set(sectionName, section)
        current = section.entries
      }
      key = ''
      return
    }

    if (current === undefined) {
      if (lineNo === 1 && raw.startsWith('\ufeff')) {
        throw new ConfigSyntaxError(
          `${at(lineNo)} the file starts with a byte order mark (BOM), which Python's configparser reads as text before the first [section] header.`,
          'Save the file as UTF-8 without a BOM.',
          fileName,
          'missing-section-header',
          lineNo
        )
      }
      throw new ConfigSyntaxError(
        `${at(lineNo)} a line that is not blank or a comment comes before the first [section] header.`,
        "Put a section header such as [pypi] above it, or remove the line: Python's configparser requires every setting to be inside a section.",
        fileName,
        'missing-section-header',
        lineNo
      )
    }

    // A key ends at the first `=` or `:`, whichever comes first.
    const delimiter = stripped.search(/[=:]/)
    if (delimiter === -1) {
      // Python records the line and reads on, keeping the key above open for continuation lines.
      invalid.push({ line: lineNo, kind: 'invalid-line' })
      return
    }
    if (delimiter === 0) invalid.push({ line: lineNo, kind: 'missing-key' })
    key = pythonRstrip(stripped.slice(0, delimiter)).toLowerCase()
    let seen = keyLines.get(sectionName)
    if (seen === undefined) {
      seen = new Map()
      keyLines.set(sectionName, seen)
    }
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      throw new ConfigSyntaxError(
        `${at(lineNo)} this key is already set on line ${earlier} in the same section.`,
        "Keep only one of the two lines: Python's configparser refuses a key set twice in one section (keys are case-insensitive).",
        fileName,
        'duplicate-key',
        lineNo
      )
    }
    seen.set(key, lineNo)
    current.set(key, { key, parts: [pythonStrip(stripped.slice(delimiter + 1))], line: lineNo })
  })

  const [first, ...others] = invalid
  if (first !== undefined) {
    const more =
      others.length === 0
        ? ''
        : ` Python also refuses line${others.length === 1 ? '' : 's'} ${others.map(bad => bad.line).join(', ')}.`
    const problem =
      first.kind === 'missing-key'
        ? 'a line starts with "=" or ":", so it has a value but no key.'
        : 'a line that is neither a section header, a key = value pair, a comment, nor an indented continuation of a value.'
    throw new ConfigSyntaxError(
      `${at(first.line)} ${problem}${more}`,
      first.kind === 'missing-key'
        ? 'Write the key before the "=" or ":".'
        : 'Write it as "key = value", indent it further than the key above to continue that value, or start it with "#" to make it a comment.',
      fileName,
      first.kind,
      first.line,
      invalid.map(bad => bad.line)
    )
  }

  const parsed = new Map<string, ParsedSection>()
  for (const section of sections.values()) {
    parsed.set(section.name, {
      name: section.name,
      line: section.line,
      entries: finish(section.entries)
    })
  }
  return { fileName, sections: parsed, defaults: finish(defaults) }
}

/**
 * The entry Python's `parser.get(section, key)` returns: the section's own key, else DEFAULT's.
 * `key` is lower-cased as Python does. Undefined where Python raises NoSectionError or NoOptionError.
 */
export function getConfigEntry(
  config: ParsedConfig,
  section: string,
  key: string
): ConfigEntry | undefined {
  const option = key.toLowerCase()
  if (section === DEFAULT_SECTION) return config.defaults.get(option)
  const own = config.sections.get(section)
  if (own === undefined) return undefined
  return own.entries.get(option) ?? config.defaults.get(option)
}

/** The value Python's `parser.get(section, key)` returns, or undefined where it raises. */
export function getConfigValue(
  config: ParsedConfig,
  section: string,
  key: string
): string | undefined {
  return getConfigEntry(config, section, key)?.value
}
