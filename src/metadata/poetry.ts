/**
 * Core metadata from the `[tool.poetry]` table of `pyproject.toml` (poetry-core 1.x, before PEP 621
 * support), written the way poetry-core 1.4 writes a wheel's METADATA: canonical name, normalised
 * version, the first author and maintainer only, Requires-Python and classifiers derived from the
 * `python` dependency and the license, and Requires-Dist lines in poetry's own spelling. Pure apart
 * from the injected {@link ProjectFiles}.
 */
import { TextDecoder } from 'node:util'
import { MetadataError } from '../errors.js'
import { backendDialect } from './backends.js'
import { minimumMetadataVersion, type CoreMetadata } from './fields.js'
import type { ExtractedMetadata, ProjectFiles } from './pyproject.js'
import {
  allowsAny,
  ConstraintSyntaxError,
  formatPythonConstraint,
  parseConstraint,
  type VersionConstraint
} from './poetry-constraints.js'
import {
  byCodePoint,
  canonicalName,
  quoteKey,
  readDependencies,
  requirementLine
} from './poetry-dependencies.js'
import { poetryLicense } from './poetry-licenses.js'
import { normalForm, parseVersion } from './poetry-version.js'
import {
  expectString,
  expectStringArray,
  expectTable,
  isTable,
  optional,
  wrongType,
  type TomlTable
} from './toml-shape.js'

const FILE = 'pyproject.toml'
const WHERE = 'tool.poetry'

/** Version plugins that replace `tool.poetry.version` while building. */
const VERSION_PLUGINS: Array<{ table: string; plugin: string; active: (t: TomlTable) => boolean }> =
  [
    {
      table: 'poetry-dynamic-versioning',
      plugin: 'poetry-dynamic-versioning',
      active: t => t.enable === true
    },
    {
      table: 'poetry-version-plugin',
      plugin: 'poetry-version-plugin',
      active: t => t.source !== undefined
    }
  ]

/**
 * Maps a parsed `pyproject.toml` whose metadata is in `[tool.poetry]` to core metadata.
 * @param document the whole parsed file
 * @param files reads the readme files it names
 */
export function metadataFromPoetry(document: TomlTable, files: ProjectFiles): ExtractedMetadata {
  const tool = isTable(document.tool) ? document.tool : {}
  const poetry = expectTable(FILE, WHERE, tool.poetry)
  refuseDynamicVersion(document, tool)
  const warnings: string[] = []
  const dialect = backendDialect(document)
  const buildSystem = isTable(document['build-system']) ? document['build-system'] : {}
  if (dialect.family !== 'poetry' && typeof buildSystem['build-backend'] === 'string') {
    warnings.push(
      `${FILE}: the build backend is ${dialect.name}, not poetry-core, yet the metadata is in [tool.poetry]; it was read as poetry-core 1.x reads it.`
    )
  }

  const name = canonicalName(required(poetry, 'name', 'your-project'))
  const version = readVersion(required(poetry, 'version', '1.0.0'))
  const summary = required(poetry, 'description', 'One line about the project')
  const pythonVersions = readPythonVersions(poetry)
  const license = poetryLicense(optional(poetry, 'license', expectString, FILE, WHERE) ?? '')
  const author = firstPerson(poetry, 'authors', warnings)
  const maintainer = firstPerson(poetry, 'maintainers', warnings)
  const homepage = optional(poetry, 'homepage', expectString, FILE, WHERE)
  const repository = optional(poetry, 'repository', expectString, FILE, WHERE)
  const readme = readReadmes(poetry, files)
  const { requirements, extras } = readRequirements(poetry)

  const fields: Record<string, string | string[]> = { name, version, summary }
  const put = (key: string, value: string | string[] | undefined): void => {
    if (value !== undefined && value.length > 0) fields[key] = value
  }
  // Python's `or`: an empty homepage falls through to the repository.
  const homePage = homepage || repository
  put('home_page', homePage)
  put('license', license?.id)
  put('keywords', (optional(poetry, 'keywords', expectStringArray, FILE, WHERE) ?? []).join(','))
  put('author', author?.name)
  put('author_email', author?.email)
  put('maintainer', maintainer?.name)
  put('maintainer_email', maintainer?.email)
  put('requires_python', pythonVersions.requiresPython)
  put('classifiers', allClassifiers(poetry, pythonVersions, license?.classifier))
  put('provides_extra', [...extras].sort(byCodePoint))
  put('requires_dist', requirements.sort(byCodePoint))
  put('project_urls', projectUrls(poetry, homePage))
  put('description_content_type', readme?.contentType)
  // poetry-core writes the description as the message body followed by a newline.
  if (readme !== undefined) fields.description = `${readme.text}\n`

  const partial = fields as unknown as Omit<CoreMetadata, 'metadata_version'>
  return { metadata: { metadata_version: minimumMetadataVersion(partial), ...partial }, warnings }
}

