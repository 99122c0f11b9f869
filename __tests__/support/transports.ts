/**
 * The two paths a request can take, for tests that must hold on both: Node's own client straight to
 * the server, and undici through a loopback CONNECT proxy (started for the test, closed after it).
 */
import { afterEach } from '@jest/globals'
import { nodeTransport } from '../../src/http/node-transport.js'
import { proxyTransport } from '../../src/http/proxy-transport.js'
import type { TlsMaterial } from '../../src/config/connection.js'
import type { Transport } from '../../src/http/transport.js'
import { startConnectProxy, type ConnectProxy } from './connect-proxy.js'

export interface TransportCase {
  kind: 'direct' | 'proxy'
  /** A transport on this path; for the proxy path, `proxy()` then shows the tunnels it opened. */
  open(tls?: TlsMaterial): Promise<Transport>
  /** The proxy of the last open() (proxy path only). */
  proxy(): ConnectProxy | undefined
}

const cleanups: Array<() => Promise<void>> = []

/** Closes what the cases opened; call once per test file. */
export function closeTransportsAfterEach(): void {
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map(close => close()))
  })
}

function directCase(): TransportCase {
  return {
    kind: 'direct',
    open: async (tls = {}) => {
      const transport = nodeTransport(tls)
      cleanups.push(() => transport.close())
      return transport
    },
    proxy: () => undefined
  }
}

function proxyCase(): TransportCase {
  let last: ConnectProxy | undefined
  return {
    kind: 'proxy',
    open: async (tls = {}) => {
      const proxy = await startConnectProxy()
      last = proxy
      const transport = proxyTransport(proxy.url, tls)
      cleanups.push(async () => {
        await transport.close()
        await proxy.close()
      })
      return transport
    },
    proxy: () => last
  }
}

/** Both paths, for describe.each: [name, case]. */
export const TRANSPORT_CASES: Array<[string, TransportCase]> = [
  ['direct (node:http)', directCase()],
  ['through a proxy (undici)', proxyCase()]
]
