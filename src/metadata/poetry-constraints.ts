/**
 * poetry-core 1.x version constraints (`^1.2`, `~1.2.3`, `~=1.2`, `1.2.*`, `>=1,<2 || >=3`) and the
 * way it writes them back. poetry-core does not copy a constraint into METADATA: it parses it into
 * ranges, merges and intersects them, and prints the result, so the same algebra is needed to write
 * the same text. Pure.
 */
import {
  compareReleases,
  compareVersions,
  firstPrerelease,
  fromParts,
  isLocal,
  isPostrelease,
  isStable,
  makeVersion,
  next,
  nextBreaking,
  parseVersion,
  precision,
  release,
  stable,
  VERSION_SOURCE,
  versionsEqual,
  withoutLocal,
  withoutPostrelease,
  type PoetryVersion
} from './poetry-version.js'

export interface VersionRange {
  readonly kind: 'range'
  readonly min?: PoetryVersion
  readonly max?: PoetryVersion
  readonly includeMin: boolean
  readonly includeMax: boolean
  /** The bound really used for `<2.0`: `2.0a0`, so that pre-releases of 2.0 fall outside. */
  readonly fullMax?: PoetryVersion
}

export interface VersionUnion {
  readonly kind: 'union'
  readonly ranges: readonly RangeLike[]
}

export interface EmptyConstraint {
  readonly kind: 'empty'
}

/** A single version is also the range from itself to itself. */
export type RangeLike = PoetryVersion | VersionRange
export type VersionConstraint = RangeLike | VersionUnion | EmptyConstraint

/** A constraint poetry-core cannot read (or write as Requires-Python); messages follow its own. */
export class ConstraintSyntaxError extends Error {
  override name = 'ConstraintSyntaxError'
}

const EMPTY: EmptyConstraint = { kind: 'empty' }

function makeRange(
  min?: PoetryVersion,
  max?: PoetryVersion,
  includeMin = false,
  includeMax = false
): VersionRange {
  let fullMax = max
  if (
    !includeMax &&
    max !== undefined &&
    isStable(max) &&
    !isPostrelease(max) &&
    (min === undefined || isStable(min) || compareReleases(min.release, max.release) !== 0)
  ) {
    fullMax = firstPrerelease(max)
  }
  return {
    kind: 'range',
    ...(min ? { min } : {}),
    ...(max ? { max } : {}),
    includeMin,
    includeMax,
    ...(fullMax ? { fullMax } : {})
  }
}

const ANY: VersionRange = makeRange()

// --- the bounds of a range-like constraint -------------------------------------------------------

function lower(c: RangeLike): PoetryVersion | undefined {
  return c.kind === 'version' ? c : c.min
}
function upper(c: RangeLike): PoetryVersion | undefined {
  return c.kind === 'version' ? c : c.max
}
function fullUpper(c: RangeLike): PoetryVersion | undefined {
  return c.kind === 'version' ? c : c.fullMax
}
function includesLower(c: RangeLike): boolean {
  return c.kind === 'version' || c.includeMin
}
function includesUpper(c: RangeLike): boolean {
  return c.kind === 'version' || c.includeMax
}

/** Optional versions are equal when both are absent or both present and equal. */
function sameBound(a: PoetryVersion | undefined, b: PoetryVersion | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return versionsEqual(a, b)
}

function allowsLower(c: RangeLike, other: RangeLike): boolean {
  const [a, b] = [lower(c), lower(other)]
  if (a === undefined) return b !== undefined
  if (b === undefined) return false
  const order = compareVersions(a, b)
  if (order !== 0) return order < 0
  return includesLower(c) && !includesLower(other)
}

function allowsHigher(c: RangeLike, other: RangeLike): boolean {
  const a = fullUpper(c)
  if (a === undefined) return upper(other) !== undefined
  const b = fullUpper(other)
  if (b === undefined) return false
  const order = compareVersions(a, b)
  if (order !== 0) return order > 0
  return includesUpper(c) && !includesUpper(other)
}

