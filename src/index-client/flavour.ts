/**
 * Which index software answers at a URL. Pure. The advice for a refusal depends on it: a 403 from
 * pypiserver is a wrong password, from devpi a missing upload right, from pypi.org a name owned by
 * someone else. Recognised from the URL, the headers each server sets, and the shape of its
 * answers, as the servers' sources write them and as devpi-server and pypiserver answered here.
 */
import { isWarehouseHost } from '../config/repository.js'

export type ServerFlavour =
  'devpi' | 'pypiserver' | 'warehouse' | 'nexus' | 'artifactory' | 'gitlab' | 'unknown'

/** Names for messages. */
export const FLAVOUR_NAMES: Record<ServerFlavour, string> = {
  devpi: 'devpi',
  pypiserver: 'pypiserver',
  warehouse: 'pypi.org (Warehouse)',
  nexus: 'Nexus',
  artifactory: 'Artifactory',
  gitlab: 'GitLab',
  unknown: 'this index'
}

/** What is known of a server: any of its answer's parts. Header names in lower case. */
export interface ServerSigns {
  url: string
  headers?: Readonly<Record<string, string | undefined>>
  statusText?: string
  body?: string
}

/** The flavour the signs point to, or 'unknown'. Headers weigh more than the URL or the text. */
export function recogniseFlavour(signs: ServerSigns): ServerFlavour {
  const headers = signs.headers ?? {}
  const server = headers.server ?? ''
  // devpi-server sets these on every answer.
  if (headers['x-devpi-server-version'] !== undefined || headers['x-devpi-uuid'] !== undefined)
    return 'devpi'
  if (/artifactory/i.test(server) || headers['x-artifactory-id'] !== undefined) return 'artifactory'
  if (/nexus/i.test(server)) return 'nexus'
  if (headers['x-gitlab-meta'] !== undefined) return 'gitlab'
  if (/pypiserver/i.test(server)) return 'pypiserver'
  const { hostname, pathname } = new URL(signs.url)
  if (isWarehouseHost(hostname)) return 'warehouse'
  if (/\/api\/v4\/(?:projects|groups)\/[^/]+\/packages\/pypi\b/.test(pathname)) return 'gitlab'
  if (/\/artifactory\/api\/pypi\//.test(pathname)) return 'artifactory'
  if (/^\/repository\/[^/]+\/?$/.test(pathname) && /nexus/i.test(hostname)) return 'nexus'
  const text = `${signs.statusText ?? ''}\n${(signs.body ?? '').slice(0, 2000)}`
  if (/no permission to submit|cannot submit to mirror index|^invalid metadata:/im.test(text))
    return 'devpi'
  if (/pypiserver/i.test(text)) return 'pypiserver'
  if (/SSL is required|pre-registration is no longer/i.test(text)) return 'warehouse'
  return 'unknown'
}
