/**
 * Resolves `[project].dynamic` fields the way each build backend would, without running a build:
 * setuptools (`[tool.setuptools.dynamic]`, setuptools_scm), hatchling (`[tool.hatch.version]`,
 * hatch-vcs), flit (module `__version__` and docstring) and pdm-backend (`[tool.pdm.version]`).
 * The result is a copy of the `[project]` table with the resolved values filled in and removed from
 * `dynamic`, so that the PEP 621 mapping treats them like static ones. Pure apart from `context`.
 */
import { MetadataError } from '../errors.js'
import { backendDialect, type BackendFamily } from './backends.js'
import type { ProjectFiles } from './pyproject.js'
import { readAssignedLiteral, readModuleDocstring, type PythonLiteral } from './python-source.js'
import {
  expectString,
  expectStringArray,
  expectTable,
  isTable,
  type TomlTable
} from './toml-shape.js'
import { normalizeVersion } from './version.js'

const FILE = 'pyproject.toml'

export interface DynamicContext {
  files: ProjectFiles
  /** Whether a path relative to the project is a regular file. */
  isFile(relativePath: string): boolean
  /** The version a git tag on HEAD gives, as setuptools_scm would; throws a MetadataError otherwise. */
  versionFromGitTag(tool: string): string
}

export interface ResolvedProject {
  project: TomlTable
  /** What was resolved and from where, for the log. */
  notes: string[]
}

/** Fills in the dynamic fields of `document.project` that its backend's configuration determines. */
export function resolveDynamic(document: TomlTable, context: DynamicContext): ResolvedProject {
  const project = { ...expectTable(FILE, 'project', document.project) }
  const dynamic = new Set(
    Array.isArray(project.dynamic) ? project.dynamic.filter(k => typeof k === 'string') : []
  )
  const notes: string[] = []
  if (dynamic.size === 0) return { project, notes }
  const tool = isTable(document.tool) ? document.tool : {}
  const { family, name } = backendDialect(document)
  const resolver = RESOLVERS[family]
  const resolved = resolver({ project, dynamic, tool, context, backend: name, document })
  for (const [key, value] of Object.entries(resolved.values)) {
    project[key] = value
    dynamic.delete(key)
  }
  project.dynamic = [...dynamic]
  return { project, notes: resolved.notes }
}

interface ResolverInput {
  project: TomlTable
  dynamic: Set<string>
  tool: TomlTable
  context: DynamicContext
  backend: string
  document: TomlTable
}

type Resolver = (input: ResolverInput) => { values: TomlTable; notes: string[] }

const RESOLVERS: Record<BackendFamily, Resolver> = {
  setuptools: resolveSetuptools,
  hatchling: resolveHatchling,
  flit: resolveFlit,
  pdm: resolvePdm,
  poetry: () => ({ values: {}, notes: [] }),
  other: () => ({ values: {}, notes: [] })
}

function resolveSetuptools({ dynamic, tool, context, document }: ResolverInput): {
  values: TomlTable
  notes: string[]
} {
  const setuptools = isTable(tool.setuptools) ? tool.setuptools : {}
  const config = isTable(setuptools.dynamic) ? setuptools.dynamic : {}
  const values: TomlTable = {}
  const notes: string[] = []
  const where = 'tool.setuptools.dynamic'

  if (dynamic.has('version')) {
    if (config.version !== undefined) {
      const spec = expectTable(FILE, `${where}.version`, config.version)
      values.version =
        spec.attr !== undefined
          ? versionFromAttr(
              expectString(FILE, `${where}.version.attr`, spec.attr),
              packageDirs(setuptools),
              context,
              `${where}.version`
            )
          : checkedVersion(
              readFileList(spec, `${where}.version`, context).trim(),
              `${where}.version.file`
            )
      notes.push(`version ${String(values.version)} from ${where}.version`)
    } else if (usesSetuptoolsScm(document, tool)) {
      values.version = context.versionFromGitTag('setuptools_scm')
      notes.push(`version ${String(values.version)} from the git tag (setuptools_scm)`)
    }
  }
  if (dynamic.has('readme') && config.readme !== undefined) {
    const spec = expectTable(FILE, `${where}.readme`, config.readme)
    const contentType =
      spec['content-type'] === undefined
        ? 'text/x-rst'
        : expectString(FILE, `${where}.readme.content-type`, spec['content-type'])
    values.readme = {
      text: readFileList(spec, `${where}.readme`, context),
      'content-type': contentType
    }
  }
  for (const key of ['description', 'classifiers', 'dependencies'] as const) {
    if (!dynamic.has(key) || config[key] === undefined) continue
    const text = readFileList(
      expectTable(FILE, `${where}.${key}`, config[key]),
      `${where}.${key}`,
      context
    )
    values[key] = key === 'description' ? text.trim() : requirementLines(text)
  }
  if (dynamic.has('optional-dependencies') && config['optional-dependencies'] !== undefined) {
    const extras = expectTable(
      FILE,
      `${where}.optional-dependencies`,
      config['optional-dependencies']
    )
    values['optional-dependencies'] = Object.fromEntries(
      Object.entries(extras).map(([extra, spec]) => [
        extra,
        requirementLines(
          readFileList(
            expectTable(FILE, `${where}.optional-dependencies.${extra}`, spec),
            `${where}.optional-dependencies.${extra}`,
            context
          )
        )
      ])
    )
  }
  return { values, notes }
}

