/** The test index itself, over real HTTP: each flavour answers as the server it stands for. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { encodeMultipart } from '../src/multipart.js'
import { MultipartError, parseMultipart } from './index-server/multipart.js'
import { startLocalIndex, type LocalIndex, type LocalIndexOptions } from './index-server/server.js'
import { REPO_ROOT } from './support/runner-job.js'

const CAPTURES = path.join(REPO_ROOT, '__tests__', 'data', 'captures')
const USERS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const open: LocalIndex[] = []

afterEach(async () => {
  await Promise.all(open.splice(0).map(index => index.close()))
})

async function start(options: LocalIndexOptions): Promise<LocalIndex> {
  const index = await startLocalIndex(options)
  open.push(index)
  return index
}

function auth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

async function submit(
  url: string,
  fields: Array<[string, string]>,
  authorization?: string
): Promise<{ status: number; statusText: string }> {
  const { body, contentType } = encodeMultipart(fields)
  const headers: Record<string, string> = { 'content-type': contentType }
  if (authorization !== undefined) headers.authorization = authorization
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' })
  return { status: response.status, statusText: response.statusText }
}

const release = (
  name: string,
  version: string,
  extra: Array<[string, string]> = []
): Array<[string, string]> => [
  [':action', 'submit'],
  ['protocol_version', '1'],
  ['name', name],
  ['version', version],
  ...extra
]

describe('parseMultipart', () => {
  it('reads the body twine sent, field for field', () => {
    const request = readFileSync(path.join(CAPTURES, 'twine-wheel-request.txt'), 'utf8')
    const contentType = /^Content-Type: (.+)$/m.exec(request)?.[1]?.trim() ?? ''
    const body = readFileSync(path.join(CAPTURES, 'twine-wheel-body.bin'))
    const expected = JSON.parse(
      readFileSync(path.join(CAPTURES, 'twine-wheel-fields.json'), 'utf8')
    ) as string[][]
    expect(parseMultipart(body, contentType).map(part => [part.name, part.value])).toEqual(expected)
  })

  it('accepts a quoted boundary and marks file parts', () => {
    const body = Buffer.from(
      '--b\r\nContent-Disposition: form-data; name="content"; filename="x.whl"\r\n\r\nPK\r\n--b--\r\n'
    )
    expect(parseMultipart(body, 'multipart/form-data; boundary="b"')).toEqual([
      { name: 'content', value: 'PK', filename: 'x.whl' }
    ])
  })

  it.each([
    ['no boundary', 'multipart/form-data', '--b--\r\n', /without a boundary/],
    ['another type', 'application/x-www-form-urlencoded', 'a=b', /not multipart/],
    [
      'a bare LF',
      'multipart/form-data; boundary=b',
      '--b\nContent-Disposition: form-data; name="a"\n\nx\n--b--\n',
      /CRLF/
    ],
    [
      'no closing delimiter',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx',
      /closing/
    ],
    ['no headers', 'multipart/form-data; boundary=b', '--b\r\nx\r\n--b--\r\n', /blank line/]
  ])('refuses %s', (_label, contentType, body, message) => {
    expect(() => parseMultipart(Buffer.from(body), contentType)).toThrow(MultipartError)
    expect(() => parseMultipart(Buffer.from(body), contentType)).toThrow(message)
  })
})

describe('devpi flavour', () => {
  it('asks for credentials with the realm distutils expected', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const response = await fetch(index.url, { method: 'POST' })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="pypi"')
    expect((await submit(index.url, release('a', '1'), auth('alice', 'nope'))).status).toBe(401)
  })

  it('stores a release, keeps repeated fields as lists, drops fields it does not know', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const answer = await submit(
      index.url,
      release('My_Pkg', '1.0', [
        ['description', 'a\nb\r\n'],
        ['classifiers', 'A'],
        ['classifiers', 'B'],
        ['provides_extra', 'x'],
        ['provides_extras', 'x']
      ]),
      auth('alice', 'alice-pw')
    )
    expect(answer).toEqual({ status: 200, statusText: 'OK' })
    expect(index.record('my-pkg', '1.0')).toEqual({
      name: 'My_Pkg',
      version: '1.0',
      description: 'a\nb\r\n',
      classifiers: ['A', 'B'],
      provides_extras: ['x']
    })
    expect(index.projects.get('my-pkg')?.owners).toEqual(new Set(['alice']))
  })

  it('replaces a release on resubmission', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    await submit(index.url, release('p', '1', [['summary', 'one']]), auth('alice', 'alice-pw'))
    await submit(index.url, release('p', '1', [['summary', 'two']]), auth('alice', 'alice-pw'))
    expect(index.record('p', '1')?.summary).toBe('two')
  })

  it('refuses other users until an Owner grants a role; a Maintainer cannot grant', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    await submit(index.url, release('p', '1'), auth('alice', 'alice-pw'))
    expect(await submit(index.url, release('P', '2'), auth('bob', 'bob-pw'))).toEqual({
      status: 403,
      statusText: 'no permission to submit'
    })
    index.grant('alice', 'p', 'bob', 'Maintainer')
    expect((await submit(index.url, release('p', '2'), auth('bob', 'bob-pw'))).status).toBe(200)
    expect(() => index.grant('bob', 'p', 'carol', 'Maintainer')).toThrow(/bob is not an Owner of p/)
    index.grant('alice', 'p', 'carol', 'Owner')
    index.grant('carol', 'p', 'bob', 'Owner')
    expect(index.projects.get('p')?.owners).toEqual(new Set(['alice', 'carol', 'bob']))
  })

  it('puts invalid metadata and unknown actions in the status line', async () => {
    const index = await start({ flavour: 'devpi', users: USERS })
    const alice = auth('alice', 'alice-pw')
    expect(await submit(index.url, release('p', 'one'), alice)).toEqual({
      status: 400,
      statusText: 'invalid metadata: version "one"'
    })
    expect((await submit(index.url, release('-p', '1'), alice)).statusText).toBe(
      'invalid metadata: name "-p"'
    )
    expect((await submit(index.url, [[':action', 'file_upload']], alice)).statusText).toMatch(
      /not supported/
    )
    const plain = await fetch(index.url, {
      method: 'POST',
      headers: { authorization: alice },
      body: 'a=b'
    })
    expect(plain.status).toBe(400)
  })

  it('answers 404 off its path and shows its store on GET', async () => {
    const index = await start({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    expect(index.url).toMatch(/\/alice\/dev\/$/)
    expect(
      (
        await submit(
          index.url.replace('/dev/', '/prod/'),
          release('p', '1'),
          auth('alice', 'alice-pw')
        )
      ).status
    ).toBe(404)
    await submit(index.url, release('p', '1'), auth('alice', 'alice-pw'))
    const store = (await (await fetch(index.url)).json()) as {
      projects: Record<string, { owners: string[] }>
    }
    expect(store.projects.p?.owners).toEqual(['alice'])
  })
})

describe('pypiserver flavour', () => {
  it('answers 401 without credentials, 403 with wrong ones, and 200 storing nothing', async () => {
    const index = await start({ flavour: 'pypiserver', users: USERS })
    expect((await submit(index.url, release('p', '1'))).status).toBe(401)
    expect((await submit(index.url, release('p', '1'), auth('alice', 'x'))).status).toBe(403)
    expect((await submit(index.url, release('p', '1'), auth('alice', 'alice-pw'))).status).toBe(200)
    expect(index.projects.size).toBe(0)
    expect((await submit(index.url, [['name', 'p']], auth('alice', 'alice-pw'))).statusText).toBe(
      'Missing :action field!'
    )
  })
})

describe('warehouse flavour', () => {
  it('demands TLS, refuses duplicate keys, and answers 410 otherwise, without checking credentials', async () => {
    const plain = await start({ flavour: 'warehouse' })
    expect(await submit(plain.url, release('p', '1'))).toEqual({
      status: 403,
      statusText: 'SSL is required'
    })
    const index = await start({ flavour: 'warehouse', behindTls: true })
    expect(
      (
        await submit(
          index.url,
          release('p', '1', [
            ['classifiers', 'A'],
            ['classifiers', 'B']
          ])
        )
      ).status
    ).toBe(400)
    expect(await submit(index.url, release('p', '1'))).toEqual({
      status: 410,
      statusText:
        'Project pre-registration is no longer required or supported, upload your files instead.'
    })
  })

  it('redirects the path without its trailing slash', async () => {
    const index = await start({ flavour: 'warehouse', behindTls: true, path: '/legacy/' })
    const response = await fetch(index.url.replace(/\/$/, ''), {
      method: 'POST',
      redirect: 'manual'
    })
    expect(response.status).toBe(308)
    expect(response.headers.get('location')).toBe('/legacy/')
  })
})
