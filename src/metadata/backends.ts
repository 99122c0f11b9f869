/**
 * What differs between build backends when they turn the same `[project]` table into METADATA.
 * Facts read from setuptools, hatchling, flit_core and poetry-core and checked against the fixture
 * corpus (`__tests__/data/projects`). One table, so that the mapping itself stays backend-neutral.
 */
import { isTable, type TomlTable } from './toml-shape.js'

export type BackendFamily = 'setuptools' | 'hatchling' | 'flit' | 'pdm' | 'poetry' | 'other'

export interface BackendDialect {
  family: BackendFamily
  /** The `build-backend` value, or setuptools' legacy default when there is none. */
  name: string
  /** Globs for License-File when `license-files` is not set (top-level files only). */
  defaultLicenseFiles: readonly string[]
  /** hatchling writes keywords sorted and without duplicates. */
  sortKeywords: boolean
  /** hatchling writes requirement names in PEP 503 normal form (`quill_lint` → `quill-lint`). */
  normalizeRequirementNames: boolean
  /** flit writes `extra == "x" and (marker)`; the others put the extra last. */
  extraFirst: boolean
  /** What becomes of `license = {file = ...}`: the text, the text less its final newline, or nothing. */
  licenseFile: 'text' | 'text-without-final-newline' | 'omitted'
  /**
   * How the description ends in the message body: as the readme ends (hatchling), with a newline
   * added when it has none (setuptools), or with one more newline always (flit, poetry-core).
   */
  descriptionEnding: 'as-is' | 'ensure-newline' | 'add-newline'
}

const LICENSE_GLOBS = ['LICEN[CS]E*', 'COPYING*', 'NOTICE*', 'AUTHORS*'] as const

const NEUTRAL: Omit<BackendDialect, 'family' | 'name'> = {
  defaultLicenseFiles: [],
  sortKeywords: false,
  normalizeRequirementNames: false,
  extraFirst: false,
  licenseFile: 'text',
  descriptionEnding: 'as-is'
}

const DIALECTS: Record<BackendFamily, Omit<BackendDialect, 'family' | 'name'>> = {
  setuptools: {
    ...NEUTRAL,
    defaultLicenseFiles: LICENSE_GLOBS,
    descriptionEnding: 'ensure-newline'
  },
  // hatchling writes License line by line (splitlines), which drops a final newline.
  hatchling: {
    ...NEUTRAL,
    defaultLicenseFiles: LICENSE_GLOBS,
    sortKeywords: true,
    normalizeRequirementNames: true,
    licenseFile: 'text-without-final-newline'
  },
  // flit_core 3.x records nothing from `license = {file}` (it waits for PEP 639).
  flit: { ...NEUTRAL, extraFirst: true, licenseFile: 'omitted', descriptionEnding: 'add-newline' },
  pdm: NEUTRAL,
  poetry: { ...NEUTRAL, descriptionEnding: 'add-newline' },
  other: NEUTRAL
}

const PREFIXES: Array<[string, BackendFamily]> = [
  ['setuptools', 'setuptools'],
  ['hatchling', 'hatchling'],
  ['flit_core', 'flit'],
  ['pdm.backend', 'pdm'],
  ['poetry.core', 'poetry'],
  ['poetry.masonry', 'poetry']
]

/** The dialect of the backend `pyproject.toml` names; setuptools when it names none (PEP 517). */
export function backendDialect(document: TomlTable): BackendDialect {
  const buildSystem = isTable(document['build-system']) ? document['build-system'] : {}
  const name =
    typeof buildSystem['build-backend'] === 'string'
      ? buildSystem['build-backend']
      : 'setuptools.build_meta:__legacy__'
  const family = PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1] ?? 'other'
  return { family, name, ...DIALECTS[family] }
}
