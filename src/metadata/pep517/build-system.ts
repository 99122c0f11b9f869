/**
 * The `[build-system]` table of pyproject.toml as PEP 517 and PEP 518 define it, with their
 * defaults for a project that has none (`requires` is mandatory in a table that exists). Pure.
 */
import { MetadataError } from '../../errors.js'
import { expectString, expectStringArray, isTable, type TomlTable } from '../toml-shape.js'

export interface BuildSystem {
  /** `build-system.requires`: what the backend needs installed before it can be imported. */
  requires: string[]
  /** `build-backend`: `module` or `module:object`. */
  backend: string
  /** `backend-path`: folders of the project put first on sys.path, for in-tree backends. */
  backendPath: string[]
}

const FILE = 'pyproject.toml'

/** What pip and build assume for a project that names no backend (PEP 517, PEP 518). */
const LEGACY: BuildSystem = {
  requires: ['setuptools>=40.8.0'],
  backend: 'setuptools.build_meta:__legacy__',
  backendPath: []
}

/** Reads `[build-system]` from a parsed pyproject.toml (undefined: the project has none). */
export function buildSystemOf(document: TomlTable | undefined): BuildSystem {
  const table = document?.['build-system']
  if (table === undefined) return LEGACY
  if (!isTable(table)) {
    throw new MetadataError(
      `${FILE}: [build-system] is not a table.`,
      'Write it as a table: [build-system] with requires and build-backend.'
    )
  }
  if (table.requires === undefined) {
    throw new MetadataError(
      `${FILE}: [build-system] has no requires, which PEP 518 makes mandatory (pip and python -m build refuse such a project too).`,
      'Add the packages the build backend needs, for example requires = ["setuptools>=61"], or remove the empty [build-system] table.'
    )
  }
  const requires = expectStringArray(FILE, 'build-system.requires', table.requires)
  for (const requirement of requires) {
    if (requirement.trim().startsWith('-')) {
      throw new MetadataError(
        `${FILE}: build-system.requires has "${requirement}", which is an option, not a requirement.`,
        'List requirements only (PEP 508), such as "setuptools>=61".'
      )
    }
  }
  if (table['build-backend'] === undefined) return { ...LEGACY, requires }
  const backend = expectString(FILE, 'build-system.build-backend', table['build-backend']).trim()
  if (!/^[A-Za-z_][\w.]*(\s*:\s*[A-Za-z_][\w.]*)?$/.test(backend)) {
    throw new MetadataError(
      `${FILE}: build-system.build-backend "${backend}" is not a module name or module:object.`,
      'Write it as the backend documents, for example "setuptools.build_meta" or "hatchling.build".'
    )
  }
  const backendPath =
    table['backend-path'] === undefined
      ? []
      : expectStringArray(FILE, 'build-system.backend-path', table['backend-path'])
  return { requires, backend, backendPath }
}
