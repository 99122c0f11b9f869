/**
 * PEP 508 environment markers as poetry-core 1.x reads, combines and writes them. poetry-core does
 * not copy `markers = "..."` into METADATA: it parses the text, merges conditions on the same
 * variable, intersects the result with the `python` and `platform` keys and prints it with double
 * quotes, so the same steps are needed to write the same line. Pure.
 */
import {
  ConstraintSyntaxError,
  constraintToString,
  equals as versionEquals,
  intersect as versionIntersect,
  isAny as versionIsAny,
  isEmpty as versionIsEmpty,
  isSimple,
  parseConstraint,
  union as versionUnion,
  type VersionConstraint
} from './poetry-constraints.js'
import {
  genericEquals,
  intersectGeneric,
  isAnything,
  isNothing,
  parseGenericConstraint,
  unionGeneric,
  type GenericConstraint
} from './poetry-generic-constraints.js'
import { next, parseVersion, precision, type PoetryVersion } from './poetry-version.js'
import { LEGACY_MARKER_VARIABLES } from '../requirements.js'

export interface SingleMarker {
  readonly kind: 'single'
  readonly name: string
  readonly operator: string
  readonly value: string
  readonly constraint: Constraint
}
export interface MultiMarker {
  readonly kind: 'all'
  readonly markers: readonly Marker[]
}
export interface MarkerUnion {
  readonly kind: 'any-of'
  readonly markers: readonly Marker[]
}
export type Marker =
  | SingleMarker
  | MultiMarker
  | MarkerUnion
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }

type Constraint =
  | { readonly family: 'version'; readonly c: VersionConstraint }
  | { readonly family: 'generic'; readonly c: GenericConstraint }

/** A marker poetry-core fails on; the message follows poetry-core's where it has one. */
export class MarkerError extends Error {
  override name = 'MarkerError'
}

/** The marker that always holds (no marker at all). */
export const ALWAYS: Marker = { kind: 'always' }
const NEVER: Marker = { kind: 'never' }

const VERSION_LIKE = new Set(['python_version', 'python_full_version', 'platform_release'])
const PYTHON_VERSIONS = new Set(['python_version', 'python_full_version'])
const OPERATOR = /^(~=|!=|>=?|<=?|==?=?|in|not in)?\s*(.+)$/i

// --- single markers -----------------------------------------------------------------------------

/** A condition such as `python_version >= "3.8"` from its name and `operator + value`. */
function singleMarker(name: string, text: string): SingleMarker {
  const match = OPERATOR.exec(text)
  if (match === null) throw new MarkerError(`Invalid marker '${text}'`)
  const operator = match[1] ?? '=='
  const value = match[2] as string
  return {
    kind: 'single',
    name: LEGACY_MARKER_VARIABLES[name] ?? name,
    operator,
    value,
    constraint: VERSION_LIKE.has(name)
      ? { family: 'version', c: versionConstraintOf(operator, value, text) }
      : { family: 'generic', c: genericConstraintOf(operator, value, text) }
  }
}

function versionConstraintOf(operator: string, value: string, text: string): VersionConstraint {
  if (operator !== 'in' && operator !== 'not in') return parseVersionConstraint(text)
  return parseVersionConstraint(versionList(operator, value))
}

/**
 * `in` and `not in` on versions as a constraint: a union of versions, or of wildcards for short
 * ones (`in "3.8 3.9"` → `3.8.* || 3.9.*`), or the matching intersection of exclusions.
 */
function versionList(operator: 'in' | 'not in', value: string): string {
  const versions = value.split(/[ ,]+/).map(version => {
    const parts = version.split('.')
    if (parts.length === 1 || parts.length === 2)
      return `${operator === 'in' ? '' : '!='}${[...parts, '*'].join('.')}`
    return `${operator === 'in' ? '==' : '!='}${parts.join('.')}`
  })
  return versions.join(operator === 'in' ? ' || ' : ', ')
}