function isStrictlyLower(c: RangeLike, other: RangeLike): boolean {
  const [a, b] = [fullUpper(c), lower(other)]
  if (a === undefined || b === undefined) return false
  const order = compareVersions(a, b)
  if (order !== 0) return order < 0
  return !includesUpper(c) || !includesLower(other)
}

function isStrictlyHigher(c: RangeLike, other: RangeLike): boolean {
  return isStrictlyLower(other, c)
}

function isAdjacentTo(c: RangeLike, other: RangeLike): boolean {
  if (!sameBound(upper(c), lower(other))) return false
  return includesUpper(c) !== includesLower(other)
}

// --- predicates ----------------------------------------------------------------------------------

/** Whether the constraint admits every version (`*`). */
export function isAny(c: VersionConstraint): boolean {
  return c.kind === 'range' && c.min === undefined && c.max === undefined
}

/** Whether the constraint admits no version at all. */
export function isEmpty(c: VersionConstraint): boolean {
  return c.kind === 'empty'
}

/** A version, a range open on one side, or "all but one version". */
export function isSimple(c: VersionConstraint): boolean {
  if (c.kind === 'range') return c.min === undefined || c.max === undefined
  if (c.kind === 'union') return excludesSingleVersion(c)
  return true
}

function versionAllows(v: PoetryVersion, other: PoetryVersion): boolean {
  return versionsEqual(v, !isLocal(v) && isLocal(other) ? withoutLocal(other) : other)
}

function rangeAllows(r: VersionRange, other: PoetryVersion): boolean {
  if (r.min !== undefined) {
    if (compareVersions(other, r.min) < 0) return false
    if (!r.includeMin && versionsEqual(other, r.min)) return false
  }
  if (r.fullMax !== undefined) {
    let candidate = other
    if (!isLocal(r.fullMax) && isLocal(candidate)) candidate = withoutLocal(candidate)
    if (!isPostrelease(r.fullMax) && isPostrelease(candidate))
      candidate = withoutPostrelease(candidate)
    if (compareVersions(candidate, r.fullMax) > 0) return false
    if (!r.includeMax && versionsEqual(candidate, r.fullMax)) return false
  }
  return true
}

function allows(c: VersionConstraint, v: PoetryVersion): boolean {
  switch (c.kind) {
    case 'empty':
      return false
    case 'version':
      return versionAllows(c, v)
    case 'range':
      return rangeAllows(c, v)
    case 'union':
      return c.ranges.some(r => allows(r, v))
  }
}

function flatten(c: VersionConstraint): readonly RangeLike[] {
  if (c.kind === 'empty') return []
  return c.kind === 'union' ? c.ranges : [c]
}

/** Whether some version admitted by `other` is also admitted by `c`. */
export function allowsAny(c: VersionConstraint, other: VersionConstraint): boolean {
  switch (c.kind) {
    case 'empty':
      return false
    case 'version':
      return other.kind === 'version' ? allows(c, other) : allows(other, c)
    case 'range':
      if (other.kind === 'empty') return false
      if (other.kind === 'version') return allows(c, other)
      if (other.kind === 'union') return other.ranges.some(r => allowsAny(c, r))
      return !isStrictlyLower(other, c) && !isStrictlyHigher(other, c)
    case 'union': {
      const ours = c.ranges
      const theirs = flatten(other)
      let [i, j] = [0, 0]
      while (i < ours.length && j < theirs.length) {
        const [our, their] = [ours[i] as RangeLike, theirs[j] as RangeLike]
        if (allowsAny(our, their)) return true
        if (allowsHigher(their, our)) i++
        else j++
      }
      return false
    }
  }
}

// --- intersection, union, difference -------------------------------------------------------------

