/**
 * Retries against real loopback servers, on both transports (direct, and through a proxy); the waits
 * are recorded rather than waited.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { submitRegistration, type SubmitOptions } from '../src/index-client/client.js'
import {
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  isRetryable,
  retryDelayMs
} from '../src/index-client/retry.js'
import {
  closeTransportsAfterEach,
  TRANSPORT_CASES,
  type TransportCase
} from './support/transports.js'

closeTransportsAfterEach()

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(server => {
      server.closeAllConnections()
      return new Promise(resolve => server.close(resolve))
    })
  )
})

/** A server answering its n-th request with `answers[n]` (the last one repeats). */
async function scripted(
  answers: Array<(response: ServerResponse, request: IncomingMessage) => void>
): Promise<{ url: string; count: () => number }> {
  let count = 0
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      const answer = answers[Math.min(count, answers.length - 1)]!
      count++
      answer(response, request)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    count: () => count
  }
}

const status =
  (code: number, message: string, headers: Record<string, string> = {}) =>
  (response: ServerResponse): void => {
    response.writeHead(code, message, headers).end()
  }

async function submit(path: TransportCase, url: string, overrides: Partial<SubmitOptions> = {}) {
  const waits: number[] = []
  const retries: string[] = []
  const outcome = await submitRegistration({
    url,
    transport: await path.open(),
    fields: [[':action', 'submit']],
    userAgent: 'test',
    timeoutMs: 5000,
    retries: 3,
    sleep: async ms => {
      waits.push(ms)
    },
    onRetry: message => retries.push(message),
    ...overrides
  })
  // The proxy path must really have gone through the proxy.
  if (path.kind === 'proxy') expect(path.proxy()?.tunnels.length).toBeGreaterThan(0)
  return { outcome, waits, retries }
}

describe.each(TRANSPORT_CASES)('retrying, %s', (_, path) => {
  it('500 then 200: registered on the second attempt, with a backoff wait in between', async () => {
    const server = await scripted([status(500, 'Internal Server Error'), status(200, 'OK')])
    const { outcome, waits, retries } = await submit(path, server.url)
    expect(outcome).toMatchObject({ status: 'registered', attempts: 2 })
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(BASE_DELAY_MS / 2)
    expect(waits[0]).toBeLessThanOrEqual(BASE_DELAY_MS)
    expect(retries[0]).toMatch(
      /500 Internal Server Error\. Trying again in 0\.\d s \(attempt 2 of 4\)\.$/
    )
  })

  it('429 waits as long as Retry-After says', async () => {
    const server = await scripted([
      status(429, 'Too Many Requests', { 'retry-after': '2' }),
      status(200, 'OK')
    ])
    const { outcome, waits } = await submit(path, server.url)
    expect(outcome).toMatchObject({ status: 'registered', attempts: 2 })
    expect(waits).toEqual([2000])
  })

  it('gives up after the retries, reporting the last answer and the attempts', async () => {
    const server = await scripted([status(503, 'Service Unavailable')])
    const { outcome, waits } = await submit(path, server.url, { retries: 2 })
    expect(outcome).toMatchObject({ status: 'server-error', attempts: 3, httpStatus: 503 })
    expect(server.count()).toBe(3)
    expect(waits).toHaveLength(2)
  })

  it.each([
    [400, 'invalid metadata: version'],
    [401, 'Unauthorized'],
    [403, 'no permission to submit'],
    [308, 'Permanent Redirect']
  ])('never retries %i', async (code, message) => {
    const server = await scripted([status(code, message, code === 308 ? { location: '/x/' } : {})])
    const { outcome } = await submit(path, server.url)
    expect(outcome.attempts).toBe(1)
    expect(server.count()).toBe(1)
  })

  it('retries a connection closed before any answer', async () => {
    const server = await scripted([
      (_response, request) => request.socket.destroy(),
      status(200, 'OK')
    ])
    const { outcome } = await submit(path, server.url)
    expect(outcome).toMatchObject({ status: 'registered', attempts: 2 })
  })

  it('retries an answer slower than the timeout, and reports the timeout at the end', async () => {
    const server = await scripted([() => undefined])
    const { outcome } = await submit(path, server.url, { timeoutMs: 300, retries: 1 })
    expect(outcome).toMatchObject({ status: 'network-error', attempts: 2 })
    expect(outcome.message).toBe(`${server.url} did not answer within 0.3 s.`)
    expect(server.count()).toBe(2)
  })

  it('does not retry a refused connection: nothing listens there', async () => {
    const server = await scripted([status(200, 'OK')])
    const url = server.url
    await new Promise(resolve => servers.pop()!.close(resolve))
    const { outcome } = await submit(path, url)
    expect(outcome).toMatchObject({ status: 'network-error', attempts: 1 })
  })
})

describe('the retry policy', () => {
  const outcome = (httpStatus?: number) => ({
    status: httpStatus === undefined ? ('network-error' as const) : ('server-error' as const),
    ok: false,
    message: 'm',
    ...(httpStatus === undefined ? {} : { httpStatus })
  })

  it('retries 5xx, 429, resets and timeouts only', () => {
    expect(isRetryable({ outcome: outcome(502) })).toBe(true)
    expect(isRetryable({ outcome: outcome(429) })).toBe(true)
    expect(isRetryable({ outcome: outcome(404) })).toBe(false)
    expect(isRetryable({ outcome: outcome(), errorCode: 'ECONNRESET' })).toBe(true)
    expect(isRetryable({ outcome: outcome(), errorCode: 'TIMEOUT' })).toBe(true)
    expect(isRetryable({ outcome: outcome(), errorCode: 'ENOTFOUND' })).toBe(false)
  })

  it('doubles the wait with jitter, honours Retry-After in seconds or as a date, and caps both', () => {
    expect([1, 2, 3].map(attempt => retryDelayMs(attempt, undefined, 1, 0))).toEqual([
      500, 1000, 2000
    ])
    expect(retryDelayMs(1, undefined, 0, 0)).toBe(250)
    expect(retryDelayMs(12, undefined, 1, 0)).toBe(MAX_DELAY_MS)
    expect(retryDelayMs(1, '7', 0.5, 0)).toBe(7000)
    expect(
      retryDelayMs(
        1,
        'Wed, 25 Nov 2026 10:00:05 GMT',
        0.5,
        Date.parse('Wed, 25 Nov 2026 10:00:00 GMT')
      )
    ).toBe(5000)
    expect(retryDelayMs(1, '3600', 0.5, 0)).toBe(MAX_DELAY_MS)
  })
})
