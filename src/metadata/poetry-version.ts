/**
 * PEP 440 versions as poetry-core 1.x models them. Its constraint algebra depends on details that
 * differ from packaging's: a version keeps the text it was written with (`>=1.0.0-Beta1` is written
 * back as is), `1.2` and `1.2.0` are equal but have different precision, and the "next" versions
 * that caret and tilde ranges end at are built from the release parts. Pure.
 */

export interface ReleaseTag {
  /** `a`, `b`, `rc`, `post` or `dev` once normalised; other spellings are kept as written. */
  readonly phase: string
  readonly number: number
}

export interface Release {
  readonly major: number
  readonly minor?: number
  readonly patch?: number
  readonly extra: readonly number[]
}

export interface PoetryVersion {
  readonly kind: 'version'
  readonly epoch: number
  readonly release: Release
  readonly pre?: ReleaseTag
  readonly post?: ReleaseTag
  readonly dev?: ReleaseTag
  /** Local segment parts, lowercased. */
  readonly local?: readonly string[]
  /** The text as written, or the normal form for versions computed from others. */
  readonly text: string
}

/** The version grammar of PEP 440 (packaging's VERSION_PATTERN), without capturing groups. */
export const VERSION_SOURCE =
  'v?(?:(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*' +
  '(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?:[0-9]+)?)?' +
  '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?(?:[0-9]+)?))?' +
  '(?:[-_.]?dev[-_.]?(?:[0-9]+)?)?)' +
  '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?'

const VERSION =
  /^\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?<pre>[-_.]?(?<preL>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<preN>[0-9]+)?)?(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?)(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i

/** Spellings poetry-core folds into one phase; the lookup is case-sensitive, as there. */
const PHASES: Record<string, string> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  rc: 'rc',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
  post: 'post',
  r: 'post',
  rev: 'post',
  '-': 'post',
  dev: 'dev'
}

function tag(phase: string, number = 0): ReleaseTag {
  return { phase: PHASES[phase] ?? phase, number }
}

/** A release from its parts; missing minor and patch become 0 when there are more parts after them. */
export function release(parts: readonly number[]): Release {
  const [major = 0, minor, patch, ...extra] = parts
  if (extra.length > 0) return { major, minor: minor ?? 0, patch: patch ?? 0, extra }
  return {
    major,
    ...(minor === undefined ? {} : { minor }),
    ...(patch === undefined ? {} : { patch }),
    extra
  }
}

function releaseParts(value: Release): number[] {
  return [value.major, value.minor, value.patch, ...value.extra].filter(
    (part): part is number => part !== undefined
  )
}

/** How many release parts were written: 1 for `3`, 2 for `3.8`, 3 for `3.8.1`. */
export function precision(version: PoetryVersion): number {
  return releaseParts(version.release).length
}

interface VersionParts {
  epoch?: number
  release: Release
  pre?: ReleaseTag
  post?: ReleaseTag
  dev?: ReleaseTag
  local?: readonly string[]
}

/** A version from its parts; its text is the normal form. */
export function makeVersion(parts: VersionParts): PoetryVersion {
  const base: Omit<PoetryVersion, 'text'> = {
    kind: 'version',
    epoch: parts.epoch ?? 0,
    release: parts.release,
    ...(parts.pre ? { pre: parts.pre } : {}),
    ...(parts.post ? { post: parts.post } : {}),
    ...(parts.dev ? { dev: parts.dev } : {}),
    ...(parts.local ? { local: parts.local } : {})
  }
  return { ...base, text: normalForm(base) }
}

/** `major.minor.patch` with the given parts. */
export function fromParts(...parts: number[]): PoetryVersion {
  return makeVersion({ release: release(parts) })
}

/** Parses a version as poetry-core does, or returns undefined when it is not PEP 440. */
export function parseVersion(text: string): PoetryVersion | undefined {
  const match = VERSION.exec(text)
  if (match === null) return undefined
  const g = match.groups ?? {}
  const parts: VersionParts = {
    epoch: g.epoch === undefined ? 0 : Number(g.epoch),
    release: release((g.release as string).split('.').map(Number)),
    ...(g.pre === undefined ? {} : { pre: tag(g.preL as string, Number(g.preN ?? 0)) }),
    ...(g.post === undefined
      ? {}
      : { post: tag(g.postL ?? 'post', Number(g.postN1 ?? g.postN2 ?? 0)) }),
    ...(g.dev === undefined ? {} : { dev: tag(g.devL as string, Number(g.devN ?? 0)) }),
    ...(g.local === undefined ? {} : { local: g.local.toLowerCase().split(/[._-]/) })
  }
  return { ...makeVersion(parts), text }
}

/** The normal form poetry-core writes for a version (`1.0.0-RC.1` → `1.0.0rc1`). */
export function normalForm(version: Omit<PoetryVersion, 'text'>): string {
  let text = releaseParts(version.release).join('.')
  if (version.epoch) text = `${version.epoch}!${text}`
  if (version.pre) text += `${version.pre.phase}${version.pre.number}`
  if (version.post) text += `.${version.post.phase}${version.post.number}`
  if (version.dev) text += `.${version.dev.phase}${version.dev.number}`
  if (version.local && version.local.length > 0) text += `+${version.local.join('.')}`
  return text.toLowerCase()
}

/** Neither a pre-release nor a development release. */
export function isStable(version: PoetryVersion): boolean {
  return version.pre === undefined && version.dev === undefined
}

/** Has a post-release part (`1.0.post1`). */
export function isPostrelease(version: PoetryVersion): boolean {
  return version.post !== undefined
}

/** Has a local part (`1.0+ubuntu1`). */
export function isLocal(version: PoetryVersion): boolean {
  return version.local !== undefined
}