function genericConstraintOf(operator: string, value: string, text: string): GenericConstraint {
  if (operator !== 'in' && operator !== 'not in') return parseGenericConstraint(text)
  const [op, glue] = operator === 'in' ? ['==', ' || '] : ['!=', ', ']
  return parseGenericConstraint(
    value
      .split(/[ ,]+/)
      .map(part => `${op} ${part}`)
      .join(glue)
  )
}

function parseVersionConstraint(text: string): VersionConstraint {
  try {
    return parseConstraint(text)
  } catch (error) {
    if (error instanceof ConstraintSyntaxError) throw new MarkerError(error.message)
    throw error
  }
}

/** A single marker for a merged constraint, written and re-read the way poetry-core does it. */
function singleFromConstraint(name: string, constraint: Constraint): SingleMarker {
  if (constraint.family === 'generic')
    throw new MarkerError('Unimplemented marker from a combined value constraint')
  return singleMarker(name, constraintToString(constraint.c))
}

// --- equality -----------------------------------------------------------------------------------

function constraintEquals(a: Constraint, b: Constraint): boolean {
  if (a.family === 'version' && b.family === 'version') return versionEquals(a.c, b.c)
  if (a.family === 'generic' && b.family === 'generic') return genericEquals(a.c, b.c)
  return false
}

function markerEquals(a: Marker, b: Marker): boolean {
  switch (a.kind) {
    case 'always':
    case 'never':
      return b.kind === a.kind
    case 'single':
      return (
        b.kind === 'single' && a.name === b.name && constraintEquals(a.constraint, b.constraint)
      )
    case 'all':
    case 'any-of':
      return (
        b.kind === a.kind &&
        a.markers.every(m => includes(b.markers, m)) &&
        b.markers.every(m => includes(a.markers, m))
      )
  }
}

function includes(list: readonly Marker[], marker: Marker): boolean {
  return list.some(item => markerEquals(item, marker))
}

function sameList(a: readonly Marker[], b: readonly Marker[]): boolean {
  return a.length === b.length && a.every((m, i) => markerEquals(m, b[i] as Marker))
}

/** Whether the marker always holds. */
export function isAlways(m: Marker): boolean {
  return m.kind === 'always' || (m.kind === 'any-of' && m.markers.some(isAlways))
}

/** Whether the marker never holds. */
export function isNever(m: Marker): boolean {
  return m.kind === 'never' || (m.kind === 'any-of' && m.markers.every(isNever))
}

// --- combining ----------------------------------------------------------------------------------

function flattenInto(markers: readonly Marker[], kind: 'all' | 'any-of'): Marker[] {
  return markers.flatMap(m => (m.kind === kind ? flattenInto(m.markers, kind) : [m]))
}

function mergeable(a: Marker, b: SingleMarker): a is SingleMarker {
  if (a.kind !== 'single') return false
  return a.name === b.name || (PYTHON_VERSIONS.has(a.name) && PYTHON_VERSIONS.has(b.name))
}

/** The conjunction of markers, merging conditions on one variable where poetry-core does. */
function allOf(...markers: Marker[]): Marker {
  let current = flattenInto(markers, 'all')
  let previous: Marker[] | undefined
  while (previous === undefined || !sameList(previous, current)) {
    previous = current
    current = []
    for (const original of previous) {
      let marker = original
      if (includes(current, marker) || isAlways(marker)) continue
      if (marker.kind === 'single') {
        let intersected = false
        for (let i = 0; i < current.length; i++) {
          const mark = current[i] as Marker
          if (mergeable(mark, marker)) {
            const merged = mergeSingles(mark, marker, 'all')
            if (merged !== undefined) {
              current[i] = merged
              intersected = true
            }
          } else if (mark.kind === 'any-of') {
            const intersection = intersect(mark, marker)
            if (intersection.kind === 'single') current[i] = intersection
            else if (isNever(intersection)) return NEVER
          }
        }
        if (intersected) continue
      } else if (marker.kind === 'any-of') {
        for (const mark of current) {
          if (mark.kind !== 'single') continue
          const intersection = intersect(marker, mark)
          if (intersection.kind === 'single') {
            marker = intersection
            break
          }
          if (isNever(intersection)) return NEVER
        }
      }
      current.push(marker)
    }
  }
  if (current.length === 0 || current.some(isNever)) return NEVER
  if (current.length === 1) return current[0] as Marker
  return { kind: 'all', markers: current }
}

