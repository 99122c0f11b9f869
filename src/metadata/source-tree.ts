/**
 * The loaders of source trees. A `[project]` table that is provably what the backend would write is
 * read directly (static-exact.ts); every other tree, setup.cfg and setup.py included, is handed to
 * its own build backend through PEP 517 (pep517/). Kept apart from sources.ts, which imports this
 * module only when a source tree is read.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { getConfigValue, parseConfig } from '../configparser.js'
import type { LoadedMetadata, LoadOptions } from './loaded-metadata.js'
import { projectFilesAt } from './project-files.js'
import { metadataFromPyproject, parsePyprojectToml } from './pyproject.js'
import { whyNotStatic } from './static-exact.js'
import { isTable, UnexpectedShape, type TomlTable } from './toml-shape.js'

type Loaded = Omit<LoadedMetadata, 'kind' | 'reason'>

export async function loadFromPyproject(options: LoadOptions): Promise<Loaded | undefined> {
  const file = path.join(options.projectDir, 'pyproject.toml')
  if (!existsSync(file)) return undefined
  const document = parsePyprojectToml(await readFile(file, 'utf8'))
  const exists = (name: string): boolean => existsSync(path.join(options.projectDir, name))
  if (!isTable(document.project)) {
    // Without [project], the metadata is in setup.cfg or setup.py (their loaders come next), or in
    // a backend's own table ([tool.poetry], [tool.flit.metadata]) that only the backend reads.
    const legacy = exists('setup.cfg') || exists('setup.py')
    if (options.source !== 'pyproject' && legacy) return undefined
    if (document['build-system'] === undefined) {
      // Let the mapping explain what is missing.
      metadataFromPyproject(document, projectFilesAt(options.projectDir, 'pyproject.toml'))
    }
  }
  const why = whyNotStatic(document, exists)
  if (why === undefined) {
    let extracted: ReturnType<typeof metadataFromPyproject>
    try {
      extracted = metadataFromPyproject(
        document,
        projectFilesAt(options.projectDir, 'pyproject.toml')
      )
    } catch (error) {
      if (!(error instanceof UnexpectedShape)) throw error
      const reason = `the [project] table has a form read only by its backend (${error.message.replace(/\.$/, '')})`
      return fromBackend(options, document, file, reason)
    }
    const { metadata, warnings } = extracted
    return {
      metadata,
      source: file,
      warnings,
      notices: [
        'Read the [project] table directly: nothing in it is dynamic, and its backend writes it as it stands (no Python needed).'
      ],
      path: 'static'
    }
  }
  return fromBackend(options, document, file, why)
}

export async function loadFromSetupCfg(options: LoadOptions): Promise<Loaded | undefined> {
  const file = path.join(options.projectDir, 'setup.cfg')
  if (!existsSync(file)) return undefined
  if (!declaresMetadata(await readFile(file, 'utf8'))) return undefined
  return fromBackend(options, await pyprojectIfAny(options), file, 'the metadata is in setup.cfg')
}

export async function loadFromSetupPy(options: LoadOptions): Promise<Loaded | undefined> {
  const file = path.join(options.projectDir, 'setup.py')
  if (!existsSync(file)) return undefined
  return fromBackend(options, await pyprojectIfAny(options), file, 'the metadata is in setup.py')
}

/** setup.cfg names a project in `[metadata] name`; other setup.cfg files only configure tools. */
function declaresMetadata(text: string): boolean {
  try {
    return getConfigValue(parseConfig(text, 'setup.cfg'), 'metadata', 'name') !== undefined
  } catch {
    return true // A malformed file is the backend's to report.
  }
}

async function pyprojectIfAny(options: LoadOptions): Promise<TomlTable | undefined> {
  const file = path.join(options.projectDir, 'pyproject.toml')
  return existsSync(file) ? parsePyprojectToml(await readFile(file, 'utf8')) : undefined
}

async function fromBackend(
  options: LoadOptions,
  document: TomlTable | undefined,
  source: string,
  why: string
): Promise<Loaded> {
  // Loaded only here: a static project or a built distribution never starts Python.
  const { buildSystemOf } = await import('./pep517/build-system.js')
  const { metadataFromBackend, BUILD_DEFAULTS } = await import('./pep517/backend.js')
  const buildSystem = buildSystemOf(document)
  const backend = { ...BUILD_DEFAULTS, ...options.backend }
  backend.log(`The build backend decides: ${why}.`)
  const { metadata, warnings, notices } = await metadataFromBackend(
    { ...backend, projectDir: options.projectDir },
    buildSystem
  )
  return { metadata, source, warnings, notices, path: 'backend' }
}