function usesSetuptoolsScm(document: TomlTable, tool: TomlTable): boolean {
  if (tool.setuptools_scm !== undefined) return true
  const buildSystem = isTable(document['build-system']) ? document['build-system'] : {}
  const requires = Array.isArray(buildSystem.requires) ? buildSystem.requires : []
  return requires.some(
    requirement =>
      typeof requirement === 'string' && /^setuptools[-_]scm\b/i.test(requirement.trim())
  )
}

function resolveHatchling({ dynamic, tool, context }: ResolverInput): {
  values: TomlTable
  notes: string[]
} {
  if (!dynamic.has('version')) return { values: {}, notes: [] }
  const hatch = isTable(tool.hatch) ? tool.hatch : {}
  const config = isTable(hatch.version) ? hatch.version : {}
  const source =
    config.source === undefined
      ? 'regex'
      : expectString(FILE, 'tool.hatch.version.source', config.source)
  if (source === 'vcs') {
    const version = context.versionFromGitTag('hatch-vcs')
    return { values: { version }, notes: [`version ${version} from the git tag (hatch-vcs)`] }
  }
  if (source !== 'regex' || config.path === undefined) {
    throw unresolvable(
      'version',
      'hatchling',
      source === 'regex'
        ? 'tool.hatch.version has no path'
        : `tool.hatch.version.source "${source}" needs hatchling itself`
    )
  }
  const path = expectString(FILE, 'tool.hatch.version.path', config.path)
  const pattern = config.pattern === undefined ? true : config.pattern
  const text = decode(context.files.readBytes(path, 'tool.hatch.version.path'))
  const version = versionByPattern(
    text,
    pattern === true
      ? HATCH_DEFAULT_PATTERN
      : expectString(FILE, 'tool.hatch.version.pattern', pattern),
    path
  )
  return {
    values: { version: checkedVersion(version, `tool.hatch.version (${path})`) },
    notes: [`version ${version} from ${path}`]
  }
}

/** hatchling's default: `__version__` or `VERSION` assigned a quoted string, an optional `v` dropped. */
const HATCH_DEFAULT_PATTERN = `(?i)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\\2`

/**
 * Applies a Python regular expression with a `version` group, as hatchling does (`re.search` with
 * MULTILINE). Python's `(?P<name>` and a leading `(?i)` are translated for JavaScript.
 */
export function versionByPattern(text: string, pattern: string, file: string): string {
  let flags = 'm'
  let source = pattern
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source)
  if (inline !== null) {
    if (inline[1]?.includes('i')) flags += 'i'
    if (inline[1]?.includes('s')) flags += 's'
    source = source.slice(inline[0].length)
  }
  source = source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
  let regex: RegExp
  try {
    regex = new RegExp(source, flags)
  } catch (error) {
    throw new MetadataError(
      `${FILE}: tool.hatch.version.pattern is not a usable regular expression (${(error as Error).message}).`,
      'Simplify the pattern.'
    )
  }
  const match = regex.exec(text)
  if (match === null) {
    throw new MetadataError(
      `${FILE}: the version pattern finds no version in ${file}.`,
      'Check tool.hatch.version.path and pattern.'
    )
  }
  const version = match.groups?.version
  if (version === undefined) {
    throw new MetadataError(
      `${FILE}: tool.hatch.version.pattern has no group named "version".`,
      'Name the group: (?P<version>...).'
    )
  }
  return version
}