/** The disjunction of markers, merging and simplifying where poetry-core does. */
function anyOf(...markers: Marker[]): Marker {
  let current = flattenInto(markers, 'any-of')
  let previous: Marker[] | undefined
  while (previous === undefined || !sameList(previous, current)) {
    previous = current
    current = []
    for (const marker of previous) {
      if (includes(current, marker) || isNever(marker)) continue
      let included = false
      for (let i = 0; i < current.length && !included; i++) {
        const mark = current[i] as Marker
        let merged: Marker | undefined
        if (marker.kind === 'single') {
          if (mergeable(mark, marker)) merged = mergeSingles(mark, marker, 'any-of')
          else if (mark.kind === 'all') merged = unionSimplify(mark, marker)
          else continue
        } else if (marker.kind === 'all') {
          merged = unionSimplify(marker, mark)
        } else break
        if (merged !== undefined) {
          current[i] = merged
          included = true
        }
      }
      if (included) current = flattenInto(current, 'any-of')
      else current.push(marker)
    }
  }
  if (current.some(isAlways)) return ALWAYS
  if (current.length === 0) return NEVER
  if (current.length === 1) return current[0] as Marker
  return { kind: 'any-of', markers: current }
}

/** Both markers, combined as poetry-core combines them. */
export function intersect(a: Marker, b: Marker): Marker {
  switch (a.kind) {
    case 'always':
      return b
    case 'never':
      return a
    case 'single':
      return b.kind === 'single' ? allOf(a, b) : intersect(b, a)
    case 'all':
      if (isAlways(b)) return a
      if (isNever(b)) return b
      if (b.kind === 'any-of') return intersect(b, a)
      return allOf(...a.markers, b)
    case 'any-of': {
      if (isAlways(b)) return a
      if (isNever(b)) return b
      const pieces =
        b.kind === 'any-of'
          ? a.markers.flatMap(ours => b.markers.map(theirs => intersect(ours, theirs)))
          : a.markers.map(ours => intersect(ours, b))
      return anyOf(...pieces.filter(m => !isNever(m)))
    }
  }
}

function union(a: Marker, b: Marker): Marker {
  switch (a.kind) {
    case 'always':
      return a
    case 'never':
      return b
    case 'single':
      if (b.kind !== 'single') return union(b, a)
      if (markerEquals(a, b)) return a
      if (markerEquals(a, invert(b))) return ALWAYS
      return anyOf(a, b)
    case 'all':
      return b.kind === 'single' || b.kind === 'all' ? anyOf(a, b) : union(b, a)
    case 'any-of':
      if (isAlways(b)) return b
      if (isNever(b)) return a
      return anyOf(...a.markers, b)
  }
}

/**
 * A union written as one conjunction when that is simpler (`a and b` or `a and c` → `a and (b or
 * c)` only when the inner union collapses), or undefined when no simplification is found.
 */
function unionSimplify(multi: MultiMarker, other: Marker): Marker | undefined {
  if (other.kind === 'single') {
    const unions = multi.markers.map(m => union(m, other)).filter(m => !isAlways(m))
    if (unions.length === 1) return unions[0]
    if (
      includes(unions, other) &&
      unions.every(
        m => markerEquals(other, m) || (m.kind === 'any-of' && includes(m.markers, other))
      )
    )
      return other
    if (!unions.some(m => m.kind === 'any-of')) return allOf(...unions)
  } else if (other.kind === 'all') {
    const common = multi.markers.filter(m => includes(other.markers, m))
    const unique = multi.markers.filter(m => !includes(common, m))
    if (unique.length === 0) return multi
    const otherUnique = other.markers.filter(m => !includes(common, m))
    if (otherUnique.length === 0) return other
    if (common.length > 0) {
      const uniqueUnion = union(allOf(...unique), allOf(...otherUnique))
      if (uniqueUnion.kind !== 'any-of') return intersect(allOf(...common), uniqueUnion)
    } else {
      const unions = otherUnique.flatMap(theirs => unique.map(ours => union(ours, theirs)))
      const conjunction = allOf(...unions)
      if (conjunction.kind !== 'all' || !conjunction.markers.some(m => m.kind === 'any-of'))
        return conjunction
    }
  }
  return undefined
}

