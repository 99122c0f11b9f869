/**
 * Picks the path for one index, once: undici through the proxy that the environment names for this
 * URL, or Node's own client straight to the index. Each is loaded only when picked, so a run without
 * a proxy never loads undici.
 */
import { proxyFor } from './proxy-choice.js'
import type { TlsMaterial } from '../config/connection.js'
import type { Transport } from './transport.js'

/** The transport for requests to `url`, with the proxy settings of `env`. */
export async function openTransport(
  url: string,
  tls: TlsMaterial,
  env: NodeJS.ProcessEnv
): Promise<Transport> {
  const proxy = proxyFor(new URL(url), env)
  if (proxy === undefined) return (await import('./node-transport.js')).nodeTransport(tls)
  return (await import('./proxy-transport.js')).proxyTransport(proxy, tls)
}
