/**
 * Core metadata from the `[project]` table of `pyproject.toml` (PEP 621), mapped the way the build
 * backends write it into PKG-INFO/METADATA. Pure apart from the injected {@link ProjectFiles}.
 */
import { TextDecoder } from 'node:util'
import { parse as parseToml, TomlError } from 'smol-toml'
import { MetadataError } from '../errors.js'
import { backendDialect, type BackendDialect } from './backends.js'
import { minimumMetadataVersion, type CoreMetadata } from './fields.js'
import { NAME_RULE, isValidName, normalizeName } from '../packaging/names.js'
import { licensePathProblem } from '../packaging/license-paths.js'
import { parseRequirement } from '../packaging/requirements.js'
import { normalizeVersion } from '../packaging/version.js'
import {
  expectString,
  expectStringArray,
  expectTable,
  isTable,
  optional,
  tomlKey,
  wrongType,
  type TomlTable
} from './toml-shape.js'
import { Inputs } from '../constants.js'
import { inputName } from '../wording.js'

/** Access to the files a `[project]` table refers to, relative to the project folder. */
export interface ProjectFiles {
  /** The bytes of a file; throws a MetadataError naming `key` when it cannot be read. */
  readBytes(relativePath: string, key: string): Uint8Array
  /**
   * Regular files matching a glob pattern, as sorted POSIX paths relative to the project; throws a
   * MetadataError naming `key` when one leads outside the project.
   */
  glob(pattern: string, key?: string): string[]
}

export interface ExtractedMetadata {
  metadata: CoreMetadata
  /** Things worth telling the user that do not stop the registration. */
  warnings: string[]
}

const FILE = 'pyproject.toml'

/** The keys PEP 621 defines for `[project]`; anything else is reported and ignored. */
const PROJECT_KEYS = new Set([
  'name',
  'version',
  'description',
  'readme',
  'requires-python',
  'license',
  'license-files',
  'authors',
  'maintainers',
  'keywords',
  'classifiers',
  'urls',
  'dependencies',
  'optional-dependencies',
  'scripts',
  'gui-scripts',
  'entry-points',
  'dynamic',
  'import-names',
  'import-namespaces'
])

/**
 * The `[project]` keys that never reach core metadata (entry points), so leaving them dynamic
 * loses nothing and changes nothing sent.
 */
export const NOT_METADATA: ReadonlySet<string> = new Set(['scripts', 'gui-scripts', 'entry-points'])

/** Parses TOML text, turning syntax errors into a message with the line and column. */
export function parsePyprojectToml(text: string, file = FILE): TomlTable {
  try {
    return parseToml(text) as TomlTable
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')
      throw new MetadataError(
        `${file} is not valid TOML: ${reason} at line ${error.line}, column ${error.column}.`,
        'Fix the syntax there; `python3 -c "import tomllib,sys; tomllib.load(open(sys.argv[1],\'rb\'))" pyproject.toml` shows the same error.'
      )
    }
    throw error
  }
}

/**
 * Maps a parsed `pyproject.toml` to core metadata.
 * @param document the whole parsed file
 * @param files reads the readme, license and license files it names
 */
