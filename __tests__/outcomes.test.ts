/**
 * What the user is told about what an index really did, through the bundled action: the server
 * recognised before sending, a refusal explained in that server's terms, the release read back,
 * and a log and summary that server or project text cannot rewrite.
 */
import { describe, expect, it } from '@jest/globals'
import { createServer as createTcpServer, type Socket } from 'node:net'
import { createServer as createHttpServer } from 'node:http'
import {
  ALICE,
  BOB,
  cleanUpAfterEach,
  closeAfterTest,
  failureLine,
  listen,
  newIndex,
  newJob,
  projectCopy,
  resultsOf,
  runMain,
  USERS,
  visibleText
} from './support/action-harness.js'

cleanUpAfterEach()

const posts = (index: { requests: Array<{ method: string }> }) =>
  index.requests.filter(request => request.method === 'POST')

describe('reading the release back', () => {
  it('devpi: reports the fields stored unchanged and those it dropped, in the log, summary and results', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const project = await projectCopy(text =>
      text
        .replace('version = "0.1.0"', 'version = "0.1.0"\nimport-names = ["peer_register_sample"]')
        .replace('[build-system]', '[build-system]')
    )
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, project)
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('registered')
    const [result] = resultsOf(run)
    const stored = result?.stored as { unchanged: string[]; changed: string[]; lost: string[] }
    expect(stored.lost).toEqual(['import_name'])
    expect(stored.changed).toEqual([])
    expect(stored.unchanged).toEqual(
      expect.arrayContaining([
        'name',
        'version',
        'description',
        'provides_extra (as provides_extras)'
      ])
    )
    expect(run.stdout).toMatch(/Read back: \d+ of \d+ fields stored unchanged; lost: import_name\./)
    expect(run.summary).toMatch(/\| Read back from \| Stored unchanged \| Changed \| Lost \|/)
    expect(run.summary).toMatch(/\| `127\.0\.0\.1-\d+-alice-dev` \| \d+ \| — \| import\\_name \|/)
  })

  it('pypiserver: accepted but not stored is its own status, a notice and not a failure', async () => {
    const index = await newIndex({ flavour: 'pypiserver', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('not-stored')
    expect(run.stdout).toMatch(
      /^::notice::.*\(pypiserver\) accepted peer-register-sample 0\.1\.0 \(200\) but stored nothing/m
    )
    expect(resultsOf(run)).toMatchObject([{ outcome: 'not-stored', http_status: 200 }])
    expect(run.summary).toContain('⚠️ not-stored')
  })

  it('an index with no way to read back says so, and its 200 stands', async () => {
    // An unknown index that takes the registration and answers 500 to every GET (the probe too).
    const server = createHttpServer((request, response) => {
      request.resume()
      request.on('end', () => {
        if (request.method === 'GET') response.writeHead(500, 'Broken').end()
        else response.writeHead(200, 'OK').end()
      })
    })
    const url = `${await listen(server)}/`
    const run = await runMain(await newJob(), { repository: url, ...ALICE })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toContain('offers no way to read registered metadata back')
  })
})

describe('knowing the server before sending', () => {
  it('a devpi mirror index is refused before sending, with the kind of index to use', async () => {
    const index = await newIndex({
      flavour: 'devpi',
      users: USERS,
      path: '/root/pypi/',
      mirror: true
    })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE })
    expect(run.outputs.status).toBe('not-an-index')
    expect(failureLine(run)).toMatch(
      /is a devpi mirror index.*nothing was sent\. Use a stage index/
    )
    expect(posts(index)).toHaveLength(0)
    expect(resultsOf(run)).toMatchObject([{ outcome: 'not-an-index', attempts: 0 }])
  })

  it("a user missing from devpi's acl_upload is told so before sending", async () => {
    const index = await newIndex({
      flavour: 'devpi',
      users: USERS,
      path: '/alice/dev/',
      aclUpload: ['alice']
    })
    const run = await runMain(await newJob(), { repository: index.url, ...BOB })
    expect(run.outputs.status).toBe('forbidden')
    expect(failureLine(run)).toMatch(
      /upload right \(acl_upload\) goes to alice, not to bob; nothing was sent\..*acl_upload\+=bob/
    )
    expect(posts(index)).toHaveLength(0)
    // :AUTHENTICATED: lets any user with a password in.
    const open = await newIndex({
      flavour: 'devpi',
      users: USERS,
      path: '/alice/open/',
      aclUpload: [':AUTHENTICATED:']
    })
    expect((await runMain(await newJob(), { repository: open.url, ...BOB })).outputs.status).toBe(
      'registered'
    )
  })

  it('a devpi server root names the indexes to use', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const root = new URL('/', index.url).href
    const run = await runMain(await newJob(), { repository: root, ...ALICE })
    expect(run.outputs.status).toBe('not-an-index')
    expect(failureLine(run)).toContain(
      `is a devpi server root, not an index; nothing was sent. Use one of its stage indexes: ${index.url}.`
    )
    expect(posts(index)).toHaveLength(0)
  })

  it('a /+simple/ URL is caught without any request', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const run = await runMain(await newJob(), { repository: `${index.url}+simple/`, ...ALICE })
    expect(run.outputs.status).toBe('not-an-index')
    expect(failureLine(run)).toContain(`Use ${index.url} as the repository.`)
    expect(index.requests).toHaveLength(0)
  })
})

