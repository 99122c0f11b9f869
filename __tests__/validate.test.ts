import { beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { CoreMetadata } from '../src/metadata/fields.js'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import { readAddressList } from '../src/check/addresses.js'
import { readLicenseExpression } from '../src/check/license.js'
import { showValue } from '../src/check/problem.js'
import { validateMetadata, type Problem } from '../src/check/validate.js'
import { runPython } from './support/python.js'

const BASE = { metadata_version: '2.4', name: 'demo', version: '1.0.0' }

function validate(fields: Record<string, string | string[]>): Problem[] {
  return validateMetadata({ ...BASE, ...fields } as CoreMetadata)
}

interface Expected {
  field: string
  severity: 'error' | 'warning'
  value?: number
  /** Parts the message must contain. */
  says: string[]
}

/** The problems must be exactly these, in this order, each message containing its parts. */
function expectProblems(problems: Problem[], expected: Expected[]): void {
  expect(problems.map(({ field, severity, value }) => ({ field, severity, value }))).toEqual(
    expected.map(({ field, severity, value }) => ({ field, severity, value }))
  )
  expected.forEach(({ says }, at) => {
    for (const part of says) expect(problems[at]?.message).toContain(part)
  })
}

const PROJECTS = path.join(process.cwd(), '__tests__', 'data', 'projects')

const EXPECTED_METADATA = readdirSync(PROJECTS).flatMap(project =>
  ['METADATA', 'PKG-INFO']
    .map(name => path.join(PROJECTS, project, 'expected', name))
    .filter(file => {
      try {
        return readFileSync(file).length > 0
      } catch {
        return false
      }
    })
    .map(file => [path.relative(PROJECTS, file), file] as const)
)

describe('validateMetadata on good metadata', () => {
  it('finds the fixture projects', () => {
    expect(EXPECTED_METADATA.length).toBeGreaterThanOrEqual(20)
  })

  it.each(EXPECTED_METADATA)('reports nothing for %s', (_name, file) => {
    const { metadata } = parsePkgInfo(readFileSync(file), file)
    expect(validateMetadata(metadata)).toEqual([])
  })

  it('reports nothing for metadata that uses every field well', () => {
    expect(
      validate({
        metadata_version: '2.5',
        version: '2.0.0rc1.post3.dev4',
        dynamic: ['Requires-Dist', 'license-file'],
        platform: ['any'],
        summary: 'S'.repeat(512),
        description: '# Title\n\nBody.\n',
        description_content_type: 'text/markdown; charset=UTF-8; variant=CommonMark',
        keywords: 'a,b',
        home_page: 'https://example.org/demo',
        download_url: 'http://downloads.example.org/demo-1.0.tar.gz',
        author: 'Ada',
        author_email:
          'Ada Lovelace <ada@example.org>, "Müller, Jürgen" <j@example.de>, bob@example.net (Bob), Zoë <zoë@exämple.se>',
        maintainer_email: '<ops+demo@sub.example.co.uk>',
        license_expression: 'Apache-2.0 WITH LLVM-exception OR (MIT AND LicenseRef-Demo-1.0)',
        license_file: ['LICENSE', 'licenses/APACHE.txt'],
        classifiers: [
          'Programming Language :: Python :: 3 :: Only',
          'Private :: Do Not Upload',
          'Development Status :: 5 - Production/Stable'
        ],
        requires_dist: [
          'requests[socks,security] >= 2.31, <3',
          'tomli; python_version < "3.11"',
          'colorama ; sys_platform == "win32" and (platform_machine == "x86_64" or platform_machine == "ARM64")',
          'httpx (>=0.24.1,<0.25.0)',
          'pytest>=7; extra == "Test_Suite"'
        ],
        requires_python: '>=3.9, !=3.9.0, <4',
        requires_external: ['libpq (>=12)'],
        project_urls: [
          'Documentation, https://docs.example.org/',
          `${'L'.repeat(32)}, https://x.example.org`
        ],
        provides_extra: ['test-suite'],
        provides_dist: ['demo-compat (==1.0)', 'virtual-demo; python_version >= "3.9"'],
        obsoletes_dist: ['Gorgon (<2.0)'],
        import_name: ['demo', 'demo._impl; private'],
        import_namespace: ['demo_ns']
      })
    ).toEqual([])
  })

  it('leaves empty values alone: the request does not send them', () => {
    expect(validate({ home_page: '', classifiers: [''], summary: '' })).toEqual([])
  })
})

describe('validateMetadata finds each problem', () => {
  const cases: Array<[string, Record<string, string | string[]>, Expected[]]> = [
    [
      'an unknown metadata version',
      { metadata_version: '3.0' },
      [{ field: 'metadata_version', severity: 'error', says: ['"3.0"', '2.4', 'rebuild'] }]
    ],
    [
      'a name with a space',
      { name: 'my project' },
      [
        {
          field: 'name',
          severity: 'error',
          says: ['"my project"', 'PEP 508', 'starting and ending']
        }
      ]
    ],
    [
      'a name ending in a hyphen',
      { name: 'demo-' },
      [{ field: 'name', severity: 'error', says: ['"demo-"'] }]
    ],
    ['an empty name', { name: ' ' }, [{ field: 'name', severity: 'error', says: ['empty'] }]],
    [
      'a version that is not PEP 440',
      { version: 'one' },
      [{ field: 'version', severity: 'error', says: ['"one"', 'PEP 440', '1.2.0rc1'] }]
    ],
    [
      'a version not in normal form',
      { version: '1.0-rc1' },
      [{ field: 'version', severity: 'warning', says: ['"1.0-rc1"', 'normal form', '"1.0rc1"'] }]
    ],
    [
      'a local version',
      { version: '1.0+local.1' },
      [{ field: 'version', severity: 'warning', says: ['"+local.1"', 'pypi.org refuses', 'drop'] }]
    ],
    [
      'a local version not in normal form',
      { version: '1.0+Local_1' },
      [
        { field: 'version', severity: 'warning', says: ['"1.0+local.1"'] },
        { field: 'version', severity: 'warning', says: ['local version label'] }
      ]
    ],
    [
      'Dynamic naming a fixed or unknown field',
      { dynamic: ['Version', 'Nonsense', 'Summary'] },
      [
        { field: 'dynamic', severity: 'error', value: 0, says: ['"Version"', 'never be dynamic'] },
        {
          field: 'dynamic',
          severity: 'error',
          value: 1,
          says: ['"Nonsense"', 'not a core metadata field']
        }
      ]
    ],
    [
      'the UNKNOWN placeholders of old distutils, which are not checked further',
      { home_page: 'UNKNOWN', author_email: 'UNKNOWN', platform: ['Linux', 'UNKNOWN'] },
      [
        {
          field: 'home_page',
          severity: 'warning',
          says: ['Home-page is "UNKNOWN"', 'Leave the field out']
        },
        { field: 'author_email', severity: 'warning', says: ['Author-email is "UNKNOWN"'] },
        { field: 'platform', severity: 'warning', value: 1, says: ['Platform is "UNKNOWN"'] }
      ]
    ],
    [
      'a summary on two lines',
      { summary: 'First line\nsecond line' },
      [{ field: 'summary', severity: 'error', says: ['"First line\\nsecond line"', 'one line'] }]
    ],
    [
      'a summary over 512 characters',
      { summary: 'é'.repeat(513) },
      [{ field: 'summary', severity: 'error', says: ['513 characters', 'at most 512', '…'] }]
    ],
    [
      'a content type the indexes refuse',
      { description_content_type: 'text/html' },
      [
        {
          field: 'description_content_type',
          severity: 'error',
          says: ['"text/html"', 'text/markdown, text/x-rst or text/plain']
        }
      ]
    ],
    [
      'a malformed content type',
      { description_content_type: 'text /markdown' },
      [{ field: 'description_content_type', severity: 'error', says: ['"text /markdown"'] }]
    ],
    [
      'charset=utf-8 in lower case',
      { description_content_type: 'text/markdown; charset=utf-8' },
      [
        {
          field: 'description_content_type',
          severity: 'error',
          says: ['exactly "UTF-8"', 'charset=UTF-8']
        }
      ]
    ],
    [
      'a charset other than UTF-8',
      { description_content_type: 'text/x-rst; charset=latin-1' },
      [
        {
          field: 'description_content_type',
          severity: 'error',
          says: ['must be UTF-8', '"latin-1"']
        }
      ]
    ],
    [
      'a Markdown variant in the wrong case, and an unknown one',
      { description_content_type: 'text/markdown; variant=gfm' },
      [{ field: 'description_content_type', severity: 'error', says: ['variant=GFM'] }]
    ],
    [
      'an unknown Markdown variant',
      { description_content_type: 'text/markdown; variant=rst' },
      [
        {
          field: 'description_content_type',
          severity: 'error',
          says: ['GFM or CommonMark', '"rst"']
        }
      ]
    ],
    [
      'parameters that are ignored',
      { description_content_type: 'text/plain; variant=GFM; lang=en' },
      [
        {
          field: 'description_content_type',
          severity: 'warning',
          says: ['"variant" is ignored', 'text/markdown only']
        },
        { field: 'description_content_type', severity: 'warning', says: ['"lang" is ignored'] }
      ]
    ],
    [
      'URLs that are not absolute http(s) links',
      { home_page: 'ftp://example.org/demo', download_url: 'example.org/demo.tar.gz' },
      [
        {
          field: 'home_page',
          severity: 'error',
          says: ['"ftp://example.org/demo"', 'only http and https', 'not ftp']
        },
        {
          field: 'download_url',
          severity: 'error',
          says: ['not an absolute URL', 'https://example.org/project']
        }
      ]
    ],
    [
      'a URL with a space, and one without a host',
      { home_page: 'https://example.org/my demo', download_url: 'https:/example.org' },
      [
        { field: 'home_page', severity: 'error', says: ['space'] },
        { field: 'download_url', severity: 'error', says: ['no host'] }
      ]
    ],
    [
      'Project-URL entries that are malformed',
      {
        project_urls: [
          'Homepage https://example.org',
          ', https://example.org',
          `${'L'.repeat(33)}, https://example.org`,
          'Docs,',
          'Chat, irc://irc.example.org/demo',
          'Docs, https://example.org/again'
        ]
      },
      [
        {
          field: 'project_urls',
          severity: 'error',
          value: 0,
          says: ['not "Label, URL"', '[project.urls]']
        },
        { field: 'project_urls', severity: 'error', value: 1, says: ['label is empty'] },
        {
          field: 'project_urls',
          severity: 'error',
          value: 2,
          says: ['33 characters', 'at most 32']
        },
        { field: 'project_urls', severity: 'error', value: 3, says: ['URL is empty'] },
        {
          field: 'project_urls',
          severity: 'error',
          value: 4,
          says: ['"irc://irc.example.org/demo"', 'not irc']
        },
        { field: 'project_urls', severity: 'error', value: 5, says: ['used twice', 'entry 4'] }
      ]
    ],
    [
      'e-mail addresses that are malformed',
      {
        author_email:
          'Müller, Jürgen <j@example.de>, a@localhost, Ada Lovelace, x@example..org, <b@example.org'
      },
      [
        {
          field: 'author_email',
          severity: 'error',
          says: ['"Müller"', 'has no "@"', '"Last, First"']
        },
        { field: 'author_email', severity: 'error', says: ['"a@localhost"', 'no dot'] },
        {
          field: 'author_email',
          severity: 'error',
          says: ['"Ada Lovelace"', 'name without an address']
        },
        {
          field: 'author_email',
          severity: 'error',
          says: ['"x@example..org"', 'not a valid domain name']
        },
        { field: 'author_email', severity: 'error', says: ['entry 6', 'not closed'] }
      ]
    ],
    [
      'e-mail addresses pypi.org refuses but other indexes accept',
      { maintainer_email: 'ops@build.local, "john doe"@example.org, root@[192.0.2.1], ,' },
      [
        {
          field: 'maintainer_email',
          severity: 'warning',
          says: ['"ops@build.local"', 'special-use domain .local']
        },
        { field: 'maintainer_email', severity: 'warning', says: ['quoted part'] },
        { field: 'maintainer_email', severity: 'warning', says: ['IP address'] },
        {
          field: 'maintainer_email',
          severity: 'warning',
          says: ['entry 4 is empty', 'extra comma']
        },
        { field: 'maintainer_email', severity: 'warning', says: ['entry 5 is empty'] }
      ]
    ],
    [
      'a local part with a space',
      { author_email: 'a b@example.org' },
      [{ field: 'author_email', severity: 'error', says: ['"a b@example.org"', 'before the "@"'] }]
    ],
    [
      'License and License-Expression both set',
      { license: 'MIT License', license_expression: 'MIT' },
      [
        {
          field: 'license',
          severity: 'error',
          says: ['both set', 'PEP 639', 'remove the License text']
        }
      ]
    ],
    [
      'a license expression with an unknown id',
      { license_expression: 'MIT OR Use-it-after-midnight' },
      [
        {
          field: 'license_expression',
          severity: 'error',
          says: ['"MIT OR Use-it-after-midnight"', 'not an SPDX license id', 'LicenseRef-']
        }
      ]
    ],
    [
      'a license expression with broken syntax',
      { license_expression: 'MIT AND (Apache-2.0' },
      [{ field: 'license_expression', severity: 'error', says: ['not closed'] }]
    ],
    [
      'WITH followed by a license',
      { license_expression: 'GPL-2.0-only WITH MIT' },
      [
        {
          field: 'license_expression',
          severity: 'error',
          says: ['"MIT" is a license, not an exception']
        }
      ]
    ],
    [
      'a license expression in lower case',
      { license_expression: 'mit or apache-2.0' },
      [
        {
          field: 'license_expression',
          severity: 'warning',
          says: ['not in normal form', '"MIT OR Apache-2.0"']
        }
      ]
    ],
    [
      'a deprecated license id',
      { license_expression: 'GPL-2.0+' },
      [
        {
          field: 'license_expression',
          severity: 'warning',
          says: ['deprecated', 'GPL-2.0-or-later']
        }
      ]
    ],
    [
      'License-File paths that are not plain relative paths',
      {
        license_file: ['../LICENSE', 'LICEN[CS]E*', '/LICENSE', 'licenses\\MIT.txt', 'C:/LICENSE']
      },
      [
        { field: 'license_file', severity: 'error', value: 0, says: ['".."'] },
        { field: 'license_file', severity: 'error', value: 1, says: ['pattern'] },
        { field: 'license_file', severity: 'error', value: 2, says: ['absolute'] },
        { field: 'license_file', severity: 'error', value: 3, says: ['"\\"'] },
        { field: 'license_file', severity: 'error', value: 4, says: ['absolute'] }
      ]
    ],
    [
      'classifiers that are malformed or repeated',
      {
        classifiers: [
          'Topic::Utilities',
          'Python',
          'Topic :: Utilities ',
          'Topic ::  Utilities',
          'Topic :: ',
          'Private :: Do Not Upload',
          'Private :: Do Not Upload'
        ]
      },
      [
        { field: 'classifiers', severity: 'error', value: 0, says: ['" :: "'] },
        { field: 'classifiers', severity: 'error', value: 1, says: ['single part'] },
        {
          field: 'classifiers',
          severity: 'error',
          value: 2,
          says: ['begins or ends with a space']
        },
        { field: 'classifiers', severity: 'error', value: 3, says: ['extra space'] },
        {
          field: 'classifiers',
          severity: 'error',
          value: 4,
          says: ['begins or ends with a space']
        },
        { field: 'classifiers', severity: 'warning', value: 6, says: ['listed twice'] }
      ]
    ],
    [
      'a Requires-Dist that is not PEP 508',
      { requires_dist: ['requests', 'foo>=1,<', 'bar; python_version = "3"'] },
      [
        {
          field: 'requires_dist',
          severity: 'error',
          value: 1,
          says: ['"foo>=1,<"', 'at character 8', 'python_version >= "3.9"']
        },
        { field: 'requires_dist', severity: 'error', value: 2, says: ['marker operator'] }
      ]
    ],
    [
      'Requires-Dist entries that read fine but will not do what they seem to',
      {
        requires_dist: [
          'bar @ https://example.org/bar.whl',
          'baz; os.name == "nt"',
          'qux; extras == "cli"',
          'quux; extra == "docs"',
          'odd_'
        ],
        provides_extra: ['test']
      },
      [
        {
          field: 'requires_dist',
          severity: 'warning',
          value: 0,
          says: ['direct reference', 'pypi.org refuses']
        },
        {
          field: 'requires_dist',
          severity: 'warning',
          value: 1,
          says: ['legacy marker name os.name', 'os_name']
        },
        { field: 'requires_dist', severity: 'warning', value: 2, says: ['only lock files define'] },
        { field: 'requires_dist', severity: 'warning', value: 4, says: ['"odd_"', 'ends in "_"'] },
        {
          field: 'requires_dist',
          severity: 'warning',
          value: 3,
          says: ['"docs"', 'no Provides-Extra', 'Provides-Extra: docs']
        }
      ]
    ],
    [
      'a direct reference whose URL is not absolute',
      { requires_dist: ['pkg @ ./vendor/pkg.whl', 'local @ file:///opt/pkg.whl'] },
      [
        { field: 'requires_dist', severity: 'warning', value: 0, says: ['direct reference'] },
        {
          field: 'requires_dist',
          severity: 'warning',
          value: 0,
          says: ['"./vendor/pkg.whl" is not absolute']
        },
        { field: 'requires_dist', severity: 'warning', value: 1, says: ['direct reference'] }
      ]
    ],
    [
      'an invalid Requires-Python',
      { requires_python: '>=3.8, 3.9' },
      [
        {
          field: 'requires_python',
          severity: 'error',
          says: ['">=3.8, 3.9"', '"3.9" has no comparison operator', '">=3.9"']
        }
      ]
    ],
    [
      'Requires-Python with a wildcard after >=',
      { requires_python: '>=3.*' },
      [{ field: 'requires_python', severity: 'error', says: ['wildcard'] }]
    ],
    [
      'an invalid extra name',
      { provides_extra: ['ok', 'not ok'] },
      [{ field: 'provides_extra', severity: 'error', value: 1, says: ['"not ok"', 'extra name'] }]
    ],
    [
      'Provides-Dist and Obsoletes-Dist entries',
      {
        provides_dist: ['OtherProject (3.4)', 'x y'],
        obsoletes_dist: ['Gorgon (<2.0', 'old @ https://example.org/old.whl']
      },
      [
        {
          field: 'provides_dist',
          severity: 'warning',
          value: 0,
          says: ['"name (version)"', 'name (==version)']
        },
        {
          field: 'provides_dist',
          severity: 'error',
          value: 1,
          says: ['not a valid PEP 508 requirement']
        },
        { field: 'obsoletes_dist', severity: 'error', value: 0, says: ['not closed'] },
        { field: 'obsoletes_dist', severity: 'warning', value: 1, says: ['direct reference'] }
      ]
    ],
    [
      'import names that are not Python names',
      { import_name: ['pkg.class', '2fast', 'pkg; public'], import_namespace: ['ns-pkg'] },
      [
        {
          field: 'import_name',
          severity: 'error',
          value: 0,
          says: ['"class" is a Python keyword']
        },
        {
          field: 'import_name',
          severity: 'error',
          value: 1,
          says: ['"2fast" is not an identifier']
        },
        {
          field: 'import_name',
          severity: 'error',
          value: 2,
          says: ['only option after ";" is "private"']
        },
        { field: 'import_namespace', severity: 'error', value: 0, says: ['"ns-pkg"'] }
      ]
    ]
  ]

  it.each(cases)('%s', (_title, fields, expected) => {
    expectProblems(validate(fields), expected)
  })

  it('reports every problem at once, in the order of the fields', () => {
    const problems = validate({
      name: 'bad name',
      version: 'x',
      summary: 'a\nb',
      classifiers: ['Nope'],
      requires_dist: ['a b']
    })
    expect(problems.map(problem => problem.field)).toEqual([
      'name',
      'version',
      'summary',
      'classifiers',
      'requires_dist'
    ])
    expect(problems.every(problem => problem.severity === 'error')).toBe(true)
  })

  it('shows at most about 100 characters of a long value', () => {
    const long = `pkg>=1 ; os_name == "${'x'.repeat(400)}`
    const [problem] = validate({ requires_dist: [long] })
    expect(problem?.message).toContain(`"pkg>=1 ; os_name == \\"${'x'.repeat(60)}`)
    expect(problem?.message).toContain('…"')
    expect(problem?.message).not.toContain('x'.repeat(100))
  })
})

describe('showValue', () => {
  it('quotes a value and makes control characters visible', () => {
    expect(showValue('a\tb\n')).toBe('"a\\tb\\n"')
  })

  it('cuts a long value after 99 characters, counting code points', () => {
    expect(showValue('😀'.repeat(150))).toBe(`"${'😀'.repeat(99)}…"`)
    expect(showValue('x'.repeat(100))).toBe(`"${'x'.repeat(100)}"`)
  })
})

// ---------------------------------------------------------------------------------------------
// Agreement with Python: tables recorded with CPython 3.11 and packaging 26.2, re-checked below
// against the installed python3 when it has a recent packaging.
// ---------------------------------------------------------------------------------------------

/** `str(packaging.version.Version(v))`, or null where it raises InvalidVersion. */
const VERSIONS: ReadonlyArray<readonly [string, string | null]> = [
  ['1.0', '1.0'],
  ['1.0-rc1', '1.0rc1'],
  ['1.0RC1', '1.0rc1'],
  ['v1.0', '1.0'],
  [' 1.0 ', '1.0'],
  ['1.0+local.1', '1.0+local.1'],
  ['1.0+Local_1', '1.0+local.1'],
  ['01.02', '1.2'],
  ['1.0a', '1.0a0'],
  ['1.0alpha1', '1.0a1'],
  ['1.0c1', '1.0rc1'],
  ['1.0pre1', '1.0rc1'],
  ['1.0-1', '1.0.post1'],
  ['1.0.post', '1.0.post0'],
  ['1.0rev1', '1.0.post1'],
  ['1.0.dev', '1.0.dev0'],
  ['1.0dev', '1.0.dev0'],
  ['1!1.0', '1!1.0'],
  ['1.0_rc_1', '1.0rc1'],
  ['1.0a1.post2.dev3', '1.0a1.post2.dev3'],
  ['1.0RC1.DEV2', '1.0rc1.dev2'],
  ['2024.01.05', '2024.1.5'],
  ['1.*', null],
  ['1.0-', null],
  ['abc', null],
  ['1.0+', null],
  ['1..0', null],
  ['1.0 rc1', null],
  ['1_0', null]
]

/** Whether `packaging.metadata.Metadata.from_raw` accepts the Description-Content-Type. */
const CONTENT_TYPES: ReadonlyArray<readonly [string, boolean]> = [
  ['text/markdown', true],
  ['text/x-rst', true],
  ['text/plain', true],
  ['TEXT/Markdown', true],
  ['text/markdown; charset=UTF-8', true],
  ['text/markdown; charset="UTF-8"', true],
  ['text/markdown; CHARSET=UTF-8', true],
  ['text/markdown ; charset = UTF-8', true],
  ['text/markdown; variant=GFM', true],
  ['text/markdown; variant=CommonMark', true],
  ['text/markdown; charset=UTF-8; variant="CommonMark"', true],
  ['text/x-rst; charset=UTF-8', true],
  ['text/plain; variant=foo', true],
  ['text/markdown; foo=bar', true],
  ['text/markdown;', true],
  ['text/markdown; charset=utf-8', false],
  ['text/plain; charset=latin-1', false],
  ['text/markdown; variant=gfm', false],
  ['text/markdown; variant=rst', false],
  ['text/html', false],
  ['text/x-markdown', false],
  ['markdown', false],
  ['"text/markdown"', false],
  ['text /markdown', false],
  ['text/markdown charset=UTF-8', false],
  ['application/json', false]
]

/** `packaging.licenses.canonicalize_license_expression(e)`, or null where it raises. */
const LICENSE_EXPRESSIONS: ReadonlyArray<readonly [string, string | null]> = [
  ['MIT', 'MIT'],
  ['mit', 'MIT'],
  ['MIT OR Apache-2.0', 'MIT OR Apache-2.0'],
  ['mit or apache-2.0', 'MIT OR Apache-2.0'],
  ['MIT AND (Apache-2.0 OR BSD-2-Clause)', 'MIT AND (Apache-2.0 OR BSD-2-Clause)'],
  ['MIT  AND   ( Apache-2.0 )', 'MIT AND (Apache-2.0)'],
  ['(MIT)', '(MIT)'],
  ['Apache-2.0 WITH LLVM-exception', 'Apache-2.0 WITH LLVM-exception'],
  ['apache-2.0 with llvm-exception', 'Apache-2.0 WITH LLVM-exception'],
  [
    'GPL-2.0-or-later WITH Classpath-exception-2.0',
    'GPL-2.0-or-later WITH Classpath-exception-2.0'
  ],
  ['GPL-2.0-only WITH pcre2-exception', 'GPL-2.0-only WITH PCRE2-exception'],
  ['MIT\tOR\nApache-2.0', 'MIT OR Apache-2.0'],
  ['GPL-2.0+', 'GPL-2.0+'],
  ['GPL-3.0', 'GPL-3.0'],
  ['LicenseRef-Proprietary', 'LicenseRef-Proprietary'],
  ['licenseref-my-license.1', 'LicenseRef-my-license.1'],
  ['LicenseRef-a_b', null],
  ['MIT AND LicenseRef-Public-Domain', 'MIT AND LicenseRef-Public-Domain'],
  ['', null],
  ['(MIT', null],
  ['MIT)', null],
  ['MIT AND', null],
  ['AND MIT', null],
  ['MIT Apache-2.0', null],
  ['MIT OR OR Apache-2.0', null],
  ['Use-it-after-midnight', null],
  ['MIT WITH Apache-2.0', null],
  ['Classpath-exception-2.0', null],
  ['MIT WITH Unknown-exception', null],
  ['DocumentRef-x:LicenseRef-y', null],
  ['()', null],
  ['MIT AND ()', null],
  ['MIT WITH', null],
  ['MIT WITH OR Apache-2.0', null],
  ['MIT LLVM-exception', null]
]

/**
 * Where we are stricter than packaging, following the SPDX grammar that PEP 639 points to:
 * packaging accepts these, we refuse them.
 */
const STRICTER_THAN_PACKAGING = ['LicenseRef-', '(MIT) WITH Classpath-exception-2.0']

/** `email.utils.getaddresses([text])` for well-formed address lists. */
const ADDRESS_LISTS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['a@example.org', [['', 'a@example.org']]],
  ['Ada Lovelace <ada@example.org>', [['Ada Lovelace', 'ada@example.org']]],
  [
    'Ada <ada@example.org>, Bob <bob@example.net>',
    [
      ['Ada', 'ada@example.org'],
      ['Bob', 'bob@example.net']
    ]
  ],
  ['"Müller, Jürgen" <j@example.de>', [['Müller, Jürgen', 'j@example.de']]],
  [
    'Zoë Ångström <zoe@example.se>, 田中 太郎 <tanaka@example.jp>',
    [
      ['Zoë Ångström', 'zoe@example.se'],
      ['田中 太郎', 'tanaka@example.jp']
    ]
  ],
  ['<a@example.org>', [['', 'a@example.org']]],
  ['a@example.org (Ada)', [['Ada', 'a@example.org']]],
  ['A. Author <a@example.org>', [['A. Author', 'a@example.org']]],
  ['Ada  Lovelace <ada@example.org>', [['Ada Lovelace', 'ada@example.org']]],
  [
    'a@example.org, b@example.org',
    [
      ['', 'a@example.org'],
      ['', 'b@example.org']
    ]
  ],
  ['"A \\"Q\\" B" <a@example.org>', [['A "Q" B', 'a@example.org']]]
]

