/** Which source `auto` takes, and how each source reports bad input. */
import { describe, expect, it } from '@jest/globals'
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadProjectMetadata } from '../src/metadata/load.js'
import { metadataFromSetupPy } from '../src/metadata/setup-py.js'
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
        'from-setup-cfg'
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
    expect(
      (await loadProjectMetadata(sourceTree(dir, { source: 'setup-cfg' }))).metadata.name
    ).toBe('from-setup-cfg')
    await expect(loadProjectMetadata(sourceTree(dir, { source: 'pkg-info' }))).rejects.toThrow(
      `metadata-source is pkg-info, but there is no PKG-INFO in ${dir}.`
    )
  })
})

describe('setup.cfg', () => {
  it('names the missing version and points at the line of a syntax error, without its text', async () => {
    await expect(
      loadProjectMetadata(sourceTree(await project({ 'setup.cfg': '[metadata]\nname = x\n' })))
    ).rejects.toThrow('setup.cfg: [metadata] has no version.')
    const broken = '[metadata]\nname = x\nversion = 1\nthis line is wrong\n'
    const attempt = loadProjectMetadata(sourceTree(await project({ 'setup.cfg': broken })))
    await expect(attempt).rejects.toThrow(/setup\.cfg, line 4/)
    await expect(attempt).rejects.not.toThrow(/this line is wrong/)
  })

  it('reads lists, dicts, file: and attr: as setuptools does', async () => {
    const dir = await project({
      'setup.cfg': `[metadata]
name = listy
version = attr: listy.VERSION
description = file: SUMMARY.txt
keywords = one, two,three
classifiers =
    A :: B
    C :: D
project_urls =
    Home = https://x.invalid
    Bug Tracker = https://x.invalid/issues
[options]
package_dir =
    = lib
python_requires = >=3.8, !=3.9.0
install_requires = a>=1; b ; c; python_version<"3.9"
[options.extras_require]
Dev_Tools =
    pytest
    # a comment
    mypy; python_version > "3.8"
`,
      'lib/listy/__init__.py': 'VERSION = "1.0.0-beta.2"\n',
      'SUMMARY.txt': 'Summary from a file'
    })
    const { metadata } = await loadProjectMetadata(sourceTree(dir))
    expect(metadata).toMatchObject({
      version: '1.0.0b2',
      summary: 'Summary from a file',
      keywords: 'one,two,three',
      classifiers: ['A :: B', 'C :: D'],
      project_urls: ['Home, https://x.invalid', 'Bug Tracker, https://x.invalid/issues'],
      requires_python: '!=3.9.0,>=3.8',
      requires_dist: [
        'a>=1',
        'b',
        'c',
        'python_version<"3.9"',
        'pytest; extra == "dev-tools"',
        'mypy; (python_version > "3.8") and extra == "dev-tools"'
      ],
      provides_extra: ['dev-tools']
    })
  })
})

describe('setup.py', () => {
  it('explains a missing Python, and a setup.py that fails, with its last line', async () => {
    const dir = await project({ 'setup.py': SETUP_PY })
    await expect(metadataFromSetupPy(dir, 'no-such-python-here')).rejects.toThrow(
      'Reading setup.py needs Python, but "no-such-python-here" is not installed on this runner.'
    )
    const failing = await project({
      'setup.py': 'raise RuntimeError("cannot configure: missing Cython")\n'
    })
    await expect(loadProjectMetadata(sourceTree(failing))).rejects.toThrow(
      'setup.py failed: RuntimeError: cannot configure: missing Cython.'
    )
  })

  it('leaves the checkout as it was', async () => {
    const dir = await project({ 'setup.py': SETUP_PY })
    await loadProjectMetadata(sourceTree(dir))
    expect(await readdir(dir)).toEqual(['setup.py'])
  })
})
