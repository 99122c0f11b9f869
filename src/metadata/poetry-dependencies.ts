/**
 * `[tool.poetry.dependencies]` entries as poetry-core 1.x writes them into Requires-Dist: a version
 * constraint in its own spelling (`httpx (>=0.24.1,<0.25.0)`), a git or URL requirement
 * (`name @ git+https://...@tag`), and the environment marker made of `markers`, `python`,
 * `platform` and the extras that name the dependency. Pure.
 */
import { MetadataError } from '../errors.js'
import {
  ConstraintSyntaxError,
  parseConstraint,
  requirementSpecifier
} from './poetry-constraints.js'
import { parseGenericConstraint, UnsupportedConstraintError } from './poetry-generic-constraints.js'
import {
  ALWAYS,
  checkMarker,
  intersect,
  isAlways,
  isNever,
  MarkerError,
  MarkerSyntaxError,
  markerToString,
  parseMarker,
  valueMarkerText,
  versionMarkerText,
  type Marker
} from './poetry-markers.js'
import {
  expectString,
  expectStringArray,
  isTable,
  wrongType,
  type TomlTable
} from './toml-shape.js'

const FILE = 'pyproject.toml'
const SPEC_ADVICE =
  'Write it as poetry-core reads it, e.g. "^1.2", "~1.2.3", ">=1.2,<2.0" or "1.2.*" (https://python-poetry.org/docs/dependency-specification/).'

export interface PoetryDependency {
  /** The name as written, which poetry-core keeps in Requires-Dist. */
  written: string
  /** PEP 503 normal form, for matching names listed in `[tool.poetry.extras]`. */
  normalized: string
  /** The requirement without its marker: name, extras and version or URL. */
  base: string
  marker: Marker
  /** Whether the marker names an extra itself; poetry-core then adds no `extra == "..."`. */
  mentionsExtra: boolean
}

/** The keys poetry-core's schema accepts in each kind of dependency table. */
const COMMON = ['python', 'platform', 'markers', 'optional', 'extras']
const PRERELEASES = ['allow-prereleases', 'allows-prereleases']
const KINDS = {
  git: ['git', 'branch', 'tag', 'rev', 'subdirectory', 'develop', ...PRERELEASES, ...COMMON],
  file: ['file', ...COMMON],
  path: ['path', 'develop', ...COMMON],
  url: ['url', 'subdirectory', ...COMMON],
  version: ['version', 'source', ...PRERELEASES, ...COMMON]
} as const
type Kind = keyof typeof KINDS

const BOOLEAN_KEYS = new Set(['optional', 'develop', ...PRERELEASES])

/** PEP 503 normal form, which poetry-core uses for names, extras and their comparison. */
export function canonicalName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase()
}

/** A TOML key as it appears in a dotted path, quoted when it needs to be. */
export function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)
}

/**
 * Reads the main dependencies, in order; a name with several constraints gives several entries.
 * The `python` entry is left to the caller.
 */
export function readDependencies(table: TomlTable): PoetryDependency[] {
  const found: PoetryDependency[] = []
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') continue
    const key = `tool.poetry.dependencies.${quoteKey(name)}`
    if (Array.isArray(spec)) {
      if (spec.length === 0)
        wrongType(FILE, key, 'a constraint, a table or a non-empty array', spec)
      spec.forEach((item, index) => found.push(readDependency(name, item, `${key}[${index}]`)))
    } else {
      found.push(readDependency(name, spec, key))
    }
  }
  return found
}

function readDependency(name: string, spec: unknown, key: string): PoetryDependency {
  const normalized = canonicalName(name)
  if (typeof spec === 'string') {
    return {
      written: name,
      normalized,
      base: versionRequirement(name, [], spec, key),
      marker: ALWAYS,
      mentionsExtra: false
    }
  }
  if (!isTable(spec)) wrongType(FILE, key, 'a version constraint or a table', spec)
  const kind = kindOf(spec, key)
  const extras =
    spec.extras === undefined ? [] : expectStringArray(FILE, `${key}.extras`, spec.extras)
  const text = (field: string): string | undefined =>
    spec[field] === undefined ? undefined : expectString(FILE, `${key}.${field}`, spec[field])
  let base: string
  if (kind === 'git') base = gitRequirement(name, extras, spec, key)
  else if (kind === 'url')
    base = urlRequirement(name, extras, text('url') as string, text('subdirectory'), key)
  else if (kind === 'version')
    base = versionRequirement(name, extras, text('version') as string, `${key}.version`)
  else {
    throw new MetadataError(
      `${FILE}: ${key} is a ${kind} dependency; poetry-core writes it into the metadata as a file:// URL of its absolute path on the machine that builds, which cannot be known from the source tree.`,
      'Build the distribution on the runner (poetry build) and register from dist/ (metadata-source: dist), or depend on a published release instead.'
    )
  }
  return { written: name, normalized, base, ...dependencyMarker(text, key) }
}

