/**
 * The transport contract, held by both paths (Node's own client directly, undici through a CONNECT
 * proxy) against real loopback servers: what goes out, what comes back, and where it stops.
 */
import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse
} from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import path from 'node:path'
import { rootCertificates } from 'node:tls'
import { fetchJsonOver, JSON_LIMIT } from '../src/index-client/client.js'
import { openTransport } from '../src/http/open-transport.js'
import { BODY_LIMIT } from '../src/http/transport.js'
import { networkErrorCode } from '../src/index-client/outcome.js'
import { isRetryable } from '../src/index-client/retry.js'
import { listen, cleanUpAfterEach, closeAfterTest } from './support/action-harness.js'
import { startConnectProxy } from './support/connect-proxy.js'
import { REPO_ROOT } from './support/runner-job.js'
import { closeTransportsAfterEach, TRANSPORT_CASES } from './support/transports.js'

cleanUpAfterEach()
closeTransportsAfterEach()

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

/** A server that records each request in full, then lets `answer` reply. */
async function recording(
  answer: (response: ServerResponse, request: IncomingMessage) => void
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks)
      })
      answer(response, request)
    })
  })
  return { url: `${await listen(server)}/simple/`, seen }
}

const TLS_DIR = path.join(REPO_ROOT, '__tests__', 'data', 'tls')
const pem = (name: string): Promise<string> => readFile(path.join(TLS_DIR, name), 'utf8')

async function tlsServer(requestCert: boolean, listener: RequestListener): Promise<string> {
  const [key, cert, ca] = await Promise.all(['server-key.pem', 'server.pem', 'ca.pem'].map(pem))
  const server: Server = createTlsServer(
    { key, cert, ...(requestCert ? { ca, requestCert: true, rejectUnauthorized: true } : {}) },
    listener
  ) as unknown as Server
  return `${(await listen(server)).replace('http:', 'https:')}/`
}

const post = (url: string, extra: { timeoutMs?: number; body?: Buffer } = {}) => ({
  method: 'POST' as const,
  url,
  headers: { authorization: 'Basic YWxpY2U6cHc=', 'content-type': 'text/plain' },
  body: extra.body ?? Buffer.from('a\nb\r\nc\u00e9'),
  timeoutMs: extra.timeoutMs ?? 5000
})