/** The versions both constraints admit. */
export function intersect(c: VersionConstraint, other: VersionConstraint): VersionConstraint {
  switch (c.kind) {
    case 'empty':
      return c
    case 'version':
      if (allows(other, c)) return c
      if (other.kind === 'version' && allows(c, other)) return other
      return EMPTY
    case 'range':
      return intersectRange(c, other)
    case 'union': {
      const ours = c.ranges
      const theirs = flatten(other)
      const found: VersionConstraint[] = []
      let [i, j] = [0, 0]
      while (i < ours.length && j < theirs.length) {
        const [our, their] = [ours[i] as RangeLike, theirs[j] as RangeLike]
        const intersection = intersect(our, their)
        if (!isEmpty(intersection)) found.push(intersection)
        if (allowsHigher(their, our)) i++
        else j++
      }
      return unionOf(...found)
    }
  }
}

function intersectRange(r: VersionRange, other: VersionConstraint): VersionConstraint {
  if (other.kind === 'empty') return other
  if (other.kind === 'union') return intersect(other, r)
  if (other.kind === 'version') return allows(r, other) ? other : EMPTY
  // The higher of the two lower ends, unless the ranges do not meet at all.
  const ourLowerEnd = allowsLower(r, other)
  if (ourLowerEnd ? isStrictlyLower(r, other) : isStrictlyLower(other, r)) return EMPTY
  const { min, includeMin } = ourLowerEnd ? other : r
  const [max, includeMax] = allowsHigher(r, other)
    ? [other.max, other.includeMax]
    : [r.max, r.includeMax]
  if (min === undefined && max === undefined) return ANY
  // Both ends at one version: the overlap is that version.
  if (sameBound(min, max)) return min as PoetryVersion
  return makeRange(min, max, includeMin, includeMax)
}

/** The versions either constraint admits. */
export function union(c: VersionConstraint, other: VersionConstraint): VersionConstraint {
  switch (c.kind) {
    case 'empty':
      return other
    case 'version':
      if (allows(other, c)) return other
      if (other.kind === 'version' || other.kind === 'range') {
        const [min, max] = [lower(other), upper(other)]
        if (min !== undefined && allows(c, min))
          return makeRange(min, max, true, includesUpper(other))
        if (max !== undefined && allows(c, max))
          return makeRange(min, max, includesLower(other), true)
      }
      return unionOf(c, other)
    case 'range':
      return unionRange(c, other)
    case 'union':
      return unionOf(c, other)
  }
}

function unionRange(r: VersionRange, other: VersionConstraint): VersionConstraint {
  if (other.kind === 'version') {
    if (allows(r, other)) return r
    if (sameBound(other, r.min)) return makeRange(r.min, r.max, true, r.includeMax)
    if (sameBound(other, r.max)) return makeRange(r.min, r.max, r.includeMin, true)
    return unionOf(r, other)
  }
  if (other.kind !== 'range') return unionOf(r, other)
  const edgesTouch =
    (sameBound(r.max, other.min) && (r.includeMax || other.includeMin)) ||
    (sameBound(r.min, other.max) && (r.includeMin || other.includeMax))
  if (!edgesTouch && !allowsAny(r, other)) return unionOf(r, other)
  const [min, includeMin] = allowsLower(r, other)
    ? [r.min, r.includeMin]
    : [other.min, other.includeMin]
  const [max, includeMax] = allowsHigher(r, other)
    ? [r.max, r.includeMax]
    : [other.max, other.includeMax]
  return makeRange(min, max, includeMin, includeMax)
}

function difference(c: VersionConstraint, other: VersionConstraint): VersionConstraint {
  switch (c.kind) {
    case 'empty':
      return c
    case 'version':
      return allows(other, c) ? EMPTY : c
    case 'range':
      return differenceRange(c, other)
    case 'union':
      return differenceUnion(c, other)
  }
}