export function metadataFromPyproject(document: TomlTable, files: ProjectFiles): ExtractedMetadata {
  if (document.project === undefined) {
    throw new MetadataError(
      `${FILE} has no [project] table, so it does not declare the project's metadata.`,
      `Add a [project] table with at least name and version (PEP 621), or set ${inputName(Inputs.projectDir)} to the folder of the project to register.`
    )
  }
  const project = expectTable(FILE, 'project', document.project)
  const dialect = backendDialect(document)
  const warnings: string[] = []
  const dynamic = readDynamic(project, warnings, dialect.name)

  for (const key of Object.keys(project)) {
    if (!PROJECT_KEYS.has(key))
      warnings.push(`${FILE}: project.${key} is not a PEP 621 key; it is ignored.`)
  }

  const name = readName(project)
  // Every backend writes the PEP 440 normal form (2.0RC1 as 2.0rc1); an invalid one is left for the check.
  const written = readRequired(project, 'version', dynamic, dialect.name)
  const version = normalizeVersion(written) ?? written
  const fields: Record<string, string | string[]> = { name, version }
  const put = (key: string, value: string | string[] | undefined): void => {
    if (value !== undefined && value.length > 0) fields[key] = value
  }

  put('summary', optional(project, 'description', expectString, FILE, 'project'))
  const readme = readReadme(project, files)
  put('description', readme === undefined ? undefined : endDescription(readme.text, dialect))
  put('description_content_type', readme?.contentType)
  put('requires_python', optional(project, 'requires-python', expectString, FILE, 'project'))
  Object.assign(fields, readLicense(project, files, dialect))
  Object.assign(fields, readPeople(project, 'authors', 'author', 'author_email'))
  Object.assign(fields, readPeople(project, 'maintainers', 'maintainer', 'maintainer_email'))
  put('keywords', readKeywords(project, dialect))
  put('classifiers', optional(project, 'classifiers', expectStringArray, FILE, 'project'))
  put('project_urls', readUrls(project))
  const extras = readOptionalDependencies(project, dialect)
  put('requires_dist', [
    ...(optional(project, 'dependencies', expectStringArray, FILE, 'project') ?? []).map(
      requirement => spellRequirement(requirement, dialect)
    ),
    ...extras.requirements
  ])
  put('provides_extra', extras.names)
  put('import_name', optional(project, 'import-names', expectStringArray, FILE, 'project'))
  put(
    'import_namespace',
    optional(project, 'import-namespaces', expectStringArray, FILE, 'project')
  )

  const partial = fields as unknown as Omit<CoreMetadata, 'metadata_version'>
  return { metadata: { metadata_version: minimumMetadataVersion(partial), ...partial }, warnings }
}

/** The description as the backend writes it into the message body. */
function endDescription(text: string, dialect: BackendDialect): string {
  if (dialect.descriptionEnding === 'add-newline') return `${text}\n`
  if (dialect.descriptionEnding === 'ensure-newline' && !text.endsWith('\n')) return `${text}\n`
  return text
}

function readKeywords(project: TomlTable, dialect: BackendDialect): string | undefined {
  const keywords = optional(project, 'keywords', expectStringArray, FILE, 'project')
  if (keywords === undefined) return undefined
  // Python's sorted(): code point order, which a plain comparison gives for these strings.
  const ordered = dialect.sortKeywords
    ? [...new Set(keywords)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : keywords
  return ordered.join(',')
}

/** Reads `project.dynamic`, refusing what PEP 621 forbids and warning about what will not be sent. */
function readDynamic(
  project: TomlTable,
  warnings: string[],
  backend: string | undefined
): Set<string> {
  const listed = optional(project, 'dynamic', expectStringArray, FILE, 'project') ?? []
  const dynamic = new Set(listed)
  if (dynamic.has('name')) {
    throw new MetadataError(
      `${FILE}: project.dynamic lists "name", which PEP 621 does not allow.`,
      'Set name statically in [project] and remove it from dynamic.'
    )
  }
  for (const key of dynamic) {
    if (project[key] !== undefined) {
      throw new MetadataError(
        `${FILE}: project.${key} is set and also listed in project.dynamic; PEP 621 allows one or the other.`,
        `Remove "${key}" from project.dynamic, or remove its static value.`
      )
    }
  }
  const unsent = listed.filter(key => key !== 'version' && !NOT_METADATA.has(key))
  if (unsent.length > 0) {
    warnings.push(
      `${FILE}: project.dynamic lists ${unsent.join(', ')}; ${backend ?? 'the build backend'} fills ${unsent.length === 1 ? 'it' : 'them'} in at build time, so ${unsent.length === 1 ? 'it is' : 'they are'} not sent. Register from a built distribution to include ${unsent.length === 1 ? 'it' : 'them'}.`
    )
  }
  return dynamic
}

function readName(project: TomlTable): string {
  if (project.name === undefined) {
    throw new MetadataError(
      `${FILE}: project.name is missing.`,
      'Add name = "your-project" to the [project] table.'
    )
  }
  const name = expectString(FILE, 'project.name', project.name)
  if (!isValidName(name)) {
    throw new MetadataError(
      `${FILE}: project.name "${name}" is not a valid project name.`,
      `Rename the project: ${NAME_RULE}.`
    )
  }
  return name
}

function readRequired(
  project: TomlTable,
  key: 'version',
  dynamic: Set<string>,
  backend: string | undefined
): string {
  if (dynamic.has(key)) {
    throw new MetadataError(
      `${FILE}: project.${key} is dynamic: ${backend ?? 'the build backend'} computes it at build time, and pypi-register cannot resolve it from this source tree.`,
      `Set ${key} statically in [project], or build the distribution first and register from it.`
    )
  }
  if (project[key] === undefined) {
    throw new MetadataError(
      `${FILE}: project.${key} is missing.`,
      `Add ${key} = "1.0.0" (your release's ${key}) to [project], or list "${key}" in project.dynamic if the build backend sets it.`
    )
  }
  const value = expectString(FILE, `project.${key}`, project[key])
  if (value.trim() === '') {
    throw new MetadataError(`${FILE}: project.${key} is empty.`, `Set project.${key} to a value.`)
  }
  return value
}

const README_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.rst': 'text/x-rst',
  '.txt': 'text/plain'
}

