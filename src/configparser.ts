/**
 * Rendering of INI files the way Python's `configparser.RawConfigParser` reads them back, which is how
 * twine, distutils and flit read `.pypirc`. Pure: no I/O here.
 *
 * Python's rules that matter for writing (CPython Lib/configparser.py):
 * - a value is stripped of surrounding whitespace (Python's `str.strip`, i.e. Unicode whitespace),
 * - a line break ends the value, and an indented next line would continue it,
 * - `RawConfigParser` does no `%` interpolation, so values are written raw, never `%%`-escaped,
 * - comments are whole lines only (no inline comment prefixes), so `;` and `#` inside a value are safe.
 */
import { ConfigValueError } from './errors.js'

/** The characters Python's `str.isspace()` accepts: `str.strip()` removes these from both ends. */
const PYTHON_WHITESPACE = new Set(
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
)

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
export function assertRepresentableValue(value: string, label: string): void {
  if (LINE_BREAK.test(value)) {
    throw new ConfigValueError(
      `${label} contains a line break, which cannot be written to .pypirc: Python's configparser would end the value there.`,
      'Remove the line break (a secret pasted with a trailing newline is the usual cause).'
    )
  }
  const first = value.charAt(0)
  const last = value.charAt(value.length - 1)
  if (value.length > 0 && (PYTHON_WHITESPACE.has(first) || PYTHON_WHITESPACE.has(last))) {
    throw new ConfigValueError(
      `${label} starts or ends with whitespace, which Python's configparser strips when it reads .pypirc.`,
      'Remove the surrounding whitespace from the value (check the secret for stray spaces or tabs).'
    )
  }
}

/** A section name must survive `[name]` and, for .pypirc, twine's whitespace split of index-servers. */
export function assertValidSectionName(name: string): void {
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
