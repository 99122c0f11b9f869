import { describe, expect, it } from '@jest/globals'
import { parse as parseToml } from 'smol-toml'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { MetadataField } from '../src/metadata/fields.js'
import type { SourceKind } from '../src/metadata/loaded-metadata.js'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { fieldLocator, type FieldLocation } from '../src/metadata/locate.js'
import { isElement, scanToml } from '../src/metadata/toml-marks.js'
import { normalizeName } from '../src/packaging/names.js'
import { parseRequirement } from '../src/packaging/requirements.js'
import { sourceTree } from './support/load-options.js'

/** Where a field was written: the locator of the file, asked once. */
function locateField(
  kind: SourceKind,
  text: string,
  field: MetadataField,
  index?: number
): FieldLocation | undefined {
  return fieldLocator(kind, text)(field, index)
}

const PROJECTS = path.join(process.cwd(), '__tests__', 'data', 'projects')

/** A copy of a fixture: a backend may write into the folder it reads (setuptools' egg-info). */
async function copyOf(project: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `locate-${project}-`))
  await cp(path.join(PROJECTS, project), dir, { recursive: true })
  return dir
}

/** The text of a 1-based line. */
function lineText(text: string, line: number | undefined): string {
  return line === undefined ? '' : (text.split(/\r?\n/)[line - 1] ?? '')
}

/** Finds the 1-based line that contains `marker`, so that tests do not count lines by hand. */
function lineWith(text: string, marker: string): number {
  const index = text.split('\n').findIndex(line => line.includes(marker))
  if (index === -1) throw new Error(`no line contains ${marker}`)
  return index + 1
}

const PYPROJECT = `# A pyproject.toml with the shapes TOML allows.
[build-system]
requires = ["hatchling"]   # [project] in a comment
build-backend = "hatchling.build"

[project]
name = "demo"   # name
"version" = '1.0'
description = """
A summary that looks like TOML:
[tool.fake]
version = "9.9"
"""
readme = { file = "README.md", content-type = "text/markdown" }
'requires-python' = ">=3.9"
license = "MIT"
license-files = ["LICENSE"]
authors = [
  { name = "Ada", email = "ada@example.org" },  # first author
  { name = "Bob" },
]
keywords = ["a", "b"]
classifiers = [
  # a comment between elements
  "Development Status :: 4 - Beta",  "Private :: Do Not Upload",
  "Programming Language :: Python :: 3 # not a comment", # a comment after one
  'Topic :: Utilities',
]
dependencies = [ "requests>=2,<3",
  "tomli; python_version < '3.11'", "rich[jupyter] ; extra == \\"x,]\\""
]
import-names = ["demo"]
urls.Homepage = "https://example.org"
urls."Bug Tracker" = "https://example.org/issues"
optional-dependencies = { test = [
  "pytest",
  "pytest-cov",
], "Docs_Extra" = ["sphinx"] }

[tool.other]
version = "not this one"
name = "nor this"
`

