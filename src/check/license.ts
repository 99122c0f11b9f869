/**
 * License, License-Expression (PEP 639 SPDX expressions) and License-File. Pure.
 */
import deprecatedExceptionIds from 'spdx-exceptions/deprecated.json' with { type: 'json' }
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json' with { type: 'json' }
import exceptionIds from 'spdx-exceptions/index.json' with { type: 'json' }
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' }
import parseSpdxExpression from 'spdx-expression-parse'
import { licensePathProblem } from '../packaging/license-paths.js'
import {
  type Check,
  type Problem,
  eachValue,
  fieldValues,
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
/** Exceptions spdx-expression-parse's own list lacks; it is shown a known one in their place. */
const UNKNOWN_TO_PARSER = new Set(NEWER_EXCEPTIONS)
const KNOWN_EXCEPTION = 'Classpath-exception-2.0'

export type LicenseExpressionReading =
  | { readonly ok: true; readonly normal: string; readonly deprecated: readonly string[] }
  | { readonly ok: false; readonly reason: string }

/**
 * Reads an SPDX license expression as PEP 639 wants it: SPDX license ids (matched without regard
 * to case, as SPDX allows) with an optional `+`, `LicenseRef-` ids, `WITH` an SPDX exception,
 * `AND` binding tighter than `OR`, and parentheses.
 *
 * spdx-expression-parse judges the structure. It matches ids and `LicenseRef-` case-sensitively,
 * accepts `DocumentRef-` and skips only spaces, while PEP 639 (and packaging) reads ids in any
 * case, refuses `DocumentRef-` and splits at any whitespace; so each token is first checked and
 * spelled as SPDX does here, and the parser is given those tokens joined by single spaces, which
 * is also the normal form. The parser only says that an expression is wrong, not why:
 * {@link explainStructure} words that.
 * @returns the normal form (ids and operators spelled as SPDX does, single spaces) and the
 *   deprecated ids used, or why the expression is not valid
 */
export function readLicenseExpression(text: string): LicenseExpressionReading {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? []
  if (tokens.length === 0) return { ok: false, reason: 'it is empty' }
  const deprecated: string[] = []
  const spelled: string[] = []
  try {
    for (const token of tokens) {
      const operator = token.toUpperCase()
      if (token === '(' || token === ')') spelled.push(token)
      else if (SPDX_OPERATORS.has(operator)) spelled.push(operator)
      else if (spelled.at(-1) === 'WITH') spelled.push(exceptionId(token, deprecated))
      else spelled.push(licenseId(token, deprecated))
    }
  } catch (error) {
    if (error instanceof InvalidLicenseExpression) return { ok: false, reason: error.message }
    throw error
  }
  const forParser = spelled.map(token => (UNKNOWN_TO_PARSER.has(token) ? KNOWN_EXCEPTION : token))
  try {
    parseSpdxExpression(forParser.join(' '))
  } catch {
    return { ok: false, reason: explainStructure(spelled, tokens) }
  }
  const normal = spelled.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')')
  return { ok: true, normal, deprecated }
}

class InvalidLicenseExpression extends Error {}

function fail(reason: string): never {
  throw new InvalidLicenseExpression(reason)
}

/**
 * Why the parser refused tokens whose every id is valid: the first token that cannot stand where
 * it does (quoted as written). It walks the tokens as the grammar alternates between expecting a license (after the
 * start, `(`, `AND` and `OR`) and expecting an operator or `)`.
 */
function explainStructure(tokens: readonly string[], written: readonly string[]): string {
  let wantsLicense = true
  let depth = 0
  for (const [at, token] of tokens.entries()) {
    if (wantsLicense) {
      if (token === '(') depth++
      else if (token === ')' || SPDX_OPERATORS.has(token)) {
        return `${showValue(written[at] ?? token)} stands where a license id is expected`
      } else wantsLicense = false
    } else if (token === 'AND' || token === 'OR') {
      wantsLicense = true
    } else if (token === 'WITH') {
      if (tokens[at - 1] === ')') {
        return 'WITH may follow a single license id only, not a parenthesised expression'
      }
      const exception = tokens[at + 1]
      if (
        exception === undefined ||
        exception === '(' ||
        exception === ')' ||
        SPDX_OPERATORS.has(exception)
      ) {
        return 'an SPDX exception id must follow WITH'
      }
    } else if (token === ')' && depth > 0) {
      depth--
    } else if (tokens[at - 1] !== 'WITH') {
      return `${showValue(written[at] ?? token)} is unexpected there; join licenses with AND or OR`
    }
  }
  if (wantsLicense) return 'it ends where a license id is expected'
  if (depth > 0) return 'a "(" is not closed'
  return 'it does not follow the SPDX grammar (licenses joined with AND or OR, WITH after a single license, balanced parentheses)'
}

/** A license id or `LicenseRef-`, spelled as SPDX does; the deprecated ones are collected. */
function licenseId(token: string, deprecated: string[]): string {
  if (/^DocumentRef-/i.test(token)) {
    fail(`${showValue(token)}: PEP 639 does not allow DocumentRef- references; use LicenseRef-`)
  }
  const plus = token.endsWith('+')
  const id = plus ? token.slice(0, -1) : token
  if (/^LicenseRef-/i.test(id)) {
    const suffix = id.slice('LicenseRef-'.length)
    if (plus) fail(`${showValue(token)}: "+" may follow SPDX license ids only, not LicenseRef-`)
    if (!SPDX_IDSTRING.test(suffix)) {
      fail(`${showValue(token)}: after LicenseRef- only letters, digits, "." and "-" may follow`)
    }
    return `LicenseRef-${suffix}`
  }
  const license = SPDX_LICENSES.get(id.toLowerCase())
  if (license === undefined) {
    fail(
      SPDX_EXCEPTIONS.has(id.toLowerCase())
        ? `${showValue(id)} is a license exception, which must follow a license and WITH`
        : `${showValue(id)} is not an SPDX license id (see https://spdx.org/licenses/; name a license that is not on the list LicenseRef-Your-Name)`
    )
  }
  if (license.deprecated) deprecated.push(license.id)
  return license.id + (plus ? '+' : '')
}

/** An exception id after WITH, spelled as SPDX does; the deprecated ones are collected. */
function exceptionId(token: string, deprecated: string[]): string {
  const exception = SPDX_EXCEPTIONS.get(token.toLowerCase())
  if (exception === undefined) {
    fail(
      SPDX_LICENSES.has(token.toLowerCase())
        ? `${showValue(token)} is a license, not an exception; join licenses with AND or OR`
        : `${showValue(token)} is not an SPDX license exception id (see https://spdx.org/licenses/exceptions-index.html)`
    )
  }
  if (exception.deprecated) deprecated.push(exception.id)
  return exception.id
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
  const text = fieldValues(metadata, 'license').filter(([value]) => !isPlaceholder(value))
  if (text.length === 0 || fieldValues(metadata, 'license_expression').length === 0) return []
  return [
    problem(
      'license',
      'error',
      'License and License-Expression are both set, which PEP 639 forbids; keep the SPDX expression and remove the License text (in pyproject.toml: license = "SPDX expression" instead of a table, with the files in license-files).'
    )
  ]
}

export const checkLicenseFiles = eachValue('license_file', (path, index) => {
  const reason =
    licensePathProblem(path) ??
    (path.includes('*') ? 'it is a pattern, not a file (list the files it matches)' : undefined)
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
