import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import { execFileSync } from 'node:child_process'
import { DEBIAN_PYTHON, runPython } from './support/python.js'

/**
 * Python's distutils writes PKG-INFO with every metadata-1.1 field, escaping multi-line values with
 * eight spaces; reading it back must give exactly the values it was given.
 */
const WRITE_WITH_DISTUTILS = `
import io, json, sys, warnings
warnings.simplefilter('ignore')
from distutils.dist import DistributionMetadata
attrs = json.load(sys.stdin)
meta = DistributionMetadata()
for key, value in attrs.items():
    setattr(meta, key, value)
out = io.StringIO()
meta.write_pkg_file(out)
print(json.dumps(out.getvalue()))
`

/** packaging's reading of the same file: the raw values before any massaging. */
const READ_WITH_PACKAGING = `
import json, sys
from packaging.metadata import parse_email
raw, unparsed = parse_email(json.load(sys.stdin).encode('utf-8'))
raw.pop('keywords', None); raw.pop('project_urls', None)
print(json.dumps({'raw': raw, 'unparsed': unparsed}))
`

const METADATA_25 = `Metadata-Version: 2.5
Name: every-field
Version: 1.2.3rc1
Dynamic: Requires-Dist
Platform: any
Supported-Platform: linux-x86_64
Summary: All the fields
Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM
Keywords: one, two,three
Home-page: https://example.invalid
Download-URL: https://example.invalid/dl
Author: A. Author
Author-email: "A. Author" <a@example.invalid>
Maintainer: M
Maintainer-email: m@example.invalid
License-Expression: MIT OR Apache-2.0
License-File: LICENSE
License-File: licenses/APACHE.txt
Classifier: Programming Language :: Python :: 3
Classifier: Typing :: Typed
Requires-Dist: requests>=2
Requires-Dist: tomli; python_version < "3.11"
Requires-Python: >=3.9
Requires-External: libpq
Project-URL: Home, https://example.invalid
Project-URL: Source Code, https://example.invalid/src
Provides-Extra: pdf
Provides-Dist: every-field
Obsoletes-Dist: old-field
Import-Name: every_field
Import-Namespace: every

The description.
`

