/**
 * What shapes the connection to an index: the proxy the environment names (HTTPS_PROXY,
 * HTTP_PROXY, NO_PROXY, as curl and pip read them), extra CAs to trust, and a client certificate.
 * The TLS files are read and checked before anything is sent, so that a wrong path fails at once
 * with the input that named it, and never half-way through a registration. The connections
 * themselves are opened in http/, loaded only when something is sent.
 */
import { readFile } from 'node:fs/promises'
import type { SecureContextOptions } from 'node:tls'
import { InputError } from '../errors.js'
import { either } from '../wording.js'

/** A TLS file and where its path was given, for messages. */
export interface TlsFile {
  path: string
  origin: string
}

export interface TlsFiles {
  /** PEM certificates of the CAs to trust, besides the system's. */
  caCert?: TlsFile
  /** PEM holding a client certificate and its private key. */
  clientCert?: TlsFile
}

/** What a TLS connection to an index is configured with. */
export interface TlsMaterial {
  ca?: string[]
  cert?: string
  key?: string
}

/**
 * Reads and checks the files; the error names the file and where it was given, never its content.
 * Each certificate and key is parsed (config/tls-files.ts), and a TLS context is then built from
 * them, so that a damaged or mismatched file fails here, before anything is sent.
 */
export async function loadTlsMaterial(files: TlsFiles): Promise<TlsMaterial> {
  const material: TlsMaterial = {}
  if (files.caCert === undefined && files.clientCert === undefined) return material
  // Loaded only when there are files to check: most runs have none, and every start pays for it.
  const [{ createSecureContext, rootCertificates }, checks] = await Promise.all([
    import('node:tls'),
    import('./tls-files.js')
  ])
  // Node's own check of the parsed material, for what parsing alone does not catch.
  const assertUsable = (options: SecureContextOptions, file: TlsFile): void => {
    try {
      createSecureContext(options)
    } catch (error) {
      throw new InputError(
        `${file.path} (${file.origin}) cannot be used for TLS: ${(error as Error).message}.`,
        'Check that each certificate and key is a complete PEM block, and that the key belongs to the certificate.'
      )
    }
  }
  if (files.caCert !== undefined) {
    const certificates = checks.checkCaCertificates(await readPem(files.caCert), files.caCert)
    assertUsable({ ca: certificates }, files.caCert)
    // Added to the system's roots, so that other indexes in the same run keep working.
    material.ca = [...rootCertificates, ...certificates]
  }
  if (files.clientCert !== undefined) {
    const pair = checks.checkClientCertificate(await readPem(files.clientCert), files.clientCert)
    assertUsable(pair, files.clientCert)
    material.cert = pair.cert
    material.key = pair.key
  }
  return material
}

/**
 * The proxy settings in effect, for the log: which variable names which proxy (without its
 * credentials), and the NO_PROXY list. Undefined when no proxy is set. A proxy URL that cannot be
 * used (not a URL, no http:// or https:// scheme, or credentials with a broken `%` escape, which
 * the HTTP client would fail to decode half-way through) is an InputError naming the variable,
 * never showing its value. Every run calls it before anything is sent, dry runs included.
 */
export function describeProxies(env: NodeJS.ProcessEnv): string | undefined {
  const parts: string[] = []
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY'] as const) {
    const [variable, value] = proxyVariable(env, name)
    if (value) parts.push(`${variable}=${withoutUserinfo(checkedProxyUrl(variable, value))}`)
  }
  if (parts.length === 0) return undefined
  const [noProxyVariable, noProxy] = proxyVariable(env, 'NO_PROXY')
  if (noProxy) parts.push(`${noProxyVariable}=${noProxy}`)
  return parts.join(', ')
}

/**
 * The user name and password of each proxy URL in effect, decoded as the HTTP client sends them
 * (an empty password when the URL has only a user name, which is then the credential). A value
 * with a broken escape is returned raw: describeProxies reports it before anything is sent.
 */
export function proxyCredentials(env: NodeJS.ProcessEnv): Array<[string, string]> {
  const credentials: Array<[string, string]> = []
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY'] as const) {
    const value = proxyVariable(env, name)[1]
    const url = value ? safeUrl(value) : undefined
    if (url === undefined || (url.username === '' && url.password === '')) continue
    credentials.push([
      safeDecode(url.username) ?? url.username,
      safeDecode(url.password) ?? url.password
    ])
  }
  return credentials
}

/** The parsed proxy URL; what the HTTP client could not use is an error naming the variable. */
function checkedProxyUrl(variable: string, value: string): URL {
  const url = safeUrl(value)
  const advice =
    'Give the proxy as http://host:port, with any user name and password percent-encoded (a % itself is %25).'
  if (url === undefined) {
    throw new InputError(
      `${variable} is not a URL (its value is not shown: it may hold credentials).`,
      advice
    )
  }
  // `proxy:3128` parses as a URL of scheme `proxy:`, and `user:pass@proxy:3128` as one of scheme
  // `user:`: neither names a proxy the HTTP client can reach.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `${variable} does not start with http:// or https:// (its value is not shown: it may hold credentials).`,
      advice
    )
  }
  for (const [part, text] of [
    ['user name', url.username],
    ['password', url.password]
  ] as const) {
    if (safeDecode(text) === undefined) {
      throw new InputError(
        `The ${part} in ${variable} has a % that does not start a valid escape (%XX in hex, UTF-8).`,
        advice
      )
    }
  }
  return url
}

/**
 * The variable in effect for `name` (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and its value: the
 * lower-case one when it is set, as curl and pip read them. The one place this rule lives.
 */
export function proxyVariable(
  env: NodeJS.ProcessEnv,
  name: 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY'
): [string, string | undefined] {
  const lower = name.toLowerCase()
  return env[lower] ? [lower, env[lower]] : [name, env[name]]
}

function withoutUserinfo(parsed: URL): string {
  const url = new URL(parsed.href)
  url.username = ''
  url.password = ''
  return url.href
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

async function readPem(file: TlsFile): Promise<string> {
  try {
    return await readFile(file.path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      `${file.path} (${file.origin}) ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}.`,
      either(
        'Check the path: it is relative to the workspace. A certificate kept in a secret must be written to a file by an earlier step.',
        'Check the path: it is relative to the current folder.'
      )
    )
  }
}