function readReadme(
  project: TomlTable,
  files: ProjectFiles
): { text: string; contentType: string } | undefined {
  const readme = project.readme
  if (readme === undefined) return undefined
  if (typeof readme === 'string') {
    const suffix = /\.[^./\\]*$/.exec(readme)?.[0]?.toLowerCase() ?? ''
    const contentType = README_TYPES[suffix]
    if (contentType === undefined) {
      throw new MetadataError(
        `${FILE}: the content type of project.readme "${readme}" cannot be told from its extension.`,
        `Name a .md, .rst or .txt file, or write readme = {file = "${readme}", content-type = "text/plain"}.`
      )
    }
    return {
      text: decodeText(files.readBytes(readme, 'project.readme'), 'utf-8', 'project.readme'),
      contentType
    }
  }
  if (!isTable(readme)) wrongType(FILE, 'project.readme', 'a file name or a table', readme)
  const contentType = readme['content-type']
  if (contentType === undefined) {
    throw new MetadataError(
      `${FILE}: project.readme is a table without "content-type".`,
      'Add content-type = "text/markdown" (or "text/x-rst", "text/plain") to it.'
    )
  }
  const type = expectString(FILE, 'project.readme.content-type', contentType)
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1] ?? 'utf-8'
  return { text: readFileOrText(readme, 'project.readme', files, charset), contentType: type }
}

/** A `{file = ...}` or `{text = ...}` table (readme, license): exactly one of the two. */
function readFileOrText(
  table: TomlTable,
  key: string,
  files: ProjectFiles,
  charset = 'utf-8'
): string {
  if ((table.file === undefined) === (table.text === undefined)) {
    throw new MetadataError(
      `${FILE}: ${key} must have exactly one of "file" and "text".`,
      `Write ${key} = {file = "NAME"} or ${key} = {text = "..."}.`
    )
  }
  if (table.text !== undefined) return expectString(FILE, `${key}.text`, table.text)
  const file = expectString(FILE, `${key}.file`, table.file)
  return decodeText(files.readBytes(file, `${key}.file`), charset, `${key}.file`)
}

/** Python's names for ISO-8859-1, which WHATWG decoders would read as windows-1252 instead. */
const ISO_8859_1 = new Set([
  'latin-1',
  'latin1',
  'iso-8859-1',
  'iso8859-1',
  'iso-8859-1:1987',
  'l1'
])

