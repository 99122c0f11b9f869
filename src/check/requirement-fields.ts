/**
 * Requires-Python, Requires-Dist, Provides-Dist, Obsoletes-Dist and Provides-Extra (PEP 508 and PEP 440, read by requirements.ts). Pure.
 */
import { headerOf } from '../metadata/fields.js'
import { NAME_RULE, isValidName, normalizeName } from '../packaging/names.js'
import {
  type Check,
  type Problem,
  eachValue,
  fieldValues,
  problem,
  pypiRule,
  showValue
} from './problem.js'
import {
  LEGACY_MARKER_VARIABLES,
  type Requirement,
  parseRequirement,
  parseSpecifierSet
} from '../packaging/requirements.js'

export const checkRequiresPython = eachValue('requires_python', value => {
  const parsed = parseSpecifierSet(value)
  if (parsed.ok) return []
  return [
    problem(
      'requires_python',
      'error',
      `Requires-Python ${showValue(value)} is not a PEP 440 specifier set: ${parsed.problem.message}. Write comma-separated specifiers such as ">=3.9" or ">=3.9, <4".`
    )
  ]
})

const REQUIREMENT_FORM =
  'Write it as name[extras] specifiers ; marker, e.g. requests[socks]>=2.31, <3 ; python_version >= "3.9".'

/** Marker variables that only lock files (PEP 751) define; installers cannot evaluate them here. */
const LOCK_FILE_VARIABLES = new Set(['extras', 'dependency_groups'])

type DistField = 'requires_dist' | 'provides_dist' | 'obsoletes_dist'

/** A URL an installer can fetch: a scheme and a host, or a file: URL. */
const ABSOLUTE_URL = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]|file:)/i

function readRequirementOrProblem(
  field: DistField,
  value: string,
  index: number | undefined
): Requirement | Problem {
  const parsed = parseRequirement(value)
  if (parsed.ok) return parsed.value
  if (
    field === 'provides_dist' &&
    /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*\(\s*[^()<>=!~\s]+\s*\)/.test(value)
  ) {
    return problem(
      field,
      'warning',
      `Provides-Dist ${showValue(value)} uses the bare "name (version)" form, which the core metadata specification allows but pypi.org reads as a PEP 508 requirement and refuses; write name (==version).`,
      index
    )
  }
  return problem(
    field,
    'error',
    `${headerOf(field)} ${showValue(value)} is not a valid PEP 508 requirement: ${parsed.problem.message} (at character ${parsed.problem.position + 1}). ${REQUIREMENT_FORM}`,
    index
  )
}

/** Warnings about a requirement that reads fine but will not do what it seems to. */
function requirementWarnings(
  field: DistField,
  value: string,
  index: number | undefined,
  requirement: Requirement
): Problem[] {
  const shown = `${headerOf(field)} ${showValue(value)}`
  const problems: Problem[] = []
  if (!isValidName(requirement.name)) {
    problems.push(
      problem(
        field,
        'warning',
        `${shown}: the project name ${showValue(requirement.name)} ends in "_", which packaging tolerates but PEP 508 does not; ${NAME_RULE}.`,
        index
      )
    )
  }
  if (requirement.url !== undefined) {
    problems.push(
      pypiRule(
        problem(
          field,
          'warning',
          `${shown} is a direct reference (name @ URL), which pypi.org refuses (private indexes accept it); depend on a released version instead.`,
          index
        )
      )
    )
    if (!ABSOLUTE_URL.test(requirement.url)) {
      problems.push(
        problem(
          field,
          'warning',
          `${shown}: the URL ${showValue(requirement.url)} is not absolute (scheme://host/path), so installers cannot fetch it (and older releases of packaging refuse the whole requirement); write the full URL.`,
          index
        )
      )
    }
  }
  for (const comparison of requirement.marker ?? []) {
    for (const operand of [comparison.left, comparison.right]) {
      if (operand.kind !== 'variable') continue
      const modern = LEGACY_MARKER_VARIABLES[operand.written]
      if (modern !== undefined) {
        problems.push(
          problem(
            field,
            'warning',
            `${shown} uses the legacy marker name ${operand.written}; write ${modern}.`,
            index
          )
        )
      } else if (LOCK_FILE_VARIABLES.has(operand.name)) {
        problems.push(
          problem(
            field,
            'warning',
            `${shown} uses the marker variable ${operand.name}, which only lock files define; installers fail to evaluate it here. Use extra == "name" for an optional dependency.`,
            index
          )
        )
      }
    }
  }
  return problems
}

export function checkDistField(field: DistField): Check {
  return eachValue(field, (value, index) => {
    const read = readRequirementOrProblem(field, value, index)
    return 'severity' in read ? [read] : requirementWarnings(field, value, index, read)
  })
}

export const checkProvidesExtra = eachValue('provides_extra', (extra, index) =>
  isValidName(extra)
    ? []
    : [
        problem(
          'provides_extra',
          'error',
          `Provides-Extra ${showValue(extra)} is not a valid extra name: ${NAME_RULE}.`,
          index
        )
      ]
)

/** Requires-Dist entries for an extra that no Provides-Extra declares are never installed. */
export const checkUndeclaredExtras: Check = metadata => {
  const declared = new Set(
    fieldValues(metadata, 'provides_extra').map(([extra]) => normalizeName(extra))
  )
  return fieldValues(metadata, 'requires_dist').flatMap(([value, index]) => {
    const parsed = parseRequirement(value)
    if (!parsed.ok) return []
    const missing = new Set<string>()
    for (const { left, operator, right } of parsed.value.marker ?? []) {
      if (operator !== '==') continue
      const pair = [left, right]
      const variable = pair.find(side => side.kind === 'variable' && side.name === 'extra')
      const named = pair.find(side => side.kind === 'string')
      if (variable && named?.kind === 'string' && !declared.has(normalizeName(named.value))) {
        missing.add(named.value)
      }
    }
    return [...missing].map(extra =>
      problem(
        'requires_dist',
        'warning',
        `Requires-Dist ${showValue(value)} belongs to the extra ${showValue(extra)}, which no Provides-Extra declares, so installers never install it; add Provides-Extra: ${normalizeName(extra)} (optional-dependencies in pyproject.toml) or fix the marker.`,
        index
      )
    )
  })
}
