import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ConfigSyntaxError,
  getConfigEntry,
  getConfigValue,
  parseConfig,
  renderConfig
} from '../src/configparser.js'
import { formatError } from '../src/errors.js'
import { parseWithOutcome, READ_ALL, type Outcome } from './support/configparser-oracle.js'
import { runPython } from './support/python.js'

/** Appears in the failing line of every input Python refuses; no error message may repeat it. */
const SECRET = 'pypi-S3cr3tT0k3n'

interface ParityCase {
  name: string
  text: string
  /** Read from a file with `RawConfigParser().read(path)`, as twine and setuptools do, not `read_string`. */
  file?: boolean
}

const CASES: ParityCase[] = [
  { name: 'continuation lines', text: '[s]\nk = first\n  second\n\tthird\n' },
  { name: 'empty lines inside a value', text: '[s]\nk = a\n\n  b\n\n\n  c\nnext = 1\n' },
  { name: 'empty lines after a value', text: '[s]\nk = a\n  b\n\n\n[t]\nx = 1\n\n\n' },
  { name: 'whitespace-only lines inside a value', text: '[s]\nk = a\n   \n\t\n  b\n' },
  { name: 'empty first line of a list value', text: '[s]\nk =\n  one\n  two\n' },
  {
    name: '; and # inside values',
    text: `[s]\na = x ; not a comment\nb = y # nor this\nc = #start\nd = ;start\n`
  },
  { name: 'full-line comments', text: '# top\n; top\n[s]\n# c\nk = v\n; c = d\n' },
  {
    name: 'indented comments inside a continued value',
    text: '[s]\nk = a\n  # dropped\n  b\n    ; dropped too\n  c\n'
  },
  { name: 'a comment then a blank line inside a value', text: '[s]\nk = a\n# c\n\n  b\n' },
  { name: ': as the delimiter', text: '[s]\nk: v\nurl: https://example.invalid:8080/p\n' },
  {
    name: '= and : in one line: the first one ends the key',
    text: '[s]\na = b:c\nd : e=f\nhttps://x = y\n'
  },
  { name: 'quotes are kept', text: `[s]\na = "quoted"\nb = 'single'\nc = "unbalanced\n` },
  { name: '% is literal', text: '[s]\na = 100%\nb = %(a)s\nc = %%\nd = %(missing)s\n' },
  { name: 'a duplicate section', text: `[s]\na = 1\n[t]\n[s]\npassword = ${SECRET}\n` },
  { name: 'a duplicate key', text: `[s]\npassword = one\nPassword = ${SECRET}\n` },
  { name: 'a key before any section', text: `password = ${SECRET}\n[s]\n` },
  { name: 'a continuation-looking line before any section', text: `  ${SECRET}\n[s]\n` },
  { name: 'a line without a delimiter', text: `[s]\na = 1\n${SECRET}\n` },
  {
    name: 'several bad lines, one hidden by continuing the key above',
    text: `[s]\na = 1\nbogus ${SECRET}\n  ${SECRET}\nalso ${SECRET}\n`
  },
  { name: 'a value without a key', text: `[s]\n= ${SECRET}\n` },
  { name: 'two values without a key', text: `[s]\n= x\n: ${SECRET}\n` },
  { name: 'a duplicate key after a bad line', text: `[s]\nbad\na = 1\na = ${SECRET}\n` },
  { name: 'an indented line right after a header', text: `[s]\n  ${SECRET}\n` },
  { name: 'empty values', text: '[s]\na =\nb:\nc = \t \nd=\n' },
  {
    name: 'upper-case keys and section names',
    text: '[Server]\nUserName = Alice\nREPOSITORY = x\n'
  },
  {
    name: 'DEFAULT applies to every section',
    text: '[DEFAULT]\nusername = d\nrepository = r\n[a]\nusername = own\nextra = e\n[b]\n'
  },
  { name: 'DEFAULT may appear twice', text: '[DEFAULT]\na = 1\n[s]\nb = 2\n[DEFAULT]\nc = 3\n' },
  {
    name: 'a key repeated across two DEFAULT sections',
    text: `[DEFAULT]\na = 1\n[DEFAULT]\na = ${SECRET}\n`
  },
  { name: 'DEFAULT is case-sensitive', text: '[default]\na = 1\n[Default]\nb = 2\n' },
  { name: 'a BOM at the start', text: `\ufeff[pypi]\npassword = ${SECRET}\n`, file: true },
  { name: 'a BOM before a comment', text: `\ufeff# ${SECRET}\n[pypi]\n`, file: true },
  { name: 'a BOM further on is text', text: '[pypi]\nk = \ufeffv\ufeff\n', file: true },
  {
    name: 'CRLF line ends',
    text: '[s]\r\nk = v\r\n  more\r\n\r\n\r\n[t]\r\nx = 1\r\n',
    file: true
  },
  { name: 'lone CR line ends', text: '[s]\rk = v\r  more\r\r[t]\rx=1', file: true },
  { name: 'mixed line ends', text: '[s]\nk = a\r\n\r  b\r\n  c\n', file: true },
  {
    name: 'other Unicode breaks are not line ends in a file',
    text: '[s]\nk = a\vb\fc\x1cd\x85e\u2028f\u2029g\n',
    file: true
  },
  { name: 'a CRLF file with a bad line', text: `[s]\r\nk = v\r\n${SECRET}\r\n`, file: true },
  { name: 'tabs as indentation', text: '[s]\nk = a\n\tb\n\t\tc\n  d\n' },
  { name: 'spaces inside a header', text: '[ my section ]\nk = v\n[two words]\nx = y\n' },
  { name: '] inside a header', text: '[a]b]\nk = v\n[c] trailing text\nx = 1\n[d] x ] y\nz = 2\n' },
  { name: '[]] is a header but [] is not', text: `[]]\nk = 1\n[s]\n[] ${SECRET}\n` },
  { name: 'a header containing = and :', text: '[a=b:c]\nk = v\n' },
  { name: '[ without ] starts a key', text: '[s]\n[x = 1\n' },
  { name: 'an indented header', text: '  [s]\nk = v\n    [t]\n' },
  { name: 'a header indented under a key continues the value', text: '[s]\nk = a\n  [t]\n' },
  { name: 'whitespace around the key', text: '[s]\n   key   =   value   \n\tother\t:\tv2\t\n' },
  { name: 'indented keys', text: '[s]\n  a = 1\n  b = 2\n    c\n' },
  { name: 'a key indented less than the one above', text: '[s]\n    a = 1\n  b = 2\n   c\n' },
  { name: 'an empty file', text: '' },
  { name: 'only blank lines', text: '\n\n  \n' },
  { name: 'only comments', text: '# a\n; b\n   # c\n\n' },
  { name: 'only a header', text: '[s]' },
  {
    name: 'Unicode keys and values',
    text: '[sección]\nClé = café ✓ 漢字 🐍\nΣΟΦΙΑΣ = x\nİstanbul = y\nÉTÉ = z\n'
  },
  { name: 'Unicode whitespace is stripped', text: '[s]\nk =\u3000v\u00a0\n\u00a0j = w\u2003\n' },
  {
    name: 'Unicode whitespace indents a continuation',
    text: '[s]\nk = a\n\u3000b\n\u00a0\u00a0c\n'
  },
  { name: 'leading spaces on a continuation line', text: '[s]\nk = a\n      b with   inner\n' },
  { name: 'a value that is one delimiter', text: '[s]\na = =\nb = :\nc ==\nd::\n' },
  {
    name: 'a typical .pypirc',
    text:
      '[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nusername = __token__\n' +
      'password = pypi-AgEIcHlwaS5vcmc\n\n[testpypi]\nrepository = https://test.pypi.org/legacy/\n'
  },
  {
    name: 'a typical setup.cfg',
    text:
      '[metadata]\nname = demo\nclassifiers =\n    Programming Language :: Python :: 3\n' +
      '    License :: OSI Approved :: MIT License\n\n[options]\ninstall_requires =\n' +
      '    requests>=2; python_version>"3.8"\n\n[options.entry_points]\nconsole_scripts =\n' +
      '    demo = demo.cli:main\n'
  }
]