/**
 * Decodes a text file the way Python's `open(..., encoding=charset)` reads it for the backends:
 * universal newlines (CRLF and CR become LF), and a byte order mark is kept as a character.
 */
function decodeText(bytes: Uint8Array, charset: string, key: string): string {
  const label = charset.toLowerCase().replace(/_/g, '-')
  return decodeWith(bytes, label, key).replace(/\r\n?/g, '\n')
}

function decodeWith(bytes: Uint8Array, label: string, key: string): string {
  if (ISO_8859_1.has(label)) return Buffer.from(bytes).toString('latin1')
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true })
  } catch {
    throw new MetadataError(
      `${FILE}: ${key} names the unknown charset "${label}".`,
      'Use charset=UTF-8.'
    )
  }
  try {
    return decoder.decode(bytes)
  } catch {
    throw new MetadataError(
      `${FILE}: the file named by ${key} is not valid ${label} text.`,
      'Save it as UTF-8, or give its charset in content-type.'
    )
  }
}

function readLicense(
  project: TomlTable,
  files: ProjectFiles,
  dialect: BackendDialect
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {}
  const license = project.license
  const patterns = optional(project, 'license-files', expectStringArray, FILE, 'project')
  if (typeof license === 'string') {
    if (license.trim() === '') {
      throw new MetadataError(
        `${FILE}: project.license is empty.`,
        'Give an SPDX license expression such as "MIT".'
      )
    }
    result.license_expression = license
  } else if (license !== undefined) {
    if (!isTable(license))
      wrongType(FILE, 'project.license', 'an SPDX expression or a table', license)
    if (patterns !== undefined) {
      throw new MetadataError(
        `${FILE}: project.license is a table while project.license-files is set; PEP 639 allows license-files only with a license expression.`,
        'Write the license as an SPDX expression, e.g. license = "MIT".'
      )
    }
    const fromFile = license.file !== undefined
    const text = readFileOrText(license, 'project.license', files)
    if (!fromFile || dialect.licenseFile === 'text') result.license = text
    else if (dialect.licenseFile === 'text-without-final-newline')
      result.license = text.replace(/\n$/, '')
  }
  if (patterns !== undefined) {
    const found = patterns.flatMap((pattern, index) => matchLicenseFiles(pattern, index, files))
    if (found.length > 0) result.license_file = [...new Set(found)]
  } else if (dialect.defaultLicenseFiles.length > 0) {
    // Without license-files, setuptools and hatchling still record the usual license files.
    const found = [
      ...new Set(
        dialect.defaultLicenseFiles.flatMap(pattern =>
          files.glob(pattern, 'the license files found by default')
        )
      )
    ].sort()
    if (found.length > 0) result.license_file = found
  }
  return result
}

/** PEP 639: patterns are relative, stay inside the project, and each must match at least one file. */
function matchLicenseFiles(pattern: string, index: number, files: ProjectFiles): string[] {
  const key = `project.license-files[${index}]`
  const problem = licensePathProblem(pattern)
  if (problem !== undefined) {
    throw new MetadataError(
      `${FILE}: ${key} "${pattern}" must be a relative path inside the project, with "/" separators and no "..": ${problem}.`,
      'Write patterns such as "LICENSE*" or "licenses/*.txt".'
    )
  }
  const matches = files.glob(pattern, key)
  if (matches.length === 0) {
    throw new MetadataError(
      `${FILE}: ${key} "${pattern}" matches no file.`,
      'PEP 639 requires every pattern to match at least one file: fix the pattern or add the file.'
    )
  }
  return matches
}

