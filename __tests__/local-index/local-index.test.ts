import { afterEach, describe, expect, it } from '@jest/globals'
import { submitFields } from '../support/submit-fields.js'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MultipartError, boundaryOf, parseForm, parseMultipart } from './multipart.js'
import { normalizeName, startLocalIndex } from './server.js'
import type { LocalIndex, LocalIndexOptions } from './server.js'

// A register request twine sent to a loopback server, captured byte for byte (body, request head
// and the fields it carried).
const CAPTURES = fileURLToPath(new URL('../data/captures/', import.meta.url))
const capturedBody = readFileSync(`${CAPTURES}twine-wheel-body.bin`)
const capturedRequest = readFileSync(`${CAPTURES}twine-wheel-request.txt`, 'utf8')
const capturedFields = JSON.parse(
  readFileSync(`${CAPTURES}twine-wheel-fields.json`, 'utf8')
) as Array<[string, string]>
const capturedContentType = headerOf(capturedRequest, 'content-type')

const USERS = { alice: 'alicepw', bob: 'bobpw', carol: 'carolpw' }
const BOUNDARY = 'local-index-test-boundary'
const FORM_TYPE = `multipart/form-data; boundary=${BOUNDARY}`

interface Reply {
  status: number
  statusText: string
  headers: Headers
  text: string
}

const running: LocalIndex[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map(index => index.close()))
})

async function start(options: LocalIndexOptions): Promise<LocalIndex> {
  const index = await startLocalIndex(options)
  running.push(index)
  return index
}