function parseError(text: string, fileName = 'setup.cfg'): ConfigSyntaxError {
  try {
    parseConfig(text, fileName)
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return error
    throw error
  }
  throw new Error('parseConfig accepted the text')
}

describe('parseConfig', () => {
  const paths = new Map<string, string>()
  let python: Outcome[] = []

  beforeAll(async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'configparser-'))
    const inputs: Array<{ text: string } | { path: string }> = []
    for (const [index, testCase] of CASES.entries()) {
      if (testCase.file) {
        const file = path.join(directory, `case-${index}.cfg`)
        await writeFile(file, testCase.text, 'utf8')
        paths.set(testCase.name, file)
        inputs.push({ path: file })
      } else {
        inputs.push({ text: testCase.text })
      }
    }
    python = runPython<Outcome[]>(READ_ALL, inputs)
  })

  it('has a broad parity table', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30)
    expect(new Set(CASES.map(testCase => testCase.name)).size).toBe(CASES.length)
  })

  it.each(CASES.map((testCase, index) => [testCase.name, index] as const))(
    'reads %s as Python does',
    (name, index) => {
      const testCase = CASES[index]
      if (testCase === undefined) throw new Error(`no case ${index}`)
      const file = paths.get(name)
      // A file is decoded the way a caller would read it: UTF-8, BOM kept, line ends untouched.
      const text = file === undefined ? testCase.text : readFileSync(file, 'utf8')
      const { outcome, error } = parseWithOutcome(text, 'case.cfg')
      expect(outcome).toEqual(python[index])
      if (error !== undefined) {
        expect(testCase.text).toContain(SECRET)
        const shown = formatError(error)
        expect(shown).not.toContain(SECRET)
        expect(shown).not.toContain('S3cr3t')
        expect(shown).toContain(`case.cfg, line ${(error as ConfigSyntaxError).line}:`)
      }
    }
  )

  it('records the line of every key and section header', () => {
    const config = parseConfig(
      '# comment\n[DEFAULT]\nshared = 1\n\n[pypi]\nusername = a\npassword =\n  x\n  y\nrepository = r\n',
      '.pypirc'
    )
    expect(config.fileName).toBe('.pypirc')
    expect(config.defaults.get('shared')).toEqual({ key: 'shared', value: '1', line: 3 })
    const pypi = config.sections.get('pypi')
    expect(pypi?.line).toBe(5)
    expect([...(pypi?.entries.values() ?? [])].map(entry => [entry.key, entry.line])).toEqual([
      ['username', 6],
      ['password', 7],
      ['repository', 10]
    ])
    expect(getConfigEntry(config, 'pypi', 'shared')).toEqual({ key: 'shared', value: '1', line: 3 })
    expect(getConfigEntry(config, 'pypi', 'PASSWORD')?.value).toBe('\nx\ny')
    expect(getConfigValue(config, 'DEFAULT', 'shared')).toBe('1')
    expect(getConfigValue(config, 'DEFAULT', 'username')).toBeUndefined()
    expect(getConfigValue(config, 'missing', 'shared')).toBeUndefined()
  })

  it('names the file, the line and the problem, with advice', () => {
    const duplicate = parseError(`[s]\na = 1\n\nA = ${SECRET}\n`)
    expect(duplicate).toMatchObject({ fileName: 'setup.cfg', kind: 'duplicate-key', line: 4 })
    expect(duplicate.message).toBe(
      'setup.cfg, line 4: this key is already set on line 2 in the same section.'
    )
    expect(duplicate.advice).toMatch(/Keep only one/)

    const section = parseError('[s]\n[t]\n[s]\n')
    expect(section.message).toBe(
      'setup.cfg, line 3: this section header repeats a section that already starts on line 1.'
    )

    const invalid = parseError(`[s]\n${SECRET}\nok = 1\n${SECRET}\n${SECRET}\n`, '.pypirc')
    expect(invalid).toMatchObject({ kind: 'invalid-line', line: 2, lines: [2, 4, 5] })
    expect(invalid.message).toBe(
      '.pypirc, line 2: a line that is neither a section header, a key = value pair, a comment, ' +
        'nor an indented continuation of a value. Python also refuses lines 4, 5.'
    )
    expect(invalid.advice).toMatch(/key = value/)

    const missingKey = parseError(`[s]\n: ${SECRET}\n`)
    expect(missingKey).toMatchObject({ kind: 'missing-key', line: 2 })

    const header = parseError(`password = ${SECRET}\n`)
    expect(header.message).toBe(
      'setup.cfg, line 1: a line that is not blank or a comment comes before the first [section] header.'
    )
    expect(header.advice).toMatch(/section header/)
  })

  it('explains a BOM, which Python reads as text before the first header', () => {
    const error = parseError('\ufeff[pypi]\nusername = x\n', '.pypirc')
    expect(error).toMatchObject({ kind: 'missing-section-header', line: 1 })
    expect(error.message).toMatch(/byte order mark/)
    expect(error.advice).toBe('Save the file as UTF-8 without a BOM.')
  })

  it('reads back what renderConfig writes', () => {
    const config = parseConfig(
      renderConfig([
        { name: 'distutils', entries: [['index-servers', ['pypi', 'extra']]] },
        {
          name: 'pypi',
          entries: [
            ['Password', 'semi; colon # hash %(x)s'],
            ['empty', '']
          ]
        }
      ]),
      '.pypirc'
    )
    expect(getConfigValue(config, 'distutils', 'index-servers')).toBe('\npypi\nextra')
    expect(getConfigValue(config, 'pypi', 'password')).toBe('semi; colon # hash %(x)s')
    expect(getConfigValue(config, 'pypi', 'empty')).toBe('')
  })
})
