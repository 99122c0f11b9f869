import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { registrationFields, type FormField } from '../src/index-client/form.js'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { encodeMultipart } from '../src/index-client/multipart.js'
import { normaliseRequirements, runPython } from './support/python.js'
import { sourceTree } from './support/load-options.js'
import { REPO_ROOT } from './support/runner-job.js'

const DATA = path.join(REPO_ROOT, '__tests__', 'data')

/** Decodes a multipart body with Python's email parser: each part's name and exact bytes (as latin-1 text). */
const DECODE_MULTIPART = `
import base64, email.parser, email.policy, json, sys
request = json.load(sys.stdin)
raw = ('Content-Type: ' + request['contentType'] + '\\r\\n\\r\\n').encode() + base64.b64decode(request['body'])
message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
print(json.dumps([[part.get_param('name', header='content-disposition'),
                   part.get_payload(decode=True).decode('utf-8')] for part in message.iter_parts()]))
`

function decodeWithPython(fields: FormField[]): string[][] {
  const { body, contentType } = encodeMultipart(fields)
  return runPython<string[][]>(DECODE_MULTIPART, { body: body.toString('base64'), contentType })
}

describe('encodeMultipart', () => {
  it('is decoded by Python to exactly the values given, line ends and non-ASCII included', () => {
    const fields: FormField[] = [
      ['description', 'Line one\nLine two\r\nLine three\rend\n\n'],
      ['summary', '  café ✓ Zoë 漢字 🐍  '],
      ['empty', ''],
      ['dashes', '--not-a-boundary--\r\n--'],
      ['classifiers', 'A :: B'],
      ['classifiers', 'C :: D']
    ]
    expect(decodeWithPython(fields)).toEqual(fields)
  })

  it('frames parts with CRLF and ends with the closing delimiter', () => {
    const { body, contentType } = encodeMultipart([['name', 'x']], 'BOUNDARY')
    expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY')
    expect(body.toString('utf8')).toBe(
      '--BOUNDARY\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--BOUNDARY--\r\n'
    )
  })

  it('chooses a fresh random boundary that occurs in no value', () => {
    const first = encodeMultipart([['a', 'b']]).contentType
    const second = encodeMultipart([['a', 'b']]).contentType
    expect(first).not.toBe(second)
    expect(first).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{32}$/)
  })
})

describe('registrationFields', () => {
  it('starts with the protocol fields and leaves out absent and empty values', () => {
    expect(
      registrationFields({
        metadata_version: '2.1',
        name: 'demo',
        version: '1.0',
        summary: '',
        classifiers: []
      })
    ).toEqual([
      [':action', 'submit'],
      ['protocol_version', '1'],
      ['metadata_version', '2.1'],
      ['name', 'demo'],
      ['version', '1.0']
    ])
  })

  it('sends extras both as provides_extra and as devpi’s provides_extras', () => {
    const fields = registrationFields({
      metadata_version: '2.1',
      name: 'd',
      version: '1',
      provides_extra: ['a', 'b']
    })
    expect(fields.filter(([name]) => name.startsWith('provides_extra'))).toEqual([
      ['provides_extra', 'a'],
      ['provides_extra', 'b'],
      ['provides_extras', 'a'],
      ['provides_extras', 'b']
    ])
  })

  it('sends for the sample project what twine sent for its wheel', async () => {
    const { metadata } = await loadProjectMetadata(sourceTree(path.join(DATA, 'sample-project')))
    const ours = registrationFields(metadata).filter(([name]) => name !== 'provides_extra')

    const twine = JSON.parse(
      readFileSync(path.join(DATA, 'captures', 'twine-wheel-fields.json'), 'utf8')
    ) as Array<[string, string]>
    const uploadOnly = new Set([
      'filetype',
      'pyversion',
      'comment',
      'md5_digest',
      'sha256_digest',
      'blake2_256_digest'
    ])
    const expected = twine.filter(([name, value]) => !uploadOnly.has(name) && value !== '')
    // twine's wheel came from setuptools 66, which wrote requirements in the pre-packaging-22 style
    // (`requests (>=2)`); compare those in packaging's normal form, everything else byte for byte.
    const requirements = expected
      .filter(([name]) => name === 'requires_dist')
      .map(([, value]) => value)
    const normalised = normaliseRequirements(requirements)
    const expectedNormalised = expected.map(([name, value]): [string, string] =>
      name === 'requires_dist'
        ? [name, normalised[requirements.indexOf(value)] as string]
        : [name, value]
    )

    const sortPairs = (pairs: ReadonlyArray<readonly [string, string]>): string[] =>
      pairs.map(pair => JSON.stringify(pair)).sort()
    expect(sortPairs(ours)).toEqual(sortPairs(expectedNormalised))
    expect(expected.length).toBeGreaterThan(15)
  })
})
