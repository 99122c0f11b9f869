/**
 * The proxy path: undici's ProxyAgent, through its public API, for the indexes a proxy variable
 * applies to (proxy-choice.ts decides). It opens a CONNECT tunnel through the proxy for http and
 * https alike, sends the proxy's credentials from the proxy URL, and runs TLS to the index inside
 * the tunnel with the index's CA and client certificate. Loaded only when a proxy applies: undici is
 * most of what a registration would otherwise cost to start.
 */
import { ProxyAgent, request as undiciRequest } from 'undici'
import {
  BoundedText,
  headerRecord,
  type Transport,
  type TransportRequest,
  type TransportResponse
} from './transport.js'
import type { TlsMaterial } from '../config/connection.js'

/** A transport that reaches the index through `proxy` (a URL, credentials in its userinfo). */
export function proxyTransport(proxy: string, tls: TlsMaterial): Transport {
  // The private CA may also have signed an https proxy's certificate; the client certificate is
  // for the index only.
  const agent = new ProxyAgent({
    uri: proxy,
    requestTls: tls,
    ...(tls.ca !== undefined ? { proxyTls: { ca: tls.ca } } : {})
  })
  return {
    kind: 'proxy',
    send: request => send(agent, request),
    close: () => agent.close()
  }
}

async function send(agent: ProxyAgent, request: TransportRequest): Promise<TransportResponse> {
  const signal = AbortSignal.timeout(request.timeoutMs)
  let response: Awaited<ReturnType<typeof undiciRequest>>
  try {
    response = await undiciRequest(request.url, {
      dispatcher: agent,
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal
    })
  } catch (error) {
    // The timer's own error, as on the direct path, rather than undici's wrapping of it.
    throw signal.aborted ? (signal.reason as Error) : error
  }
  const body = new BoundedText(request.bodyLimit)
  try {
    for await (const chunk of response.body) if (body.add(chunk as Buffer)) break
  } catch {
    // A body cut off mid-way (a reset, the timeout) still leaves a usable status line.
  } finally {
    response.body.destroy()
  }
  return {
    status: response.statusCode,
    statusText: response.statusText ?? '',
    headers: headerRecord(response.headers),
    body: body.text()
  }
}
