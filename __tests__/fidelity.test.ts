/**
 * Fidelity: for each fixture project, the metadata pypi-register gets from its source tree equals
 * the METADATA of the wheel that the real build backend makes from the same tree
 * (`python -m build --no-isolation --wheel` with Debian's Python), both computed here at test
 * time, field by field. Projects whose version comes from git are checked at their tag and one
 * commit after it.
 */
import { describe, expect, it } from '@jest/globals'
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CoreMetadata } from '../src/metadata/fields.js'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import { commitAfter, commitAndTag } from './support/git.js'
import { sourceTree } from './support/load-options.js'
import { normaliseRequirements } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'
import { buildWheel, readWheelMetadata } from './support/wheels.js'

const PROJECTS = path.join(REPO_ROOT, '__tests__', 'data', 'projects')

/** Repeated fields whose order carries no meaning, which backends order each their own way. */
const UNORDERED = ['classifiers', 'requires_dist', 'provides_extra', 'project_urls', 'license_file']

/**
 * What must be equal: every field's value, exactly, with two allowances for the static reading:
 * requirements are compared in packaging's normal form (`a (>=1)` and `a>=1` are one requirement)
 * and unordered lists as sets. The backend path gives the wheel's own METADATA, so for it the
 * comparison is exact as well (tested below).
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

/** The METADATA of the wheel the backend builds from `dir`, read with the same parser. */
async function wheelMetadata(dir: string): Promise<CoreMetadata> {
  return parsePkgInfo(readWheelMetadata(await buildWheel(dir)), 'METADATA').metadata
}

type Git = 'none' | 'at-tag' | 'after-tag'

/** A copy of the fixture; for a git-tag version, a repository tagged as its fixture.json says. */
async function checkout(name: string, git: Git): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `fidelity-${name}-`))
  await cp(path.join(PROJECTS, name), dir, {
    recursive: true,
    filter: source => !source.includes(`${path.sep}expected`)
  })
  if (git !== 'none') {
    const { git_tag: tag } = JSON.parse(await readFile(path.join(dir, 'fixture.json'), 'utf8')) as {
      git_tag: string
    }
    commitAndTag(dir, tag)
    if (git === 'after-tag') commitAfter(dir)
  }
  return dir
}

/**
 * PEP 639 projects need hatchling 1.27, setuptools 77 or flit_core 3.12; Debian's are older and
 * refuse them (see its fixture.json). Only the choice of the static path is checked for them.
 */
const UNBUILDABLE_HERE = ['license-expression']

describe('metadata from source trees equals the wheel the build backend makes', () => {
  it('covers every fixture project', async () => {
    const named = [...CASES.map(([name]) => name), ...UNBUILDABLE_HERE]
    expect(new Set(named)).toEqual(new Set(await readdir(PROJECTS)))
  })

  const CASES: Array<[string, string, 'static' | 'backend', Git]> = [
    ['flit', 'pyproject', 'backend', 'none'],
    ['hatch-vcs', 'pyproject', 'backend', 'at-tag'],
    ['hatch-vcs', 'pyproject', 'backend', 'after-tag'],
    ['hatchling-version-path', 'pyproject', 'backend', 'none'],
    ['hatchling-version-pattern', 'pyproject', 'backend', 'none'],
    ['in-tree-backend', 'pyproject', 'backend', 'none'],
    ['meson-python', 'pyproject', 'backend', 'none'],
    ['pdm-pep517', 'pyproject', 'backend', 'none'],
    ['poetry-core', 'pyproject', 'backend', 'none'],
    ['poetry-rich', 'pyproject', 'backend', 'none'],
    ['setuptools-cfg-and-py', 'setup-cfg', 'backend', 'none'],
    ['setuptools-pyproject', 'pyproject', 'backend', 'none'],
    ['setuptools-scm', 'pyproject', 'backend', 'at-tag'],
    ['setuptools-scm', 'pyproject', 'backend', 'after-tag'],
    ['setuptools-setupcfg', 'setup-cfg', 'backend', 'none'],
    ['setuptools-setuppy', 'setup-py', 'backend', 'none'],
    ['unicode-multiline', 'pyproject', 'static', 'none'],
    ['unicode-multiline-setuptools', 'pyproject', 'static', 'none']
  ]

  it.each(UNBUILDABLE_HERE)('%s is read statically, without Python', async name => {
    const loaded = await loadProjectMetadata(
      sourceTree(await checkout(name, 'none'), { backend: { python: 'no-python-here' } })
    )
    expect([loaded.kind, loaded.path, loaded.metadata.license_expression]).toEqual([
      'pyproject',
      'static',
      'MIT OR Apache-2.0'
    ])
  })

  it.each(CASES)('%s, read from %s (%s path, git: %s)', async (name, kind, via, git) => {
    const dir = await checkout(name, git)
    const loaded = await loadProjectMetadata(sourceTree(dir))
    const expected = await wheelMetadata(dir)
    expect([loaded.kind, loaded.path]).toEqual([kind, via])
    if (via === 'backend') expect(loaded.metadata).toEqual(expected)
    else expect(comparable(loaded.metadata)).toEqual(comparable(expected))
    if (git === 'after-tag') expect(loaded.metadata.version).toMatch(/\.dev1\+g[0-9a-f]+$/)
  })
})