function refuseDynamicVersion(document: TomlTable, tool: TomlTable): void {
  const buildSystem = isTable(document['build-system']) ? document['build-system'] : {}
  const backend = buildSystem['build-backend']
  const fromBackend = typeof backend === 'string' && backend.startsWith('poetry_dynamic_versioning')
  const plugin = fromBackend
    ? 'poetry-dynamic-versioning'
    : VERSION_PLUGINS.find(p => isTable(tool[p.table]) && p.active(tool[p.table] as TomlTable))
        ?.plugin
  if (plugin === undefined) return
  throw new MetadataError(
    `${FILE}: tool.poetry.version is replaced at build time by ${plugin} (a poetry plugin), which pypi-register cannot reproduce from the source tree.`,
    'Build the distribution first (poetry build, with the plugin installed) and register from dist/ (metadata-source: dist), or set tool.poetry.version statically and turn the plugin off.'
  )
}

/** poetry-core's schema requires name, version, description and authors. */
function required(poetry: TomlTable, key: string, example: string): string {
  if (poetry[key] === undefined) {
    throw new MetadataError(
      `${FILE}: ${WHERE}.${key} is missing; poetry-core 1.x refuses to build without it.`,
      `Add ${key} = "${example}" to [tool.poetry].`
    )
  }
  const value = expectString(FILE, `${WHERE}.${key}`, poetry[key])
  if (key !== 'description' && value.trim() === '') {
    throw new MetadataError(`${FILE}: ${WHERE}.${key} is empty.`, `Set ${WHERE}.${key} to a value.`)
  }
  // The schema's pattern is ^[^\n]*$, where Python's $ also matches before a final newline.
  if (key === 'description' && !/^[^\n]*\n?$/.test(value)) {
    throw new MetadataError(
      `${FILE}: ${WHERE}.description spans several lines; poetry-core accepts one line only.`,
      'Keep the summary on one line and put the rest in the readme.'
    )
  }
  return value
}

function readVersion(text: string): string {
  const version = parseVersion(text)
  if (version === undefined) {
    throw new MetadataError(
      `${FILE}: ${WHERE}.version "${text}" is not a valid PEP 440 version, so poetry-core refuses it.`,
      'Fix it to a version such as 1.2.0.'
    )
  }
  return normalForm(version)
}

interface PythonVersions {
  /** As written, `*` when the project gives none. */
  text: string
  constraint: VersionConstraint
  /** Requires-Python, absent when the project gives no `python` dependency. */
  requiresPython?: string
}

/**
 * The `python` dependency, which poetry-core turns into Requires-Python and classifiers. Only a
 * string counts (the last one, if a list gives several); a table is accepted and ignored.
 */