function versionWarning(version: string): string | undefined {
  return validate({ version }).find(problem => problem.message.includes('normal form'))?.message
}

describe('agreement with Python', () => {
  it.each(VERSIONS)('Version %j: normal form %j', (version, normal) => {
    const problems = validate({ version })
    if (normal === null) {
      expect(problems).toEqual([expect.objectContaining({ severity: 'error' })])
    } else if (normal === version) {
      expect(versionWarning(version)).toBeUndefined()
    } else {
      expect(versionWarning(version)).toContain(`: ${JSON.stringify(normal)}`)
    }
  })

  it.each(CONTENT_TYPES)('Description-Content-Type %j accepted: %s', (value, accepted) => {
    const errors = validate({ description_content_type: value }).filter(
      problem => problem.severity === 'error'
    )
    expect(errors.length === 0).toBe(accepted)
  })

  it.each(LICENSE_EXPRESSIONS)('License-Expression %j: normal form %j', (value, normal) => {
    const reading = readLicenseExpression(value)
    expect(reading.ok ? reading.normal : null).toBe(normal)
  })

  it.each(STRICTER_THAN_PACKAGING)('refuses %j, following the SPDX grammar', value => {
    expect(readLicenseExpression(value).ok).toBe(false)
  })

  it.each(ADDRESS_LISTS)('reads the address list %j as getaddresses does', (text, mailboxes) => {
    expect(
      readAddressList(text).map(item => ('name' in item ? [item.name, item.address] : item))
    ).toEqual(mailboxes.map(mailbox => [...mailbox]))
    expect(validate({ author_email: text })).toEqual([])
  })
})