/** The version without its local part. */
export function withoutLocal(version: PoetryVersion): PoetryVersion {
  return makeVersion({ ...version, local: undefined })
}

/** The version without its post-release part. */
export function withoutPostrelease(version: PoetryVersion): PoetryVersion {
  return makeVersion({ ...version, post: undefined })
}

/** The release itself for a stable version; otherwise the release without pre and dev parts. */
export function stable(version: PoetryVersion): PoetryVersion {
  if (isStable(version)) return version
  return makeVersion({
    epoch: version.epoch,
    release: version.release,
    ...(version.pre === undefined && version.post ? { post: version.post } : {})
  })
}

/** The first pre-release of the same release (`2.0` → `2.0a0`). */
export function firstPrerelease(version: PoetryVersion): PoetryVersion {
  return makeVersion({ epoch: version.epoch, release: version.release, pre: tag('a') })
}

type Bump = 'major' | 'minor' | 'patch'

function bumpRelease(value: Release, part: Bump): Release {
  const zeros = value.extra.map(() => 0)
  const keep = (part_: number | undefined): number | undefined =>
    part_ === undefined ? undefined : 0
  const parts =
    part === 'major'
      ? { major: value.major + 1, minor: keep(value.minor), patch: keep(value.patch) }
      : part === 'minor'
        ? { major: value.major, minor: (value.minor ?? 0) + 1, patch: keep(value.patch) }
        : { major: value.major, minor: value.minor ?? 0, patch: (value.patch ?? 0) + 1 }
  return {
    major: parts.major,
    ...(parts.minor === undefined ? {} : { minor: parts.minor }),
    ...(parts.patch === undefined ? {} : { patch: parts.patch }),
    extra: zeros
  }
}

/** The release truncated after `part`, padded with zeros, as poetry-core compares it. */
function truncated(value: Release, part: Bump): Release {
  if (part === 'major') return { major: value.major, minor: 0, patch: 0, extra: [] }
  if (part === 'minor') return { major: value.major, minor: value.minor, patch: 0, extra: [] }
  return { major: value.major, minor: value.minor, patch: value.patch, extra: [] }
}

/**
 * The next major, minor or patch release. A pre-release of exactly that release (`2.0.0a1`) leads to
 * the release itself (`2.0.0`), which is what makes `^2.0.0a1` end at `3.0.0`.
 */
export function next(version: PoetryVersion, part: Bump): PoetryVersion {
  const incrementRequired =
    isStable(version) || (version.pre === undefined && version.post !== undefined)
  const bumped =
    incrementRequired || compareReleases(truncated(version.release, part), version.release) < 0
      ? bumpRelease(version.release, part)
      : version.release
  return makeVersion({ epoch: version.epoch, release: bumped })
}

/** The end of a caret range: the next release that changes the leftmost non-zero part. */
export function nextBreaking(version: PoetryVersion): PoetryVersion {
  const { major, minor, patch } = version.release
  if (major > 0 || minor === undefined) return next(stable(version), 'major')
  if (minor > 0 || patch === undefined) return next(stable(version), 'minor')
  return next(stable(version), 'patch')
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] as number) - (b[i] as number)
    if (difference !== 0) return Math.sign(difference)
  }
  return Math.sign(a.length - b.length)
}

/** Releases compare with missing minor and patch as 0; further parts make a release greater. */
export function compareReleases(a: Release, b: Release): number {
  const key = (r: Release): number[] => [r.major, r.minor ?? 0, r.patch ?? 0, ...r.extra]
  return compareTuples(key(a), key(b))
}

const BEFORE_ALL: ReleaseTag = { phase: '', number: -Infinity }
const AFTER_ALL: ReleaseTag = { phase: 'z', number: Infinity }

function compareTags(a: ReleaseTag, b: ReleaseTag): number {
  if (a.phase !== b.phase) return a.phase < b.phase ? -1 : 1
  return a.number === b.number ? 0 : a.number < b.number ? -1 : 1
}

type LocalKey = Array<[number, string]>

function localKey(version: PoetryVersion): LocalKey {
  if (version.local === undefined) return [[-Infinity, '']]
  return version.local.map(part => (/^[0-9]+$/.test(part) ? [Number(part), ''] : [-Infinity, part]))
}

function compareLocals(a: LocalKey, b: LocalKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [an, as] = a[i] as [number, string]
    const [bn, bs] = b[i] as [number, string]
    if (an !== bn) return an < bn ? -1 : 1
    if (as !== bs) return as < bs ? -1 : 1
  }
  return Math.sign(a.length - b.length)
}

/** PEP 440 order: dev releases first, then pre-releases, the release, post-releases, locals. */
export function compareVersions(a: PoetryVersion, b: PoetryVersion): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1
  const releases = compareReleases(a.release, b.release)
  if (releases !== 0) return releases
  const preKey = (v: PoetryVersion): ReleaseTag =>
    v.pre === undefined && v.post === undefined && v.dev !== undefined
      ? BEFORE_ALL
      : (v.pre ?? AFTER_ALL)
  const keys: Array<(v: PoetryVersion) => ReleaseTag> = [
    preKey,
    v => v.post ?? BEFORE_ALL,
    v => v.dev ?? AFTER_ALL
  ]
  for (const key of keys) {
    const order = compareTags(key(a), key(b))
    if (order !== 0) return order
  }
  return compareLocals(localKey(a), localKey(b))
}

/** Equal in PEP 440 order (`1.2` equals `1.2.0`). */
export function versionsEqual(a: PoetryVersion, b: PoetryVersion): boolean {
  return compareVersions(a, b) === 0
}
