import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MetadataError } from '../src/errors.js'
import { resolveDynamic, versionByPattern, type DynamicContext } from '../src/metadata/dynamic.js'
import { readHeadState } from '../src/metadata/git.js'
import { loadProjectMetadata } from '../src/metadata/load.js'
import { parsePyprojectToml } from '../src/metadata/pyproject.js'
import { readAssignedLiteral, readModuleDocstring } from '../src/metadata/python-source.js'
import { releaseVersionAtHead, versionFromTag } from '../src/metadata/scm.js'
import { commitAndTag } from './support/git.js'
import { sourceTree } from './support/load-options.js'
import { runPython } from './support/python.js'

/** What Python's own parser makes of a module: its docstring and the literal value of `name`. */
const PYTHON_READS = `
import ast, json, sys
source, name = json.load(sys.stdin)
tree = ast.parse(source)
value = None
for node in tree.body:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    if any(isinstance(t, ast.Name) and t.id == name for t in targets):
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            value = None
print(json.dumps({'doc': ast.get_docstring(tree), 'value': list(value) if isinstance(value, tuple) else value}))
`

const MODULES = [
  '"""Summary line.\n\nMore text.\n"""\n__version__ = "1.2.3"\n',
  "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n'''\n    Indented summary.\n\n    Body indented.\n'''\n__version__: str = '2.0'\n",
  '__version__ = VERSION = "3.1"\n',
  '__version__ = (1, 2, "rc1")\n',
  '__version__ = "1." "2"  # comment\n',
  '__version__ = "old"\n__version__ = "new"\n',
  'r"""Raw \\d docstring"""\n__version__ = u"4.0\\u00e9"\n',
  '"""Doc with \\ttab and \\n escape"""\n__version__ = [\n    1,\n    0,  # minor\n]\n',
  'import x\n__version__ = x.VERSION\n',
  'def f():\n    __version__ = "inner"\n'
]

describe('reading Python source statically', () => {
  it.each(MODULES.map(source => [source]))('agrees with Python’s ast on %j', source => {
    const python = runPython<{ doc: string | null; value: unknown }>(PYTHON_READS, [
      source,
      '__version__'
    ])
    expect(readModuleDocstring(source) ?? null).toEqual(python.doc)
    expect(readAssignedLiteral(source, '__version__') ?? null).toEqual(python.value)
  })
})

describe('versionByPattern', () => {
  it('applies hatchling’s default pattern and a custom Python-style one', () => {
    const pattern = `(?i)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\\2`
    expect(versionByPattern('x = 1\nVERSION = "v1.4.0"\n', pattern, 'f.py')).toBe('1.4.0')
    expect(versionByPattern('release: 2.5.1\n', '^release: (?P<version>[0-9.]+)$', 'f.txt')).toBe(
      '2.5.1'
    )
    expect(() => versionByPattern('nothing', pattern, 'f.py')).toThrow(/finds no version in f\.py/)
    expect(() => versionByPattern('v=1', 'v=(\\d)', 'f.py')).toThrow(/no group named "version"/)
  })
})