function headerOf(request: string, name: string): string {
  const line = request.split(/\r?\n/).find(l => l.toLowerCase().startsWith(`${name}:`))
  if (line === undefined) throw new Error(`capture has no ${name} header`)
  return line.slice(name.length + 1).trim()
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

function encodeForm(fields: ReadonlyArray<readonly [string, string]>): Buffer {
  const parts = fields.map(
    ([name, value]) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
  )
  return Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`)
}

function registerForm(name: string, version: string, extra: Array<[string, string]> = []) {
  return encodeForm(submitFields(name, version, extra))
}

async function post(
  url: string,
  body: Buffer,
  options: { contentType?: string; authorization?: string } = {}
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? FORM_TYPE }
  if (options.authorization !== undefined) headers.authorization = options.authorization
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' })
  const { status, statusText } = response
  return { status, statusText, headers: response.headers, text: await response.text() }
}

function submitAs(index: LocalIndex, user: keyof typeof USERS, body: Buffer): Promise<Reply> {
  return post(index.url, body, { authorization: basic(user, USERS[user]) })
}

function parseError(body: Buffer, contentType = FORM_TYPE): MultipartError {
  try {
    parseForm(body, contentType)
  } catch (error) {
    if (error instanceof MultipartError) return error
    throw error
  }
  throw new Error('the body parsed without error')
}

/** A body with one part holding `x`, and what follows its final boundary. */
function onePart(headers: string, afterLastBoundary = '--\r\n'): string {
  return `--${BOUNDARY}\r\n${headers}\r\n\r\nx\r\n--${BOUNDARY}${afterLastBoundary}`
}

function frame(...parts: string[]): Buffer {
  return Buffer.from(parts.join(''))
}

describe('parseMultipart', () => {
  it('reads the boundary of the captured twine request', () => {
    expect(boundaryOf(capturedContentType)).toBe('2f6e882e77414f6288919b6a7a7f7c76')
  })

  it('returns the captured twine register body field for field, in order', () => {
    expect(parseMultipart(capturedBody, capturedContentType)).toEqual(capturedFields)
  })

  it('finds no file part in a register request', () => {
    expect(parseForm(capturedBody, capturedContentType).files).toEqual([])
  })

  it('keeps values exactly: whitespace, LF, CRLF, a BOM, non-ASCII and empty values', () => {
    const fields: Array<[string, string]> = [
      ['spaced', '  both ends  '],
      ['lines', 'one\ntwo\r\nthree\n'],
      ['bom', '\uFEFFstarts with a BOM'],
      ['accents', 'Zoë café ✓'],
      ['empty', '']
    ]
    expect(parseMultipart(encodeForm(fields), FORM_TYPE)).toEqual(fields)
  })

  it('accepts a quoted boundary and quoted-pair escapes in names', () => {
    const body = frame(
      '--a b:c=d\r\n',
      'Content-Disposition: form-data; name="say \\"hi\\""\r\n\r\n',
      'value\r\n--a b:c=d--'
    )
    expect(parseMultipart(body, 'multipart/form-data; boundary="a b:c=d"')).toEqual([
      ['say "hi"', 'value']
    ])
  })

  it('returns file parts separately, with their bytes', () => {
    const body = Buffer.concat([
      frame('--', BOUNDARY, '\r\nContent-Disposition: form-data; name=":action"\r\n\r\nsubmit\r\n'),
      frame('--', BOUNDARY, '\r\nContent-Disposition: form-data; name="content"; filename="x.whl"'),
      frame('\r\nContent-Type: application/octet-stream\r\n\r\n'),
      Buffer.from([0xff, 0x00]),
      frame('\r\n--', BOUNDARY, '--\r\n')
    ])
    const form = parseForm(body, FORM_TYPE)
    expect(form.fields).toEqual([[':action', 'submit']])
    expect(form.files).toEqual([
      {
        name: 'content',
        filename: 'x.whl',
        contentType: 'application/octet-stream',
        data: Buffer.from([0xff, 0x00])
      }
    ])
    expect(parseMultipart(body, FORM_TYPE)).toEqual([[':action', 'submit']])
  })

  it.each([
    ['multipart/form-data', /no boundary parameter/],
    ['application/x-www-form-urlencoded', /not multipart\/form-data/],
    ['multipart/form-data; boundary=', /malformed Content-Type header/],
    ['multipart/form-data; boundary="ends with space "', /invalid boundary/],
    ['', /Content-Type header has no value/]
  ])('rejects the content type %j', (contentType, message) => {
    expect(parseError(capturedBody, contentType).message).toMatch(message)
  })

  it('rejects a body cut before its closing delimiter', () => {
    const cut = capturedBody.subarray(0, capturedBody.lastIndexOf('\r\n--'))
    expect(parseError(cut, capturedContentType).message).toBe('missing closing delimiter')
    const endsAtDelimiter = capturedBody.subarray(0, capturedBody.length - '--\r\n'.length)
    expect(parseError(endsAtDelimiter, capturedContentType).message).toBe(
      'missing closing delimiter'
    )
  })

  it('rejects bare LF framing', () => {
    const lf = Buffer.from(capturedBody.toString('latin1').replaceAll('\r\n', '\n'), 'latin1')
    expect(parseError(lf, capturedContentType).message).toMatch(/not followed by CRLF/)
  })

  it.each([
    [
      'a preamble',
      `preamble\r\n${onePart('Content-Disposition: form-data; name="a"')}`,
      /does not start/
    ],
    ['no parts', `--${BOUNDARY}--\r\n`, /form has no parts/],
    [
      'a part without Content-Disposition',
      onePart('Content-Type: text/plain'),
      /no Content-Disposition/
    ],
    ['a part without a name', onePart('Content-Disposition: form-data'), /part 1 has no name/],
    ['another disposition', onePart('Content-Disposition: inline; name="a"'), /not form-data/],
    ['an empty name', onePart('Content-Disposition: form-data; name=""'), /part 1 has no name/],
    [
      'a part without a blank line after its headers',
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\nx\r\n--${BOUNDARY}--`,
      /part 1 has no blank line/
    ],
    [
      'a folded header',
      onePart('Content-Disposition: form-data;\r\n name="a"'),
      /part 1 has a malformed header line/
    ],
    [
      'a bare LF inside the headers',
      onePart('Content-Type: text/plain\nContent-Disposition: form-data; name="a"'),
      /part 1 has a malformed header line/
    ],
    [
      'a repeated header',
      onePart(
        'Content-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"'
      ),
      /part 1 repeats header content-disposition/
    ],
    [
      'a repeated parameter',
      onePart('Content-Disposition: form-data; name="a"; name="b"'),
      /repeats parameter name/
    ],
    [
      'an unterminated quoted parameter',
      onePart('Content-Disposition: form-data; name="a'),
      /malformed Content-Disposition header/
    ],
    [
      'data after the closing delimiter',
      onePart('Content-Disposition: form-data; name="a"', '--\r\nepilogue'),
      /unexpected data after the closing delimiter/
    ],
    [
      'a delimiter followed by other bytes',
      onePart('Content-Disposition: form-data; name="a"', 'X\r\n'),
      /not followed by CRLF or "--"/
    ]
  ])('rejects %s', (_what, body, message) => {
    expect(parseError(Buffer.from(body)).message).toMatch(message)
  })

  it('rejects a value that is not valid UTF-8', () => {
    const body = Buffer.concat([
      frame('--', BOUNDARY, '\r\nContent-Disposition: form-data; name="summary"\r\n\r\n'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      frame('\r\n--', BOUNDARY, '--\r\n')
    ])
    expect(parseError(body).message).toBe('value of field summary is not valid UTF-8')
  })
})

