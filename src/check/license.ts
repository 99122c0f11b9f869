/**
 * License, License-Expression (PEP 639 SPDX expressions) and License-File. Pure.
 */
import deprecatedExceptionIds from 'spdx-exceptions/deprecated.json' with { type: 'json' }
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json' with { type: 'json' }
import exceptionIds from 'spdx-exceptions/index.json' with { type: 'json' }
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' }
import {
  type Check,
  type Problem,
  eachValue,
  entries,
  isPlaceholder,
  problem,
  showValue
} from './problem.js'

interface SpdxEntry {
  readonly id: string
  readonly deprecated: boolean
}

function byLowerCase(ids: readonly string[], deprecated: boolean): Array<[string, SpdxEntry]> {
  return ids.map(id => [id.toLowerCase(), { id, deprecated }])
}

/**
 * SPDX exceptions that the SPDX list has and the spdx-exceptions package (last published in 2024)
 * does not yet; without them a valid expression would be refused.
 */
const NEWER_EXCEPTIONS = [
  'Asterisk-linking-protocols-exception',
  'CGAL-linking-exception',
  'Digia-Qt-LGPL-exception-1.1',
  'erlang-otp-linking-exception',
  'GPL-3.0-389-ds-base-exception',
  'harbour-exception',
  'Independent-modules-exception',
  'mxml-exception',
  'PCRE2-exception',
  'polyparse-exception',
  'romic-exception',
  'RRDtool-FLOSS-exception-2.0'
]

const SPDX_LICENSES = new Map([
  ...byLowerCase(deprecatedLicenseIds, true),
  ...byLowerCase(licenseIds, false)
])
const SPDX_EXCEPTIONS = new Map([
  ...byLowerCase(deprecatedExceptionIds, true),
  ...byLowerCase([...exceptionIds, ...NEWER_EXCEPTIONS], false)
])

const SPDX_OPERATORS = new Set(['AND', 'OR', 'WITH'])
const SPDX_IDSTRING = /^[A-Za-z0-9.-]+$/

export type LicenseExpressionReading =
  | { readonly ok: true; readonly normal: string; readonly deprecated: readonly string[] }
  | { readonly ok: false; readonly reason: string }

/**
 * Reads an SPDX license expression as PEP 639 wants it: SPDX license ids (matched without regard
 * to case, as SPDX allows) with an optional `+`, `LicenseRef-` ids, `WITH` an SPDX exception,
 * `AND` binding tighter than `OR`, and parentheses.
 * @returns the normal form (ids and operators spelled as SPDX does, single spaces) and the
 *   deprecated ids used, or why the expression is not valid
 */
export function readLicenseExpression(text: string): LicenseExpressionReading {
  const reader = new LicenseExpressionReader(text.match(/\(|\)|[^\s()]+/g) ?? [])
  try {
    return { ok: true, ...reader.readAll() }
  } catch (error) {
    if (error instanceof InvalidLicenseExpression) return { ok: false, reason: error.message }
    throw error
  }
}

class InvalidLicenseExpression extends Error {}

/** Recursive descent over the tokens: or = and (OR and)*; and = term (AND term)*. */
class LicenseExpressionReader {
  private next = 0
  private readonly rendered: string[] = []
  private readonly deprecated: string[] = []

  constructor(private readonly tokens: readonly string[]) {}

