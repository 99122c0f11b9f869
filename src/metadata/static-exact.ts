/**
 * When pyproject.toml alone gives exactly what the build backend would write, so that the metadata
 * can be read without Python: a `[project]` table with nothing dynamic, for a backend whose mapping
 * of it backends.ts reproduces, and nothing else in the project that the backend would also read.
 * Pure: the caller says which files exist.
 */
import { normalizeName } from '../packaging/names.js'
import { parseRequirement } from '../packaging/requirements.js'
import { backendDialect } from './backends.js'
import { NOT_METADATA } from './pyproject.js'
import { isTable, type TomlTable } from './toml-shape.js'

/**
 * Undefined when the static reading is exact; otherwise why the backend must be asked, for the log.
 * @param document the parsed pyproject.toml
 * @param exists whether a file of that name is in the project folder
 */
export function whyNotStatic(
  document: TomlTable,
  exists: (name: string) => boolean
): string | undefined {
  const project = document.project
  if (!isTable(project)) return 'pyproject.toml has no [project] table'
  const dynamic = Array.isArray(project.dynamic)
    ? project.dynamic.filter(key => typeof key !== 'string' || !NOT_METADATA.has(key))
    : []
  if (dynamic.length > 0) return `project.dynamic lists ${dynamic.join(', ')}`
  const dialect = backendDialect(document)
  const tool = isTable(document.tool) ? document.tool : {}
  switch (dialect.family) {
    case 'setuptools': {
      if (!/^setuptools\.build_meta(:__legacy__)?$/.test(dialect.name)) break
      const legacy = ['setup.py', 'setup.cfg'].filter(exists)
      if (legacy.length > 0) return `setuptools also reads ${legacy.join(' and ')}`
      return undefined
    }
    case 'hatchling': {
      if (dialect.name !== 'hatchling.build') break
      const hatch = isTable(tool.hatch) ? tool.hatch : {}
      const metadata = isTable(hatch.metadata) ? hatch.metadata : {}
      if (metadata.hooks !== undefined)
        return 'hatchling runs metadata hooks ([tool.hatch.metadata.hooks])'
      return undefined
    }
    case 'flit':
      if (dialect.name !== 'flit_core.buildapi') break
      if (isTable(tool.flit) && tool.flit.metadata !== undefined)
        return 'flit reads [tool.flit.metadata]'
      return undefined
    case 'pdm':
      if (dialect.name !== 'pdm.backend') break
      if (exists('pdm_build.py')) return 'pdm-backend runs the hooks in pdm_build.py'
      return undefined
    case 'poetry': {
      if (dialect.name !== 'poetry.core.masonry.api') break
      const requires = buildRequires(document)
      if (!requires.some(asksPoetryCore2))
        return 'poetry-core before 2.0 reads [tool.poetry], not [project]'
      return undefined
    }
    case 'other':
      break
  }
  return `the metadata of ${dialect.name} is not read without it`
}

/** poetry-core reads [project] from version 2 on; an older one reads only [tool.poetry]. */
function asksPoetryCore2(requirement: string): boolean {
  const parsed = parseRequirement(requirement)
  if (!parsed.ok || normalizeName(parsed.value.name) !== 'poetry-core') return false
  return parsed.value.specifiers.some(specifier => /^(?:>=|~=|==)\s*[2-9]/.test(specifier))
}

function buildRequires(document: TomlTable): string[] {
  const buildSystem = isTable(document['build-system']) ? document['build-system'] : {}
  return Array.isArray(buildSystem.requires)
    ? buildSystem.requires.filter((item): item is string => typeof item === 'string')
    : []
}