/** RFC 5322 "specials": a display name containing one is quoted, as Python's email.headerregistry does. */
const ADDRESS_SPECIALS = /[()<>@,:;."[\]]/

function formatAddress(name: string, email: string): string {
  const display = ADDRESS_SPECIALS.test(name) ? `"${name.replace(/[\\"]/g, '\\$&')}"` : name
  return `${display} <${email}>`
}

/**
 * authors/maintainers: people with a name only go to Author/Maintainer; people with an email go to
 * Author-email/Maintainer-email as `Name <email>`; each list is joined with ", ".
 */
function readPeople(
  project: TomlTable,
  key: 'authors' | 'maintainers',
  nameField: string,
  emailField: string
): Record<string, string> {
  const people = project[key]
  if (people === undefined) return {}
  if (!Array.isArray(people)) wrongType(FILE, `project.${key}`, 'an array of tables', people)
  const names: string[] = []
  const emails: string[] = []
  people.forEach((person, index) => {
    const where = `project.${key}[${index}]`
    const table = expectTable(FILE, where, person)
    const name = optional(table, 'name', expectString, FILE, where)
    const email = optional(table, 'email', expectString, FILE, where)
    if (name === undefined && email === undefined) {
      throw new MetadataError(
        `${FILE}: ${where} has neither name nor email.`,
        'Give at least one of them.'
      )
    }
    if (email === undefined) names.push(name as string)
    else emails.push(name === undefined ? email : formatAddress(name, email))
  })
  const result: Record<string, string> = {}
  if (names.length > 0) result[nameField] = names.join(', ')
  if (emails.length > 0) result[emailField] = emails.join(', ')
  return result
}

function readUrls(project: TomlTable): string[] | undefined {
  const urls = optional(project, 'urls', expectTable, FILE, 'project')
  if (urls === undefined) return undefined
  return Object.entries(urls).map(
    ([label, url]) => `${label}, ${expectString(FILE, `project.urls.${tomlKey(label)}`, url)}`
  )
}

function readOptionalDependencies(
  project: TomlTable,
  dialect: BackendDialect
): { names: string[]; requirements: string[] } {
  const table = optional(project, 'optional-dependencies', expectTable, FILE, 'project')
  const names: string[] = []
  const requirements: string[] = []
  for (const [extra, list] of Object.entries(table ?? {})) {
    const key = `project.optional-dependencies.${tomlKey(extra)}`
    if (!isValidName(extra)) {
      throw new MetadataError(
        `${FILE}: ${key}: "${extra}" is not a valid extra name.`,
        `Rename the extra: ${NAME_RULE}.`
      )
    }
    // PEP 685: the backends write extra names in normal form.
    const name = normalizeName(extra)
    names.push(name)
    for (const requirement of expectStringArray(FILE, key, list)) {
      requirements.push(
        withExtraMarker(spellRequirement(requirement, dialect), name, dialect.extraFirst)
      )
    }
  }
  return { names, requirements }
}

/**
 * A requirement as the backend writes it: trimmed, and with hatchling the name normalised. One that
 * does not parse is left as written, for the metadata check to report.
 */
function spellRequirement(requirement: string, dialect: BackendDialect): string {
  const trimmed = requirement.trim()
  if (!dialect.normalizeRequirementNames) return trimmed
  const parsed = parseRequirement(trimmed)
  if (!parsed.ok) return trimmed
  const { name } = parsed.value
  return normalizeName(name) + trimmed.slice(name.length)
}

/**
 * Adds `extra == "name"` to a requirement's environment marker, wrapping an existing marker in
 * parentheses so that an `or` inside it keeps its meaning. flit puts the extra first. A requirement
 * that does not parse gets the condition after it as it stands, for the metadata check to report.
 */
export function withExtraMarker(requirement: string, extra: string, extraFirst = false): string {
  const condition = `extra == "${extra}"`
  const parsed = parseRequirement(requirement)
  const markerAt = parsed.ok ? parsed.value.markerAt : undefined
  if (markerAt === undefined) return `${requirement}; ${condition}`
  const spec = requirement.slice(0, markerAt).trim()
  const marker = requirement.slice(markerAt + 1).trim()
  return extraFirst
    ? `${spec}; ${condition} and (${marker})`
    : `${spec}; (${marker}) and ${condition}`
}
