/**
 * poetry-core 1.x projects (`[tool.poetry]`): constraints, markers and the other fields written the
 * way poetry-core 1.4.0 writes them. Every expected value in the tables below is what poetry-core
 * itself gives for the input (`Factory.create_dependency(name, spec).to_pep_508()`, and
 * `Metadata.from_package` for the project fields).
 */
import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { MetadataError } from '../src/errors.js'
import { loadProjectMetadata } from '../src/metadata/load.js'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import { metadataFromPoetry } from '../src/metadata/poetry.js'
import { readDependencies, requirementLine } from '../src/metadata/poetry-dependencies.js'
import { poetryLicense } from '../src/metadata/poetry-licenses.js'
import { parsePyprojectToml } from '../src/metadata/pyproject.js'
import type { TomlTable } from '../src/metadata/toml-shape.js'
import { sourceTree } from './support/load-options.js'
import { REPO_ROOT } from './support/runner-job.js'
import { memoryFiles } from './support/memory-files.js'

const PROJECTS = path.join(REPO_ROOT, '__tests__', 'data', 'projects')

const HEAD = '[tool.poetry]\nname = "demo"\nversion = "1.0"\ndescription = "Demo"\nauthors = []\n'

function extract(toml: string, files?: Record<string, string | Uint8Array>) {
  return metadataFromPoetry(parsePyprojectToml(toml), memoryFiles(files))
}

/** The Requires-Dist line for one dependency entry, outside any extra. */
function requirement(spec: unknown): string {
  const [dependency] = readDependencies({ pkg: spec } as TomlTable)
  return requirementLine(dependency!, [])
}

/** The error a call throws, to check its message and advice together. */
function thrown(action: () => unknown): MetadataError {
  try {
    action()
  } catch (error) {
    if (error instanceof MetadataError) return error
    throw error
  }
  throw new Error('expected a MetadataError')
}

describe('version constraints, as poetry-core writes them into Requires-Dist', () => {
  it.each([
    ['^1.2.3', 'pkg (>=1.2.3,<2.0.0)'],
    ['^0.2.3', 'pkg (>=0.2.3,<0.3.0)'],
    ['^0.0.3', 'pkg (>=0.0.3,<0.0.4)'],
    ['^0', 'pkg (>=0,<1)'],
    ['^1.0.0a1', 'pkg (>=1.0.0a1,<2.0.0)'],
    ['~1.2.3', 'pkg (>=1.2.3,<1.3.0)'],
    ['~1', 'pkg (>=1,<2)'],
    ['~1.2.3rc1', 'pkg (>=1.2.3rc1,<1.3.0)'],
    ['~=1.2', 'pkg (>=1.2,<2.0)'],
    ['~=1.2.3', 'pkg (>=1.2.3,<1.3.0)'],
    ['*', 'pkg'],
    ['1.2.*', 'pkg (>=1.2.0,<1.3.0)'],
    ['2.*', 'pkg (>=2.0.0,<3.0.0)'],
    ['==1.2.*', 'pkg (>=1.2.0,<1.3.0)'],
    ['!=1.2.*', 'pkg (!=1.2.*)'],
    ['>=21,!=22.*', 'pkg (>=21,!=22.*)'],
    ['>=1.0,<2.0', 'pkg (>=1.0,<2.0)'],
    ['>=1.0 <2.0', 'pkg (>=1.0,<2.0)'],
    ['>= 1.2, < 1.5, != 1.3', 'pkg (>=1.2,<1.5,!=1.3)'],
    ['!=1.3', 'pkg (!=1.3)'],
    ['1.2.3', 'pkg (==1.2.3)'],
    ['==1.2.3', 'pkg (==1.2.3)'],
    ['v1.2', 'pkg (==v1.2)'],
    ['>=1.0.0-Beta1', 'pkg (>=1.0.0-Beta1)'],
    // Unions: merged when they touch, "all but one" or "all but a wildcard" when they can be.
    ['^1.2 || ^2.0', 'pkg (>=1.2,<3.0)'],
    ['^9.5 || ^10.0', 'pkg (>=9.5,<11.0)'],
    ['<1.4 || >1.4', 'pkg (!=1.4)'],
    ['>=1.0,<2.0 || >=3.0', 'pkg (>=1.0,!=2.*)'],
    ['>1.0 | <0.5', 'pkg (<0.5 || >1.0)'],
    // Not valid PEP 508, but what poetry-core writes.
    ['^1.0 || ^3.0', 'pkg (>=1.0,<2.0 || >=3.0,<4.0)'],
    ['>=2,<1', 'pkg (<empty>)']
  ])('%s → %s', (constraint, expected) => {
    expect(requirement(constraint)).toBe(expected)
  })
})