function differenceRange(r: VersionRange, other: VersionConstraint): VersionConstraint {
  if (other.kind === 'empty') return r
  if (other.kind === 'version') {
    if (!allows(r, other)) return r
    if (sameBound(other, r.min)) {
      return r.includeMin ? makeRange(r.min, r.max, false, r.includeMax) : r
    }
    if (sameBound(other, r.max)) {
      return r.includeMax ? makeRange(r.min, r.max, r.includeMin, false) : r
    }
    return unionOf(
      makeRange(r.min, other, r.includeMin, false),
      makeRange(other, r.max, false, r.includeMax)
    )
  }
  if (other.kind === 'range') {
    if (!allowsAny(r, other)) return r
    let before: VersionConstraint | undefined
    if (!allowsLower(r, other)) before = undefined
    else if (sameBound(r.min, other.min)) before = r.min
    else before = makeRange(r.min, other.min, r.includeMin, !other.includeMin)
    let after: VersionConstraint | undefined
    if (!allowsHigher(r, other)) after = undefined
    else if (sameBound(r.max, other.max)) after = r.max
    else after = makeRange(other.max, r.max, !other.includeMax, r.includeMax)
    if (before === undefined && after === undefined) return EMPTY
    if (before === undefined) return after as VersionConstraint
    if (after === undefined) return before
    return unionOf(before, after)
  }
  const ranges: RangeLike[] = []
  let current: RangeLike = r
  for (const range of other.ranges) {
    if (isStrictlyLower(range, current)) continue
    if (isStrictlyHigher(range, current)) break
    const rest = difference(current, range)
    if (isEmpty(rest)) return EMPTY
    if (rest.kind === 'union') {
      ranges.push(rest.ranges[0] as RangeLike)
      current = rest.ranges[rest.ranges.length - 1] as RangeLike
    } else {
      current = rest as RangeLike
    }
  }
  if (ranges.length === 0) return current
  return unionOf(...ranges, current)
}

/** Walks both lists of ranges in order, keeping what of ours their ranges do not cover. */
function differenceUnion(u: VersionUnion, other: VersionConstraint): VersionConstraint {
  const ours = u.ranges
  const theirs = flatten(other)
  const kept: VersionConstraint[] = []
  let ourIndex = 0
  let theirIndex = 0
  let current = ours[0] as RangeLike
  const nextTheirs = (): boolean => {
    theirIndex++
    if (theirIndex < theirs.length) return true
    kept.push(current, ...ours.slice(ourIndex + 1))
    return false
  }
  const nextOurs = (includeCurrent = true): boolean => {
    if (includeCurrent) kept.push(current)
    ourIndex++
    if (ourIndex >= ours.length) return false
    current = ours[ourIndex] as RangeLike
    return true
  }
  while (theirIndex < theirs.length) {
    const their = theirs[theirIndex] as RangeLike
    if (isStrictlyLower(their, current)) {
      if (!nextTheirs()) break
      continue
    }
    if (isStrictlyHigher(their, current)) {
      if (!nextOurs()) break
      continue
    }
    const rest = difference(current, their)
    if (rest.kind === 'union') {
      kept.push(rest.ranges[0] as RangeLike)
      current = rest.ranges[rest.ranges.length - 1] as RangeLike
      if (!nextTheirs()) break
    } else if (isEmpty(rest)) {
      if (!nextOurs(false)) break
    } else {
      current = rest as RangeLike
      if (allowsHigher(current, their)) {
        if (!nextTheirs()) break
      } else if (!nextOurs()) break
    }
  }
  if (kept.length === 0) return EMPTY
  if (kept.length === 1) return kept[0] as VersionConstraint
  return unionOf(...kept)
}

/** Order of ranges by lower bound, then upper bound, as poetry-core sorts them before merging. */
function compareRanges(a: RangeLike, b: RangeLike): number {
  const [aMin, bMin] = [lower(a), lower(b)]
  if (aMin === undefined) return bMin === undefined ? compareUppers(a, b) : -1
  if (bMin === undefined) return 1
  const order = compareVersions(aMin, bMin)
  if (order !== 0) return order
  if (includesLower(a) !== includesLower(b)) return includesLower(a) ? -1 : 1
  return compareUppers(a, b)
}

function compareUppers(a: RangeLike, b: RangeLike): number {
  const [aMax, bMax] = [upper(a), upper(b)]
  if (aMax === undefined) return bMax === undefined ? 0 : 1
  if (bMax === undefined) return -1
  const order = compareVersions(aMax, bMax)
  if (order !== 0) return order
  if (includesUpper(a) !== includesUpper(b)) return includesUpper(a) ? 1 : -1
  return 0
}

