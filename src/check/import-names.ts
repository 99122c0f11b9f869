/**
 * Import-Name and Import-Namespace (metadata 2.5): dotted Python import names. Pure.
 */
import { headerOf } from '../metadata/fields.js'
import { type Check, type Problem, eachValue, problem, showValue } from './problem.js'

const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' ')
)
const PYTHON_IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u

export function checkImportField(field: 'import_name' | 'import_namespace'): Check {
  return eachValue(field, (value, index) => {
    const [dotted = '', ...options] = value.split(';')
    const name = dotted.trimEnd()
    const bad = name
      .split('.')
      .find(part => !PYTHON_IDENTIFIER.test(part) || PYTHON_KEYWORDS.has(part))
    const problems: Problem[] = []
    if (bad !== undefined) {
      problems.push(
        problem(
          field,
          'error',
          `${headerOf(field)} ${showValue(value)} is not a dotted Python import name: ${showValue(bad)} is ${PYTHON_KEYWORDS.has(bad) ? 'a Python keyword' : 'not an identifier'}.`,
          index
        )
      )
    }
    if (options.length > 0 && options.join(';').trim() !== 'private') {
      problems.push(
        problem(
          field,
          'error',
          `${headerOf(field)} ${showValue(value)}: the only option after ";" is "private".`,
          index
        )
      )
    }
    return problems
  })
}
