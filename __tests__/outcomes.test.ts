/**
 * What the user is told about what an index really did, through the bundled action, where no real
 * server can show it: an index with no way to read back, a URL caught without any request, a
 * server that is slow to answer, and a log and summary that server or project text cannot
 * rewrite. What devpi and pypiserver answer is in real-devpi.test.ts and real-pypiserver.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { createServer as createTcpServer, type Socket } from 'node:net'
import { createServer as createHttpServer } from 'node:http'
import {
  ALICE,
  cleanUpAfterEach,
  closeAfterTest,
  failureLine,
  listen,
  newIndex,
  newJob,
  runMain,
  USERS,
  visibleText
} from './support/action-harness.js'

cleanUpAfterEach()

describe('reading the release back', () => {
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
  it('a /+simple/ URL is caught without any request', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const run = await runMain(await newJob(), { repository: `${index.url}+simple/`, ...ALICE })
    expect(run.outputs.status).toBe('not-an-index')
    expect(failureLine(run)).toContain(`Use ${index.url} as the repository.`)
    expect(index.requests).toHaveLength(0)
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
    expect(run.summary).toMatch(/^## ❌ `peer-register-sample 0\.1\.0`: nothing was sent\n/)
    expect(run.summary).toMatch(/^The tag v9\.9\.9 names version 9\.9\.9/m)
    expect(index.requests).toHaveLength(0)

    const bad = await runMain(await newJob(), { repository: index.url, ...ALICE, retries: '99' })
    expect(bad.summary).toMatch(/^## ❌ nothing was sent\n\nInput 'retries' is "99"/)
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
      /^::warning title=Metadata warning,file=pyproject\.toml,line=12::.*\.invalid.*not an error under strict: true, since pypi\.org is not among the targets/m
    )
    const both = await runMain(await newJob(), {
      repository: `${index.url}, pypi`,
      ...ALICE,
      strict: 'true'
    })
    expect(both.code).toBe(1)
    expect(both.stdout).toMatch(/\.invalid.*\(an error because of strict: true\)$/m)
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
    // The table keeps its four columns: the pipe in the status line did not open a fifth.
    const row = run.summary.split('\n').find(text => text.includes(`<br>${url} |`)) ?? ''
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(4)
  })
})