describe('normalizeName', () => {
  it('lower-cases and folds runs of -, _ and . as PEP 503 says', () => {
    expect(normalizeName('Peer__Register.-.Sample')).toBe('peer-register-sample')
  })
})

describe('local index, devpi flavour', () => {
  it('answers on the configured path', async () => {
    const index = await start({ flavour: 'devpi', users: USERS, path: '/alice/dev' })
    expect(index.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alice\/dev\/$/)
    const elsewhere = await post(new URL('/bob/dev/', index.url).href, registerForm('x', '1'), {
      authorization: basic('alice', 'alicepw')
    })
    expect([elsewhere.status, elsewhere.statusText]).toEqual([404, 'Not Found'])
  })

  it('challenges a request without credentials with 401 realm="pypi"', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await post(index.url, registerForm('demo', '1.0'))
    expect([reply.status, reply.statusText]).toEqual([401, 'Unauthorized'])
    expect(reply.headers.get('www-authenticate')).toBe('Basic realm="pypi"')
    expect(index.projects.size).toBe(0)
  })

  it.each([
    ['a wrong password', basic('alice', 'nope')],
    ['an unknown user', basic('mallory', 'alicepw')],
    ['a bearer token', 'Bearer abc']
  ])('answers 401 to %s', async (_what, authorization) => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await post(index.url, registerForm('demo', '1.0'), { authorization })
    expect(reply.status).toBe(401)
    expect(reply.headers.get('www-authenticate')).toBe('Basic realm="pypi"')
    expect(index.projects.size).toBe(0)
  })

  it('stores the known fields of the captured twine request', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await post(index.url, capturedBody, {
      contentType: capturedContentType,
      authorization: basic('alice', 'alicepw')
    })
    expect([reply.status, reply.statusText, reply.text]).toEqual([200, 'OK', ''])
    const description = capturedFields.find(([name]) => name === 'description')?.[1]
    expect(index.record('Peer_Register.SAMPLE', '0.1.0')).toEqual({
      name: 'peer-register-sample',
      version: '0.1.0',
      metadata_version: '2.1',
      summary: 'Sample project for testing the legacy register call',
      home_page: '',
      author: '',
      author_email: 'Zoë Example <zoe@example.invalid>',
      maintainer: '',
      maintainer_email: 'Max Maintainer <max@example.invalid>',
      license: 'MIT',
      description,
      keywords: 'register,legacy,test',
      classifiers: [
        'Development Status :: 3 - Alpha',
        'License :: OSI Approved :: MIT License',
        'Programming Language :: Python :: 3'
      ],
      download_url: '',
      project_urls: [
        'Homepage, https://example.invalid/peer-register-sample',
        'Source, https://example.invalid/src/peer-register-sample'
      ],
      requires_dist: ['requests (>=2)', "pytest ; extra == 'test'"],
      requires_python: '>=3.8',
      provides_extras: ['test'],
      description_content_type: 'text/markdown'
    })
  })

  it('stores repeated fields as arrays and drops fields it does not know', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const form = registerForm('demo', '1.0', [
      ['provides_extra', 'cli'],
      ['provides_extras', 'cli'],
      ['license_file', 'LICENSE'],
      ['dynamic', 'version'],
      ['dynamic', 'readme'],
      ['filetype', 'sdist'],
      ['summary', 'first'],
      ['summary', 'last']
    ])
    expect((await submitAs(index, 'alice', form)).status).toBe(200)
    expect(index.record('demo', '1.0')).toEqual({
      metadata_version: '2.1',
      name: 'demo',
      version: '1.0',
      provides_extras: ['cli'],
      license_file: ['LICENSE'],
      dynamic: ['version', 'readme'],
      summary: 'last'
    })
  })

  it('replaces a release on resubmission and keeps other versions', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    await submitAs(
      index,
      'alice',
      registerForm('demo', '1.0', [
        ['summary', 'old'],
        ['keywords', 'a']
      ])
    )
    await submitAs(index, 'alice', registerForm('demo', '2.0', [['summary', 'two']]))
    const again = await submitAs(index, 'alice', registerForm('Demo', '1.0', [['summary', 'new']]))
    expect(again.status).toBe(200)
    expect(index.record('demo', '1.0')).toEqual({
      metadata_version: '2.1',
      name: 'Demo',
      version: '1.0',
      summary: 'new'
    })
    expect(index.record('demo', '2.0')?.summary).toBe('two')
    expect(index.projects.get('demo')?.name).toBe('demo')
  })

  it('lets any user the acl admits write any project, as devpi keeps no owner per project', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    await submitAs(index, 'alice', registerForm('demo', '1.0'))
    const other = await submitAs(index, 'bob', registerForm('DEMO', '1.1'))
    expect(other.status).toBe(200)
    expect(index.record('demo', '1.1')).toBeDefined()
  })

  it.each([
    [
      'a name starting with a hyphen',
      registerForm('-demo', '1.0'),
      'invalid metadata: Invalid package name. Names must start with an ASCII letter or digit'
    ],
    [
      'a name with spaces',
      registerForm('my demo', '1.0'),
      'invalid metadata: Invalid package name. Names must contain only ASCII letters, digits, underscores, hyphens, and periods'
    ],
    [
      'a name ending with a period',
      registerForm('demo.', '1.0'),
      'invalid metadata: Invalid package name. Names must end with an ASCII letter or digit'
    ],
    [
      'an empty version',
      registerForm('demo', ''),
      'invalid metadata: Missing required field "version"'
    ],
    [
      'no name',
      encodeForm([
        [':action', 'submit'],
        ['version', '1']
      ]),
      'invalid metadata: Missing required field "name"'
    ],
    [
      'no version',
      encodeForm([
        [':action', 'submit'],
        ['name', 'x']
      ]),
      'invalid metadata: Missing required field "version"'
    ]
  ])('answers 400 to %s, as devpi words it', async (_what, body, message) => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await submitAs(index, 'alice', body)
    expect([reply.status, reply.statusText]).toEqual([400, message])
    expect(index.projects.size).toBe(0)
  })

  it('takes any version string, as devpi does', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    for (const version of ['1', '2!1.0.post1.dev3+local.7', 'v1.0rc1', 'not a version']) {
      expect((await submitAs(index, 'alice', registerForm('demo', version))).status).toBe(200)
    }
  })

  it('keeps the status line printable when a message holds other characters', async () => {
    const index = await start({
      flavour: 'devpi',
      users: USERS,
      policy: () => "the name 'café\r\n✓' is refused here"
    })
    const reply = await submitAs(index, 'alice', registerForm('demo', '1.0'))
    expect(reply.status).toBe(400)
    expect(reply.statusText).toBe("invalid metadata: the name 'caf????' is refused here")
    expect(reply.text).toBe("invalid metadata: the name 'café\r\n✓' is refused here\n")
  })

  it.each([
    ['no :action', encodeForm([['name', 'demo']]), 'Bad Request'],
    [
      'another :action',
      encodeForm([[':action', 'list_classifiers']]),
      "action 'list_classifiers' not supported"
    ]
  ])('answers 400 to %s', async (_what, body, message) => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await submitAs(index, 'alice', body)
    expect([reply.status, reply.statusText]).toEqual([400, message])
  })

  it('answers 400 to a body that is not multipart/form-data', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await post(index.url, Buffer.from(':action=submit&name=demo&version=1.0'), {
      contentType: 'application/x-www-form-urlencoded',
      authorization: basic('alice', 'alicepw')
    })
    expect([reply.status, reply.statusText]).toEqual([
      400,
      'request body must be multipart/form-data, got application/x-www-form-urlencoded'
    ])
  })

  it('answers 400 to a malformed multipart body', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const reply = await post(index.url, capturedBody.subarray(0, 200), {
      contentType: capturedContentType,
      authorization: basic('alice', 'alicepw')
    })
    expect([reply.status, reply.statusText]).toEqual([
      400,
      'malformed multipart/form-data: missing closing delimiter'
    ])
  })

  it('stores the metadata of a request that carries a file part', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const body = Buffer.concat([
      registerForm('demo', '1.0').subarray(0, -`--${BOUNDARY}--\r\n`.length),
      frame('--', BOUNDARY, '\r\nContent-Disposition: form-data; name="content"; filename="d.whl"'),
      frame('\r\n\r\nPK\r\n--', BOUNDARY, '--\r\n')
    ])
    expect((await submitAs(index, 'alice', body)).status).toBe(200)
    expect(index.record('demo', '1.0')?.name).toBe('demo')
    expect(index.requests[0]?.files?.map(file => file.filename)).toEqual(['d.whl'])
  })

  it('records every request with lower-case headers, raw body and parsed fields', async () => {
    const index = await start({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const body = registerForm('demo', '1.0')
    await post(index.url, body)
    await post(`${index.url}?x=1`, body, { authorization: basic('alice', 'alicepw') })
    expect(index.requests).toHaveLength(2)
    const [first, second] = index.requests
    expect(first?.headers.authorization).toBeUndefined()
    expect(second).toMatchObject({
      method: 'POST',
      url: '/alice/dev/?x=1',
      path: '/alice/dev/',
      fields: [
        [':action', 'submit'],
        ['protocol_version', '1'],
        ['metadata_version', '2.1'],
        ['name', 'demo'],
        ['version', '1.0']
      ],
      files: []
    })
    expect(second?.headers['content-type']).toBe(FORM_TYPE)
    expect(second?.headers.authorization).toBe(basic('alice', 'alicepw'))
    expect(second?.body.equals(body)).toBe(true)
  })

  it('shows the store as JSON on GET', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    await submitAs(index, 'alice', registerForm('Demo_Pkg', '1.0', [['classifiers', 'A :: B']]))
    const response = await fetch(new URL('/anything', index.url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({
      projects: {
        'demo-pkg': {
          files: [],
          releases: {
            '1.0': {
              metadata_version: '2.1',
              name: 'Demo_Pkg',
              version: '1.0',
              classifiers: ['A :: B']
            }
          }
        }
      }
    })
  })

  it('takes a file_upload as twine sends it, and checks its digest', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const data = 'wheel bytes'
    const digest = createHash('sha256').update(data).digest('hex')
    const upload = (sha256: string, withFile = true) =>
      Buffer.concat([
        encodeForm([
          [':action', 'file_upload'],
          ['protocol_version', '1'],
          ['name', 'demo'],
          ['version', '1.0'],
          ['sha256_digest', sha256]
        ]).subarray(0, -`--${BOUNDARY}--\r\n`.length),
        Buffer.from(
          withFile
            ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="content"; filename="demo-1.0.tar.gz"\r\n\r\n${data}\r\n`
            : ''
        ),
        Buffer.from(`--${BOUNDARY}--\r\n`)
      ])
    expect((await submitAs(index, 'alice', upload('0'.repeat(64)))).statusText).toBe(
      'sha256 digest mismatch for demo-1.0.tar.gz'
    )
    expect((await submitAs(index, 'alice', upload(digest, false))).statusText).toBe(
      'missing file content'
    )
    expect((await submitAs(index, 'alice', upload(digest))).status).toBe(200)
    expect(index.projects.get('demo')?.files).toEqual([
      { filename: 'demo-1.0.tar.gz', version: '1.0', sha256: digest, size: data.length }
    ])
    expect(index.record('demo', '1.0')).toMatchObject({ name: 'demo', version: '1.0' })
  })

  it('answers 405 to other methods', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const response = await fetch(index.url, { method: 'PUT', body: 'x' })
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST'])
  })
})

describe('local index, pypiserver flavour', () => {
  it('answers 401 without credentials and 403 with wrong ones', async () => {
    const index = await start({ flavour: 'pypiserver', users: USERS })
    const missing = await post(index.url, registerForm('demo', '1.0'))
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Basic realm="pypi"')
    const wrong = await post(index.url, registerForm('demo', '1.0'), {
      authorization: basic('alice', 'wrong')
    })
    expect([wrong.status, wrong.statusText]).toEqual([403, 'Forbidden'])
  })

  it('answers a valid submit with an empty 200 and stores nothing', async () => {
    const index = await start({ flavour: 'pypiserver', users: USERS })
    const reply = await post(index.url, capturedBody, {
      contentType: capturedContentType,
      authorization: basic('alice', 'alicepw')
    })
    expect([reply.status, reply.text]).toEqual([200, ''])
    expect(index.projects.size).toBe(0)
    expect(index.record('peer-register-sample', '0.1.0')).toBeUndefined()
    expect(index.log).toEqual([
      'pypiserver: ignored :action=submit for peer-register-sample 0.1.0 from alice'
    ])
  })

  it('answers 400 to a missing or unknown :action and to a non-multipart body', async () => {
    const index = await start({ flavour: 'pypiserver', users: USERS })
    const noAction = await submitAs(index, 'alice', encodeForm([['name', 'demo']]))
    expect([noAction.status, noAction.statusText]).toEqual([400, "missing ':action' field"])
    const other = await submitAs(index, 'alice', encodeForm([[':action', 'doc_upload']]))
    expect([other.status, other.statusText]).toEqual([
      400,
      "unsupported ':action' field: doc_upload"
    ])
    const json = await post(index.url, Buffer.from('{}'), {
      contentType: 'application/json',
      authorization: basic('alice', 'alicepw')
    })
    expect([json.status, json.statusText]).toEqual([
      400,
      'request body must be multipart/form-data, got application/json'
    ])
  })
})

describe('local index, warehouse flavour', () => {
  it('refuses plain HTTP with 403 SSL is required, credentials or not', async () => {
    const index = await start({ flavour: 'warehouse', path: '/legacy/' })
    for (const authorization of [undefined, basic('__token__', 'pypi-xyz')]) {
      const reply = await post(index.url, registerForm('demo', '1.0'), { authorization })
      expect([reply.status, reply.statusText]).toEqual([403, 'SSL is required'])
    }
  })

  it('answers 400 when a field repeats, as in the captured twine request', async () => {
    const index = await start({ flavour: 'warehouse', behindTls: true, path: '/legacy/' })
    const reply = await post(index.url, capturedBody, { contentType: capturedContentType })
    expect(reply.status).toBe(400)
    expect(reply.statusText).toBe(`POST body may not contain duplicate keys (URL: '${index.url}')`)
  })

  it('answers 410 to a submit without repeated fields, without checking credentials', async () => {
    const index = await start({ flavour: 'warehouse', behindTls: true, path: '/legacy/' })
    for (const authorization of [undefined, basic('nobody', 'nothing')]) {
      const reply = await post(index.url, registerForm('demo', '1.0'), { authorization })
      expect([reply.status, reply.statusText]).toEqual([
        410,
        'Project pre-registration is no longer required or supported, upload your files instead.'
      ])
    }
    expect(index.projects.size).toBe(0)
  })

  it('redirects the path without its trailing slash with 308', async () => {
    const index = await start({ flavour: 'warehouse', path: '/legacy/' })
    const reply = await post(index.url.slice(0, -1), registerForm('demo', '1.0'))
    expect(reply.status).toBe(308)
    expect(reply.headers.get('location')).toBe(index.url)
  })

  it('answers 400 to a non-multipart body and to a missing :action', async () => {
    const index = await start({ flavour: 'warehouse', behindTls: true })
    const text = await post(index.url, Buffer.from('name=demo'), { contentType: 'text/plain' })
    expect([text.status, text.statusText]).toEqual([
      400,
      'request body must be multipart/form-data, got text/plain'
    ])
    const noAction = await post(index.url, encodeForm([['name', 'demo']]))
    expect([noAction.status, noAction.statusText]).toEqual([400, "missing ':action' field"])
  })
})

describe('LocalIndex.close', () => {
  it('closes kept-alive connections and stops listening', async () => {
    const index = await startLocalIndex({ flavour: 'devpi' })
    expect((await fetch(index.url)).status).toBe(200)
    await index.close()
    await index.close()
    await expect(fetch(index.url)).rejects.toThrow()
  })
})