const INVERSE: Record<string, string> = {
  '===': '!=',
  '==': '!=',
  '!=': '==',
  '>': '<=',
  '>=': '<',
  '<': '>=',
  '<=': '>',
  in: 'not in',
  'not in': 'in'
}

function invert(m: Marker): Marker {
  switch (m.kind) {
    case 'always':
      return NEVER
    case 'never':
      return ALWAYS
    case 'all':
      return anyOf(...m.markers.map(invert))
    case 'any-of':
      return allOf(...m.markers.map(invert))
    case 'single': {
      if (m.operator === '~=') {
        const range = m.constraint.c as VersionConstraint
        if (range.kind !== 'range')
          throw new MarkerError("The '~=' operator should only represent version ranges")
        const bound = (v: PoetryVersion | undefined): string => (v === undefined ? '' : v.text)
        return invert(
          allOf(
            singleMarker(m.name, `${range.includeMin ? '>=' : '>'} ${bound(range.min)}`),
            singleMarker(m.name, `${range.includeMax ? '<=' : '<'} ${bound(range.max)}`)
          )
        )
      }
      const operator = INVERSE[m.operator]
      if (operator === undefined) throw new MarkerError(`Invalid marker operator '${m.operator}'`)
      return parseMarker(`${m.name} ${operator} '${m.value}'`)
    }
  }
}

function mergeSingles(a: SingleMarker, b: SingleMarker, how: 'all' | 'any-of'): Marker | undefined {
  if (a.name !== b.name && PYTHON_VERSIONS.has(a.name) && PYTHON_VERSIONS.has(b.name))
    return mergePythonVersions(a, b, how)
  const merged = mergeConstraints(a.constraint, b.constraint, how)
  if (isEmptyConstraint(merged)) return NEVER
  if (isAnyConstraint(merged)) return ALWAYS
  if (constraintEquals(merged, a.constraint)) return a
  if (constraintEquals(merged, b.constraint)) return b
  if (merged.family === 'version' && isSimple(merged.c)) return singleFromConstraint(a.name, merged)
  return undefined
}

function mergeConstraints(a: Constraint, b: Constraint, how: 'all' | 'any-of'): Constraint {
  if (a.family === 'version' && b.family === 'version')
    return {
      family: 'version',
      c: how === 'all' ? versionIntersect(a.c, b.c) : versionUnion(a.c, b.c)
    }
  if (a.family === 'generic' && b.family === 'generic')
    return {
      family: 'generic',
      c: how === 'all' ? intersectGeneric(a.c, b.c) : unionGeneric(a.c, b.c)
    }
  throw new MarkerError('Cannot combine a version condition with a value condition')
}

function isEmptyConstraint(c: Constraint): boolean {
  return c.family === 'version' ? versionIsEmpty(c.c) : isNothing(c.c)
}

function isAnyConstraint(c: Constraint): boolean {
  return c.family === 'version' ? versionIsAny(c.c) : isAnything(c.c)
}

/**
 * `python_version` and `python_full_version` together: the first is widened to the versions it
 * really covers (`python_version <= "3.8"` is `python_full_version < "3.9"`) before merging.
 */
function mergePythonVersions(
  a: SingleMarker,
  b: SingleMarker,
  how: 'all' | 'any-of'
): Marker | undefined {
  const [short, full] = a.name === 'python_version' ? [a, b] : [b, a]
  const widened = singleFromConstraint('python_full_version', {
    family: 'version',
    c: pythonConstraintOf(short)
  })
  let merged = mergeSingles(widened, full, how)
  if (merged !== undefined && markerEquals(merged, widened)) return short
  if (merged?.kind === 'single') {
    const text = markerToString(merged)
    const parts = text.split('.').length
    if (parts < 3) merged = parseMarker(`${text.slice(0, -1)}${'.0'.repeat(3 - parts)}"`)
  }
  return merged
}

