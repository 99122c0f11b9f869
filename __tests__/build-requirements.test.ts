/**
 * What the build requirements in pyproject.toml tell, read with the requirement grammar: names in
 * any spelling packaging treats as one, specifiers anywhere in the set.
 */
import { describe, expect, it } from '@jest/globals'
import { readsVersionFromGit } from '../src/metadata/pep517/checkout.js'
import { whyNotStatic } from '../src/metadata/static-exact.js'

const POETRY_PROJECT = (requires: string[]) => ({
  project: { name: 'demo', version: '1.0' },
  'build-system': { requires, 'build-backend': 'poetry.core.masonry.api' }
})
const noFiles = () => false

describe('build requirements', () => {
  it.each([
    [['poetry-core>=2.0'], true],
    [['Poetry_Core >= 2.1.3'], true],
    [['poetry.core[extra]~=2.0'], true],
    [['poetry-core<3,>=2.0'], true],
    [['poetry-core>=1.0.0'], false],
    [['poetry-core'], false],
    [['poetry-core-plugin>=2'], false],
    [['not a requirement >= 2'], false]
  ])('reads [project] statically for poetry-core 2 only: %j -> %s', (requires, statically) => {
    const why = whyNotStatic(POETRY_PROJECT(requires), noFiles)
    expect(why === undefined).toBe(statically)
  })

  it.each([
    [['setuptools>=64', 'setuptools_scm[toml]>=8'], true],
    [['hatchling', 'Hatch.VCS'], true],
    [['flit_scm ; python_version >= "3.8"'], true],
    [['setuptools', 'wheel'], false],
    [['setuptools-scm-git-archive'], false],
    [['setuptoolsscm'], false]
  ])('knows which backends version from git tags: %j -> %s', (requires, fromGit) => {
    expect(readsVersionFromGit(requires)).toBe(fromGit)
  })
})