/** Which kind of table this is, in the order poetry-core checks, and that its keys fit the kind. */
function kindOf(spec: TomlTable, key: string): Kind {
  const kind =
    (['git', 'file', 'path', 'url'] as const).find(k => spec[k] !== undefined) ?? 'version'
  if (kind === 'version' && spec.version === undefined) {
    throw new MetadataError(
      `${FILE}: ${key} has none of "version", "git", "url", "path" and "file", so poetry-core refuses it.`,
      'Add version = "..." (or git/url/path) to the table.'
    )
  }
  const allowed: readonly string[] = KINDS[kind]
  for (const [field, value] of Object.entries(spec)) {
    if (!allowed.includes(field)) {
      throw new MetadataError(
        `${FILE}: ${key}.${quoteKey(field)} is not allowed in a ${kind} dependency, so poetry-core refuses the file.`,
        `Remove it; a ${kind} dependency takes ${allowed.map(k => `"${k}"`).join(', ')}.`
      )
    }
    if (BOOLEAN_KEYS.has(field) && typeof value !== 'boolean')
      wrongType(FILE, `${key}.${field}`, 'true or false', value)
  }
  return kind
}

function extrasSuffix(extras: readonly string[]): string {
  if (extras.length === 0) return ''
  const names = [...new Set(extras.map(canonicalName))].sort(byCodePoint)
  return `[${names.join(',')}]`
}

function versionRequirement(
  name: string,
  extras: readonly string[],
  constraint: string,
  key: string
): string {
  let specifier: string | undefined
  try {
    specifier = requirementSpecifier(constraint, parseConstraint(constraint))
  } catch (error) {
    if (!(error instanceof ConstraintSyntaxError)) throw error
    throw new MetadataError(
      `${FILE}: ${key} "${constraint}" is not a version constraint poetry-core can read (${error.message}).`,
      SPEC_ADVICE
    )
  }
  return `${name}${extrasSuffix(extras)}${specifier === undefined ? '' : ` (${specifier})`}`
}

// poetry-core's patterns for git URLs: the first two have a scheme, the others are scp-like.
const USER = '[a-zA-Z0-9_.-]+'
const RESOURCE = '[a-zA-Z0-9_.-]+'
const PATH = '[\\p{L}\\p{N}_~.\\-/\\\\$]+'
const NAME = '[\\p{L}\\p{N}_~.\\-]+'
const REV = '[^@#]+?'
const SUBDIR = '[\\p{L}\\p{N}_\\-/\\\\]+'
const FRAGMENT = `(?:#egg=?.+|#(?:egg=.+?&subdirectory=|subdirectory=)${SUBDIR}|[@#]${REV}(?:[&#](?:egg=.+?|(?:egg=.+?&subdirectory=|subdirectory=)${SUBDIR}))?)?$`
const GIT_WITH_SCHEME = [
  new RegExp(
    `^(?:git\\+)?(?:https?|git|ssh|rsync|file)://(?:${USER}@)?(?:${RESOURCE})?(?::\\d+)?[:/\\\\](?:${PATH}[/\\\\])?(?:${NAME}?(?:\\.git|[/\\\\])?)?${FRAGMENT}`,
    'u'
  ),
  new RegExp(
    `^(?:git\\+)?(?:[\\p{L}\\p{N}_]+)://(?:${USER}@)?${RESOURCE}:?(?::\\d+)?${PATH}${NAME}(?:\\.git|/)?${FRAGMENT}`,
    'u'
  )
]
const GIT_SCP_LIKE = [
  new RegExp(
    `^(?:(?<user>${USER})@)?(?<resource>${RESOURCE})(?::(?<port>\\d+))?(?<pathname>[:/]${PATH}/${NAME}(?:\\.git|/)?)(?:#egg=.+?|#(?:egg=.+?&subdirectory=|subdirectory=)${SUBDIR}|[@#]${REV}(?:[&#](?:egg=.+?&subdirectory=|subdirectory=)${SUBDIR})?)?$`,
    'u'
  ),
  new RegExp(
    `^(?:(?<user>${USER})@)?(?<resource>${RESOURCE})[:/]{1,2}(?<pathname>${PATH}${NAME}(?:\\.git|/)?)${FRAGMENT}`,
    'u'
  )
]

/** `name @ git+<url>@<ref>#subdirectory=<dir>`; an scp-like address becomes an ssh:// URL. */
function gitRequirement(
  name: string,
  extras: readonly string[],
  spec: TomlTable,
  key: string
): string {
  const source = expectString(FILE, `${key}.git`, spec.git)
  const text = (field: string): string =>
    spec[field] === undefined ? '' : expectString(FILE, `${key}.${field}`, spec[field])
  let url: string
  if (GIT_WITH_SCHEME.some(pattern => pattern.test(source))) {
    url = `git+${source}`
  } else {
    const groups = GIT_SCP_LIKE.map(pattern => pattern.exec(source)).find(m => m !== null)?.groups
    if (groups === undefined) {
      throw new MetadataError(
        `${FILE}: ${key}.git "${source}" is not a git URL poetry-core can read.`,
        'Write it as https://host/owner/repo.git or git@host:owner/repo.git.'
      )
    }
    const user = groups.user ? `${groups.user}@` : ''
    const port = groups.port ? `:${groups.port}` : ''
    url = `git+ssh://${user}${groups.resource}${port}/${(groups.pathname ?? '').replace(/^[:/]+/, '')}`
  }
  const reference = text('branch') || text('tag') || text('rev')
  const directory = text('subdirectory')
  return `${name}${extrasSuffix(extras)} @ ${url}${reference ? `@${reference}` : ''}${directory ? `#subdirectory=${directory}` : ''}`
}