/** The Python versions a `python_version` condition admits, as poetry-core normalises them. */
function pythonConstraintOf(marker: SingleMarker): VersionConstraint {
  return parseVersionConstraint(normalizePythonVersions([[[marker.operator, marker.value]]]))
}

/** An operator and a value, as written in a condition. */
type Condition = readonly [operator: string, value: string]

/**
 * Python version conditions (alternatives of conjunctions) as one constraint text. A condition on
 * `python_version` covers whole minor versions: `== "3.8"` is `~3.8`, `<= "3.8"` is `< 3.9`.
 */
function normalizePythonVersions(disjunction: ReadonlyArray<readonly Condition[]>): string {
  return disjunction.map(conjunction => conjunction.map(normalizeCondition).join(' ')).join(' || ')
}

function normalizeCondition([operator, value]: Condition): string {
  if (operator === 'in' || operator === 'not in') return versionList(operator, value)
  const dots = value.split('.').length - 1
  if (operator === '==' && !value.includes('*') && dots < 2) return `~${value}`
  if (operator === '!=' && !value.includes('*') && dots < 2) return `!=${value}.*`
  if (operator === '<=' || operator === '>') {
    const version = parseVersion(value)
    if (version === undefined) throw new MarkerError(`Invalid PEP 440 version: '${value}'`)
    let op = operator
    let text = value
    if (precision(version) < 3) op = operator === '<=' ? '<' : '>='
    if (precision(version) === 2) text = next(version, 'minor').text
    return `${op}${text}`
  }
  return `${operator}${value}`
}

// --- disjunctive normal form ----------------------------------------------------------------------

function product<T>(lists: ReadonlyArray<readonly T[]>): T[][] {
  return lists.reduce<T[][]>(
    (combinations, list) =>
      combinations.flatMap(combination => list.map(item => [...combination, item])),
    [[]]
  )
}

/** The marker as alternatives of conjunctions, simplified along the way as poetry-core does. */
function dnf(m: Marker): Marker {
  if (m.kind === 'all') {
    const lists = m.markers.map(dnf).map(x => (x.kind === 'any-of' ? x.markers : [x]))
    return anyOf(...product(lists).map(combination => allOf(...combination)))
  }
  if (m.kind === 'any-of') return anyOf(...m.markers.map(dnf))
  return m
}

/**
 * The conditions of each alternative of the marker's normal form, by variable
 * (`python_full_version` counted as `python_version`), as poetry-core collects them when a
 * dependency gets its marker: that step decides whether `extra == "..."` is added, and fails on
 * markers poetry-core cannot normalise, so it is repeated here.
 */
export function checkMarker(marker: Marker): { mentionsExtra: boolean } {
  const normal = dnf(marker)
  const conjunctions = normal.kind === 'any-of' ? normal.markers : [normal]
  const byName = new Map<string, Condition[][]>()
  conjunctions.forEach((conjunction, index) => {
    const singles =
      conjunction.kind === 'all'
        ? conjunction.markers.filter((x): x is SingleMarker => x.kind === 'single')
        : conjunction.kind === 'single'
          ? [conjunction]
          : []
    for (const single of singles) {
      const name = single.name === 'python_full_version' ? 'python_version' : single.name
      const groups = byName.get(name) ?? conjunctions.map((): Condition[] => [])
      groups[index]?.push([single.operator, single.value])
      byName.set(name, groups)
    }
  })
  const python = byName.get('python_version')
  if (python !== undefined && python.every(group => group.length > 0)) {
    const distinct = python.filter(
      (group, index) =>
        python.findIndex(other => JSON.stringify(other) === JSON.stringify(group)) === index
    )
    parseVersionConstraint(normalizePythonVersions(distinct))
  }
  return { mentionsExtra: byName.has('extra') }
}

// --- text ---------------------------------------------------------------------------------------

/** The marker as poetry-core writes it: double quotes, `and` inside `or` without parentheses. */
export function markerToString(m: Marker): string {
  switch (m.kind) {
    case 'always':
      return ''
    case 'never':
      return '<empty>'
    case 'single':
      return `${m.name} ${m.operator} "${m.value}"`
    case 'all':
      return m.markers
        .map(x =>
          x.kind === 'single' || x.kind === 'all' ? markerToString(x) : `(${markerToString(x)})`
        )
        .join(' and ')
    case 'any-of':
      return m.markers
        .filter(x => !isAlways(x) && !isNever(x))
        .map(markerToString)
        .join(' or ')
  }
}