/** The union of constraints, with touching and overlapping ranges merged. */
function unionOf(...constraints: VersionConstraint[]): VersionConstraint {
  const flat: RangeLike[] = constraints.flatMap(c => [...flatten(c)])
  if (flat.length === 0) return EMPTY
  if (flat.some(isAny)) return ANY
  const sorted = [...flat].sort(compareRanges)
  const merged: RangeLike[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last === undefined || (!allowsAny(last, range) && !isAdjacentTo(last, range))) {
      merged.push(range)
    } else {
      merged[merged.length - 1] = union(last, range) as RangeLike
    }
  }
  if (merged.length === 1) return merged[0] as RangeLike
  return { kind: 'union', ranges: merged }
}

/** Equality as poetry-core's `==` decides it (the left operand's rule). */
export function equals(a: VersionConstraint, b: VersionConstraint): boolean {
  switch (a.kind) {
    case 'empty':
      return isEmpty(b)
    case 'version':
      if (b.kind === 'version') return versionsEqual(a, b)
      if (b.kind === 'range')
        return sameBound(a, b.min) && sameBound(a, b.max) && (b.includeMin || b.includeMax)
      return false
    case 'range':
      if (b.kind !== 'version' && b.kind !== 'range') return false
      return (
        sameBound(a.min, lower(b)) &&
        sameBound(a.max, upper(b)) &&
        a.includeMin === includesLower(b) &&
        a.includeMax === includesUpper(b)
      )
    case 'union':
      return (
        b.kind === 'union' &&
        a.ranges.length === b.ranges.length &&
        a.ranges.every((r, i) => equals(r, b.ranges[i] as RangeLike))
      )
  }
}

// --- "all but one version" and "all but a wildcard" ----------------------------------------------

function excludesSingleVersion(u: VersionUnion): boolean {
  return difference(ANY, u).kind === 'version'
}

/** The range whose upper end is open, then the one whose lower end is open. */
function exclusionEnds(u: VersionUnion): [RangeLike, RangeLike] {
  const [first, second] = u.ranges as [RangeLike, RangeLike]
  return upper(first) !== undefined ? [first, second] : [second, first]
}

function excludesSingleWildcardRange(u: VersionUnion): boolean {
  if (u.ranges.length !== 2) return false
  const [one, two] = exclusionEnds(u)
  const isExclusion =
    upper(one) !== undefined &&
    !includesUpper(one) &&
    lower(two) !== undefined &&
    includesLower(two)
  if (!isExclusion || !isValidWildcardGap(one, two)) return false
  return difference(ANY, u).kind === 'range'
}

/** Whether the gap between `<X` and `>=Y` is one wildcard such as `2.0.*`. */
function isValidWildcardGap(one: RangeLike, two: RangeLike): boolean {
  const max = upper(one) as PoetryVersion
  const min = lower(two) as PoetryVersion
  const maxPrecision = Math.max(precision(max), precision(min))
  const nexts = (v: PoetryVersion): PoetryVersion[] => [
    next(v, 'major'),
    next(v, 'minor'),
    next(v, 'patch')
  ]
  if (maxPrecision <= 3) return nexts(max).some(v => versionsEqual(v, min))
  // With parts after the patch, both ends are padded to the same length and each part is bumped.
  const padded = (v: PoetryVersion): { extra: number[]; version: PoetryVersion } => {
    const extra = [...v.release.extra]
    while (extra.length < maxPrecision - 3) extra.push(0)
    const parts = [v.release.major, v.release.minor ?? 0, v.release.patch ?? 0, ...extra]
    return { extra, version: fromParts(...parts) }
  }
  const one_ = padded(max)
  const two_ = padded(min)
  const candidates = nexts(one_.version)
  const { major, minor, patch } = one_.version.release
  one_.extra.forEach((part, index) => {
    // poetry-core slices with index - 1, which for the first part is Python's "all but the last".
    const head = one_.extra.slice(0, index - 1)
    const bumped = [...head, part + 1, ...one_.extra.slice(index + 1)]
    candidates.push(makeVersion({ release: release([major, minor ?? 0, patch ?? 0, ...bumped]) }))
  })
  return candidates.some(v => versionsEqual(v, two_.version))
}