function readPythonVersions(poetry: TomlTable): PythonVersions {
  const table =
    poetry.dependencies === undefined
      ? {}
      : expectTable(FILE, `${WHERE}.dependencies`, poetry.dependencies)
  let text = '*'
  let key = `${WHERE}.dependencies.python`
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() !== 'python') continue
    key = `${WHERE}.dependencies.${name}`
    const specs: unknown[] = Array.isArray(spec) ? spec : [spec]
    for (const item of specs) {
      if (typeof item === 'string') text = item
      else if (!isTable(item)) wrongType(FILE, key, 'a version constraint', item)
    }
  }
  try {
    const constraint = parseConstraint(text === '*' ? '~2.7 || >=3.4' : text)
    if (constraint.kind === 'empty') throw new ConstraintSyntaxError('it admits no Python version')
    if (text === '*') return { text, constraint }
    return { text, constraint, requiresPython: formatPythonConstraint(constraint) }
  } catch (error) {
    if (!(error instanceof ConstraintSyntaxError)) throw error
    throw new MetadataError(
      `${FILE}: ${key} "${text}" is not a Python constraint poetry-core can read (${error.message}).`,
      'Write it as poetry-core reads it, e.g. "^3.8" or ">=3.8,<4.0".'
    )
  }
}

/** The minor versions poetry-core 1.4 knows, for its "Programming Language :: Python" classifiers. */
const KNOWN_PYTHONS = ['2', '2.7', '3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11']
const PYTHON_CLASSIFIER = 'Programming Language :: Python'

/**
 * The classifiers poetry-core writes: the project's, the license's, sorted and without duplicates,
 * with one classifier per Python version the `python` dependency admits inserted where the sorted
 * "Programming Language :: Python" ones begin.
 */
function allClassifiers(
  poetry: TomlTable,
  python: PythonVersions,
  licenseClassifier: string | undefined
): string[] {
  const own = optional(poetry, 'classifiers', expectStringArray, FILE, WHERE) ?? []
  const admitted = python.text === '*' ? parseConstraint('~2.7 || ^3.4') : python.constraint
  const pythons = KNOWN_PYTHONS.filter(version =>
    allowsAny(admitted, parseConstraint(version.includes('.') ? version : `${version}.*`))
  ).map(version => `${PYTHON_CLASSIFIER} :: ${version}`)
  const sorted = [...new Set([...own, ...(licenseClassifier ? [licenseClassifier] : [])])].sort(
    byCodePoint
  )
  const at = sorted.findIndex(classifier => byCodePoint(classifier, PYTHON_CLASSIFIER) > 0)
  return at === -1
    ? [...sorted, ...pythons]
    : [...sorted.slice(0, at), ...pythons, ...sorted.slice(at)]
}