/** The installed packaging's version, when `python3` has one that knows PEP 639 (24.2 or later). */
function packagingVersion(): number[] | undefined {
  try {
    const version = runPython<string>(
      'import json, packaging; print(json.dumps(packaging.__version__))',
      null
    )
    const [major = 0, minor = 0] = version.split('.').map(Number)
    return major > 24 || (major === 24 && minor >= 2) ? [major, minor] : undefined
  } catch {
    return undefined // No python3, or no packaging in it.
  }
}

const oracle = packagingVersion()
// Skipped only on a machine without Python's packaging; in CI (CI=true) they run, and fail without it.
const withOracle = oracle === undefined && process.env.CI !== 'true' ? describe.skip : describe

const ORACLE_SCRIPT = `
import email.utils, json, sys
from packaging.licenses import canonicalize_license_expression
from packaging.metadata import Metadata
from packaging.version import InvalidVersion, Version
request = json.load(sys.stdin)
def version(text):
    try:
        return str(Version(text))
    except InvalidVersion:
        return None
def content_type(text):
    try:
        Metadata.from_raw({'metadata_version': '2.1', 'name': 'a', 'version': '1', 'description_content_type': text})
        return True
    except Exception:
        return False
def license(text):
    try:
        return canonicalize_license_expression(text)
    except ValueError:
        return None
print(json.dumps({
    'versions': [version(text) for text in request['versions']],
    'content_types': [content_type(text) for text in request['content_types']],
    'licenses': [license(text) for text in request['licenses']],
    'stricter': [license(text) for text in request['stricter']],
    'addresses': [email.utils.getaddresses([text]) for text in request['addresses']],
}))
`

