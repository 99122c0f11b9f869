import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MetadataError } from '../src/errors.js'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { projectFilesAt } from '../src/metadata/project-files.js'
import {
  metadataFromPyproject,
  parsePyprojectToml,
  withExtraMarker
} from '../src/metadata/pyproject.js'
import { whyNotStatic } from '../src/metadata/static-exact.js'
import { sourceTree } from './support/load-options.js'
import { REPO_ROOT } from './support/runner-job.js'
import { memoryFiles } from './support/memory-files.js'
import { runPython } from './support/python.js'

const SAMPLE = path.join(REPO_ROOT, '__tests__', 'data', 'sample-project')

function extract(toml: string, files?: Record<string, string | Uint8Array>) {
  return metadataFromPyproject(parsePyprojectToml(toml), memoryFiles(files))
}

const MINIMAL = '[project]\nname = "demo"\nversion = "1.0"\n'

describe('metadataFromPyproject', () => {
  it('maps the sample project the way setuptools does', async () => {
    const { metadata, warnings, source } = await loadProjectMetadata(sourceTree(SAMPLE))
    expect(source).toBe(path.join(SAMPLE, 'pyproject.toml'))
    expect(warnings).toEqual([])
    expect(metadata).toEqual({
      metadata_version: '2.1',
      name: 'peer-register-sample',
      version: '0.1.0',
      summary: 'Sample project for testing the legacy register call',
      description: await readFile(path.join(SAMPLE, 'README.md'), 'utf8'),
      description_content_type: 'text/markdown',
      requires_python: '>=3.8',
      license: 'MIT',
      author_email: 'Zoë Example <zoe@example.invalid>',
      maintainer_email: 'Max Maintainer <max@example.invalid>',
      keywords: 'register,legacy,test',
      classifiers: [
        'Development Status :: 3 - Alpha',
        'License :: OSI Approved :: MIT License',
        'Programming Language :: Python :: 3'
      ],
      project_urls: [
        'Homepage, https://example.invalid/peer-register-sample',
        'Source, https://example.invalid/src/peer-register-sample'
      ],
      requires_dist: ['requests>=2', 'pytest; extra == "test"'],
      provides_extra: ['test']
    })
  })

  it('needs only name and version, and leaves every other field out', () => {
    expect(extract(MINIMAL)).toEqual({
      metadata: { metadata_version: '2.1', name: 'demo', version: '1.0' },
      warnings: []
    })
  })

  describe('readme', () => {
    it.each([
      ['README.md', 'text/markdown'],
      ['README.rst', 'text/x-rst'],
      ['docs/README.TXT', 'text/plain']
    ])('tells the content type of %s from its extension', (file, type) => {
      const { metadata } = extract(`${MINIMAL}readme = "${file}"\n`, { [file]: 'Hello\n' })
      expect(metadata.description).toBe('Hello\n')
      expect(metadata.description_content_type).toBe(type)
    })

    it('refuses a file name whose extension says nothing, and says how to name the type', () => {
      const attempt = (): unknown => extract(`${MINIMAL}readme = "README"\n`, { README: 'x' })
      expect(attempt).toThrow(/content type of project\.readme "README" cannot be told/)
      expect(attempt).toThrow(
        expect.objectContaining({ advice: expect.stringContaining('content-type = "text/plain"') })
      )
    })

    it('reads a table with a file or inline text, keeping the content type as written', () => {
      const fromFile = extract(
        `${MINIMAL}readme = {file = "r.md", content-type = "text/markdown; variant=GFM"}\n`,
        {
          'r.md': '# T\n'
        }
      )
      expect(fromFile.metadata.description).toBe('# T\n')
      expect(fromFile.metadata.description_content_type).toBe('text/markdown; variant=GFM')
      const inline = extract(
        `${MINIMAL}readme = {text = "Inline\\nbody", content-type = "text/plain"}\n`
      )
      // setuptools, the backend when none is named, ends the body with a newline.
      expect(inline.metadata.description).toBe('Inline\nbody\n')
    })

    it('reads a file in the charset its content type names', () => {
      const latin1 = Buffer.from('caf\xe9\n', 'latin1')
      const { metadata } = extract(
        `${MINIMAL}readme = {file = "r.txt", content-type = "text/plain; charset=latin-1"}\n`,
        {
          'r.txt': latin1
        }
      )
      expect(metadata.description).toBe('café\n')
    })

    it('reads line ends as Python does (CRLF and CR become LF) and keeps every other byte', () => {
      const { metadata } = extract(`${MINIMAL}readme = "r.md"\n`, {
        'r.md': 'a\r\nb\rc\n\n  trailing  \n'
      })
      expect(metadata.description).toBe('a\nb\nc\n\n  trailing  \n')
    })

    it('refuses a table without content-type, with both file and text, or with bytes that are not UTF-8', () => {
      expect(() => extract(`${MINIMAL}readme = {file = "r.md"}\n`, { 'r.md': 'x' })).toThrow(
        /without "content-type"/
      )
      expect(() =>
        extract(`${MINIMAL}readme = {file = "r.md", text = "x", content-type = "text/plain"}\n`)
      ).toThrow(/exactly one of "file" and "text"/)
      expect(() =>
        extract(`${MINIMAL}readme = "r.md"\n`, { 'r.md': Buffer.from([0xff, 0xfe, 0x00]) })
      ).toThrow(/not valid utf-8 text/)
    })

    it('names the missing file and the key that points at it', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'proj-'))
      const files = projectFilesAt(dir, 'pyproject.toml')
      expect(() =>
        metadataFromPyproject(parsePyprojectToml(`${MINIMAL}readme = "README.md"\n`), files)
      ).toThrow(/pyproject\.toml: project\.readme names "README\.md", which does not exist/)
    })
  })

  describe('license', () => {
    it('sends a table license as License, from text or from a file', () => {
      expect(extract(`${MINIMAL}license = {text = "BSD"}\n`).metadata.license).toBe('BSD')
      expect(
        extract(`${MINIMAL}license = {file = "LICENSE"}\n`, { LICENSE: 'Full text\r\n' }).metadata
          .license
      ).toBe('Full text\n')
    })

    it('sends an SPDX string as License-Expression with the license files it globs, in metadata 2.4', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'proj-'))
      await mkdir(path.join(dir, 'licenses'))
      await Promise.all(
        ['LICENSE', 'licenses/b.txt', 'licenses/a.txt', 'NOTICE'].map(f =>
          writeFile(path.join(dir, f), f)
        )
      )
      const document = parsePyprojectToml(
        `${MINIMAL}license = "MIT OR Apache-2.0"\nlicense-files = ["LICEN[CS]E*", "licenses/*.txt", "LICENSE"]\n`
      )
      const { metadata } = metadataFromPyproject(document, projectFilesAt(dir, 'pyproject.toml'))
      expect(metadata.metadata_version).toBe('2.4')
      expect(metadata.license_expression).toBe('MIT OR Apache-2.0')
      expect(metadata.license_file).toEqual(['LICENSE', 'licenses/a.txt', 'licenses/b.txt'])
      expect(metadata.license).toBeUndefined()
    })

    it('refuses license-file patterns that match nothing or leave the project', () => {
      expect(() => extract(`${MINIMAL}license = "MIT"\nlicense-files = ["COPYING*"]\n`)).toThrow(
        /license-files\[0\] "COPYING\*" matches no file/
      )
      expect(() => extract(`${MINIMAL}license = "MIT"\nlicense-files = ["../LICENSE"]\n`)).toThrow(
        /no "\.\."/
      )
      expect(() => extract(`${MINIMAL}license = "MIT"\nlicense-files = ["/etc/passwd"]\n`)).toThrow(
        /relative path/
      )
    })

    it('refuses a table license together with license-files (PEP 639)', () => {
      expect(() =>
        extract(`${MINIMAL}license = {text = "MIT"}\nlicense-files = ["LICENSE"]\n`, {
          LICENSE: 'x'
        })
      ).toThrow(/license-files only with a license expression/)
    })
  })

  describe('people', () => {
    it('splits names and addresses the way setuptools does, quoting names with specials', () => {
      const { metadata } = extract(`${MINIMAL}
authors = [
  {name = "Only Name"},
  {name = "Jane Doe", email = "jane@example.invalid"},
  {email = "bare@example.invalid"},
  {name = "Doe, John Q.", email = "jq@example.invalid"},
  {name = "Another Name"},
]
maintainers = [{name = "M"}]
`)
      expect(metadata.author).toBe('Only Name, Another Name')
      expect(metadata.author_email).toBe(
        'Jane Doe <jane@example.invalid>, bare@example.invalid, "Doe, John Q." <jq@example.invalid>'
      )
      expect(metadata.maintainer).toBe('M')
      expect(metadata.maintainer_email).toBeUndefined()
    })

    it('names the entry that has neither name nor email', () => {
      expect(() => extract(`${MINIMAL}authors = [{name = "A"}, {}]\n`)).toThrow(
        /project\.authors\[1\] has neither/
      )
    })
  })

  describe('dependencies and extras', () => {
    it('adds the extra to each optional requirement, normalising extra names (PEP 685)', () => {
      const { metadata } = extract(`${MINIMAL}
dependencies = ["  requests >= 2  ", "tomli; python_version < '3.11'"]
[project.optional-dependencies]
Dev_Tools = ["black", "mypy; platform_system != 'Windows' or python_version > '3.10'"]
"pdf.export" = ["reportlab @ https://example.invalid/r.zip ; python_version >= '3.9'"]
`)
      expect(metadata.requires_dist).toEqual([
        'requests >= 2',
        "tomli; python_version < '3.11'",
        'black; extra == "dev-tools"',
        `mypy; (platform_system != 'Windows' or python_version > '3.10') and extra == "dev-tools"`,
        `reportlab @ https://example.invalid/r.zip; (python_version >= '3.9') and extra == "pdf-export"`
      ])
      expect(metadata.provides_extra).toEqual(['dev-tools', 'pdf-export'])
    })

    it('keeps a semicolon that belongs to a URL', () => {
      expect(withExtraMarker('pkg @ https://example.invalid/a;b.zip', 'x')).toBe(
        'pkg @ https://example.invalid/a;b.zip; extra == "x"'
      )
    })

    it('finds the marker as the requirement grammar does, whatever its strings hold', () => {
      expect(withExtraMarker('pkg; os_name == "a@b"', 'x')).toBe(
        'pkg; (os_name == "a@b") and extra == "x"'
      )
      expect(withExtraMarker('pkg @ https://example.invalid/a;b.zip ; os_name == "nt"', 'x')).toBe(
        'pkg @ https://example.invalid/a;b.zip; (os_name == "nt") and extra == "x"'
      )
    })

    it('refuses an extra name that is not a valid name', () => {
      expect(() => extract(`${MINIMAL}[project.optional-dependencies]\n"-bad" = []\n`)).toThrow(
        /"-bad" is not a valid extra name/
      )
    })
  })

  it('joins keywords with commas and writes urls as "Label, URL"', () => {
    const { metadata } = extract(
      `${MINIMAL}keywords = ["a", "b c"]\n[project.urls]\n"Bug Tracker" = "https://x.invalid/issues"\n`
    )
    expect(metadata.keywords).toBe('a,b c')
    expect(metadata.project_urls).toEqual(['Bug Tracker, https://x.invalid/issues'])
  })

  it('writes the version in PEP 440 normal form, as every backend does (packaging decides)', () => {
    const written = ['2.3.0.dev', '2.0RC1', 'v1.0', '1.0-post1', '1.0+Local-7']
    const normal = runPython<string[]>(
      'import json, sys\nfrom packaging.version import Version\nprint(json.dumps([str(Version(v)) for v in json.load(sys.stdin)]))',
      written
    )
    expect(normal).toEqual(['2.3.0.dev0', '2.0rc1', '1.0', '1.0.post1', '1.0+local.7'])
    expect(
      written.map(
        version => extract(`[project]\nname = "x"\nversion = "${version}"\n`).metadata.version
      )
    ).toEqual(normal)
  })

  it('a form only the backend reads goes to the backend: hatchling’s license-files table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'license-table-'))
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "tabled"\nversion = "1.0"\nlicense-files = {paths = ["LICENSE.txt"]}\n'
    )
    await writeFile(path.join(dir, 'LICENSE.txt'), 'MIT\n')
    await mkdir(path.join(dir, 'tabled'))
    await writeFile(path.join(dir, 'tabled', '__init__.py'), '')
    const lines: string[] = []
    const loaded = await loadProjectMetadata(
      sourceTree(dir, { backend: { log: line => lines.push(line) } })
    )
    expect(loaded.path).toBe('backend')
    expect(loaded.metadata.license_file).toEqual(['LICENSE.txt'])
    expect(lines).toContain(
      'The build backend decides: the [project] table has a form read only by its backend (pyproject.toml: project.license-files must be an array of strings, not a table).'
    )
  })

  describe('dynamic fields', () => {
    it('explains that a dynamic version cannot be resolved, naming the backend', () => {
      const toml = `[build-system]\nbuild-backend = "hatchling.build"\n[project]\nname = "demo"\ndynamic = ["version"]\n`
      expect(() => extract(toml)).toThrow(MetadataError)
      expect(() => extract(toml)).toThrow(
        /project\.version is dynamic: hatchling\.build computes it at build time/
      )
    })

    it('refuses a dynamic name and a field that is both static and dynamic', () => {
      expect(() => extract('[project]\nversion = "1"\ndynamic = ["name"]\n')).toThrow(
        /does not allow/
      )
      expect(() => extract(`${MINIMAL}description = "x"\ndynamic = ["description"]\n`)).toThrow(
        /project\.description is set and also listed in project\.dynamic/
      )
    })

    it('warns that other dynamic metadata is not sent, and is silent about entry points', () => {
      const { metadata, warnings } = extract(
        `${MINIMAL}dynamic = ["readme", "dependencies", "scripts"]\n`
      )
      expect(metadata.description).toBeUndefined()
      expect(warnings).toEqual([
        expect.stringMatching(/project\.dynamic lists readme, dependencies; .* not sent/)
      ])
    })

    it('reads a table whose only dynamic keys are entry points directly, as exact', () => {
      const document = parsePyprojectToml(
        `${MINIMAL}dynamic = ["scripts", "gui-scripts", "entry-points"]\n`
      )
      expect(whyNotStatic(document, () => false)).toBeUndefined()
      expect(
        whyNotStatic(parsePyprojectToml(`${MINIMAL}dynamic = ["readme"]\n`), () => false)
      ).toBe('project.dynamic lists readme')
    })
  })

  describe('bad input', () => {
    it('reports malformed TOML with its line and column', () => {
      expect(() => parsePyprojectToml('[project]\nname = "x"\nversion = 1.0.0\n')).toThrow(
        /pyproject\.toml is not valid TOML: .* at line 3, column 14\./
      )
    })

    it('reports a missing [project] table, name or version', () => {
      expect(() => extract('[tool.black]\nline-length = 100\n')).toThrow(/has no \[project\] table/)
      expect(() => extract('[project]\nversion = "1"\n')).toThrow(/project\.name is missing/)
      expect(() => extract('[project]\nname = "x"\n')).toThrow(/project\.version is missing/)
      expect(() => extract('[project]\nname = "x"\nversion = "  "\n')).toThrow(
        /project\.version is empty/
      )
    })

    it('names the key of a value with the wrong type', () => {
      expect(() => extract('[project]\nname = "x"\nversion = 1\n')).toThrow(
        /project\.version must be a string, not a number/
      )
      expect(() => extract(`${MINIMAL}authors = [{name = "a", email = 3}]\n`)).toThrow(
        /project\.authors\[0\]\.email must be a string/
      )
      expect(() => extract(`${MINIMAL}classifiers = "A :: B"\n`)).toThrow(
        /project\.classifiers must be an array of strings/
      )
      expect(() => extract(`${MINIMAL}[project.urls]\nHome = 1\n`)).toThrow(
        /project\.urls\.Home must be a string/
      )
    })

    it('refuses an invalid project name', () => {
      expect(() => extract('[project]\nname = "my project"\nversion = "1"\n')).toThrow(
        /"my project" is not a valid project name/
      )
    })

    it('warns about keys PEP 621 does not define', () => {
      expect(extract(`${MINIMAL}homepage = "x"\n`).warnings).toEqual([
        'pyproject.toml: project.homepage is not a PEP 621 key; it is ignored.'
      ])
    })

    it('says where to look when there is no pyproject.toml', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'empty-'))
      await expect(loadProjectMetadata(sourceTree(dir))).rejects.toThrow(
        'No project metadata found: no built distribution'
      )
      await expect(loadProjectMetadata(sourceTree(path.join(dir, 'nope')))).rejects.toThrow(
        /The project folder .*nope does not exist/
      )
    })
  })
})
