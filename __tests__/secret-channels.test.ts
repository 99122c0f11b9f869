/**
 * Every channel a secret could leave by, through the bundled action: a token written as a URL's
 * user name, a password inside the project's own metadata, encoded forms in variables the build
 * backend would see, a proxy that echoes its Proxy-Authorization, the `.pypirc` left behind when a
 * password occurs in its path; and the refusals that keep a run safe: server text that cannot
 * become a link in the summary, a damaged CA file, a proxy variable without a scheme.
 */
import { describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  listen,
  newJob,
  runMain
} from './support/action-harness.js'
import { renderGfm, shownText } from './support/gfm.js'

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
})
