/**
 * PEP 440 specifier sets (Requires-Python, and the version part of a requirement), accepted and
 * refused as Python's `packaging.specifiers.SpecifierSet` does. Each specifier is judged by
 * `@renovatebot/pep440`; what it reads differently from packaging is settled here first. Pure.
 */
import { explain, validRange } from '@renovatebot/pep440'
import { isPythonSpace, pythonStrip } from '../python-whitespace.js'

/**
 * Why a text is not a requirement or a specifier set, and where (a 0-based offset into it) the
 * reading stopped.
 */
export interface SyntaxProblem {
  readonly message: string
  readonly position: number
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: SyntaxProblem }

/**
 * Reads a PEP 440 specifier set such as `>=3.8, !=3.9.0` (Requires-Python) as packaging's
 * `SpecifierSet` does: comma-separated, empty parts ignored, each part one whole specifier.
 * @returns the specifiers, trimmed
 */
export function parseSpecifierSet(text: string): Parsed<string[]> {
  const specifiers: string[] = []
  let offset = 0
  for (const part of text.split(',')) {
    const trimmed = pythonStrip(part)
    if (trimmed !== '') {
      if (!isSpecifier(trimmed)) {
        return { ok: false, problem: { message: specifierAdvice(trimmed), position: offset } }
      }
      specifiers.push(trimmed)
    }
    offset += part.length + 1
  }
  return { ok: true, value: specifiers }
}

const OPERATOR = /^(?:===|==|~=|!=|<=|>=|<|>)/

/**
 * One specifier, judged by `@renovatebot/pep440` with what it reads differently from packaging
 * settled first (measured with 4.2.4 on 3000 generated sets: 108 disagreements, all a bare `===`,
 * and on hand-picked edges): it wants a version after `===`, where packaging takes anything up to
 * whitespace, `;` or `)`, even nothing; it allows `.*` after pre- and post-releases (`==1.0rc1.*`);
 * and it trims and skips JavaScript's whitespace, not Python's (`\x1c`, `\ufeff`).
 */
function isSpecifier(specifier: string): boolean {
  const operator = OPERATOR.exec(specifier)?.[0]
  if (operator === undefined) return false
  const version = pythonStrip(specifier.slice(operator.length))
  const characters = [...version]
  if (operator === '===')
    return !characters.some(char => isPythonSpace(char) || ';)'.includes(char))
  if (/[\s\ufeff]/.test(version) || characters.some(isPythonSpace)) return false
  if (version.endsWith('.*')) {
    const base = explain(version.slice(0, -2))
    if (base !== null && (base.is_prerelease || base.is_postrelease || base.local !== null)) {
      return false
    }
  }
  return validRange(operator + version)
}

/** What is wrong with a specifier that does not match, in the terms a user would fix it in. */
function specifierAdvice(specifier: string): string {
  if (!/^(?:===|==|~=|!=|<=|>=|<|>)/.test(specifier)) {
    return `"${specifier}" has no comparison operator (one of ==, !=, <=, >=, <, >, ~=, ===)`
  }
  if (/^(?:<=|>=|<|>|~=)/.test(specifier) && /\.\*\s*$/.test(specifier)) {
    return `"${specifier}": a ".*" wildcard is allowed only after == and !=`
  }
  if (/^(?:<=|>=|<|>|~=)/.test(specifier) && specifier.includes('+')) {
    return `"${specifier}": a local version (+...) is allowed only after == and !=`
  }
  if (/^~=\s*v?(?:[0-9]+!)?[0-9]+(?![.0-9])/.test(specifier)) {
    return `"${specifier}": ~= needs at least two release numbers, e.g. ~=1.4`
  }
  return `"${specifier}" is not a PEP 440 version specifier`
}