describe('advice in the terms of the server', () => {
  it("pypiserver's 403 is a wrong password, and a password without a user name is pointed out", async () => {
    const index = await newIndex({ flavour: 'pypiserver', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, password: 'not-a-token' })
    expect(run.outputs.status).toBe('forbidden')
    const line = failureLine(run)
    expect(line).toMatch(/pypiserver answers 403 for a wrong password/)
    expect(line).toMatch(/The user name is __token__ because none was given/)
    expect(line).not.toMatch(/Owner/)
    expect(run.stdout).toMatch(/^::notice::.*does not look like an API token/m)
  })

  it("devpi's 403 points at acl_upload, not at project ownership", async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    expect((await runMain(await newJob(), { repository: index.url, ...ALICE })).code).toBe(0)
    const run = await runMain(await newJob(), { repository: index.url, ...BOB })
    expect(failureLine(run)).toMatch(
      /403 no permission to submit\. On devpi a 403 means .*acl_upload/
    )
  })
})

describe('what a person sees', () => {
  it('the summary says why when the step fails before sending', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, 'check-tag': 'true' },
      undefined,
      { GITHUB_REF: 'refs/tags/v9.9.9', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v9.9.9' }
    )
    expect(run.code).toBe(1)
    expect(run.summary).toContain('## pypi-register')
    expect(run.summary).toContain('`peer-register-sample`')
    expect(run.summary).toMatch(/❌ \*\*Nothing was sent\.\*\* .*9\.9\.9/)
    expect(index.requests).toHaveLength(0)

    const bad = await runMain(await newJob(), { repository: index.url, ...ALICE, retries: '99' })
    expect(bad.summary).toMatch(/Nothing was sent\.\*\* Input 'retries' is "99"/)
  })

  it('verbose shows the exact fields of a real run, never the password', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE, verbose: 'true' })
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toMatch(/^::group::The \d+ fields sent to http:\/\/127\.0\.0\.1:\d+\/$/m)
    expect(run.stdout).toContain('name = "peer-register-sample"')
    expect(visibleText(run)).not.toContain(ALICE.password)
  })

  it('says every few seconds that an index has not answered yet', async () => {
    const server = createHttpServer((request, response) => {
      request.resume()
      request.on('end', () => {
        if (request.method === 'GET') return void response.writeHead(404).end()
        setTimeout(() => response.writeHead(200, 'OK').end(), 2500)
      })
    })
    const url = `${await listen(server)}/`
    const run = await runMain(await newJob(), { repository: url, ...ALICE, timeout: '3' })
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toMatch(/^Still waiting for http:\/\/127\.0\.0\.1:\d+\/ \(1 s so far\)\.$/m)
    expect(run.stdout).not.toContain('::warning::')
  })

  it("strict applies pypi.org's own rules only when pypi.org is a target", async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE, strict: 'true' })
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toMatch(
      /^::warning title=Metadata warning,file=pyproject\.toml,line=12::.*\.invalid.*not an error under strict: pypi\.org is not among the targets/m
    )
    const both = await runMain(await newJob(), {
      repository: `${index.url}, pypi`,
      ...ALICE,
      strict: 'true'
    })
    expect(both.code).toBe(1)
    expect(both.stdout).toMatch(/\.invalid.*\(an error because strict is true\)$/m)
  })
})

describe('server text cannot rewrite the log or the summary', () => {
  const HOSTILE =
    '\x1b[31mred\x1b[0m \x1b]8;;http://evil.example/\x07click\x1b]8;;\x07 <img src=x> [a](http://evil) `tick` | pipe'

  /** A server whose status line carries terminal escapes, HTML and Markdown, sent raw. */
  async function hostileServer(): Promise<string> {
    const sockets = new Set<Socket>()
    const server = createTcpServer(socket => {
      sockets.add(socket)
      socket.on('data', () => {
        socket.write(
          Buffer.from(
            `HTTP/1.1 400 ${HOSTILE}\r\ncontent-type: text/plain\r\ncontent-length: 12\r\nconnection: close\r\n\r\n<b>body</b>\n`,
            'latin1'
          )
        )
        socket.end()
      })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    closeAfterTest(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise(resolve => server.close(resolve))
    })
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  }

  it('strips escapes from messages and escapes HTML and Markdown in the summary', async () => {
    const url = await hostileServer()
    const run = await runMain(await newJob(), { repository: url, ...ALICE })
    expect(run.outputs.status).toBe('invalid')
    const line = failureLine(run)
    expect(line).toContain('red click <img src=x> [a](http://evil)')
    for (const control of ['\x1b', '\x07', '\x9b']) expect(visibleText(run)).not.toContain(control)
    expect(run.summary).not.toContain('<img')
    expect(run.summary).not.toContain('](http')
    expect(run.summary).toContain(
      '&lt;img src=x&gt; \\[a\\]\\(http\\://evil\\) \\`tick\\` \\| pipe'
    )
    // The table keeps its six columns: the pipe in the status line did not open a seventh.
    const row = run.summary.split('\n').find(text => text.startsWith(`| ${url}`)) ?? ''
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6)
  })
})