// --- markers for constraints (`python = "^3.8"`, `platform = "linux"`, extras) -------------------

/** The marker text poetry-core builds for a version constraint on `name`. */
export function versionMarkerText(name: string, c: VersionConstraint): string {
  switch (c.kind) {
    case 'empty':
      throw new MarkerError('The constraint admits no version')
    case 'union':
      return c.ranges.map(range => `(${versionMarkerText(name, range)})`).join(' or ')
    case 'version':
      return `${name === 'python_version' && precision(c) >= 3 ? 'python_full_version' : name} == "${c.text}"`
    case 'range': {
      if (versionIsAny(c)) return ''
      const parts: string[] = []
      if (c.min !== undefined) {
        const full = name === 'python_version' && precision(c.min) >= 3
        const minName = full ? 'python_full_version' : name
        if (minName === 'python_version' && !c.includeMin) {
          // `python_version > "3.8"` would exclude 3.8.1, so poetry-core writes the full version.
          parts.push(`python_full_version > "${c.min.text}${'.0'.repeat(3 - precision(c.min))}"`)
        } else {
          parts.push(`${minName} ${c.includeMin ? '>=' : '>'} "${c.min.text}"`)
        }
      }
      if (c.max !== undefined) {
        const full = name === 'python_version' && precision(c.max) >= 3
        const maxName = full ? 'python_full_version' : name
        if (maxName === 'python_version' && c.includeMax) {
          parts.push(`python_full_version <= "${c.max.text}${'.0'.repeat(3 - precision(c.max))}"`)
        } else {
          parts.push(`${maxName} ${c.includeMax ? '<=' : '<'} "${c.max.text}"`)
        }
      }
      return parts.join(' and ')
    }
  }
}

/** The marker text poetry-core builds for a value constraint on `name` (`platform`, extras). */
export function valueMarkerText(name: string, c: GenericConstraint): string {
  switch (c.kind) {
    case 'anything':
      return ''
    case 'nothing':
      throw new MarkerError('The constraint admits no value')
    case 'value':
      return `${name} ${c.operator} "${c.value}"`
    case 'all-of':
      return c.constraints.map(part => valueMarkerText(name, part)).join(' and ')
    case 'any-of':
      return c.constraints
        .map(part =>
          part.kind === 'all-of' || part.kind === 'any-of'
            ? `(${valueMarkerText(name, part)})`
            : valueMarkerText(name, part)
        )
        .join(' or ')
  }
}

// --- parsing ------------------------------------------------------------------------------------

const MARKER_NAMES = [
  'implementation_version',
  'platform_python_implementation',
  'implementation_name',
  'python_full_version',
  'platform_release',
  'platform_version',
  'platform_machine',
  'platform_system',
  'python_version',
  'sys_platform',
  'os_name',
  'os.name',
  'sys.platform',
  'platform.version',
  'platform.machine',
  'platform.python_implementation',
  'python_implementation',
  'extra'
].sort((a, b) => b.length - a.length)
const OPERATORS = ['===', '==', '>=', '<=', '>', '<', '!=', '~=', 'not in', 'in']

type TokenKind = 'name' | 'op' | 'string' | 'bool' | '(' | ')'

/** A marker whose syntax poetry-core's grammar rejects; `column` is 1-based. */
export class MarkerSyntaxError extends MarkerError {
  override name = 'MarkerSyntaxError'
  constructor(
    readonly column: number,
    readonly found: string
  ) {
    super(`unexpected ${found === '' ? 'end of text' : `"${found}"`} at column ${column}`)
  }
}

/**
 * Reads tokens the way poetry-core's grammar does: the kinds allowed next are tried in order, names
 * and operators are literal words, strings are in single or double quotes (a backslash escapes a
 * double quote but is kept), and spaces and tabs between tokens are ignored.
 */
