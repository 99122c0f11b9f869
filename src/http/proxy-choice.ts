/**
 * Whether a proxy carries the requests to a URL, and which. Pure: the environment is passed in. The
 * one place this is decided; the transports only carry out the answer.
 *
 * The rules are those curl and pip share, as this action has always applied them:
 * - the lower-case variable wins over the upper-case one when it is set (https_proxy, HTTPS_PROXY);
 * - an https URL uses HTTPS_PROXY, and HTTP_PROXY when only that is set; an http URL uses HTTP_PROXY;
 * - NO_PROXY is a list separated by commas or spaces: `*` alone exempts every host; an entry
 *   exempts its host and every host below it (`example.com`, `.example.com` and `*.example.com`
 *   all exempt `pypi.example.com`); `host:port` exempts that port only; no CIDR ranges.
 */
import { proxyVariable } from '../config/connection.js'

/** The proxy URL to use for `url`, or undefined for a direct connection. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): string | undefined {
  const value = (name: 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY') =>
    proxyVariable(env, name)[1] || undefined
  const httpProxy = value('HTTP_PROXY')
  const proxy = url.protocol === 'https:' ? (value('HTTPS_PROXY') ?? httpProxy) : httpProxy
  if (proxy === undefined) return undefined
  return exempted(url, value('NO_PROXY') ?? '') ? undefined : proxy
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 }

/** True when an entry of the NO_PROXY list covers the URL's host (and port). */
export function exempted(url: URL, noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]+/).filter(Boolean)
  if (entries.length === 1 && entries[0] === '*') return true
  // URL keeps the brackets of an IPv6 address in hostname; NO_PROXY lists it with or without them.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0
  return entries.some(entry => {
    const [name, entryPort] = splitEntry(entry.toLowerCase())
    if (entryPort !== undefined && entryPort !== port) return false
    return host === name || host.endsWith(`.${name}`)
  })
}

/** `host`, `.host`, `*.host`, `host:port`, `[::1]:port` → the bare host and the port, if any. */
function splitEntry(entry: string): [string, number | undefined] {
  let name = entry
  let port: number | undefined
  const withPort = /^(.+):(\d+)$/.exec(entry)
  // A bare IPv6 address has colons of its own: its last group is not a port.
  if (withPort !== null && !(withPort[1]!.includes(':') && !withPort[1]!.startsWith('['))) {
    name = withPort[1]!
    port = Number(withPort[2])
  }
  return [name.replace(/^\[(.*)\]$/, '$1').replace(/^\*?\./, ''), port]
}