describe('parsePkgInfo', () => {
  it('reads back exactly what distutils wrote, multi-line description and license included', () => {
    const attrs = {
      name: 'roundtrip',
      version: '2.0.1',
      description: 'One line summary',
      long_description:
        'Title\n=====\n\n  indented by two\n        indented by eight\n\ttab\ntrailing spaces   \nnon-ASCII: café ✓ 漢字\n\n\nlast line',
      // distutils escapes only the description; setuptools also escapes License (tested below).
      license: 'MIT License',
      author: 'Zoë Example',
      author_email: 'zoe@example.invalid',
      url: 'https://example.invalid/home',
      download_url: 'https://example.invalid/dl',
      keywords: ['alpha', 'beta'],
      platforms: ['any', 'linux'],
      classifiers: ['A :: B', 'C :: D'],
      requires: ['req1', 'req2 (>=1.0)'],
      provides: ['roundtrip'],
      obsoletes: ['old_roundtrip']
    }
    // Python's own distutils, not the copy setuptools substitutes for it.
    const written = runPython<string>(WRITE_WITH_DISTUTILS, attrs, {
      SETUPTOOLS_USE_DISTUTILS: 'stdlib'
    })
    expect(written).toContain('\n          indented by two') // the escape we must undo is really there
    const { metadata, warnings } = parsePkgInfo(written, 'PKG-INFO')
    expect(warnings).toEqual([])
    expect(metadata).toEqual({
      metadata_version: '1.1',
      name: 'roundtrip',
      version: '2.0.1',
      summary: 'One line summary',
      description: attrs.long_description,
      license: attrs.license,
      author: 'Zoë Example',
      author_email: 'zoe@example.invalid',
      home_page: 'https://example.invalid/home',
      download_url: 'https://example.invalid/dl',
      keywords: 'alpha,beta',
      platform: ['any', 'linux'],
      classifiers: ['A :: B', 'C :: D'],
      requires: ['req1', 'req2 (>=1.0)'],
      provides: ['roundtrip'],
      obsoletes: ['old_roundtrip']
    })
  })

  it('reads the sample wheel’s METADATA, the description from the body byte for byte', () => {
    const text = readFileSync(new URL('./data/dists/METADATA.sample', import.meta.url), 'utf8')
    const { metadata } = parsePkgInfo(Buffer.from(text), 'METADATA')
    expect(metadata).toMatchObject({
      metadata_version: '2.1',
      name: 'peer-register-sample',
      author_email: 'Zoë Example <zoe@example.invalid>',
      requires_dist: ['requests (>=2)', "pytest ; extra == 'test'"],
      provides_extra: ['test'],
      project_urls: [
        'Homepage, https://example.invalid/peer-register-sample',
        'Source, https://example.invalid/src/peer-register-sample'
      ],
      description_content_type: 'text/markdown',
      description:
        '# peer-register-sample\n\nLine two of the long description, with non-ASCII: café ✓ Zoë.\n\n- a list item\n'
    })
  })

  it.each([
    ['every 2.x field', METADATA_25],
    [
      'CRLF line ends, kept in the body',
      'Metadata-Version: 2.1\r\nName: x\r\nVersion: 1\r\nSummary: s\r\n\r\nBody\r\nline2\r\n'
    ],
    [
      'a body with leading spaces and no final newline',
      'Metadata-Version: 2.1\nName: x\nVersion: 1\n\n  Body\n\n\tlast'
    ],
    [
      'trailing spaces and empty values',
      'Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary:   spaced   \nLicense:\n'
    ]
  ])('agrees with packaging.metadata.parse_email on %s', (_label, text) => {
    const oracle = runPython<{ raw: Record<string, unknown>; unparsed: Record<string, unknown> }>(
      READ_WITH_PACKAGING,
      text
    )
    expect(oracle.unparsed).toEqual({})
    const { metadata } = parsePkgInfo(text, 'METADATA')
    const ours: Record<string, unknown> = { ...metadata }
    delete ours.keywords
    delete ours.project_urls
    // packaging names a few fields differently from the form fields.
    const renamed: Record<string, string> = {
      classifiers: 'classifiers',
      platform: 'platforms',
      supported_platform: 'supported_platforms',
      provides_extra: 'provides_extra',
      license_file: 'license_files',
      import_name: 'import_names',
      import_namespace: 'import_namespaces'
    }
    const expected = Object.fromEntries(
      Object.entries(ours).map(([key, value]) => [renamed[key] ?? key, value])
    )
    expect(expected).toEqual(oracle.raw)
  })

  it('keeps Keywords and Project-URL values as written', () => {
    const { metadata } = parsePkgInfo(METADATA_25, 'METADATA')
    expect(metadata.keywords).toBe('one, two,three')
    expect(metadata.project_urls).toEqual([
      'Home, https://example.invalid',
      'Source Code, https://example.invalid/src'
    ])
  })

  it('unfolds a folded header and prefers the body to a Description header, with a warning', () => {
    const { metadata, warnings } = parsePkgInfo(
      'Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: first\n  second\nDescription: header text\n\nbody text\n',
      'PKG-INFO'
    )
    expect(metadata.summary).toBe('first  second')
    expect(metadata.description).toBe('body text\n')
    expect(warnings).toEqual([
      expect.stringContaining('has a Description header and a message body')
    ])
  })

  it('undoes the escape setuptools adds to a multi-line License', () => {
    const { metadata } = parsePkgInfo(
      'Metadata-Version: 2.1\nName: x\nVersion: 1\nLicense: Line one\n        \n        Line three\n          indented\n',
      'PKG-INFO'
    )
    expect(metadata.license).toBe('Line one\n\nLine three\n  indented')
  })

  it.each([
    ['eight spaces', '        '],
    ['nine spaces', '         '],
    ['a tab', '\t']
  ])('a multi-line License folded with %s reads as setuptools reads it back', (_label, fold) => {
    const text = `Metadata-Version: 2.1\nName: x\nVersion: 1\nLicense: Copyright (c) 2024\n${fold}\n${fold}Permission is granted\n${fold}  indented line\n`
    const { metadata } = parsePkgInfo(text, 'PKG-INFO')
    expect(metadata.license).toBe('Copyright (c) 2024\n\nPermission is granted\n  indented line')
    // setuptools' own reader as the oracle (Debian's setuptools, which .ci/run installs).
    const script =
      'import email, sys, json\nfrom setuptools.dist import rfc822_unescape\nprint(json.dumps(rfc822_unescape(email.message_from_string(json.load(sys.stdin))["License"])))'
    const oracle = execFileSync(DEBIAN_PYTHON, ['-c', script], {
      input: JSON.stringify(text),
      encoding: 'utf8'
    })
    expect(metadata.license).toBe(JSON.parse(oracle))
  })

  it('undoes setuptools’ older "       |" continuation', () => {
    const { metadata } = parsePkgInfo(
      'Metadata-Version: 1.1\nName: x\nVersion: 1\nDescription: Line one\n       |Line two\n       |\n       |  end\n',
      'PKG-INFO'
    )
    expect(metadata.description).toBe('Line one\nLine two\n\n  end')
  })

  it('strips a byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Metadata-Version: 2.1\nName: x\nVersion: 1\n')
    ])
    expect(parsePkgInfo(bytes, 'PKG-INFO').metadata.name).toBe('x')
  })

  describe('refuses damaged files, naming the file and line', () => {
    it.each([
      ['no name', 'Metadata-Version: 2.1\nVersion: 1\n', /x\.whl \(METADATA\) has no Name header/],
      ['no version', 'Metadata-Version: 2.1\nName: x\n', /has no Version header/],
      ['no metadata version', 'Name: x\nVersion: 1\n', /has no Metadata-Version header/],
      [
        'a repeated single field',
        'Metadata-Version: 2.1\nName: x\nName: y\nVersion: 1\n',
        /line 3: Name appears a second time \(first on line 2\)/
      ],
      [
        'a line that is not a header',
        'Metadata-Version: 2.1\nName: x\nVersion 1\n',
        /line 3: not a "Name: value" header/
      ],
      [
        'a continuation first',
        ' Metadata-Version: 2.1\nName: x\n',
        /line 1: a continuation line comes before any header/
      ]
    ])('%s', (_label, text, message) => {
      expect(() => parsePkgInfo(text, 'x.whl (METADATA)')).toThrow(message)
    })

    it('bytes that are not UTF-8', () => {
      expect(() =>
        parsePkgInfo(
          Buffer.from('Metadata-Version: 2.1\nName: x\nVersion: 1\nAuthor: Zo\xeb\n', 'latin1'),
          'PKG-INFO'
        )
      ).toThrow('PKG-INFO is not valid UTF-8')
    })
  })
})
