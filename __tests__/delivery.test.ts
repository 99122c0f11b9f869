/**
 * Delivery through the bundle against real sockets: TLS with a private CA and client certificates,
 * a CONNECT proxy, upload-only indexes, and ten indexes at once with two of them failing. What does
 * not depend on a proxy runs on both paths: straight to the index (Node's own client) and through
 * a CONNECT proxy named by HTTPS_PROXY and HTTP_PROXY (undici).
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
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
  resultsOf,
  runMain,
  USERS,
  visibleText
} from './support/action-harness.js'
import { startConnectProxy } from './support/connect-proxy.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const TLS_DIR = path.join(REPO_ROOT, '__tests__', 'data', 'tls')
const tlsFile = (name: string): string => path.join(TLS_DIR, name)

async function httpsIndex(clientCa = false) {
  const [key, cert, ca] = await Promise.all(
    ['server-key.pem', 'server.pem', 'ca.pem'].map(name => readFile(tlsFile(name), 'utf8'))
  )
  return newIndex({
    flavour: 'devpi',
    users: USERS,
    path: '/alice/dev/',
    tls: { key: key!, cert: cert!, ...(clientCa ? { clientCa: ca! } : {}) }
  })
}

const RELEASE = ['peer-register-sample', '0.1.0'] as const

/** The two paths: no proxy variable, or both naming a proxy started for the test. */
const PATHS = [
  ['direct', false],
  ['through a proxy', true]
] as const

describe.each(PATHS)('%s', (_, proxied) => {
  let env: Record<string, string> = {}
  let tunnels: () => number = () => 0
  beforeEach(async () => {
    if (!proxied) return
    const proxy = await startConnectProxy()
    closeAfterTest(() => proxy.close())
    env = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }
    tunnels = () => proxy.tunnels.length
  })
  /** Runs main with the path's proxy variables; the proxied path must have used the proxy. */
  const runOnPath = async (
    job: Awaited<ReturnType<typeof newJob>>,
    inputs: Record<string, string>
  ) => {
    const run = await runMain(job, inputs, undefined, env)
    if (proxied) expect(tunnels()).toBeGreaterThan(0)
    return run
  }

  describe('TLS with a private CA', () => {
    it('is refused while the CA is not trusted, with advice that names ca-cert; nothing is stored', async () => {
      const index = await httpsIndex()
      const run = await runOnPath(await newJob(), { repository: index.url, ...ALICE, retries: '0' })
      expect(run.outputs.status).toBe('network-error')
      expect(failureLine(run)).toMatch(
        /^Could not reach https:\/\/127\.0\.0\.1:\d+\/alice\/dev\/: .*(not trusted|cannot be verified).* \([A-Z_]+\)\. If the index uses a private CA, give that CA's PEM certificate in input 'ca-cert'/
      )
      expect(index.requests).toHaveLength(0)
    })

    it('registers once the ca-cert input names the CA, and the .pypirc carries it for twine', async () => {
      const index = await httpsIndex()
      const run = await runOnPath(await newJob(), {
        repository: index.url,
        ...ALICE,
        'ca-cert': tlsFile('ca.pem')
      })
      expect(run.outputs.status).toBe('registered')
      expect(index.record(...RELEASE)).toBeDefined()
      const written = await readFile(run.outputs['pypirc-path']!, 'utf8')
      expect(written).toContain(`ca_cert = ${tlsFile('ca.pem')}`)
    })

    it('takes ca_cert from the .pypirc section, relative to the workspace', async () => {
      const index = await httpsIndex()
      const pypirc = `[distutils]\nindex-servers = private\n\n[private]\nrepository = ${index.url}\nusername = alice\npassword = ${ALICE.password}\nca_cert = __tests__/data/tls/ca.pem\n`
      const job = await newJob()
      const run = await job.run('main', {
        cwd: REPO_ROOT,
        env,
        inputs: { repository: 'private', pypirc, 'project-dir': '__tests__/data/sample-project' }
      })
      expect(run.outputs.status).toBe('registered')
      expect(index.record(...RELEASE)).toBeDefined()
    })

    it('an unrelated CA does not make the certificate trusted', async () => {
      const index = await httpsIndex()
      const run = await runOnPath(await newJob(), {
        repository: index.url,
        ...ALICE,
        'ca-cert': tlsFile('other-ca.pem'),
        retries: '0'
      })
      expect(run.outputs.status).toBe('network-error')
      expect(index.requests).toHaveLength(0)
    })

    it('a client certificate: refused without one, accepted with client-cert', async () => {
      const index = await httpsIndex(true)
      const common = { repository: index.url, ...ALICE, 'ca-cert': tlsFile('ca.pem'), retries: '0' }
      const without = await runOnPath(await newJob(), common)
      expect(without.outputs.status).toBe('network-error')
      expect(failureLine(without)).toMatch(/input 'client-cert'/)
      const run = await runOnPath(await newJob(), {
        ...common,
        'client-cert': tlsFile('client.pem')
      })
      expect(run.outputs.status).toBe('registered')
      // The probe, the register request and the read-back, each over the client certificate.
      expect(index.requests.map(request => request.clientCertificate)).toEqual([
        'release-bot',
        'release-bot',
        'release-bot'
      ])
    })

    it.each([
      [
        'a missing CA file',
        { 'ca-cert': 'no/such/ca.pem' },
        /no\/such\/ca\.pem \(input 'ca-cert'\) does not exist\./
      ],
      [
        'a CA file without a certificate',
        { 'ca-cert': tlsFile('server-key.pem') },
        /server-key\.pem \(input 'ca-cert'\) holds no PEM certificate\./
      ],
      [
        'a client file without its key',
        { 'client-cert': tlsFile('ca.pem') },
        /ca\.pem \(input 'client-cert'\) must hold both a PEM certificate and its private key; it has no private key\./
      ]
    ])(
      '%s fails before anything is read or sent, and shows no key material',
      async (_, inputs, message) => {
        const index = await httpsIndex()
        const run = await runMain(
          await newJob(),
          { repository: index.url, ...ALICE, ...inputs },
          undefined,
          env
        )
        expect(failureLine(run)).toMatch(message)
        expect(visibleText(run)).not.toContain('PRIVATE KEY')
        expect(run.outputs['pypirc-path']).toBeUndefined()
        expect(index.requests).toHaveLength(0)
      }
    )
  })

  describe('upload-only indexes', () => {
    it('GitLab asking for the file part is unsupported: a notice, not a failure', async () => {
      const index = await newIndex({ flavour: 'gitlab', users: USERS })
      const run = await runOnPath(await newJob(), { repository: index.url, ...ALICE })
      expect(run.code).toBe(0)
      expect(run.outputs.status).toBe('unsupported')
      expect(run.stdout).toMatch(
        /^::notice::.* does not support pre-registration: it takes uploads only, and asked for the file \(400 Bad Request \(\{"error":"content is missing"\}\)\)\./m
      )
    })
  })
})