function wildcardExclusion(u: VersionUnion): string | undefined {
  if (!excludesSingleWildcardRange(u)) return undefined
  const [one, two] = exclusionEnds(u)
  const [a, b] = [upper(one) as PoetryVersion, lower(two) as PoetryVersion]
  const semver = (v: PoetryVersion): number[] => [
    v.release.major,
    v.release.minor ?? 0,
    v.release.patch ?? 0,
    ...v.release.extra
  ]
  const [partsA, partsB] = [semver(a), semver(b)]
  const parts: string[] = []
  for (const [index, part] of partsA.entries()) {
    parts.push(String(part))
    if (partsB[index] !== part) {
      parts.push('*')
      return `!=${parts.join('.')}`
    }
  }
  return undefined
}

// --- text ---------------------------------------------------------------------------------------

/** The constraint as poetry-core prints it (`>=1.2,<2.0`, `!=1.4`, `!=2.*`, `a || b`). */
export function constraintToString(c: VersionConstraint): string {
  switch (c.kind) {
    case 'empty':
      return '<empty>'
    case 'version':
      return c.text
    case 'range': {
      if (c.min === undefined && c.max === undefined) return '*'
      let text = ''
      if (c.min !== undefined) text += `${c.includeMin ? '>=' : '>'}${c.min.text}`
      if (c.max !== undefined) {
        if (c.min !== undefined) text += ','
        text += `${c.includeMax ? '<=' : '<'}${c.max.text}`
      }
      return text
    }
    case 'union': {
      const excluded = difference(ANY, c)
      if (excluded.kind === 'version') return `!=${excluded.text}`
      return wildcardExclusion(c) ?? c.ranges.map(constraintToString).join(' || ')
    }
  }
}

// --- parsing ------------------------------------------------------------------------------------

const WILDCARD = /^v?[xX*](\.[xX*])*$/i
const TILDE = new RegExp(`^~(?!=)\\s*(?<version>${VERSION_SOURCE})$`, 'i')
const TILDE_PEP440 = new RegExp(`^~=\\s*(?<version>${VERSION_SOURCE})$`, 'i')
const CARET = new RegExp(`^\\^(?<version>${VERSION_SOURCE})$`, 'i')
const X_RANGE = /^(?<op>!=|==)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.[xX*])+$/
const BASIC = new RegExp(
  `^(?<op><>|!=|>=?|<=?|==?)?\\s*(?<version>${VERSION_SOURCE}|dev)(\\.\\*)?$`,
  'i'
)
/** Where poetry-core splits an AND group: at a comma or space that is not part of an operator. */
const AND_SEPARATOR = /(?<!^)(?<![~=>< ,]) *(?<!-)[, ](?!-) *(?!,|$)/

function versionIn(text: string, constraint: string): PoetryVersion {
  const version = parseVersion(text)
  if (version === undefined)
    throw new ConstraintSyntaxError(`Could not parse version constraint: ${constraint}`)
  return version
}

/** Parses a constraint as poetry-core 1.x does; throws a ConstraintSyntaxError otherwise. */
export function parseConstraint(text: string): VersionConstraint {
  if (text === '*') return ANY
  const groups = text
    .trim()
    .split(/\s*\|\|?\s*/)
    .map(group => {
      const and = group.replace(/,+$/, '').trimEnd().split(AND_SEPARATOR)
      return and.map(parseSingleConstraint).reduce((a, b) => intersect(a, b))
    })
  return groups.length === 1 ? (groups[0] as VersionConstraint) : unionOf(...groups)
}