describe('dependency tables, as poetry-core writes them into Requires-Dist', () => {
  it.each([
    [{ version: '^1.0', python: '<3.10' }, 'pkg (>=1.0,<2.0) ; python_version < "3.10"'],
    [
      { version: '^1.0', python: '^3.8' },
      'pkg (>=1.0,<2.0) ; python_version >= "3.8" and python_version < "4.0"'
    ],
    [{ version: '^1.0', python: '>=3.8.1' }, 'pkg (>=1.0,<2.0) ; python_full_version >= "3.8.1"'],
    [{ version: '^1.0', python: '<=3.8' }, 'pkg (>=1.0,<2.0) ; python_full_version <= "3.8.0"'],
    [
      { version: '^1.0', python: '~2.7 || >=3.5' },
      'pkg (>=1.0,<2.0) ; python_version >= "2.7" and python_version < "2.8" or python_version >= "3.5"'
    ],
    [
      { version: '^1.0', markers: "sys_platform == 'win32' or sys_platform == 'cygwin'" },
      'pkg (>=1.0,<2.0) ; sys_platform == "win32" or sys_platform == "cygwin"'
    ],
    [
      { version: '^1.0', markers: "sys_platform == 'linux' or os_name == 'nt'", python: '>=3.8' },
      'pkg (>=1.0,<2.0) ; sys_platform == "linux" and python_version >= "3.8" or os_name == "nt" and python_version >= "3.8"'
    ],
    [
      { version: '^1.0', markers: "python_version >= '3.6' and python_version >= '3.8'" },
      'pkg (>=1.0,<2.0) ; python_version >= "3.8"'
    ],
    [
      {
        version: '^1.0',
        markers:
          "platform_machine == 'x86_64' and (sys_platform == 'linux' or sys_platform == 'darwin')"
      },
      'pkg (>=1.0,<2.0) ; platform_machine == "x86_64" and (sys_platform == "linux" or sys_platform == "darwin")'
    ],
    [
      { version: '^1.0', markers: "'linux' == sys.platform" },
      'pkg (>=1.0,<2.0) ; sys_platform == "linux"'
    ],
    [
      { version: '^1.0', markers: 'python_version >= "3.8" and python_version < "3.8"' },
      'pkg (>=1.0,<2.0)'
    ],
    [
      { version: '^1.0', platform: 'linux || darwin' },
      'pkg (>=1.0,<2.0) ; sys_platform == "linux" or sys_platform == "darwin"'
    ],
    [{ version: '^1.0', extras: ['Socks', 'b_c', 'socks'] }, 'pkg[b-c,socks] (>=1.0,<2.0)'],
    [
      { git: 'https://github.com/x/a.git', tag: 'v1.0' },
      'pkg @ git+https://github.com/x/a.git@v1.0'
    ],
    [
      { git: 'git@github.com:x/a.git', branch: 'main', subdirectory: 'sub/dir' },
      'pkg @ git+ssh://git@github.com/x/a.git@main#subdirectory=sub/dir'
    ],
    [
      {
        git: 'https://github.com/x/a.git',
        rev: 'abc123',
        extras: ['z'],
        markers: "os_name == 'posix'"
      },
      'pkg[z] @ git+https://github.com/x/a.git@abc123 ; os_name == "posix"'
    ],
    [
      { url: 'https://example.com/a-1.0.tar.gz', subdirectory: 'x' },
      'pkg @ https://example.com/a-1.0.tar.gz#subdirectory=x'
    ]
  ])('%j', (spec, expected) => {
    expect(requirement(spec)).toBe(expected)
  })

  it('gives one line per constraint of a dependency with several', () => {
    const dependencies = readDependencies({
      numpy: [
        { version: '^1.24', python: '<3.12' },
        { version: '^1.26', python: '>=3.12' }
      ]
    })
    expect(dependencies.map(d => requirementLine(d, []))).toEqual([
      'numpy (>=1.24,<2.0) ; python_version < "3.12"',
      'numpy (>=1.26,<2.0) ; python_version >= "3.12"'
    ])
  })
})

