/**
 * What shapes the connection to an index: the proxy the environment names (HTTPS_PROXY,
 * HTTP_PROXY, NO_PROXY, as curl and pip read them), extra CAs to trust, and a client certificate.
 * The TLS files are read and checked before anything is sent, so that a wrong path fails at once
 * with the input that named it, and never half-way through a registration. The HTTP client itself
 * lives in index-client.ts, loaded only when something is sent.
 */
import { readFile } from 'node:fs/promises'
import type { SecureContextOptions } from 'node:tls'
import { InputError } from './errors.js'

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

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g
const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/

/** Reads and checks the files; the error names the file and where it was given, never its content. */
export async function loadTlsMaterial(files: TlsFiles): Promise<TlsMaterial> {
  const material: TlsMaterial = {}
  if (files.caCert === undefined && files.clientCert === undefined) return material
  // Loaded only when there are files to check: most runs have none, and every start pays for it.
  const { createSecureContext, rootCertificates } = await import('node:tls')
  // Node's own check of the PEM content, so that a damaged file fails here, not at connect time.
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
    const text = await readPem(files.caCert)
    const certificates = text.match(CERTIFICATE)
    if (certificates === null) {
      throw new InputError(
        `${files.caCert.path} (${files.caCert.origin}) holds no PEM certificate.`,
        'Give a PEM file with one or more "-----BEGIN CERTIFICATE-----" blocks: the CA that signed the index\'s certificate.'
      )
    }
    assertUsable({ ca: certificates }, files.caCert)
    // Added to the system's roots, so that other indexes in the same run keep working.
    material.ca = [...rootCertificates, ...certificates]
  }
  if (files.clientCert !== undefined) {
    const text = await readPem(files.clientCert)
    const certificate = text.match(CERTIFICATE)?.[0]
    const key = PRIVATE_KEY.exec(text)
    if (certificate === undefined || key === null) {
      throw new InputError(
        `${files.clientCert.path} (${files.clientCert.origin}) must hold both a PEM certificate and its private key; it has ${certificate === undefined ? 'no certificate' : 'no private key'}.`,
        'Concatenate the client certificate and its unencrypted private key into one PEM file (as twine expects for client_cert).'
      )
    }
    if (key[1] === 'ENCRYPTED PRIVATE KEY') {
      throw new InputError(
        `The private key in ${files.clientCert.path} (${files.clientCert.origin}) is encrypted.`,
        'Decrypt it (openssl pkey -in key.pem -out plain.pem) and keep the file in a secret.'
      )
    }
    assertUsable({ cert: certificate, key: key[0] }, files.clientCert)
    material.cert = certificate
    material.key = key[0]
  }
  return material
}

/**
 * The proxy settings in effect, for the log: which variable names which proxy (without its
 * credentials), and the NO_PROXY list. Undefined when no proxy is set.
 */
export function describeProxies(env: NodeJS.ProcessEnv): string | undefined {
  const parts: string[] = []
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY'] as const) {
    const [variable, value] = proxyVariable(env, name)
    if (value) parts.push(`${variable}=${withoutUserinfo(value)}`)
  }
  if (parts.length === 0) return undefined
  const [noProxyVariable, noProxy] = proxyVariable(env, 'NO_PROXY')
  if (noProxy) parts.push(`${noProxyVariable}=${noProxy}`)
  return parts.join(', ')
}

/** The password in a proxy URL of the environment, to be masked. */
export function proxyPasswords(env: NodeJS.ProcessEnv): string[] {
  const passwords: string[] = []
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY'] as const) {
    const value = proxyVariable(env, name)[1]
    const password = value ? safeUrl(value)?.password : undefined
    if (password) passwords.push(password, decodeURIComponent(password))
  }
  return passwords
}

/** undici, like curl, prefers the lower-case variable. */
function proxyVariable(env: NodeJS.ProcessEnv, name: string): [string, string | undefined] {
  const lower = name.toLowerCase()
  return env[lower] ? [lower, env[lower]] : [name, env[name]]
}

function withoutUserinfo(value: string): string {
  const url = safeUrl(value)
  if (url === undefined) return value.replace(/\/\/[^/@]*@/, '//***@')
  url.username = ''
  url.password = ''
  return url.href
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
      'Check the path: it is relative to the workspace. A certificate kept in a secret must be written to a file by an earlier step.'
    )
  }
}