function parseSingleConstraint(text: string): VersionConstraint {
  if (WILDCARD.test(text)) return ANY

  let match = TILDE.exec(text)
  if (match !== null) {
    const version = versionIn(match.groups?.version as string, text)
    const high = next(stable(version), precision(version) === 1 ? 'major' : 'minor')
    return makeRange(version, high, true)
  }
  match = TILDE_PEP440.exec(text)
  if (match !== null) {
    const version = versionIn(match.groups?.version as string, text)
    const high = next(stable(version), precision(version) === 2 ? 'major' : 'minor')
    return makeRange(version, high, true)
  }
  match = CARET.exec(text)
  if (match !== null) {
    const version = versionIn(match.groups?.version as string, text)
    return makeRange(version, nextBreaking(version), true)
  }
  match = X_RANGE.exec(text)
  if (match !== null) {
    const major = Number(match[2])
    let result: VersionConstraint
    if (match[3] !== undefined) {
      const version = fromParts(major, Number(match[3]), 0)
      result = makeRange(version, next(version, 'minor'), true)
    } else if (major === 0) {
      result = makeRange(undefined, fromParts(1, 0, 0))
    } else {
      const version = fromParts(major, 0, 0)
      result = makeRange(version, next(version, 'major'), true)
    }
    return match.groups?.op === '!=' ? difference(ANY, result) : result
  }
  match = BASIC.exec(text)
  if (match !== null) {
    const op = match.groups?.op
    const written = match.groups?.version as string
    const version = versionIn(written === 'dev' ? '0.0-dev' : written, text)
    if (op === '<') return makeRange(undefined, version)
    if (op === '<=') return makeRange(undefined, version, false, true)
    if (op === '>') return makeRange(version)
    if (op === '>=') return makeRange(version, undefined, true)
    if (op === '!=')
      return { kind: 'union', ranges: [makeRange(undefined, version), makeRange(version)] }
    return version
  }
  throw new ConstraintSyntaxError(`Could not parse version constraint: ${text}`)
}

// --- how poetry-core writes constraints into METADATA --------------------------------------------

/**
 * The version part of a Requires-Dist line, without the parentheses, or undefined for "any". A
 * union that is neither "all but one version" nor "all but a wildcard" is re-parsed piece by piece
 * at the commas of the text as written, which is what poetry-core does.
 */
export function requirementSpecifier(
  written: string,
  parsed: VersionConstraint
): string | undefined {
  if (parsed.kind === 'union') {
    if (excludesSingleVersion(parsed) || excludesSingleWildcardRange(parsed))
      return constraintToString(parsed)
    return written
      .split(',')
      .map(piece => constraintToString(parseConstraint(piece)))
      .join(',')
  }
  if (parsed.kind === 'version') return `==${parsed.text}`
  if (isAny(parsed)) return undefined
  return constraintToString(parsed).replace(/ /g, '')
}

/** The minor versions poetry-core checks when it writes a union of Python versions. */
const PYTHON_MINORS = ['2.7', ...Array.from({ length: 12 }, (_, minor) => `3.${minor}`)] as const

/** Requires-Python as poetry-core writes it from the `python` dependency. */
export function formatPythonConstraint(constraint: VersionConstraint): string {
  let c = constraint
  if (c.kind === 'version') {
    if (precision(c) >= 3) return `==${c.text}`
    const { major, minor } = c.release
    c = parseConstraint(precision(c) === 2 ? `~${major}.${minor}` : `^${major}.0`)
  }
  if (c.kind !== 'union') return constraintToString(c)
  const excluded: string[] = []
  const accepted: string[] = []
  for (const minor of PYTHON_MINORS) {
    if (allowsAny(c, parseConstraint(`${minor}.*`))) accepted.push(minor)
    else excluded.push(`!=${minor}.*`)
  }
  if (accepted[0] === undefined)
    throw new ConstraintSyntaxError(
      'it admits none of Python 2.7 to 3.11, which poetry-core fails on'
    )
  const low = accepted[0].split('.').slice(0, 2).join('.')
  return [`>=${low}`, ...excluded].join(', ')
}