  readAll(): { normal: string; deprecated: string[] } {
    if (this.tokens.length === 0) this.fail('it is empty')
    this.readOr()
    const left = this.tokens[this.next]
    if (left !== undefined) {
      this.fail(
        this.peekOperator() === 'WITH'
          ? 'WITH may follow a single license id only, not a parenthesised expression'
          : `${showValue(left)} is unexpected there; join licenses with AND or OR`
      )
    }
    const normal = this.rendered.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')')
    return { normal, deprecated: this.deprecated }
  }

  private fail(reason: string): never {
    throw new InvalidLicenseExpression(reason)
  }

  /** The operator at the current token, upper-cased; SPDX ids never collide with one. */
  private peekOperator(): string | undefined {
    const upper = this.tokens[this.next]?.toUpperCase()
    return upper !== undefined && SPDX_OPERATORS.has(upper) ? upper : undefined
  }

  private readOr(): void {
    this.readAnd()
    while (this.peekOperator() === 'OR') {
      this.next++
      this.rendered.push('OR')
      this.readAnd()
    }
  }

  private readAnd(): void {
    this.readTerm()
    while (this.peekOperator() === 'AND') {
      this.next++
      this.rendered.push('AND')
      this.readTerm()
    }
  }

  /** term = "(" or ")" | license (WITH exception)? */
  private readTerm(): void {
    const token = this.tokens[this.next]
    if (token === undefined) this.fail('it ends where a license id is expected')
    if (token === '(') {
      this.next++
      this.rendered.push('(')
      this.readOr()
      if (this.tokens[this.next] !== ')') this.fail('a "(" is not closed')
      this.next++
      this.rendered.push(')')
      return
    }
    if (token === ')' || this.peekOperator() !== undefined) {
      this.fail(`${showValue(token)} stands where a license id is expected`)
    }
    this.next++
    this.rendered.push(this.licenseId(token))
    if (this.peekOperator() === 'WITH') {
      this.next++
      this.rendered.push('WITH')
      this.rendered.push(this.exceptionId(this.tokens[this.next]))
      this.next++
    }
  }

  private licenseId(token: string): string {
    if (/^DocumentRef-/i.test(token)) {
      this.fail(
        `${showValue(token)}: PEP 639 does not allow DocumentRef- references; use LicenseRef-`
      )
    }
    const plus = token.endsWith('+')
    const id = plus ? token.slice(0, -1) : token
    if (/^LicenseRef-/i.test(id)) {
      const suffix = id.slice('LicenseRef-'.length)
      if (plus)
        this.fail(`${showValue(token)}: "+" may follow SPDX license ids only, not LicenseRef-`)
      if (!SPDX_IDSTRING.test(suffix)) {
        this.fail(
          `${showValue(token)}: after LicenseRef- only letters, digits, "." and "-" may follow`
        )
      }
      return `LicenseRef-${suffix}`
    }
    const license = SPDX_LICENSES.get(id.toLowerCase())
    if (license === undefined) {
      this.fail(
        SPDX_EXCEPTIONS.has(id.toLowerCase())
          ? `${showValue(id)} is a license exception, which must follow a license and WITH`
          : `${showValue(id)} is not an SPDX license id (see https://spdx.org/licenses/; name a license that is not on the list LicenseRef-Your-Name)`
      )
    }
    if (license.deprecated) this.deprecated.push(license.id)
    return license.id + (plus ? '+' : '')
  }

  private exceptionId(token: string | undefined): string {
    if (
      token === undefined ||
      token === '(' ||
      token === ')' ||
      this.peekOperator() !== undefined
    ) {
      this.fail('an SPDX exception id must follow WITH')
    }
    const exception = SPDX_EXCEPTIONS.get(token.toLowerCase())
    if (exception === undefined) {
      this.fail(
        SPDX_LICENSES.has(token.toLowerCase())
          ? `${showValue(token)} is a license, not an exception; join licenses with AND or OR`
          : `${showValue(token)} is not an SPDX license exception id (see https://spdx.org/licenses/exceptions-index.html)`
      )
    }
    if (exception.deprecated) this.deprecated.push(exception.id)
    return exception.id
  }
}

/** The current ids that replace a deprecated one, where SPDX's rule for them is simple. */
function replacementFor(id: string): string {
  const versioned = /^((?:A|L)?GPL|GFDL)-(\d\.\d)(\+?)$/.exec(id)
  if (versioned) {
    const [, family, version, plus] = versioned
    return plus
      ? `${family}-${version}-or-later`
      : `${family}-${version}-only or ${family}-${version}-or-later`
  }
  return 'its current id from https://spdx.org/licenses/'
}

export const checkLicenseExpression = eachValue('license_expression', value => {
  const shown = `License-Expression ${showValue(value)}`
  const reading = readLicenseExpression(value)
  if (!reading.ok) {
    return [
      problem(
        'license_expression',
        'error',
        `${shown} is not a valid SPDX license expression: ${reading.reason}.`
      )
    ]
  }
  const problems: Problem[] = reading.deprecated.map(id =>
    problem(
      'license_expression',
      'warning',
      `${shown} uses the deprecated SPDX id ${id}; use ${replacementFor(id)}.`
    )
  )
  if (reading.normal !== value) {
    problems.push(
      problem(
        'license_expression',
        'warning',
        `${shown} is valid but not in normal form: ${showValue(reading.normal)}; write it that way.`
      )
    )
  }
  return problems
})

export const checkLicenseConflict: Check = metadata => {
  const text = entries(metadata, 'license').filter(([value]) => !isPlaceholder(value))
  if (text.length === 0 || entries(metadata, 'license_expression').length === 0) return []
  return [
    problem(
      'license',
      'error',
      'License and License-Expression are both set, which PEP 639 forbids; keep the SPDX expression and remove the License text (in pyproject.toml: license = "SPDX expression" instead of a table, with the files in license-files).'
    )
  ]
}

export const checkLicenseFiles = eachValue('license_file', (path, index) => {
  const reason = path.split(/[/\\]/).includes('..')
    ? 'it climbs out of the project with ".."'
    : path.includes('*')
      ? 'it is a pattern, not a file (list the files it matches)'
      : /^(?:\/|[A-Za-z]:|\\)/.test(path)
        ? 'it is an absolute path'
        : path.includes('\\')
          ? 'it uses "\\" instead of "/"'
          : undefined
  if (reason === undefined) return []
  return [
    problem(
      'license_file',
      'error',
      `License-File ${showValue(path)} is not a relative path inside the project: ${reason}.`,
      index
    )
  ]
})