describe.each(TRANSPORT_CASES)('the transport, %s', (_, path) => {
  it('sends the method, the headers (credentials up front) and the body byte for byte', async () => {
    const server = await recording((response, request) =>
      response.writeHead(200, 'OK', { 'x-path': request.url ?? '' }).end('done')
    )
    const transport = await path.open()
    expect(transport.kind).toBe(path.kind)
    const answer = await transport.send(post(`${server.url}?q=1`))
    expect(answer).toMatchObject({ status: 200, statusText: 'OK', body: 'done' })
    expect(answer.headers['x-path']).toBe('/simple/?q=1')
    expect(server.seen).toHaveLength(1)
    const [request] = server.seen
    expect(request).toMatchObject({ method: 'POST', url: '/simple/?q=1' })
    expect(request!.headers.authorization).toBe('Basic YWxpY2U6cHc=')
    expect(request!.headers['content-length']).toBe(String(post('').body.byteLength))
    expect(request!.body.equals(post('').body)).toBe(true)
    if (path.kind === 'proxy') expect(path.proxy()?.tunnels).toHaveLength(1)
  })

  it('reports a redirect with its Location and does not follow it', async () => {
    const server = await recording(response =>
      response.writeHead(308, 'Permanent Redirect', { location: '/legacy/' }).end()
    )
    const answer = await (await path.open()).send(post(server.url))
    expect(answer.status).toBe(308)
    expect(answer.headers.location).toBe('/legacy/')
    expect(server.seen).toHaveLength(1)
  })

  it('reads no more than BODY_LIMIT of a huge answer, and stops the index sending it', async () => {
    let written = 0
    let closed = false
    const server = await recording(response => {
      response.writeHead(500, 'Internal Server Error')
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const pump = (): void => {
        while (written < 64 * 1024 * 1024 && !closed) {
          written += chunk.byteLength
          if (!response.write(chunk)) return void response.once('drain', pump)
        }
        response.end()
      }
      response.on('close', () => (closed = true))
      pump()
    })
    const answer = await (await path.open()).send(post(server.url))
    expect(answer.status).toBe(500)
    expect(answer.body).toBe('x'.repeat(BODY_LIMIT))
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(written).toBeLessThan(16 * 1024 * 1024)
  })

  it('keeps the status line of an answer whose body is slower than the timeout, and stops on time', async () => {
    const server = await recording(response => {
      response.writeHead(403, 'Forbidden', { 'retry-after': '1' })
      response.write('partial ')
      // The rest never comes.
    })
    const started = Date.now()
    const answer = await (await path.open()).send(post(server.url, { timeoutMs: 400 }))
    const took = Date.now() - started
    expect(answer).toMatchObject({ status: 403, statusText: 'Forbidden' })
    expect(answer.headers['retry-after']).toBe('1')
    expect(['', 'partial ']).toContain(answer.body)
    expect(took).toBeGreaterThanOrEqual(350)
    expect(took).toBeLessThan(1500)
  })

  it('times out an index that never answers, within the timeout, as a retryable timeout', async () => {
    const server = await recording(() => undefined)
    const started = Date.now()
    const error = await (await path.open()).send(post(server.url, { timeoutMs: 300 })).then(
      () => undefined,
      (failure: unknown) => failure
    )
    const took = Date.now() - started
    expect(networkErrorCode(error)).toBe('TIMEOUT')
    expect(took).toBeGreaterThanOrEqual(280)
    expect(took).toBeLessThan(1000)
  })

  it('fails on a connection reset before the answer with a retryable code', async () => {
    const server = await recording((_response, request) => request.socket.destroy())
    const error = await (await path.open()).send(post(server.url)).then(
      () => undefined,
      (failure: unknown) => failure
    )
    const code = networkErrorCode(error)
    expect(code).toBeDefined()
    expect(
      isRetryable({
        outcome: { status: 'network-error', ok: false, message: '' },
        errorCode: code!
      })
    ).toBe(true)
  })

  it('trusts a private CA only when given, and shows a client certificate when asked', async () => {
    const ca = [...rootCertificates, await pem('ca.pem')]
    const seen: string[] = []
    const url = await tlsServer(true, (request, response) => {
      const socket = request.socket as import('node:tls').TLSSocket
      seen.push(String(socket.getPeerCertificate().subject?.CN))
      response.writeHead(200, 'OK').end()
    })
    const untrusted = await (await path.open()).send(post(url)).then(
      () => undefined,
      (failure: unknown) => failure
    )
    expect(networkErrorCode(untrusted)).toMatch(/SELF_SIGNED|UNABLE_TO|CERT/)
    const without = await (await path.open({ ca })).send(post(url)).then(
      () => undefined,
      (failure: unknown) => failure
    )
    expect(without).toBeDefined()
    const client = await pem('client.pem')
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(client)![0]
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(client)![0]
    const answer = await (await path.open({ ca, cert, key })).send(post(url))
    expect(answer.status).toBe(200)
    expect(seen).toEqual(['release-bot'])
  })

  it('reads JSON: any answer resolves, its body parsed only when it is JSON within the limit', async () => {
    const document = { info: { name: 'sample', version: '1.0' } }
    const server = await recording((response, request) => {
      if (request.url?.endsWith('missing')) response.writeHead(404, 'Not Found').end('no such')
      else if (request.url?.endsWith('html')) response.writeHead(200).end('<html>')
      else if (request.url?.endsWith('huge'))
        response.writeHead(200).end(`[${'1,'.repeat(JSON_LIMIT / 2)}1]`)
      else
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(document))
    })
    const fetchJson = fetchJsonOver(await path.open())
    const headers = { accept: 'application/json', authorization: 'Basic YWxpY2U6cHc=' }
    const options = { headers, timeoutMs: 5000 }
    expect(await fetchJson(`${server.url}sample/1.0`, options)).toMatchObject({
      status: 200,
      json: document
    })
    expect(server.seen[0]).toMatchObject({ method: 'GET' })
    expect(server.seen[0]!.headers.accept).toBe('application/json')
    expect(server.seen[0]!.headers.authorization).toBe('Basic YWxpY2U6cHc=')
    const missing = await fetchJson(`${server.url}missing`, options)
    expect(missing).toEqual({
      status: 404,
      statusText: 'Not Found',
      headers: expect.any(Object),
      body: 'no such'
    })
    const html = await fetchJson(`${server.url}html`, options)
    expect(html.status).toBe(200)
    expect(html).not.toHaveProperty('json')
    const huge = await fetchJson(`${server.url}huge`, options)
    expect(huge).not.toHaveProperty('json')
    expect(huge.body.length).toBe(BODY_LIMIT)
    expect(JSON_LIMIT).toBeGreaterThan(BODY_LIMIT)
  })
})

describe('choosing the path', () => {
  it('goes direct without a proxy variable and for hosts in NO_PROXY, through the proxy otherwise', async () => {
    const proxy = await startConnectProxy()
    closeAfterTest(() => proxy.close())
    const server = await recording(response => response.writeHead(200, 'OK').end())
    const env = { HTTP_PROXY: proxy.url }
    const cases: Array<[NodeJS.ProcessEnv, 'direct' | 'proxy']> = [
      [{}, 'direct'],
      [env, 'proxy'],
      [{ ...env, NO_PROXY: 'example.org, 127.0.0.1' }, 'direct'],
      [{ ...env, no_proxy: '*' }, 'direct'],
      [{ ...env, NO_PROXY: '127.0.0.1:1' }, 'proxy']
    ]
    for (const [variables, kind] of cases) {
      const transport = await openTransport(server.url, {}, variables)
      expect(transport.kind).toBe(kind)
      expect((await transport.send(post(server.url))).status).toBe(200)
      await transport.close()
    }
    expect(proxy.tunnels).toHaveLength(2)
    expect(server.seen).toHaveLength(5)
  })
})
