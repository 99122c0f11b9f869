/**
 * Fidelity: for each fixture project, the metadata we extract from its source tree equals what its
 * real build backend wrote into the wheel's METADATA (committed by scripts/regenerate-fixtures.sh),
 * field by field.
 */
import { describe, expect, it } from '@jest/globals'
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CoreMetadata } from '../src/metadata/fields.js'
import { loadProjectMetadata } from '../src/metadata/load.js'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import { commitAndTag } from './support/git.js'
import { sourceTree } from './support/load-options.js'
import { normaliseRequirements } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

const PROJECTS = path.join(REPO_ROOT, '__tests__', 'data', 'projects')

interface Fixture {
  name: string
  backend: string
  git_tag: string | null
}

/** Repeated fields whose order carries no meaning, which backends order each their own way. */
const UNORDERED = ['classifiers', 'requires_dist', 'provides_extra', 'project_urls', 'license_file']

/**
 * What must be equal: every field's value, exactly, with three allowances. The metadata version
 * depends on the backend's release, not on the project; requirements are compared in packaging's
 * normal form (`a (>=1)` and `a>=1` are one requirement); unordered lists are compared as sets.
 */
function comparable(metadata: CoreMetadata): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...metadata }
  delete fields.metadata_version
  if (Array.isArray(fields.requires_dist)) {
    fields.requires_dist = normaliseRequirements(fields.requires_dist as string[])
  }
  for (const key of UNORDERED) {
    if (Array.isArray(fields[key])) fields[key] = [...(fields[key] as string[])].sort()
  }
  return fields
}

async function fixtures(): Promise<Fixture[]> {
  const names = (await readdir(PROJECTS)).sort()
  const all = await Promise.all(
    names.map(
      async name =>
        ({
          name,
          ...JSON.parse(await readFile(path.join(PROJECTS, name, 'fixture.json'), 'utf8'))
        }) as Fixture
    )
  )
  return all.filter(fixture =>
    existsSync(path.join(PROJECTS, fixture.name, 'expected', 'METADATA'))
  )
}

/** A copy of the fixture; for a git-tag version, a repository tagged the way its fixture says. */
async function checkout(fixture: Fixture): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `fidelity-${fixture.name}-`))
  await cp(path.join(PROJECTS, fixture.name), dir, {
    recursive: true,
    filter: source => !source.includes(`${path.sep}expected`)
  })
  if (fixture.git_tag !== null) commitAndTag(dir, fixture.git_tag)
  return dir
}

describe('metadata from source trees equals the build backend’s', () => {
  it('covers a fixture for each backend pattern', async () => {
    expect((await fixtures()).map(f => f.name)).toEqual(
      expect.arrayContaining([
        'flit',
        'hatchling-version-path',
        'poetry-core',
        'poetry-rich',
        'setuptools-pyproject',
        'setuptools-scm'
      ])
    )
  })

  it.each([
    ['flit', 'pyproject'],
    ['hatchling-version-path', 'pyproject'],
    ['hatchling-version-pattern', 'pyproject'],
    ['poetry-core', 'pyproject'],
    ['poetry-rich', 'pyproject'],
    ['setuptools-pyproject', 'pyproject'],
    ['setuptools-scm', 'pyproject'],
    ['setuptools-setupcfg', 'setup-cfg'],
    ['setuptools-setuppy', 'setup-py'],
    ['unicode-multiline', 'pyproject'],
    ['unicode-multiline-setuptools', 'pyproject']
  ])('%s, read from %s', async (name, kind) => {
    const fixture = (await fixtures()).find(f => f.name === name)
    expect(fixture).toBeDefined()
    const expected = parsePkgInfo(
      await readFile(path.join(PROJECTS, name, 'expected', 'METADATA')),
      'METADATA'
    ).metadata
    const loaded = await loadProjectMetadata(sourceTree(await checkout(fixture!)))
    expect(loaded.kind).toBe(kind)
    expect(comparable(loaded.metadata)).toEqual(comparable(expected))
  })
})
