/**
 * The direct path: Node's own HTTP client, for every index no proxy variable applies to (most runs).
 * It loads no dependency, and `node:https` (with `node:tls`) only for an https URL. One connection per
 * request (`agent: false`): a registration sends one request per attempt, and nothing is left open
 * for the process to wait on at exit.
 */
import type { IncomingMessage } from 'node:http'
import {
  BoundedText,
  headerRecord,
  type Transport,
  type TransportRequest,
  type TransportResponse
} from './transport.js'
import type { TlsMaterial } from '../config/connection.js'

/** A transport that connects straight to the index, trusting `tls.ca` and showing `tls.cert`. */
export function nodeTransport(tls: TlsMaterial): Transport {
  return {
    kind: 'direct',
    send: request => send(request, tls),
    close: async () => undefined
  }
}

async function send(request: TransportRequest, tls: TlsMaterial): Promise<TransportResponse> {
  const signal = AbortSignal.timeout(request.timeoutMs)
  const url = new URL(request.url)
  const https = url.protocol === 'https:'
  const { request: open } = https ? await import('node:https') : await import('node:http')
  const headers: Record<string, string> = { ...request.headers }
  if (request.body !== undefined) headers['content-length'] = String(request.body.byteLength)
  return new Promise((resolve, reject) => {
    let answered = false
    const outgoing = open(
      url,
      { method: request.method, headers, agent: false, signal, ...(https ? tls : {}) },
      response => {
        answered = true
        readAnswer(response, request.bodyLimit).then(resolve, reject)
      }
    )
    // Once the status line is in, a failure only cuts the body short (see readAnswer).
    outgoing.on('error', error => {
      if (!answered) reject(signal.aborted ? (signal.reason as Error) : error)
    })
    outgoing.end(request.body)
  })
}

/** The status line, the headers, and the body up to its limit, or as much as came before a failure. */
function readAnswer(response: IncomingMessage, bodyLimit?: number): Promise<TransportResponse> {
  return new Promise(resolve => {
    const body = new BoundedText(bodyLimit)
    const finish = (): void =>
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: headerRecord(response.headers),
        body: body.text()
      })
    response.on('data', (chunk: Buffer) => {
      // The rest is not read: the connection is closed, whatever the index still sends.
      if (body.add(chunk)) response.destroy()
    })
    response.on('error', () => undefined) // 'close' follows, with what arrived.
    response.on('close', finish)
  })
}