/** A project folder on disk with the given files. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dynamic-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), content)
  }
  return dir
}

async function load(files: Record<string, string>) {
  return loadProjectMetadata(sourceTree(await project(files)))
}

const header = (backend: string, dynamic: string) =>
  `[build-system]\nbuild-backend = "${backend}"\n[project]\nname = "demo"\ndynamic = [${dynamic}]\n`

describe('resolving dynamic fields', () => {
  it('setuptools: version from attr in a src layout (normalised), readme and dependencies from files', async () => {
    const { metadata, notices } = await load({
      'pyproject.toml': `${header('setuptools.build_meta', '"version", "readme", "dependencies", "optional-dependencies"')}
[tool.setuptools.dynamic]
version = {attr = "demo.__version__"}
readme = {file = ["README.rst", "CHANGES.rst"]}
dependencies = {file = "requirements.txt"}
optional-dependencies.test = {file = ["test-requirements.txt"]}
`,
      'src/demo/__init__.py': '__version__ = "1.0.0-RC1"\n',
      'README.rst': 'Demo\n====\n',
      'CHANGES.rst': 'Changes\n',
      'requirements.txt': '# runtime\nrequests>=2  # http\n\nclick\n',
      'test-requirements.txt': 'pytest\n'
    })
    expect(metadata).toMatchObject({
      version: '1.0.0rc1',
      description: 'Demo\n====\n\nChanges\n',
      description_content_type: 'text/x-rst',
      requires_dist: ['requests>=2', 'click', 'pytest; extra == "test"'],
      provides_extra: ['test']
    })
    expect(notices).toContain('Resolved version 1.0.0rc1 from tool.setuptools.dynamic.version.')
  })

  it('setuptools: attr with package-dir and a tuple version', async () => {
    const { metadata } = await load({
      'pyproject.toml': `${header('setuptools.build_meta', '"version"')}
[tool.setuptools]
package-dir = {"" = "lib"}
[tool.setuptools.dynamic]
version = {attr = "demo.about.VERSION"}
`,
      'lib/demo/about.py': 'VERSION = (2, 3, 4)\n'
    })
    expect(metadata.version).toBe('2.3.4')
  })

  it('setuptools: a computed version cannot be read, and the message says what to do', async () => {
    const files = {
      'pyproject.toml': `${header('setuptools.build_meta', '"version"')}\n[tool.setuptools.dynamic]\nversion = {attr = "demo.__version__"}\n`,
      'demo/__init__.py': 'from importlib.metadata import version\n__version__ = version("demo")\n'
    }
    await expect(load(files)).rejects.toThrow(
      /project\.version is dynamic and cannot be resolved for setuptools: demo\/__init__\.py has no literal __version__/
    )
  })

  it('hatchling: version from a path, with the default and a custom pattern', async () => {
    const base = {
      'src/demo/__about__.py': '__version__ = "0.9.1"\n',
      'VERSION.txt': 'release: 3.0.0\n'
    }
    const fromDefault = await load({
      ...base,
      'pyproject.toml': `${header('hatchling.build', '"version"')}[tool.hatch.version]\npath = "src/demo/__about__.py"\n`
    })
    expect(fromDefault.metadata.version).toBe('0.9.1')
    const fromPattern = await load({
      ...base,
      'pyproject.toml': `${header('hatchling.build', '"version"')}[tool.hatch.version]\npath = "VERSION.txt"\npattern = "^release: (?P<version>.+)$"\n`
    })
    expect(fromPattern.metadata.version).toBe('3.0.0')
  })

  it('flit: version and summary from the module', async () => {
    const { metadata } = await load({
      'pyproject.toml': `${header('flit_core.buildapi', '"version", "description"')}`,
      'demo.py': '"""A demo module that does things.\n\nLonger text.\n"""\n__version__ = "1.1"\n'
    })
    expect(metadata).toMatchObject({ version: '1.1', summary: 'A demo module that does things.' })
  })

  it('pdm-backend: version from a file', async () => {
    const { metadata } = await load({
      'pyproject.toml': `${header('pdm.backend', '"version"')}[tool.pdm.version]\nsource = "file"\npath = "src/demo/__init__.py"\n`,
      'src/demo/__init__.py': '__version__ = "5.0.post1"\n'
    })
    expect(metadata.version).toBe('5.0.post1')
  })

  it('leaves fields it cannot resolve to the mapping, which names the field', async () => {
    await expect(load({ 'pyproject.toml': header('maturin', '"version"') })).rejects.toThrow(
      /project\.version is dynamic: maturin computes it at build time/
    )
  })
})

describe('versions from git tags', () => {
  it.each([
    ['v1.4.2', '1.4.2'],
    ['1.4.2', '1.4.2'],
    ['V2.0', '2.0'],
    ['release-3.1.0rc1', '3.1.0rc1'],
    ['v1.0-beta.2', '1.0b2'],
    ['nightly', undefined]
  ])('%s gives %s', (tag, version) => {
    expect(versionFromTag(tag)).toBe(version)
  })

  const head = { tags: ['v1.4.2'], dirty: false, commit: 'a'.repeat(40) }
  const dir = '/checkout'

  it('needs HEAD exactly at a release tag, in a clean tree', () => {
    expect(releaseVersionAtHead({ head, projectDir: dir }, 'setuptools_scm')).toBe('1.4.2')
    expect(() =>
      releaseVersionAtHead({ head: { ...head, tags: [] }, projectDir: dir }, 'setuptools_scm')
    ).toThrow(
      /HEAD \(aaaaaaaaaaaa\) has no release tag, so setuptools_scm would compute a development version/
    )
    expect(() =>
      releaseVersionAtHead({ head: { ...head, dirty: true }, projectDir: dir }, 'hatch-vcs')
    ).toThrow(
      /tracked files in \/checkout differ from HEAD, so hatch-vcs would add a local version to 1\.4\.2/
    )
    expect(() =>
      releaseVersionAtHead({ head: undefined, projectDir: dir }, 'setuptools_scm')
    ).toThrow(MetadataError)
    expect(() =>
      releaseVersionAtHead({ head: { ...head, tags: ['v1.0', 'v2.0'] }, projectDir: dir }, 'x')
    ).toThrow(/several release tags/)
  })

  it('takes the runner’s tag when a shallow checkout lacks it, but only for the same commit', () => {
    const runnerTag = { name: 'v2.0.0', commit: head.commit }
    expect(
      releaseVersionAtHead({ head: { ...head, tags: [] }, runnerTag, projectDir: dir }, 'x')
    ).toBe('2.0.0')
    expect(() =>
      releaseVersionAtHead(
        {
          head: { ...head, tags: [] },
          runnerTag: { ...runnerTag, commit: 'b'.repeat(40) },
          projectDir: dir
        },
        'x'
      )
    ).toThrow(/no release tag/)
  })

  it('reads a real repository: setuptools_scm project tagged at HEAD', async () => {
    const dir = await project({
      'pyproject.toml': `${header('setuptools.build_meta', '"version"')}\n[tool.setuptools_scm]\n`,
      'demo/__init__.py': ''
    })
    commitAndTag(dir, 'v1.4.2')
    expect(readHeadState(dir)).toMatchObject({ tags: ['v1.4.2'], dirty: false })
    expect((await loadProjectMetadata(sourceTree(dir))).metadata.version).toBe('1.4.2')
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      `${header('setuptools.build_meta', '"version"')}\n[tool.setuptools_scm]\n# edited\n`
    )
    await expect(loadProjectMetadata(sourceTree(dir))).rejects.toThrow(/differ from HEAD/)
  })
})

it('resolveDynamic leaves a project without dynamic fields as it is', () => {
  const document = parsePyprojectToml('[project]\nname = "x"\nversion = "1"\n')
  const context = {} as DynamicContext
  expect(resolveDynamic(document, context)).toEqual({
    project: { name: 'x', version: '1' },
    notes: []
  })
})