class Tokens {
  private at = 0
  constructor(private readonly text: string) {}

  private skipBlanks(): void {
    while (this.text[this.at] === ' ' || this.text[this.at] === '\t') this.at++
  }

  done(): boolean {
    this.skipBlanks()
    return this.at >= this.text.length
  }

  fail(): never {
    this.skipBlanks()
    throw new MarkerSyntaxError(this.at + 1, this.text.slice(this.at, this.at + 1))
  }

  /** The next token if it is of the given kind (consumed), else undefined. */
  take(kind: TokenKind): string | undefined {
    this.skipBlanks()
    const rest = this.text.slice(this.at)
    let text: string | undefined
    if (kind === '(' || kind === ')') text = rest.startsWith(kind) ? kind : undefined
    else if (kind === 'bool') text = /^(and|or)/.exec(rest)?.[0]
    else if (kind === 'name') text = MARKER_NAMES.find(name => rest.startsWith(name))
    else if (kind === 'op') text = OPERATORS.find(op => rest.startsWith(op))
    else text = (/^'[^']*'/.exec(rest) ?? /^"[^\n]*?(?<!\\)(\\\\)*?"/.exec(rest))?.[0]
    if (text !== undefined) this.at += text.length
    return text
  }
}

/** A parenthesised group: conditions and groups separated by `and` / `or`, as written. */
type Group = Array<SingleMarker | Group | 'and' | 'or'>

function parseGroup(tokens: Tokens): Group {
  const group: Group = [parseAtom(tokens)]
  for (;;) {
    const bool = tokens.take('bool')
    if (bool === undefined) return group
    group.push(bool as 'and' | 'or', parseAtom(tokens))
  }
}

function parseAtom(tokens: Tokens): SingleMarker | Group {
  if (tokens.take('(') !== undefined) {
    const inner = parseGroup(tokens)
    if (tokens.take(')') === undefined) tokens.fail()
    return inner
  }
  const name = tokens.take('name')
  if (name !== undefined) {
    const op = tokens.take('op') ?? tokens.fail()
    const value = tokens.take('string') ?? tokens.fail()
    return singleMarker(name, `${op}${value.slice(1, -1)}`)
  }
  const value = tokens.take('string') ?? tokens.fail()
  const op = tokens.take('op') ?? tokens.fail()
  const variable = tokens.take('name') ?? tokens.fail()
  return singleMarker(variable, `${op}${value.slice(1, -1)}`)
}

/**
 * Builds the marker of a group as poetry-core does: conditions joined by `and` are intersected as
 * they come, `or` starts a new alternative, and the alternatives are united at the end.
 */
function compact(group: Group): Marker {
  const alternatives: Marker[] = [{ kind: 'all', markers: [] }]
  const last = (): number => alternatives.length - 1
  for (const item of group) {
    if (item === 'or') alternatives.push({ kind: 'all', markers: [] })
    else if (item === 'and') continue
    else if (Array.isArray(item))
      alternatives[last()] = allOf(alternatives[last()] as Marker, compact(item))
    else alternatives[last()] = allOf(alternatives[last()] as Marker, item)
  }
  // poetry-core walks the alternatives backwards, counting from the end of the shrinking list.
  let index = alternatives.length - 1
  for (let i = 0; index >= 0 && index < alternatives.length; i++) {
    const alternative = alternatives[index--] as Marker
    if (isNever(alternative)) alternatives.splice(alternatives.length - 1 - i, 1)
    else if (alternative.kind === 'all' && alternative.markers.length === 1)
      alternatives[alternatives.length - 1 - i] = alternative.markers[0] as Marker
  }
  if (alternatives.length === 0) return NEVER
  if (alternatives.length === 1) return alternatives[0] as Marker
  return anyOf(...alternatives)
}

/** Parses an environment marker as poetry-core 1.x does; throws a MarkerError otherwise. */
export function parseMarker(text: string): Marker {
  if (text === '<empty>') return NEVER
  if (text === '' || text === '*') return ALWAYS
  const tokens = new Tokens(text)
  const group = parseGroup(tokens)
  if (!tokens.done()) tokens.fail()
  return compact([group])
}