function resolveFlit({ project, dynamic, tool, context }: ResolverInput): {
  values: TomlTable
  notes: string[]
} {
  if (!dynamic.has('version') && !dynamic.has('description')) return { values: {}, notes: [] }
  const flit = isTable(tool.flit) ? tool.flit : {}
  const moduleTable = isTable(flit.module) ? flit.module : {}
  const moduleName =
    typeof moduleTable.name === 'string'
      ? moduleTable.name
      : String(project.name ?? '').replace(/[-.]/g, '_')
  const file = findModuleFile(moduleName.split('.'), ['src', ''], context)
  if (file === undefined) {
    throw unresolvable(
      'version',
      'flit',
      `its module "${moduleName}" was not found (looked for ${moduleName}.py and ${moduleName}/__init__.py, also under src/)`
    )
  }
  const text = decode(context.files.readBytes(file, `the module of ${moduleName}`))
  const values: TomlTable = {}
  const notes: string[] = []
  if (dynamic.has('version')) {
    const version = readAssignedLiteral(text, '__version__')
    if (typeof version !== 'string') {
      throw unresolvable(
        'version',
        'flit',
        `${file} has no __version__ = "..." string that can be read without importing the module`
      )
    }
    values.version = checkedVersion(version, `__version__ in ${file}`)
    notes.push(`version ${String(values.version)} from ${file}`)
  }
  if (dynamic.has('description')) {
    const docstring = readModuleDocstring(text)
    if (docstring === undefined || docstring.trim() === '') {
      throw unresolvable('description', 'flit', `${file} has no module docstring`)
    }
    values.description = docstring.trimStart().split('\n')[0]
    notes.push(`summary from the docstring of ${file}`)
  }
  return { values, notes }
}

function resolvePdm({ dynamic, tool, context }: ResolverInput): {
  values: TomlTable
  notes: string[]
} {
  if (!dynamic.has('version')) return { values: {}, notes: [] }
  const pdm = isTable(tool.pdm) ? tool.pdm : {}
  const config = isTable(pdm.version) ? pdm.version : {}
  const source = typeof config.source === 'string' ? config.source : undefined
  if (source === 'scm') {
    const version = context.versionFromGitTag('pdm-backend')
    return { values: { version }, notes: [`version ${version} from the git tag (pdm-backend)`] }
  }
  if (source !== 'file' || config.path === undefined) {
    throw unresolvable(
      'version',
      'pdm-backend',
      source === undefined
        ? 'tool.pdm.version has no source'
        : `tool.pdm.version.source "${source}" needs pdm-backend itself`
    )
  }
  const path = expectString(FILE, 'tool.pdm.version.path', config.path)
  const version = readAssignedLiteral(
    decode(context.files.readBytes(path, 'tool.pdm.version.path')),
    '__version__'
  )
  if (typeof version !== 'string')
    throw unresolvable('version', 'pdm-backend', `${path} has no __version__ = "..." string`)
  return {
    values: { version: checkedVersion(version, `__version__ in ${path}`) },
    notes: [`version ${version} from ${path}`]
  }
}

/** `package-dir` of `[tool.setuptools]`, defaulting to the src layout and the flat layout. */
function packageDirs(setuptools: TomlTable): PackageDirs {
  const table = isTable(setuptools['package-dir']) ? setuptools['package-dir'] : undefined
  if (table === undefined) return packageDirsFrom(undefined)
  return packageDirsFrom(
    Object.fromEntries(
      Object.entries(table).map(([name, dir]) => [
        name,
        expectString(FILE, `tool.setuptools.package-dir.${name}`, dir)
      ])
    )
  )
}

