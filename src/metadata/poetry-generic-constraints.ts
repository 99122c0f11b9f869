/**
 * poetry-core's constraints on non-version marker values (`sys_platform`, `extra`, ...): equal to a
 * value, different from it, and their unions and intersections. Used to merge environment markers
 * and to write the `platform` key and extras as markers. Pure.
 */

export interface ValueConstraint {
  readonly kind: 'value'
  readonly value: string
  readonly operator: '==' | '!='
}
/** Several `!=` constraints at once (poetry-core refuses to combine `==` this way). */
export interface AllOfConstraint {
  readonly kind: 'all-of'
  readonly constraints: readonly ValueConstraint[]
}
export interface AnyOfConstraint {
  readonly kind: 'any-of'
  readonly constraints: readonly GenericConstraint[]
}
export type GenericConstraint =
  | ValueConstraint
  | AllOfConstraint
  | AnyOfConstraint
  | { readonly kind: 'anything' }
  | { readonly kind: 'nothing' }

/** An operation poetry-core itself fails on; the message is poetry-core's. */
export class UnsupportedConstraintError extends Error {
  override name = 'UnsupportedConstraintError'
}

const ANYTHING: GenericConstraint = { kind: 'anything' }
const NOTHING: GenericConstraint = { kind: 'nothing' }

function value(text: string, operator: string): ValueConstraint {
  if (operator === '=' || operator === '==') return { kind: 'value', value: text, operator: '==' }
  if (operator === '!=') return { kind: 'value', value: text, operator: '!=' }
  throw new UnsupportedConstraintError(`Unsupported operator "${operator}" in "${text}"`)
}

function allOf(constraints: readonly ValueConstraint[]): AllOfConstraint {
  if (constraints.some(c => c.operator === '=='))
    throw new UnsupportedConstraintError(
      'A multi-constraint can only be comprised of negative constraints'
    )
  return { kind: 'all-of', constraints }
}

const SINGLE = /^(!?==?)?\s*(\S+?)\s*$/
const AND_SEPARATOR = /(?<!^)(?<![=>< ,]) *(?<!-)[, ](?!-) *(?!,|$)/

/** Parses `linux`, `!=win32`, `a || b` and `!=a, !=b` as poetry-core does. */
export function parseGenericConstraint(text: string): GenericConstraint {
  if (text === '*') return ANYTHING
  const groups = text
    .trim()
    .split(/\s*\|\|?\s*/)
    .map(group =>
      group
        .split(AND_SEPARATOR)
        .map(parseSingle)
        .reduce<GenericConstraint>((a, b) => intersectGeneric(a, b), ANYTHING)
    )
  return groups.length === 1
    ? (groups[0] as GenericConstraint)
    : { kind: 'any-of', constraints: groups }
}

function parseSingle(text: string): ValueConstraint {
  const match = SINGLE.exec(text)
  if (match === null)
    throw new UnsupportedConstraintError(`Could not parse version constraint: ${text}`)
  return value((match[2] as string).trim(), match[1] ?? '==')
}

/** Whether the constraint admits every value. */
export function isAnything(c: GenericConstraint): boolean {
  return c.kind === 'anything'
}

/** Whether the constraint admits no value. */
export function isNothing(c: GenericConstraint): boolean {
  return c.kind === 'nothing'
}

function allowsValue(c: GenericConstraint, other: GenericConstraint): boolean {
  switch (c.kind) {
    case 'anything':
      return true
    case 'nothing':
      return false
    case 'all-of':
      return c.constraints.every(part => allowsValue(part, other))
    case 'any-of':
      return c.constraints.some(part => allowsValue(part, other))
    case 'value': {
      if (other.kind !== 'value')
        throw new UnsupportedConstraintError('Unimplemented comparison of constraints')
      if (c.operator === '==' && other.operator === '==') return c.value === other.value
      return c.value !== other.value
    }
  }
}

function contains(list: readonly GenericConstraint[], c: GenericConstraint): boolean {
  return list.some(item => genericEquals(item, c))
}

/** The values both constraints admit, or an error where poetry-core has none. */
export function intersectGeneric(a: GenericConstraint, b: GenericConstraint): GenericConstraint {
  switch (a.kind) {
    case 'anything':
      return b
    case 'nothing':
      return a
    case 'value':
      if (b.kind !== 'value') return intersectGeneric(b, a)
      if (genericEquals(a, b)) return a
      if (a.operator === '!=' && b.operator === '==' && allowsValue(a, b)) return b
      if (b.operator === '!=' && a.operator === '==' && allowsValue(b, a)) return a
      if (a.operator === '!=' && b.operator === '!=') return allOf([a, b])
      return NOTHING
    case 'all-of': {
      if (b.kind !== 'value')
        throw new UnsupportedConstraintError('Unimplemented constraint intersection')
      const parts = contains(a.constraints, b) ? [b] : [...a.constraints, b]
      return parts.length === 1 ? (parts[0] as ValueConstraint) : allOf(parts)
    }
    case 'any-of':
      return intersectAnyOf(a, b)
  }
}

function intersectAnyOf(a: AnyOfConstraint, b: GenericConstraint): GenericConstraint {
  if (b.kind === 'anything') return a
  if (b.kind === 'nothing') return b
  if (b.kind === 'value') return allowsValue(a, b) ? b : NOTHING
  const found: GenericConstraint[] = []
  const keep = (c: GenericConstraint): void => {
    if (!isNothing(c) && !contains(found, c)) found.push(c)
  }
  for (const ours of a.constraints) {
    if (b.kind === 'any-of') {
      for (const theirs of b.constraints) keep(intersectGeneric(ours, theirs))
    } else {
      keep(b.constraints.reduce<GenericConstraint>(intersectGeneric, ours))
    }
  }
  if (found.length === 0) return NOTHING
  return found.length === 1
    ? (found[0] as GenericConstraint)
    : { kind: 'any-of', constraints: found }
}

/** The values either constraint admits, or an error where poetry-core has none. */
export function unionGeneric(a: GenericConstraint, b: GenericConstraint): GenericConstraint {
  switch (a.kind) {
    case 'anything':
      return ANYTHING
    case 'value':
      if (b.kind !== 'value') return unionGeneric(b, a)
      if (genericEquals(a, b)) return a
      if (a.operator === '!=' && b.operator === '==' && allowsValue(a, b)) return a
      if (b.operator === '!=' && a.operator === '==' && allowsValue(b, a)) return b
      if (a.operator === '==' && b.operator === '==') return { kind: 'any-of', constraints: [a, b] }
      return ANYTHING
    case 'any-of':
      if (b.kind !== 'value') throw new UnsupportedConstraintError('Unimplemented constraint union')
      return contains(a.constraints, b) ? a : { kind: 'any-of', constraints: [...a.constraints, b] }
    default:
      throw new UnsupportedConstraintError('Unimplemented constraint union')
  }
}

/** Equality as poetry-core decides it: lists of constraints compare as sets. */
export function genericEquals(a: GenericConstraint, b: GenericConstraint): boolean {
  switch (a.kind) {
    case 'anything':
      return b.kind === 'anything'
    case 'nothing':
      return b.kind === 'nothing'
    case 'value':
      return b.kind === 'value' && a.value === b.value && a.operator === b.operator
    case 'all-of':
    case 'any-of':
      return (
        b.kind === a.kind &&
        a.constraints.every(c => contains(b.constraints, c)) &&
        b.constraints.every(c => contains(a.constraints, c))
      )
  }
}