describe('through a CONNECT proxy', () => {
  async function proxied(credentials?: string) {
    const proxy = await startConnectProxy(credentials)
    closeAfterTest(() => proxy.close())
    return proxy
  }

  it('tunnels to an HTTPS index through HTTPS_PROXY, with the private CA trusted inside the tunnel', async () => {
    const proxy = await proxied()
    const index = await httpsIndex()
    const run = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, 'ca-cert': tlsFile('ca.pem') },
      undefined,
      { HTTPS_PROXY: proxy.url }
    )
    expect(run.outputs.status).toBe('registered')
    expect(new Set(proxy.tunnels.map(tunnel => tunnel.target))).toEqual(
      new Set([new URL(index.url).host])
    )
    expect(run.stdout).toContain(`Proxy settings: HTTPS_PROXY=${proxy.url}/`)
    expect(index.record(...RELEASE)).toBeDefined()
  })

  it('sends the proxy credentials from the proxy URL, and never shows them', async () => {
    const proxy = await proxied('relay:Pr0xy-S3cret')
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, undefined, {
      http_proxy: proxy.url.replace('//', '//relay:Pr0xy-S3cret@')
    })
    expect(run.outputs.status).toBe('registered')
    expect(proxy.tunnels.length).toBeGreaterThan(0)
    for (const tunnel of proxy.tunnels)
      expect(tunnel.authorization).toBe(
        `Basic ${Buffer.from('relay:Pr0xy-S3cret').toString('base64')}`
      )
    expect(run.stdout).toContain(`Proxy settings: http_proxy=${proxy.url}/`)
    expect(visibleText(run)).not.toContain('Pr0xy-S3cret')
  })

  it('a proxy that wants credentials fails with the 407 and advice, without retrying', async () => {
    const proxy = await proxied('relay:Pr0xy-S3cret')
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, undefined, {
      HTTP_PROXY: proxy.url
    })
    expect(failureLine(run)).toMatch(
      /the proxy refused to open a tunnel to it \(HTTP 407\)\. The proxy wants credentials/
    )
    expect(resultsOf(run)).toMatchObject([{ outcome: 'network-error', attempts: 1 }])
    expect(index.requests).toHaveLength(0)
  })

  it('NO_PROXY exempts a host: the request goes direct', async () => {
    const proxy = await proxied()
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, undefined, {
      HTTP_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1'
    })
    expect(run.outputs.status).toBe('registered')
    expect(proxy.tunnels).toHaveLength(0)
  })
})

describe('ten indexes at once', () => {
  it('registers on eight and reports the two that failed, one line each, in the order listed', async () => {
    const slow = async (): Promise<string> => {
      const server = createServer((request, response) => {
        request.resume()
        request.on('end', () => setTimeout(() => response.writeHead(200, 'OK').end(), 300))
      })
      return `${await listen(server)}/`
    }
    const good = await Promise.all(Array.from({ length: 8 }, slow))
    const refusing = await newIndex({ flavour: 'devpi', users: { alice: 'not-this-one' } })
    const unreachable = `http://127.0.0.1:${await closedPort()}/`
    const run = await runMain(await newJob(), {
      repository: [...good.slice(0, 4), refusing.url, ...good.slice(4), unreachable].join('\n'),
      ...ALICE
    })
    expect(run.code).toBe(1)
    const failures = run.stdout
      .split('\n')
      .filter(line => line.startsWith('::error::'))
      .flatMap(line => line.slice('::error::'.length).split('%0A'))
    expect(failures).toHaveLength(2)
    expect(failures[0]).toMatch(/did not accept the credentials: 401 Unauthorized/)
    expect(failures[1]).toMatch(/the connection was refused/)
    const results = resultsOf(run)
    expect(results.map(result => result.outcome)).toEqual([
      ...Array(4).fill('registered'),
      'unauthorized',
      ...Array(4).fill('registered'),
      'network-error'
    ])
    expect(results.every(result => typeof result.seconds === 'number')).toBe(true)
    expect(run.stdout).toContain('Registering on 10 indexes at once; at most')
    expect(run.summary.match(/^\| `[^`]+`<br>http:\/\/127/gm)).toHaveLength(10)
  })
})
