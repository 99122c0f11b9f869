/** Which source `auto` takes, and how each source reports bad input. */
import { describe, expect, it } from '@jest/globals'
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { sourceTree } from './support/load-options.js'
import { REPO_ROOT } from './support/runner-job.js'

const DISTS = path.join(REPO_ROOT, '__tests__', 'data', 'dists')

const PYPROJECT = '[project]\nname = "from-pyproject"\nversion = "1.0"\n'
const SETUP_CFG = '[metadata]\nname = from-setup-cfg\nversion = 2.0\n'
const SETUP_PY = 'from setuptools import setup\nsetup(name="from-setup-py", version="3.0")\n'
const PKG_INFO = 'Metadata-Version: 2.1\nName: from-pkg-info\nVersion: 4.0\n'

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sources-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), content)
  }
  return dir
}

describe('auto takes the first source that applies', () => {
  it('dists, then PKG-INFO, then pyproject.toml, then setup.cfg, then setup.py', async () => {
    const all = {
      'pyproject.toml': PYPROJECT,
      'setup.cfg': SETUP_CFG,
      'setup.py': SETUP_PY,
      'PKG-INFO': PKG_INFO
    }
    const withDist = await project(all)
    await cp(
      path.join(DISTS, 'peer_register_sample-0.1.0-py3-none-any.whl'),
      path.join(withDist, 'dist', 'peer_register_sample-0.1.0-py3-none-any.whl')
    )
    const cases: Array<[Record<string, string>, string, string]> = [
      [all, 'pkg-info', 'from-pkg-info'],
      [
        { 'pyproject.toml': PYPROJECT, 'setup.cfg': SETUP_CFG, 'setup.py': SETUP_PY },
        'pyproject',
        'from-pyproject'
      ],
      [
        {
          'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n',
          'setup.cfg': SETUP_CFG,
          'setup.py': SETUP_PY
        },
        'setup-cfg',
        // setuptools reads both, and setup()'s arguments win over setup.cfg.
        'from-setup-py'
      ],
      [
        { 'setup.cfg': '[flake8]\nmax-line-length = 100\n', 'setup.py': SETUP_PY },
        'setup-py',
        'from-setup-py'
      ]
    ]
    const fromDist = await loadProjectMetadata(sourceTree(withDist))
    expect([fromDist.kind, fromDist.metadata.name]).toEqual(['dist', 'peer-register-sample'])
    for (const [files, kind, name] of cases) {
      const loaded = await loadProjectMetadata(sourceTree(await project(files)))
      expect([loaded.kind, loaded.metadata.name]).toEqual([kind, name])
    }
  })

  it('says why it chose a later source', async () => {
    const loaded = await loadProjectMetadata(sourceTree(await project({ 'setup.cfg': SETUP_CFG })))
    expect(loaded.reason).toMatch(
      /^found after no built distribution .*; no PKG-INFO .*; no pyproject\.toml with a \[project\] table/
    )
  })

  it('an explicit source is used even when an earlier one exists, and is required to exist', async () => {
    const dir = await project({ 'pyproject.toml': PYPROJECT, 'setup.cfg': SETUP_CFG })
    const fromSetupCfg = await loadProjectMetadata(sourceTree(dir, { source: 'setup-cfg' }))
    // The backend decides, and setuptools takes [project] over setup.cfg.
    expect([fromSetupCfg.kind, fromSetupCfg.path, fromSetupCfg.metadata.name]).toEqual([
      'setup-cfg',
      'backend',
      'from-pyproject'
    ])
    await expect(loadProjectMetadata(sourceTree(dir, { source: 'pkg-info' }))).rejects.toThrow(
      `Input 'metadata-source' is pkg-info, but there is no PKG-INFO in ${dir}.`
    )
  })
})
