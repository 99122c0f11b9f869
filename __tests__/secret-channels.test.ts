/**
 * Every channel a secret could leave by, through the bundled action: a token written as a URL's
 * user name, a password inside the project's own metadata, encoded forms in variables the build
 * backend would see, a proxy that echoes its Proxy-Authorization, the `.pypirc` left behind when a
 * password occurs in its path; and the refusals that keep a run safe: server text that cannot
 * become a link in the summary, a damaged CA file, a proxy variable without a scheme.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  listen,
  newIndex,
  newJob,
  runMain,
  USERS,
  visibleText
} from './support/action-harness.js'
import { renderGfm, shownText } from './support/gfm.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

describe('refusals that keep a run safe', () => {
  it('a URL, a www. address and an email address in server text do not become links', async () => {
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume()
      request.on('end', () => {
        response.writeHead(
          403,
          'Denied: log in at https://evil.example/login, www.evil.example or root@evil.example'
        )
        response.end()
      })
    })
    const url = `${await listen(server)}/index/`
    const run = await runMain(await newJob(), {
      repository: url,
      ...ALICE,
      retries: '0'
    })
    failureLine(run)
    const html = renderGfm(run.summary)
    expect(shownText(html)).toContain(
      'https://evil.example/login, www.evil.example or root@evil.example'
    )
    const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(match => match[1])
    expect(links).toEqual([url])
  })

  it('a CA file with a certificate followed by an unterminated block is refused before anything is sent', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const folder = await mkdtemp(path.join(tmpdir(), 'ca-'))
    const caFile = path.join(folder, 'ca.pem')
    const good = await readFile(path.join(REPO_ROOT, '__tests__', 'data', 'tls', 'ca.pem'), 'utf8')
    await writeFile(caFile, `${good}-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n`)
    const run = await runMain(await newJob(), {
      repository: index.url,
      ...ALICE,
      'ca-cert': caFile
    })
    expect(failureLine(run)).toMatch(
      /^The CERTIFICATE block at line \d+ of .*ca\.pem \(input 'ca-cert'\) is incomplete: the file ends before its "-----END" line\./
    )
    expect(index.requests).toHaveLength(0)
  })

  it.each([
    ['a dry run', 'true'],
    ['a real run', 'false']
  ])('a proxy variable without a scheme is an input error on %s', async (_, dryRun) => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, 'dry-run': dryRun },
      undefined,
      { HTTP_PROXY: 'proxyuser:s3cret-proxy@proxy.invalid:3128' }
    )
    expect(failureLine(run)).toMatch(
      /^HTTP_PROXY does not start with http:\/\/ or https:\/\/ \(its value is not shown: it may hold credentials\)\. Give the proxy as http:\/\/host:port/
    )
    expect(visibleText(run)).not.toContain('s3cret-proxy')
    expect(index.requests).toHaveLength(0)
  })
})