describe('the project fields, as poetry-core writes them', () => {
  it('writes a whole project as poetry-core does, field by field and in its order', () => {
    const { metadata, warnings } = extract(
      `[tool.poetry]
name = "Demo.Pkg"
version = "1.0.0-Beta.2"
description = "Demo"
authors = ["Ada Lovelace", "Grace Hopper <grace@example.com>"]
maintainers = ["Zoë Ärger <zoe@example.com>"]
license = "mit license"
homepage = "https://demo.example"
repository = "https://git.example/demo"
classifiers = ["Topic :: Utilities", "Programming Language :: Python :: Implementation :: CPython"]

[tool.poetry.dependencies]
python = "^3.9"
aiohttp = { version = "^3.8", optional = true, markers = "sys_platform != 'win32' or python_version >= '3.11'" }
Brotli = { version = "^1.0", optional = true }
orjson = { version = "^3.9", optional = true }

[tool.poetry.extras]
speedups = ["aiohttp", "brotli"]
All = ["aiohttp", "brotli"]

[tool.poetry.urls]
Homepage = "https://demo.example"
"Bug Tracker" = "https://git.example/demo/issues"
`
    )
    expect(metadata).toEqual({
      metadata_version: '2.1',
      name: 'demo-pkg',
      // poetry-core folds "beta" into "b" only when it is written in lower case.
      version: '1.0.0beta2',
      summary: 'Demo',
      home_page: 'https://demo.example',
      license: 'MIT',
      author: 'Ada Lovelace',
      maintainer: 'Zoë Ärger',
      maintainer_email: 'zoe@example.com',
      requires_python: '>=3.9,<4.0',
      classifiers: [
        'License :: OSI Approved :: MIT License',
        'Programming Language :: Python :: 3',
        'Programming Language :: Python :: 3.9',
        'Programming Language :: Python :: 3.10',
        'Programming Language :: Python :: 3.11',
        'Programming Language :: Python :: Implementation :: CPython',
        'Topic :: Utilities'
      ],
      provides_extra: ['all', 'speedups'],
      requires_dist: [
        'Brotli (>=1.0,<2.0) ; extra == "speedups" or extra == "all"',
        'aiohttp (>=3.8,<4.0) ; (sys_platform != "win32" or python_version >= "3.11") and (extra == "speedups" or extra == "all")',
        'orjson (>=3.9,<4.0)'
      ],
      project_urls: [
        'Bug Tracker, https://git.example/demo/issues',
        'Repository, https://git.example/demo'
      ]
    })
    expect(warnings).toEqual([
      'pyproject.toml: tool.poetry.authors lists 2 people; poetry-core 1.x writes only the first (Ada Lovelace) into the metadata, so only that one is sent.'
    ])
  })

  it.each([
    ['*', undefined, ['2', '2.7', '3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11']],
    ['^3.8', '>=3.8,<4.0', ['3', '3.8', '3.9', '3.10', '3.11']],
    ['>=3.7,<4', '>=3.7,<4', ['3', '3.7', '3.8', '3.9', '3.10', '3.11']],
    [
      '~2.7 || ^3.5',
      '>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*',
      ['2', '2.7', '3', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11']
    ],
    ['3.9', '>=3.9,<3.10', ['3', '3.9']],
    ['~3.9', '>=3.9,<3.10', ['3', '3.9']],
    ['3.10.2', '==3.10.2', ['3']],
    ['^3.12', '>=3.12,<4.0', ['3']],
    [
      '>=3.8,!=3.9.*',
      '>=3.8, !=2.7.*, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*, !=3.6.*, !=3.7.*, !=3.9.*',
      ['3', '3.8', '3.10', '3.11']
    ],
    [
      '>=3.6,<3.7 || >=3.10',
      '>=3.6, !=2.7.*, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*, !=3.7.*, !=3.8.*, !=3.9.*',
      ['3', '3.6', '3.10', '3.11']
    ]
  ])('python = "%s" → Requires-Python %s and Python classifiers', (python, requires, versions) => {
    const toml = python === '*' ? HEAD : `${HEAD}[tool.poetry.dependencies]\npython = "${python}"\n`
    const { metadata } = extract(toml)
    expect(metadata.requires_python).toBe(requires)
    expect(metadata.classifiers).toEqual(
      versions.map(v => `Programming Language :: Python :: ${v}`)
    )
  })

  it.each([
    ['MIT', 'MIT', 'License :: OSI Approved :: MIT License'],
    ['mit license', 'MIT', 'License :: OSI Approved :: MIT License'],
    ['Apache-2.0', 'Apache-2.0', 'License :: OSI Approved :: Apache Software License'],
    [
      'GPL-3.0-or-later',
      'GPL-3.0-or-later',
      'License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)'
    ],
    [
      'GNU General Public License v3.0 only',
      'GPL-3.0-only',
      'License :: OSI Approved :: GNU General Public License v3 (GPLv3)'
    ],
    ['Zlib', 'Zlib', 'License :: OSI Approved'],
    ['CC0-1.0', 'CC0-1.0', 'License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication'],
    ['Unlicense', 'Unlicense', 'License :: Other/Proprietary License'],
    ['Proprietary', 'Proprietary', 'License :: Other/Proprietary License'],
    ['Custom', 'Custom', 'License :: Other/Proprietary License']
  ])('license = "%s" → License %s and "%s"', (text, id, classifier) => {
    expect(poetryLicense(text)).toEqual({ id, classifier })
  })

  it('joins several readme files and takes the content type from the first', () => {
    const { metadata } = extract(`${HEAD}readme = ["README.rst", "CHANGES.md"]\n`, {
      'README.rst': 'Demo\r\n====\r\n',
      'CHANGES.md': '1.0: first'
    })
    expect(metadata.description).toBe('Demo\n====\n\n1.0: first\n')
    expect(metadata.description_content_type).toBe('text/x-rst')
    const plain = extract(`${HEAD}readme = "README"\n`, { README: 'x' }).metadata
    expect(plain.description_content_type).toBe('text/plain')
  })

  it('reads both fixture projects exactly as their wheels were written, in order', async () => {
    for (const name of ['poetry-core', 'poetry-rich']) {
      const dir = path.join(PROJECTS, name)
      const loaded = await loadProjectMetadata(sourceTree(dir))
      const wheel = parsePkgInfo(await readFile(path.join(dir, 'expected', 'METADATA')), 'METADATA')
      expect(loaded.kind).toBe('pyproject')
      expect(loaded.metadata).toEqual(wheel.metadata)
    }
  })
})

describe('inputs poetry-core refuses, or that cannot be reproduced from the source tree', () => {
  it.each([
    [
      'a missing name',
      '[tool.poetry]\nversion = "1.0"\ndescription = ""\nauthors = []\n',
      'pyproject.toml: tool.poetry.name is missing; poetry-core 1.x refuses to build without it.',
      'Add name = "your-project" to [tool.poetry].'
    ],
    [
      'a missing version',
      '[tool.poetry]\nname = "demo"\ndescription = ""\nauthors = []\n',
      'pyproject.toml: tool.poetry.version is missing; poetry-core 1.x refuses to build without it.',
      'Add version = "1.0.0" to [tool.poetry].'
    ],
    [
      'a missing description',
      '[tool.poetry]\nname = "demo"\nversion = "1.0"\nauthors = []\n',
      'pyproject.toml: tool.poetry.description is missing; poetry-core 1.x refuses to build without it.',
      'Add description = "One line about the project" to [tool.poetry].'
    ],
    [
      'missing authors',
      '[tool.poetry]\nname = "demo"\nversion = "1.0"\ndescription = ""\n',
      'pyproject.toml: tool.poetry.authors is missing; poetry-core 1.x refuses to build without it.',
      'Add authors = ["Your Name <you@example.com>"] to [tool.poetry].'
    ],
    [
      'a version that is not PEP 440',
      '[tool.poetry]\nname = "demo"\nversion = "latest"\ndescription = ""\nauthors = []\n',
      'pyproject.toml: tool.poetry.version "latest" is not a valid PEP 440 version, so poetry-core refuses it.',
      'Fix it to a version such as 1.2.0.'
    ],
    [
      'an unparseable constraint',
      `${HEAD}[tool.poetry.dependencies]\nhttpx = "^abc"\n`,
      'pyproject.toml: tool.poetry.dependencies.httpx "^abc" is not a version constraint poetry-core can read (Could not parse version constraint: ^abc).',
      'Write it as poetry-core reads it, e.g. "^1.2", "~1.2.3", ">=1.2,<2.0" or "1.2.*" (https://python-poetry.org/docs/dependency-specification/).'
    ],
    [
      'an unparseable constraint in a table',
      `${HEAD}[tool.poetry.dependencies]\nhttpx = { version = ">=1 <<2" }\n`,
      'pyproject.toml: tool.poetry.dependencies.httpx.version ">=1 <<2" is not a version constraint poetry-core can read (Could not parse version constraint: <<2).',
      'Write it as poetry-core reads it, e.g. "^1.2", "~1.2.3", ">=1.2,<2.0" or "1.2.*" (https://python-poetry.org/docs/dependency-specification/).'
    ],
    [
      'an unparseable python constraint',
      `${HEAD}[tool.poetry.dependencies]\npython = "3.x.y"\n`,
      'pyproject.toml: tool.poetry.dependencies.python "3.x.y" is not a Python constraint poetry-core can read (Could not parse version constraint: 3.x.y).',
      'Write it as poetry-core reads it, e.g. "^3.8" or ">=3.8,<4.0".'
    ],
    [
      'a marker with a syntax error',
      `${HEAD}[tool.poetry.dependencies]\nrich = { version = "^13", markers = "sys_platform = 'linux'" }\n`,
      'pyproject.toml: tool.poetry.dependencies.rich.markers "sys_platform = \'linux\'" is not an environment marker poetry-core can read: unexpected "=" at column 14.',
      "Write a PEP 508 marker such as \"sys_platform == 'win32' and python_version < '3.11'\"."
    ],
    [
      'a marker poetry-core cannot build',
      `${HEAD}[tool.poetry.dependencies]\nrich = { version = "^13", markers = "python_version >= 'three'" }\n`,
      'pyproject.toml: poetry-core cannot make an environment marker of tool.poetry.dependencies.rich.markers "python_version >= \'three\'" (Could not parse version constraint: >=three), so building fails on it too.',
      'Fix or simplify the marker; `poetry build` shows the same failure.'
    ],
    [
      'a table without version',
      `${HEAD}[tool.poetry.dependencies]\nrich = { python = "^3.8" }\n`,
      'pyproject.toml: tool.poetry.dependencies.rich has none of "version", "git", "url", "path" and "file", so poetry-core refuses it.',
      'Add version = "..." (or git/url/path) to the table.'
    ],
    [
      'a key of another kind of table',
      `${HEAD}[tool.poetry.dependencies]\nrich = { version = "^13", branch = "main" }\n`,
      'pyproject.toml: tool.poetry.dependencies.rich.branch is not allowed in a version dependency, so poetry-core refuses the file.',
      'Remove it; a version dependency takes "version", "source", "allow-prereleases", "allows-prereleases", "python", "platform", "markers", "optional", "extras".'
    ],
    [
      'a path dependency',
      `${HEAD}[tool.poetry.dependencies]\nmylib = { path = "../mylib" }\n`,
      'pyproject.toml: tool.poetry.dependencies.mylib is a path dependency; poetry-core writes it into the metadata as a file:// URL of its absolute path on the machine that builds, which cannot be known from the source tree.',
      'Build the distribution on the runner (poetry build) and register from dist/ (metadata-source: dist), or depend on a published release instead.'
    ],
    [
      'a git address that is not a URL',
      `${HEAD}[tool.poetry.dependencies]\nlib = { git = "not a url" }\n`,
      'pyproject.toml: tool.poetry.dependencies.lib.git "not a url" is not a git URL poetry-core can read.',
      'Write it as https://host/owner/repo.git or git@host:owner/repo.git.'
    ],
    [
      'an author not in the "Name <email>" form',
      '[tool.poetry]\nname = "demo"\nversion = "1.0"\ndescription = ""\nauthors = ["Jane <jane@example.com> (maintainer)"]\n',
      'pyproject.toml: tool.poetry.authors[0] "Jane <jane@example.com> (maintainer)" is not in the form poetry-core reads, so it refuses the file.',
      'Write it as "Jane Doe <jane@example.com>" or "Jane Doe"; the name may hold letters, digits, spaces and - . , \' ’ " ( ) : &.'
    ],
    [
      'a version set by a plugin',
      '[tool.poetry]\nname = "demo"\nversion = "0.0.0"\ndescription = ""\nauthors = []\n[tool.poetry-dynamic-versioning]\nenable = true\n',
      'pyproject.toml: tool.poetry.version is replaced at build time by poetry-dynamic-versioning (a poetry plugin), which pypi-register cannot reproduce from the source tree.',
      'Build the distribution first (poetry build, with the plugin installed) and register from dist/ (metadata-source: dist), or set tool.poetry.version statically and turn the plugin off.'
    ]
  ])('%s', (_label, toml, message, advice) => {
    const error = thrown(() => extract(toml))
    expect(error.message).toBe(message)
    expect(error.advice).toBe(advice)
  })

  it.each([
    [
      'authors',
      'authors = "Jane"',
      'pyproject.toml: tool.poetry.authors must be an array of strings, not a string.'
    ],
    [
      'readme',
      'authors = []\nreadme = 3',
      'pyproject.toml: tool.poetry.readme must be a file name or an array of file names, not a number.'
    ],
    [
      'license',
      'authors = []\nlicense = ["MIT"]',
      'pyproject.toml: tool.poetry.license must be a string, not an array.'
    ],
    [
      'a dependency',
      'authors = []\n[tool.poetry.dependencies]\nrich = 13',
      'pyproject.toml: tool.poetry.dependencies.rich must be a version constraint or a table, not a number.'
    ],
    [
      'optional',
      'authors = []\n[tool.poetry.dependencies]\nrich = { version = "^13", optional = "yes" }',
      'pyproject.toml: tool.poetry.dependencies.rich.optional must be true or false, not a string.'
    ],
    [
      'an extra',
      'authors = []\n[tool.poetry.extras]\ncli = "rich"',
      'pyproject.toml: tool.poetry.extras.cli must be an array of strings, not a string.'
    ]
  ])('a wrong type: %s', (_label, rest, message) => {
    const toml = `[tool.poetry]\nname = "demo"\nversion = "1.0"\ndescription = ""\n${rest}\n`
    expect(thrown(() => extract(toml)).message).toBe(message)
  })
})