function urlRequirement(
  name: string,
  extras: readonly string[],
  url: string,
  directory: string | undefined,
  key: string
): string {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]/.test(url)) {
    throw new MetadataError(
      `${FILE}: ${key}.url "${url}" does not look like a URL to poetry-core (it needs a scheme and a host).`,
      'Write the full URL, e.g. https://example.com/pkg-1.0.tar.gz.'
    )
  }
  return `${name}${extrasSuffix(extras)} @ ${url}${directory ? `#subdirectory=${directory}` : ''}`
}

/** `markers`, then `python` and `platform` intersected with it, as poetry-core combines them. */
function dependencyMarker(
  text: (field: string) => string | undefined,
  key: string
): { marker: Marker; mentionsExtra: boolean } {
  const markers = text('markers')
  const python = text('python')
  const platform = text('platform')
  let marker = ALWAYS
  if (markers) marker = readMarker(markers, `${key}.markers`)
  if (python) {
    const nested = markerFrom(`${key}.python`, python, () =>
      versionMarkerText('python_version', parseConstraint(python))
    )
    marker = combine(marker, nested, `${key}.python`)
  }
  if (platform) {
    const nested = markerFrom(`${key}.platform`, platform, () =>
      valueMarkerText('sys_platform', parseGenericConstraint(platform))
    )
    marker = combine(marker, nested, `${key}.platform`)
  }
  if (isAlways(marker)) return { marker, mentionsExtra: false }
  try {
    return { marker, ...checkMarker(marker) }
  } catch (error) {
    throw refused(key, '', error)
  }
}

function readMarker(text: string, key: string): Marker {
  try {
    return parseMarker(text)
  } catch (error) {
    if (error instanceof MarkerSyntaxError) {
      throw new MetadataError(
        `${FILE}: ${key} "${text}" is not an environment marker poetry-core can read: ${error.message}.`,
        "Write a PEP 508 marker such as \"sys_platform == 'win32' and python_version < '3.11'\"."
      )
    }
    throw refused(key, text, error)
  }
}

function markerFrom(key: string, text: string, build: () => string): Marker {
  let nested: string
  try {
    nested = build()
  } catch (error) {
    if (error instanceof ConstraintSyntaxError) {
      throw new MetadataError(
        `${FILE}: ${key} "${text}" is not a constraint poetry-core can read (${error.message}).`,
        SPEC_ADVICE
      )
    }
    throw refused(key, text, error)
  }
  return readMarker(nested, key)
}

function combine(marker: Marker, other: Marker, key: string): Marker {
  try {
    return intersect(marker, other)
  } catch (error) {
    throw refused(key, '', error)
  }
}

/** Inputs poetry-core itself fails on, told as such; other errors pass through. */
function refused(key: string, text: string, error: unknown): unknown {
  if (!(error instanceof MarkerError || error instanceof UnsupportedConstraintError)) return error
  const value = text === '' ? '' : ` "${text}"`
  return new MetadataError(
    `${FILE}: poetry-core cannot make an environment marker of ${key}${value} (${error.message}), so building fails on it too.`,
    'Fix or simplify the marker; `poetry build` shows the same failure.'
  )
}

/**
 * The Requires-Dist line poetry-core writes: the requirement, then ` ; ` and the marker, with
 * `extra == "..."` added (both parenthesised) for the extras that list the dependency.
 */
export function requirementLine(dependency: PoetryDependency, inExtras: readonly string[]): string {
  const markers: string[] = []
  const { marker } = dependency
  if (!isAlways(marker) && !isNever(marker)) markers.push(markerToString(marker))
  if (inExtras.length > 0 && !dependency.mentionsExtra) {
    markers.push(valueMarkerText('extra', parseGenericConstraint(inExtras.join(' || '))))
  }
  if (markers.length === 0) return dependency.base
  const text = markers.length > 1 ? markers.map(m => `(${m})`).join(' and ') : markers[0]
  return `${dependency.base} ; ${text}`
}

/** Python's default string order (by code point), which poetry-core sorts with. */
export function byCodePoint(a: string, b: string): number {
  const [x, y] = [
    Array.from(a, c => c.codePointAt(0) as number),
    Array.from(b, c => c.codePointAt(0) as number)
  ]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  }
  return x.length - y.length
}
