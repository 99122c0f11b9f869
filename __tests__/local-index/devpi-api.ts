/**
 * The read side of devpi-server's JSON API, as the local index's devpi flavour serves it: with
 * `Accept: application/json`, the index URL answers its configuration (`type` stage or mirror,
 * `acl_upload`), the server root and a user page list the indexes, and `<index>/<name>/<version>`
 * answers the stored release, redirecting a name not in normal form to the normal form. With
 * devpi-web, `/USER/INDEX/` and `/USER/` redirect to the path without its slash. Every devpi
 * answer carries the `X-Devpi-*` headers real servers send. matches-real.test.ts holds this to
 * devpi-server 6.19.1 with and without devpi-web 5.0.1.
 */
import { normalizeName } from '../../src/packaging/names.js'

/** What the devpi flavour knows about the index it serves. */
export interface DevpiIndexSetup {
  /** The index's own path, such as '/alice/dev/'. */
  basePath: string
  /** The server's origin, for the Location of a redirect (devpi's are absolute). */
  origin: string
  /** Whether devpi-web's views answer (see the top of this file). */
  web: boolean
  mirror: boolean
  aclUpload: string[]
  /** The stored fields of a release (the name as in the URL), or undefined. */
  release(name: string, version: string): Record<string, string | string[]> | undefined
}

export interface JsonAnswer {
  status: number
  message: string
  headers: Record<string, string>
  body?: string
}

/** The headers devpi-server adds to each answer. */
export const DEVPI_HEADERS = {
  'x-devpi-server-version': '6.19.1',
  'x-devpi-uuid': '4f3a0c5e8d7b4a1f9e2c6b5a4d3c2b1a',
  'x-devpi-serial': '7'
}

/** Answers a JSON GET of the devpi API, or undefined when the path is none of its URLs. */
export function answerDevpiJson(path: string, setup: DevpiIndexSetup): JsonAnswer | undefined {
  const indexConfig = {
    type: setup.mirror ? 'mirror' : 'stage',
    bases: [],
    volatile: true,
    ...(setup.mirror
      ? { mirror_url: 'https://pypi.org/simple/' }
      : { acl_upload: setup.aclUpload, mirror_whitelist: [] })
  }
  const [user, index] = setup.basePath.split('/').filter(Boolean)
  if (
    setup.web &&
    path.length > 1 &&
    path.endsWith('/') &&
    [setup.basePath, `/${user}/`].includes(path)
  ) {
    return redirect(`${setup.origin}${path.slice(0, -1)}`)
  }
  if (path === setup.basePath || `${path}/` === setup.basePath) {
    return json({ type: 'indexconfig', result: indexConfig })
  }
  const userConfig = {
    username: user,
    indexes: {
      [index ?? 'dev']: indexConfig,
      ...(setup.mirror ? {} : { pypi: { type: 'mirror' } })
    }
  }
  if (path === '/')
    return json({ type: 'list:userconfig', result: { [user ?? 'root']: userConfig } })
  if (path === `/${user}` || path === `/${user}/`) {
    return json({ type: 'userconfig', result: userConfig })
  }
  if (!path.startsWith(setup.basePath)) return undefined
  const [name, version, ...rest] = path
    .slice(setup.basePath.length)
    .split('/')
    .map(decodeURIComponent)
  if (name === undefined || version === undefined || rest.some(Boolean)) return undefined
  const normal = normalizeName(name)
  if (normal !== name) {
    return redirect(
      `${setup.origin}${setup.basePath}${encodeURIComponent(normal)}/${encodeURIComponent(version)}`
    )
  }
  const stored = setup.release(name, version)
  if (stored === undefined) {
    return { status: 404, message: 'Not Found', headers: { ...DEVPI_HEADERS } }
  }
  return json({ type: 'versiondata', result: { ...stored, '+links': [] } })
}

function redirect(location: string): JsonAnswer {
  return {
    status: 302,
    message: 'Found',
    headers: { ...DEVPI_HEADERS, location, 'content-type': 'application/json' },
    body: JSON.stringify({ code: '302 Found', title: 'Found' })
  }
}

function json(value: object): JsonAnswer {
  return {
    status: 200,
    message: 'OK',
    headers: { ...DEVPI_HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify(value)
  }
}