/** Where setuptools looks for packages: `package-dir` / `package_dir`, else the src and flat layouts. */
export interface PackageDirs {
  root: string[]
  packages: Record<string, string>
}

export function packageDirsFrom(mapping: Record<string, string> | undefined): PackageDirs {
  if (mapping === undefined) return { root: ['src', ''], packages: {} }
  const packages: Record<string, string> = {}
  for (const [name, dir] of Object.entries(mapping)) packages[name] = dir.replace(/\/+$/, '')
  return { root: [packages[''] ?? ''], packages }
}

/** setuptools' `attr = "pkg.module.NAME"`, read statically from the module as setuptools tries first. */
export function versionFromAttr(
  attr: string,
  dirs: PackageDirs,
  context: DynamicContext,
  key: string,
  file = FILE
): string {
  const parts = attr.trim().split('.')
  const name = parts.pop() as string
  const modulePath = parts.length === 0 ? ['__init__'] : parts
  const topPackage = modulePath[0] as string
  const roots =
    dirs.packages[topPackage] !== undefined
      ? [{ base: dirs.packages[topPackage] as string, path: modulePath.slice(1) }]
      : dirs.root.map(base => ({ base, path: modulePath }))
  let module: string | undefined
  for (const root of roots) {
    module = findModuleFile(root.path, [root.base], context, root.path.length === 0)
    if (module !== undefined) break
  }
  if (module === undefined) {
    throw unresolvable(
      'version',
      'setuptools',
      `${key}.attr names the module ${modulePath.join('.')}, which was not found in the project`,
      file
    )
  }
  const value = readAssignedLiteral(decode(context.files.readBytes(module, `${key}.attr`)), name)
  if (value === undefined) {
    throw unresolvable(
      'version',
      'setuptools',
      `${module} has no literal ${name} = ... that can be read without importing the module`,
      file
    )
  }
  return checkedVersion(literalVersion(value), `${name} in ${module}`)
}

/** setuptools turns a tuple such as (1, 2, 3) into "1.2.3". */
function literalVersion(value: PythonLiteral): string {
  return Array.isArray(value) ? value.map(String).join('.') : String(value)
}

/** The module file for a dotted path under one of `bases`: `x/y.py` or `x/y/__init__.py`. */
function findModuleFile(
  path: string[],
  bases: string[],
  context: DynamicContext,
  packageOnly = false
): string | undefined {
  for (const base of bases) {
    const prefix = [base, ...path].filter(Boolean).join('/')
    const candidates = packageOnly
      ? [`${prefix}/__init__.py`]
      : [`${prefix}.py`, `${prefix}/__init__.py`]
    const found = candidates.find(candidate => context.isFile(candidate))
    if (found !== undefined) return found
  }
  return undefined
}

/** `{file = "x"}` or `{file = ["a", "b"]}`: the files' text, joined with newlines as setuptools does. */
function readFileList(spec: TomlTable, key: string, context: DynamicContext): string {
  if (spec.file === undefined)
    throw new MetadataError(
      `${FILE}: ${key} needs "file" (or "attr" for the version).`,
      `Write ${key} = {file = "NAME"}.`
    )
  const names =
    typeof spec.file === 'string' ? [spec.file] : expectStringArray(FILE, `${key}.file`, spec.file)
  return names
    .map(name => decode(context.files.readBytes(name, `${key}.file`)).replace(/\r\n?/g, '\n'))
    .join('\n')
}

/** Requirement files: one requirement per line, `#` comments and blank lines dropped. */
export function requirementLines(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(line => line !== '')
}

export function checkedVersion(version: string, where: string): string {
  const normal = normalizeVersion(version)
  if (normal === undefined) {
    throw new MetadataError(
      `The version "${version}" from ${where} is not a valid PEP 440 version.`,
      'Fix it to a version such as 1.2.0.'
    )
  }
  return normal
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8')
}

function unresolvable(field: string, backend: string, why: string, file = FILE): MetadataError {
  const what = file === FILE ? `project.${field} is dynamic and` : `the ${field}`
  return new MetadataError(
    `${file}: ${what} cannot be resolved for ${backend}: ${why}.`,
    'Build the distribution first (python -m build) and register from dist/, or set the value statically.'
  )
}