/** poetry-core's form of a person: a name of letters, digits and `- .,'’"():&`, then `<email>`. */
const PERSON = /^(?<name>[- .,\p{L}\p{N}_'’"():&]+)(?: <(?<email>.+?)>)?\n?$/u

/**
 * The first of `authors` or `maintainers`, which is all poetry-core 1.x writes (Author and
 * Author-email hold one person there).
 */
function firstPerson(
  poetry: TomlTable,
  key: 'authors' | 'maintainers',
  warnings: string[]
): { name: string; email?: string } | undefined {
  if (key === 'authors' && poetry.authors === undefined) {
    throw new MetadataError(
      `${FILE}: ${WHERE}.authors is missing; poetry-core 1.x refuses to build without it.`,
      'Add authors = ["Your Name <you@example.com>"] to [tool.poetry].'
    )
  }
  const people = optional(poetry, key, expectStringArray, FILE, WHERE) ?? []
  const first = people[0]
  if (first === undefined) return undefined
  if (people.length > 1) {
    warnings.push(
      `${FILE}: ${WHERE}.${key} lists ${people.length} people; poetry-core 1.x writes only the first (${first}) into the metadata, so only that one is sent.`
    )
  }
  const match = PERSON.exec(first.normalize('NFC'))
  if (match === null) {
    throw new MetadataError(
      `${FILE}: ${WHERE}.${key}[0] "${first}" is not in the form poetry-core reads, so it refuses the file.`,
      `Write it as "Jane Doe <jane@example.com>" or "Jane Doe"; the name may hold letters, digits, spaces and - . , ' ’ " ( ) : &.`
    )
  }
  const { name, email } = match.groups as { name: string; email?: string }
  return email === undefined ? { name } : { name, email }
}

const README_TYPES: Record<string, string> = {
  '.rst': 'text/x-rst',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown'
}

/** The readme files, joined with newlines; the content type comes from the first one's suffix. */
function readReadmes(
  poetry: TomlTable,
  files: ProjectFiles
): { text: string; contentType: string } | undefined {
  const readme = poetry.readme
  if (readme === undefined) return undefined
  let names: string[]
  if (typeof readme === 'string') names = [readme]
  else if (Array.isArray(readme)) names = expectStringArray(FILE, `${WHERE}.readme`, readme)
  else wrongType(FILE, `${WHERE}.readme`, 'a file name or an array of file names', readme)
  const first = names[0]
  if (first === undefined) return undefined
  const text = names
    .map((name, index) => {
      const key = typeof readme === 'string' ? `${WHERE}.readme` : `${WHERE}.readme[${index}]`
      return decodeUtf8(files.readBytes(name, key), key)
    })
    .join('\n')
  return { text, contentType: README_TYPES[suffix(first)] ?? 'text/plain' }
}

/** The last `.part` of a file name, as Python's `Path.suffix` gives it (case kept). */
function suffix(file: string): string {
  const base = file.split(/[/\\]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 && dot < base.length - 1 ? base.slice(dot) : ''
}

/** Python's `open(encoding="utf-8").read()`: strict UTF-8, universal newlines, a BOM kept. */
function decodeUtf8(bytes: Uint8Array, key: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
      .decode(bytes)
      .replace(/\r\n?/g, '\n')
  } catch {
    throw new MetadataError(
      `${FILE}: the file named by ${key} is not valid UTF-8, which poetry-core requires.`,
      'Save it as UTF-8.'
    )
  }
}

/** Homepage, Repository, Documentation and `[tool.poetry.urls]`, sorted by their first letter. */
function projectUrls(poetry: TomlTable, homePage: string | undefined): string[] {
  const urls = new Map<string, string>()
  for (const [key, label] of [
    ['homepage', 'Homepage'],
    ['repository', 'Repository'],
    ['documentation', 'Documentation']
  ] as const) {
    const url = optional(poetry, key, expectString, FILE, WHERE)
    if (url) urls.set(label, url)
  }
  const custom = optional(poetry, 'urls', expectTable, FILE, WHERE) ?? {}
  for (const [label, url] of Object.entries(custom))
    urls.set(label, expectString(FILE, `${WHERE}.urls.${quoteKey(label)}`, url))
  const entries = [...urls]
    .filter(([label, url]) => !(label === 'Homepage' && url === homePage))
    .map(([label, url]) => `${label}, ${url}`)
  // Python's sort is stable and poetry-core sorts by the first character only.
  const first = (entry: string): string => Array.from(entry)[0] ?? ''
  return entries.sort((a, b) => byCodePoint(first(a), first(b)))
}

/** Requires-Dist lines and Provides-Extra names, with each dependency marked with its extras. */
function readRequirements(poetry: TomlTable): { requirements: string[]; extras: string[] } {
  const table =
    poetry.dependencies === undefined
      ? {}
      : expectTable(FILE, `${WHERE}.dependencies`, poetry.dependencies)
  const dependencies = readDependencies(table)
  const inExtras = dependencies.map((): string[] => [])
  const extras: string[] = []
  const declared = optional(poetry, 'extras', expectTable, FILE, WHERE) ?? {}
  for (const [extra, list] of Object.entries(declared)) {
    const key = `${WHERE}.extras.${quoteKey(extra)}`
    const name = canonicalName(extra)
    if (!extras.includes(name)) extras.push(name)
    for (const requirement of expectStringArray(FILE, key, list)) {
      const wanted = canonicalName(requirement)
      dependencies.forEach((dependency, index) => {
        if (dependency.normalized === wanted) inExtras[index]?.push(name)
      })
    }
  }
  return {
    requirements: dependencies.map((dependency, index) =>
      requirementLine(dependency, inExtras[index] ?? [])
    ),
    extras
  }
}
