/**
 * What the test files know of the real servers the global setup started: their addresses, and
 * an index of its own for each test on devpi, so that tests running side by side never see each
 * other's releases.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { devpiApi, type DevpiServer, type PypiServer } from './launch.js'

export type { DevpiServer, PypiServer }

/** Names the file the global setup wrote the servers' addresses to. */
export const SERVERS_VARIABLE = 'PYPI_REGISTER_TEST_SERVERS'

export interface RealServers {
  /** devpi-server with devpi-web: the usual deployment. */
  devpi: DevpiServer
  /** devpi-server alone. */
  devpiPlain: DevpiServer
  pypiserver: PypiServer
}

let cached: RealServers | undefined

/** The servers of this run; throws when jest ran without the global setup. */
export function realServers(): RealServers {
  if (cached !== undefined) return cached
  const file = process.env[SERVERS_VARIABLE]
  if (!file) {
    throw new Error(
      `${SERVERS_VARIABLE} is not set: run the tests through jest with this repository's jest.config.js, whose global setup starts the real servers.`
    )
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as RealServers
  return cached
}

/** Both devpi deployments, named for test titles. */
export function devpiDeployments(): Array<[string, DevpiServer]> {
  const { devpi, devpiPlain } = realServers()
  return [
    ['devpi-server 6.19.1 with devpi-web 5.0.1', devpi],
    ['devpi-server 6.19.1 alone', devpiPlain]
  ]
}

export interface NewIndexOptions {
  /** The user who owns the index, and who creates it. */
  owner: { username: string; password: string }
  /** devpi's acl_upload; devpi's default (the owner) when absent. */
  aclUpload?: string[]
  /** Whether released versions may be overwritten (devpi's `volatile`); true when absent. */
  volatile?: boolean
}

/**
 * Creates a stage index of its own on `server` and returns its URL with the trailing slash, the
 * form the README gives (`http://127.0.0.1:PORT/alice/t-1a2b3c4d/`).
 */
export async function newDevpiIndex(
  server: DevpiServer,
  options: NewIndexOptions
): Promise<string> {
  const name = `t-${randomBytes(4).toString('hex')}`
  const { username, password } = options.owner
  await devpiApi(
    server.origin,
    'PUT',
    `/${username}/${name}`,
    {
      type: 'stage',
      bases: [],
      volatile: options.volatile ?? true,
      ...(options.aclUpload ? { acl_upload: options.aclUpload } : {})
    },
    [username, password]
  )
  return `${server.origin}/${username}/${name}/`
}

/** A release as devpi stores it (`GET <index>/<name>/<version>`, JSON), or undefined (404). */
export async function devpiRelease(
  indexUrl: string,
  name: string,
  version: string
): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(new URL(`${name}/${version}`, indexUrl), {
    headers: { accept: 'application/json' }
  })
  if (response.status === 404) return undefined
  if (!response.ok) throw new Error(`devpi answered ${response.status} for ${name} ${version}`)
  return ((await response.json()) as { result: Record<string, unknown> }).result
}