describe('locateField in pyproject.toml', () => {
  const at = (field: MetadataField, index?: number) =>
    locateField('pyproject', PYPROJECT, field, index)

  it.each([
    ['name', 'name = "demo"', 'project.name'],
    ['version', '"version" = \'1.0\'', 'project.version'],
    ['summary', 'description = """', 'project.description'],
    ['description', 'readme = {', 'project.readme'],
    ['description_content_type', 'readme = {', 'project.readme'],
    ['requires_python', "'requires-python'", 'project.requires-python'],
    ['license_expression', 'license = "MIT"', 'project.license'],
    ['license_file', 'license-files', 'project.license-files'],
    ['author', 'authors = [', 'project.authors'],
    ['author_email', 'authors = [', 'project.authors'],
    ['keywords', 'keywords', 'project.keywords'],
    ['classifiers', 'classifiers = [', 'project.classifiers'],
    ['project_urls', 'urls.Homepage', 'project.urls'],
    ['requires_dist', 'dependencies = [', 'project.dependencies'],
    ['provides_extra', 'optional-dependencies = {', 'project.optional-dependencies'],
    ['import_name', 'import-names', 'project.import-names']
  ] as const)('finds %s at its key', (field, marker, key) => {
    expect(at(field)).toEqual({ line: lineWith(PYPROJECT, marker), key })
  })

  it('finds each classifier on its own line, past comments and strings holding "#"', () => {
    expect([0, 1, 2, 3].map(index => at('classifiers', index)?.line)).toEqual([
      lineWith(PYPROJECT, '"Development Status'),
      lineWith(PYPROJECT, '"Development Status'),
      lineWith(PYPROJECT, 'not a comment'),
      lineWith(PYPROJECT, "'Topic :: Utilities'")
    ])
  })

  it('counts Requires-Dist through dependencies, then each extra in order', () => {
    expect([0, 1, 2, 3, 4, 5].map(index => at('requires_dist', index))).toEqual([
      { line: lineWith(PYPROJECT, '"requests>=2,<3"'), key: 'project.dependencies' },
      { line: lineWith(PYPROJECT, '"tomli;'), key: 'project.dependencies' },
      { line: lineWith(PYPROJECT, '"tomli;'), key: 'project.dependencies' },
      { line: lineWith(PYPROJECT, '"pytest",'), key: 'project.optional-dependencies.test' },
      { line: lineWith(PYPROJECT, '"pytest-cov"'), key: 'project.optional-dependencies.test' },
      {
        line: lineWith(PYPROJECT, '"sphinx"'),
        key: 'project.optional-dependencies.Docs_Extra'
      }
    ])
  })

  it('falls back to the key when an entry cannot be found', () => {
    expect(at('requires_dist', 99)).toEqual({
      line: lineWith(PYPROJECT, 'dependencies = [ "requests'),
      key: 'project.dependencies'
    })
  })

  it('names the URL label and the extra of an entry', () => {
    expect(at('project_urls', 1)).toEqual({
      line: lineWith(PYPROJECT, 'urls."Bug Tracker"'),
      key: 'project.urls."Bug Tracker"'
    })
    expect(at('provides_extra', 1)).toEqual({
      line: lineWith(PYPROJECT, '"Docs_Extra"'),
      key: 'project.optional-dependencies.Docs_Extra'
    })
  })

  it('points at project.dynamic for a field the backend fills in', () => {
    const text = '[project]\nname = "x"\ndynamic = [\n  "version",\n  "dependencies",\n]\n'
    expect(locateField('pyproject', text, 'version')).toEqual({ line: 4, key: 'project.dynamic' })
    expect(locateField('pyproject', text, 'requires_dist', 0)).toEqual({
      line: 5,
      key: 'project.dynamic'
    })
    expect(locateField('pyproject', text, 'summary')).toBeUndefined()
  })

  it('reads [project.urls] and [project.optional-dependencies] tables', () => {
    const text = [
      '[project]',
      'name = "x"',
      'dependencies = []',
      '',
      '[project.optional-dependencies]',
      'cli = ["click"]',
      '',
      '[project.urls]',
      'Source = "https://example.org"',
      '"Release notes" = "https://example.org/changes"'
    ].join('\r\n')
    expect(locateField('pyproject', text, 'project_urls')).toEqual({
      line: 8,
      key: 'project.urls'
    })
    expect(locateField('pyproject', text, 'project_urls', 1)).toEqual({
      line: 10,
      key: 'project.urls."Release notes"'
    })
    expect(locateField('pyproject', text, 'requires_dist', 0)).toEqual({
      line: 6,
      key: 'project.optional-dependencies.cli'
    })
  })

  it('says nothing of fields pyproject.toml has no key for, or keys outside [project]', () => {
    expect(at('home_page')).toBeUndefined()
    expect(at('metadata_version')).toBeUndefined()
    expect(locateField('pyproject', '[tool.x]\nname = "y"\n', 'name')).toBeUndefined()
  })

  it('ends an unclosed array or inline table at the next key or table', () => {
    const text = [
      '[project]',
      'dependencies = [',
      '  "requests",',
      'name = "x"',
      'authors = [{ name = "A",',
      '[project.urls]',
      'Home = "https://example.org"'
    ].join('\n')
    expect(locateField('pyproject', text, 'requires_dist', 0)?.line).toBe(3)
    expect(locateField('pyproject', text, 'name')?.line).toBe(4)
    expect(locateField('pyproject', text, 'project_urls', 0)).toEqual({
      line: 7,
      key: 'project.urls.Home'
    })
  })

  it('gets through text that is not valid TOML without throwing', () => {
    const broken =
      '[project\nname = "unterminated\nversion = 1.0 ]]] {\n= = =\n[project]\nname = "x"\n'
    expect(locateField('pyproject', broken, 'name')).toEqual({ line: 2, key: 'project.name' })
    expect(() => locateField('pyproject', '"""\n[project]\nname', 'name')).not.toThrow()
    expect(() => locateField('pyproject', 'a = [ {', 'name')).not.toThrow()
  })

  it.each([
    'flit',
    'hatchling-version-path',
    'hatchling-version-pattern',
    'setuptools-pyproject',
    'unicode-multiline',
    'license-expression'
  ])('points every list entry of the %s fixture at its own line', async project => {
    const dir = await copyOf(project)
    const text = readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')
    const { metadata } = await loadProjectMetadata(sourceTree(dir, { source: 'pyproject' }))
    // A backend may order requirements its own way (extras sorted): each has a line of its own.
    const requirementLines = (metadata.requires_dist ?? []).map((_, index) =>
      normalizeName(lineText(text, locateField('pyproject', text, 'requires_dist', index)?.line))
    )
    for (const requirement of metadata.requires_dist ?? []) {
      const parsed = parseRequirement(requirement)
      const name = normalizeName(parsed.ok ? parsed.value.name : requirement)
      expect(requirementLines.some(line => line.includes(name))).toBe(true)
    }
    ;(metadata.classifiers ?? []).forEach((classifier, index) => {
      const line = locateField('pyproject', text, 'classifiers', index)?.line
      expect(lineText(text, line)).toContain(classifier)
    })
    ;(metadata.project_urls ?? []).forEach((entry, index) => {
      const line = locateField('pyproject', text, 'project_urls', index)?.line
      expect(lineText(text, line)).toContain(entry.split(',')[0]!)
    })
    const extraLines = (metadata.provides_extra ?? []).map((_, index) =>
      normalizeName(lineText(text, locateField('pyproject', text, 'provides_extra', index)?.line))
    )
    for (const extra of metadata.provides_extra ?? [])
      expect(extraLines.some(line => line.includes(extra))).toBe(true)
  })
})

