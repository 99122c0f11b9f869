/**
 * Every channel a secret could leave by, through the bundled action: a token written as a URL's
 * user name, a password inside the project's own metadata, encoded forms in variables the build
 * backend would see, a proxy that echoes its Proxy-Authorization, the `.pypirc` left behind when a
 * password occurs in its path; what redaction must not break (a password equal to a user name, the
 * post step's report); and the refusals that keep a run safe: server text that cannot become a link
 * in the summary, a damaged CA file, a proxy variable without a scheme.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  closeAfterTest,
  closedPort,
  failureLine,
  listen,
  newIndex,
  newJob,
  projectCopy,
  runMain,
  USERS,
  visibleText
} from './support/action-harness.js'
import { renderGfm, shownText } from './support/gfm.js'
import { DEBIAN_PYTHON } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

/** An index a dry run names and never contacts. */
const DRY_RUN_INDEX = 'https://devpi.example.com/alice/dev/'

/** Everything a run shows, the job summary as GitHub renders it included. */
function everythingShown(run: Awaited<ReturnType<typeof runMain>>): string {
  return [visibleText(run), shownText(renderGfm(run.summary))].join('\n')
}

describe('secrets in unexpected places', () => {
  it('a token written as the user name of the repository URL is never shown', async () => {
    const token = 'glpat-Tok3nValue9x'
    const run = await runMain(await newJob(), {
      repository: `http://${token}@127.0.0.1:${await closedPort()}/index/`,
      'dry-run': 'true'
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/; user \*\*\* \(from the URL in input 'repository'\)/)
    expect(everythingShown(run)).not.toContain(token)
    // It is still the user name the written .pypirc gives twine.
    expect(await readFile(run.outputs['pypirc-path'] ?? '', 'utf8')).toContain(
      `username = ${token}`
    )
  })

  it("a password inside the project's metadata stays out of the dry run's field list and table", async () => {
    const password = 'p"w|Pass_word!#x'
    const project = await projectCopy(text =>
      text.replace(/^description = .*$/m, `description = ${JSON.stringify(`uses ${password}`)}`)
    )
    const run = await runMain(
      await newJob(),
      { repository: DRY_RUN_INDEX, password, 'dry-run': 'true' },
      project
    )
    expect(run.code).toBe(0)
    const shown = everythingShown(run)
    expect(shown).toContain('summary = "uses ***"')
    expect(shown).not.toContain(password)
    expect(shown).not.toContain(JSON.stringify(password).slice(1, -1))
  })

  it('a variable holding the password encoded is withheld from project code', async () => {
    const password = 'Sëcret/Pa55+word'
    const project = await mkdtemp(path.join(tmpdir(), 'env-dump-'))
    await writeFile(
      path.join(project, 'setup.py'),
      // The names it sees go out in its summary: the one channel that leaves a sandbox as it is.
      'import os\nfrom setuptools import setup\nseen = sorted(n for n in os.environ if n in ("MY_INDEX_URL", "REGISTRY_B64", "REGISTRY_JSON", "KEPT_VALUE"))\nsetup(name="env-dump", version="1.0", description="saw " + " ".join(seen))\n'
    )
    const encoded = {
      MY_INDEX_URL: `https://index.invalid/simple/?auth=${encodeURIComponent(password).replace(/%2F/g, '/')}`,
      REGISTRY_B64: Buffer.from(`${ALICE.username}:${password}`).toString('base64'),
      REGISTRY_JSON: JSON.stringify({ password }).replace(/ë/g, '\\u00eb').replace(/\//g, '\\/'),
      KEPT_VALUE: 'nothing secret here'
    }
    const run = await runMain(
      await newJob(),
      {
        repository: DRY_RUN_INDEX,
        password,
        'dry-run': 'true',
        python: DEBIAN_PYTHON,
        'build-isolation': 'false'
      },
      project,
      encoded
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('summary = "saw KEPT_VALUE"')
  })

  it('a proxy that echoes its Proxy-Authorization shows neither the password nor its Basic form', async () => {
    const proxyPassword = 'pr0xy/Pa55+wörd'
    const basic = Buffer.from(`proxyuser:${proxyPassword}`).toString('base64')
    const proxy = await echoingProxy()
    const run = await runMain(
      await newJob(),
      {
        repository: 'http://index.invalid/alice/dev/',
        ...ALICE,
        'allow-insecure-http': 'true',
        retries: '0'
      },
      undefined,
      { HTTP_PROXY: `http://proxyuser:${encodeURIComponent(proxyPassword)}@${proxy.host}` }
    )
    expect(proxy.echoed()).toBeGreaterThan(0)
    const shown = everythingShown(run)
    expect(shown).toContain('***')
    for (const form of [proxyPassword, encodeURIComponent(proxyPassword), basic]) {
      expect(shown).not.toContain(form)
    }
    expect(shown).not.toContain(basic.replace(/=+$/, '').slice(12))
  })

  it('a password that occurs in the .pypirc path: the post step still finds and removes the file', async () => {
    // The job's RUNNER_TEMP is /tmp/runner-job-XXXX/runner-temp: the password occurs in it twice.
    const index = await newIndex({ flavour: 'devpi', users: { alice: 'runner' } })
    const job = await newJob()
    const main = await runMain(job, {
      repository: index.url,
      username: 'alice',
      password: 'runner'
    })
    expect(main.outputs.status).toBe('registered')
    const written = main.state['pypirc-path'] ?? ''
    expect(written).toContain(job.runnerTemp)
    expect(existsSync(written)).toBe(true)
    const post = await job.run('post')
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`Removed ${written}\n`)
    expect(existsSync(written)).toBe(false)
  })

  it("a password equal to the user name: the index's answers, redacted as they arrive, still let it register", async () => {
    const index = await newIndex({
      flavour: 'devpi',
      users: { alice: 'alice' },
      path: '/alice/dev/'
    })
    const run = await runMain(await newJob(), {
      repository: index.url,
      username: 'alice',
      password: 'alice'
    })
    // The probe read acl_upload as ["***"]: a hidden entry may be this user, so the index decides.
    expect(run.outputs.status).toBe('registered')
    expect(index.record('peer-register-sample', '0.1.0')).toBeDefined()
  })

  it('a short password that occurs in names and numbers: the outputs stay usable and the read-back true', async () => {
    // `dev` is in the index URL, so in the section name; `dev` is also in the project's summary.
    const index = await newIndex({ flavour: 'devpi', users: { alice: 'dev' }, path: '/alice/dev/' })
    const project = await projectCopy(text =>
      text.replace(/^description = .*$/m, 'description = "made for dev work"')
    )
    const run = await runMain(
      await newJob(),
      { repository: index.url, username: 'alice', password: 'dev' },
      project
    )
    expect(run.outputs.status).toBe('registered')
    const section = run.outputs['pypirc-section'] ?? ''
    expect(section).toMatch(/-alice-dev$/)
    const written = await readFile(run.outputs['pypirc-path'] ?? '', 'utf8')
    expect(written).toContain(`[${section}]`)
    // What was sent with the password in it is compared as the redacted answer shows it.
    expect(run.stdout).toContain('Read back: 15 of 15 fields stored unchanged.')
    const [result] = JSON.parse(run.outputs.results ?? '') as Array<Record<string, unknown>>
    expect(result?.http_status).toBe(200)
    expect(String(result?.url)).not.toContain('dev')
  })

  it('a password that is a number: the results output stays JSON', async () => {
    const index = await newIndex({ flavour: 'devpi', users: { alice: '200' }, path: '/alice/dev/' })
    const run = await runMain(await newJob(), {
      repository: index.url,
      username: 'alice',
      password: '200'
    })
    expect(run.outputs.status).toBe('registered')
    const [result] = JSON.parse(run.outputs.results ?? '') as Array<Record<string, unknown>>
    expect(result?.outcome).toBe('registered')
    // The number is the action's own; the text around it is redacted.
    expect(result?.http_status).toBe(200)
    expect(String(result?.message)).not.toContain('200')
  })

  it('the post step says what it found when the .pypirc is gone already', async () => {
    const job = await newJob()
    const main = await runMain(job, { repository: DRY_RUN_INDEX, 'dry-run': 'true' })
    const written = main.state['pypirc-path'] ?? ''
    await rm(written)
    const post = await job.run('post')
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(
      `Found no file at ${written}, where the main step wrote its .pypirc: something removed it before this step.`
    )
  })
})

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

  it('backticks in metadata cannot close a code span early and let an image or a link render', async () => {
    // In the summary and in a URL label, both shown in the dry run's table of fields.
    const image = '`` ![i](https://e.x/p.png) ``'
    const project = await projectCopy(text =>
      text
        .replace(/^description = .*$/m, `description = ${JSON.stringify(`a ${image} b`)}`)
        .replace(
          /^\[project\.urls\]$/m,
          `[project.urls]\n"S ${image}" = "https://example.invalid/s"`
        )
    )
    const run = await runMain(
      await newJob(),
      { repository: DRY_RUN_INDEX, 'dry-run': 'true' },
      project
    )
    expect(run.code).toBe(0)
    const html = renderGfm(run.summary)
    // Both reached the table, as text.
    expect(shownText(html).split('![i](https://e.x/p.png)').length).toBeGreaterThan(2)
    expect(html).not.toContain('<img')
    const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(match => match[1])
    expect(links).toEqual([DRY_RUN_INDEX])
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

/**
 * A proxy that accepts any CONNECT and then answers the tunnelled requests itself, quoting the
 * Proxy-Authorization it was sent: in the status line as it came, in the body without padding.
 */
async function echoingProxy(): Promise<{ host: string; echoed: () => number }> {
  let echoed = 0
  const inner = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume()
    request.on('end', () => {
      const sent = (request.socket as Socket & { proxyAuthorization?: string }).proxyAuthorization
      echoed++
      response.writeHead(403, `Denied, your proxy credentials were ${sent ?? 'none'}`)
      response.end(`(${(sent ?? '').replace(/^Basic /, '').replace(/=+$/, '')})`)
    })
  })
  const proxy = createServer()
  proxy.on('connect', (request: IncomingMessage, client: Socket) => {
    Object.assign(client, { proxyAuthorization: request.headers['proxy-authorization'] })
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    inner.emit('connection', client)
  })
  const origin = await listen(proxy)
  closeAfterTest(async () => {
    inner.closeAllConnections()
    await new Promise(resolve => inner.close(resolve))
  })
  return { host: origin.replace(/^http:\/\//, ''), echoed: () => echoed }
}
