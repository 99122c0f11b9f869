/**
 * The redirects the server probe and the read-back follow: on the same origin only, with the same
 * headers, a bounded number of times, within one timeout. Against loopback servers, on both
 * transport paths (direct and through a proxy).
 */
import { describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { fetchJsonOver } from '../src/index-client/client.js'
import type { JsonAnswer } from '../src/index-client/fetch-json.js'
import {
  followingSameOriginRedirects,
  MAX_REDIRECTS,
  sameOriginTarget
} from '../src/index-client/same-origin-redirects.js'
import { cleanUpAfterEach, listen } from './support/action-harness.js'
import { closeTransportsAfterEach, TRANSPORT_CASES } from './support/transports.js'

cleanUpAfterEach()
closeTransportsAfterEach()

const answer = (status: number, location?: string): JsonAnswer => ({
  status,
  statusText: '',
  headers: location === undefined ? {} : { location },
  body: ''
})

describe('sameOriginTarget', () => {
  it('resolves a redirect on the same origin, relative or absolute', () => {
    expect(sameOriginTarget(answer(302, '/alice/dev'), 'http://h:3141/alice/dev/')).toBe(
      'http://h:3141/alice/dev'
    )
    expect(sameOriginTarget(answer(301, 'mixed-case/1.0'), 'http://h:3141/alice/dev/')).toBe(
      'http://h:3141/alice/dev/mixed-case/1.0'
    )
    for (const status of [301, 302, 303, 307, 308]) {
      expect(sameOriginTarget(answer(status, 'http://h:3141/x'), 'http://h:3141/y')).toBe(
        'http://h:3141/x'
      )
    }
  })

  it('never leaves the origin: another host, port or scheme is not followed', () => {
    for (const location of [
      'http://other:3141/alice/dev',
      'http://h:3142/alice/dev',
      'https://h:3141/alice/dev',
      '//other/alice/dev'
    ]) {
      expect(sameOriginTarget(answer(302, location), 'http://h:3141/alice/dev/')).toBeUndefined()
    }
  })

  it('is no redirect without a Location, or for another status', () => {
    expect(sameOriginTarget(answer(302), 'http://h/')).toBeUndefined()
    expect(sameOriginTarget(answer(304, '/x'), 'http://h/')).toBeUndefined()
    expect(sameOriginTarget(answer(200, '/x'), 'http://h/')).toBeUndefined()
  })
})

/** A loopback server that records the requests and answers with `handle`. */
async function server(
  handle: (request: IncomingMessage, response: ServerResponse) => void
): Promise<{ origin: string; seen: Array<{ url: string; authorization?: string }> }> {
  const seen: Array<{ url: string; authorization?: string }> = []
  const origin = await listen(
    createServer((request, response) => {
      seen.push({
        url: request.url ?? '',
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {})
      })
      handle(request, response)
    })
  )
  return { origin, seen }
}

const HEADERS = { authorization: 'Basic YWxpY2U6cHc=', accept: 'application/json' }

describe.each(TRANSPORT_CASES)('followingSameOriginRedirects, %s', (_, path) => {
  it('follows devpi-web’s 302 with the same headers, and says where the answer came from', async () => {
    const devpi = await server((request, response) => {
      if (request.url === '/alice/dev/') {
        response.writeHead(302, { location: `http://${request.headers.host}/alice/dev` }).end()
      } else
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"type":"indexconfig"}')
    })
    const fetchJson = followingSameOriginRedirects(fetchJsonOver(await path.open()))
    const got = await fetchJson(`${devpi.origin}/alice/dev/`, { headers: HEADERS, timeoutMs: 5000 })
    expect(got).toMatchObject({
      status: 200,
      json: { type: 'indexconfig' },
      url: `${devpi.origin}/alice/dev`
    })
    expect(devpi.seen).toEqual([
      { url: '/alice/dev/', authorization: HEADERS.authorization },
      { url: '/alice/dev', authorization: HEADERS.authorization }
    ])
  })

  it('does not follow a redirect to another origin: the credentials stay where they were sent', async () => {
    const elsewhere = await server((_, response) => response.writeHead(200).end('{}'))
    const index = await server((_, response) =>
      response.writeHead(302, { location: `${elsewhere.origin}/alice/dev` }).end()
    )
    const fetchJson = followingSameOriginRedirects(fetchJsonOver(await path.open()))
    const got = await fetchJson(`${index.origin}/alice/dev/`, { headers: HEADERS, timeoutMs: 5000 })
    expect(got.status).toBe(302)
    expect(elsewhere.seen).toEqual([])
  })

  it(`stops after ${MAX_REDIRECTS} redirects in a row, with the last answer`, async () => {
    const looping = await server((request, response) => {
      const hop = Number(/\d+$/.exec(request.url ?? '')?.[0] ?? 0)
      response.writeHead(302, { location: `/loop/${hop + 1}` }).end()
    })
    const fetchJson = followingSameOriginRedirects(fetchJsonOver(await path.open()))
    const got = await fetchJson(`${looping.origin}/loop/0`, { headers: HEADERS, timeoutMs: 5000 })
    expect(got.status).toBe(302)
    expect(looping.seen).toHaveLength(MAX_REDIRECTS + 1)
  })

  it('bounds the whole chain by one timeout', async () => {
    const slow = await server((request, response) => {
      setTimeout(() => response.writeHead(302, { location: `${request.url}x` }).end(), 400)
    })
    const fetchJson = followingSameOriginRedirects(fetchJsonOver(await path.open()))
    await fetchJson(`${slow.origin}/a`, { headers: HEADERS, timeoutMs: 1000 }).catch(
      () => undefined
    )
    // Each answer takes 400 ms: a timeout for each request would let all six through; one for
    // the chain leaves time for three at most.
    expect(slow.seen.length).toBeLessThanOrEqual(3)
  })
})