describe('locateField in PKG-INFO and METADATA', () => {
  const file = path.join(PROJECTS, 'hatchling-version-pattern', 'expected', 'METADATA')
  const text = readFileSync(file, 'utf8')

  it('finds a header, and the index-th one of a repeated header', () => {
    expect(locateField('pkg-info', text, 'name')).toEqual({ line: 2, key: 'Name' })
    expect(locateField('pkg-info', text, 'requires_dist', 2)).toEqual({
      line: lineWith(text, 'Requires-Dist: quill-lint[toml]'),
      key: 'Requires-Dist'
    })
    expect(locateField('pkg-info', text, 'provides_extra', 1)).toEqual({
      line: lineWith(text, 'Provides-Extra: toml'),
      key: 'Provides-Extra'
    })
  })

  it('does not take continuation lines for headers', () => {
    const folded =
      'Metadata-Version: 2.1\nName: x\nLicense: text\n        Version: 9\nVersion: 1.0\n'
    expect(locateField('pkg-info', folded, 'version')).toEqual({ line: 5, key: 'Version' })
  })

  it('finds the description in the message body, which wins over a header', () => {
    const withBody = 'Name: x\nDescription: old\nVersion: 1\n\n# Readme\n'
    expect(locateField('pkg-info', withBody, 'description')).toEqual({
      line: 5,
      key: 'Description'
    })
    expect(locateField('pkg-info', 'Name: x\r\nDescription: only\r\n', 'description')).toEqual({
      line: 2,
      key: 'Description'
    })
  })

  it('stops at the body and matches header names in any case', () => {
    const body = 'name: x\n\nVersion: not a header\n'
    expect(locateField('pkg-info', body, 'name')).toEqual({ line: 1, key: 'Name' })
    expect(locateField('pkg-info', body, 'version')).toBeUndefined()
  })
})

describe('locateField for sources it cannot read lexically', () => {
  it('says nothing for setup.py, or for the METADATA inside a distribution', () => {
    expect(locateField('setup-py', 'setup(name="x")\n', 'name')).toBeUndefined()
    expect(locateField('dist', 'Metadata-Version: 2.1\nName: x\n', 'name')).toBeUndefined()
  })
})

/** Every key and array position of a value smol-toml read, as a path. */
function pathsOf(value: unknown, prefix: ReadonlyArray<string | number> = []): string[] {
  const children: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, position) => [position, item])
    : value !== null && typeof value === 'object' && !(value instanceof Date)
      ? Object.entries(value)
      : []
  return children.flatMap(([key, child]) => {
    const path = [...prefix, key]
    return [JSON.stringify(path), ...pathsOf(child, path)]
  })
}

describe('the TOML scanner', () => {
  const TOML_1_1 = [
    'a = {\n  b = 1, # a comment inside\n  c = [2],\n}\n',
    'escape = "\\e[0m \\x41"\n',
    'time = 07:32\nwhen = 1979-05-27T07:32Z\n',
    '\ufeff[project]\nname = "bom"\n',
    '[project]\r\nname = "crlf"\r\n[[tool.x]]\r\nk = 1\r\n[[tool.x]]\r\nk = 2\r\n'
  ]
  const FIXTURES = readdirSync(PROJECTS)
    .map(project => path.join(PROJECTS, project, 'pyproject.toml'))
    .filter(file => existsSync(file))
    .map(file => readFileSync(file, 'utf8'))

  it.each([...TOML_1_1, ...FIXTURES, PYPROJECT])(
    'mark every table, key and element that smol-toml reads (%#)',
    text => {
      // A table that only headers or dotted keys below it name is marked through them; an
      // element's segment holds its position.
      const marked = new Set(
        scanToml(text).flatMap(mark => {
          const path = mark.path.map(segment =>
            isElement(segment) ? Number(segment.replace(/^\D+/, '')) : segment
          )
          return path.map((_, end) => JSON.stringify(path.slice(0, end + 1)))
        })
      )
      const read = pathsOf(parseToml(text))
      expect(read.length).toBeGreaterThan(0)
      expect(read.filter(key => !marked.has(key))).toEqual([])
    }
  )

  it('give the lines of a TOML 1.1 inline table that spans lines', () => {
    const text =
      '[project]\nurls = {\n  Home = "https://example.org",\n  Docs = "https://example.org/docs",\n}\n'
    expect(locateField('pyproject', text, 'project_urls', 1)).toEqual({
      line: 4,
      key: 'project.urls.Docs'
    })
  })
})