withOracle(`the recorded answers, checked against packaging ${oracle?.join('.') ?? ''}`, () => {
  interface Answers {
    versions: Array<string | null>
    content_types: boolean[]
    licenses: Array<string | null>
    stricter: Array<string | null>
    addresses: string[][][]
  }
  let answers: Answers | undefined

  beforeAll(() => {
    answers = runPython<Answers>(ORACLE_SCRIPT, {
      versions: VERSIONS.map(([text]) => text),
      content_types: CONTENT_TYPES.map(([text]) => text),
      licenses: LICENSE_EXPRESSIONS.map(([text]) => text),
      stricter: STRICTER_THAN_PACKAGING,
      addresses: ADDRESS_LISTS.map(([text]) => text)
    })
  })

  it('versions', () => {
    expect(answers?.versions).toEqual(VERSIONS.map(([, normal]) => normal))
  })

  it('content types', () => {
    expect(answers?.content_types).toEqual(CONTENT_TYPES.map(([, accepted]) => accepted))
  })

  it('license expressions, and the ones packaging accepts while we do not', () => {
    expect(answers?.licenses).toEqual(LICENSE_EXPRESSIONS.map(([, normal]) => normal))
    expect(answers?.stricter.every(normal => normal !== null)).toBe(true)
  })

  it('address lists', () => {
    expect(answers?.addresses).toEqual(ADDRESS_LISTS.map(([, mailboxes]) => mailboxes))
  })
})
