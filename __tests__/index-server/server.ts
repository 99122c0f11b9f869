/**
 * A legacy package index on loopback for tests and the demo. It answers `:action=submit` the way
 * real servers do (REFERENCE.md §2): devpi stores the metadata and puts its messages in the status
 * line, pypiserver accepts and stores nothing, Warehouse (pypi.org) refuses pre-registration.
 * Ownership follows the original PyPI rules: the first submitter of a name is its Owner, Owners
 * grant Owner or Maintainer roles, and anyone else is refused.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { MultipartError, parseMultipart, type FormPart } from './multipart.js'

export type Flavour = 'devpi' | 'pypiserver' | 'warehouse'
export type Role = 'Owner' | 'Maintainer'

export interface LocalIndexOptions {
  flavour: Flavour
  /** User name → password. */
  users?: Record<string, string>
  /** Warehouse only: behave as if TLS were terminated in front, instead of answering 403 over http. */
  behindTls?: boolean
  /** The path the index answers on; default `/`. */
  path?: string
}

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** The form parts, when the body was multipart. */
  parts?: FormPart[]
}

/** A release's stored metadata: one string per single field, a list per repeated field. */
export type Release = Record<string, string | string[]>

export interface Project {
  name: string
  owners: Set<string>
  maintainers: Set<string>
  releases: Map<string, Release>
}

export interface LocalIndex {
  /** The repository URL, with its trailing slash. */
  url: string
  /** Every request received, in order. */
  requests: ReceivedRequest[]
  /** Projects by normalised name. */
  projects: Map<string, Project>
  /** `by` (an Owner) gives `user` a role on `project`; throws otherwise. */
  grant(by: string, project: string, user: string, role: Role): void
  /** The stored metadata of a release, if any. */
  record(name: string, version: string): Release | undefined
  close(): Promise<void>
}

/** The fields devpi keeps; anything else a client sends is dropped, like `provides_extra`. */
const STORED_FIELDS = new Set([
  'metadata_version',
  'name',
  'version',
  'summary',
  'home_page',
  'author',
  'author_email',
  'maintainer',
  'maintainer_email',
  'license',
  'license_expression',
  'license_file',
  'description',
  'description_content_type',
  'keywords',
  'platform',
  'supported_platform',
  'classifiers',
  'download_url',
  'requires_dist',
  'requires_python',
  'requires_external',
  'project_urls',
  'provides_dist',
  'obsoletes_dist',
  'requires',
  'provides',
  'obsoletes',
  'provides_extras',
  'dynamic',
  'import_name',
  'import_namespace'
])

const REPEATED_FIELDS = new Set([
  'platform',
  'supported_platform',
  'classifiers',
  'requires_dist',
  'requires_external',
  'project_urls',
  'provides_dist',
  'obsoletes_dist',
  'requires',
  'provides',
  'obsoletes',
  'provides_extras',
  'dynamic',
  'license_file',
  'import_name',
  'import_namespace'
])

const PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i
const PEP440_VERSION =
  /^v?(\d+!)?\d+(\.\d+)*([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?(-\d+|[-_.]?(post|rev|r)[-_.]?\d*)?([-_.]?dev[-_.]?\d*)?(\+[a-z0-9]+([-_.][a-z0-9]+)*)?$/i

/** PEP 503: names are compared lower-cased with runs of `-`, `_` and `.` as one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/** Starts an index on 127.0.0.1 with a free port. */
export async function startLocalIndex(options: LocalIndexOptions): Promise<LocalIndex> {
  const basePath = options.path ?? '/'
  const requests: ReceivedRequest[] = []
  const projects = new Map<string, Project>()
  const context: Context = { options, basePath, projects }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks)
      }
      requests.push(received)
      handle(context, received, request, response)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    projects,
    grant(by, projectName, user, role) {
      const project = projects.get(normalizeName(projectName))
      if (project === undefined || !project.owners.has(by)) {
        throw new Error(`${by} is not an Owner of ${projectName}`)
      }
      ;(role === 'Owner' ? project.owners : project.maintainers).add(user)
    },
    record(name, version) {
      return projects.get(normalizeName(name))?.releases.get(version)
    },
    close() {
      server.closeAllConnections()
      return new Promise(resolve => server.close(() => resolve()))
    }
  }
}

interface Context {
  options: LocalIndexOptions
  basePath: string
  projects: Map<string, Project>
}

function handle(
  context: Context,
  received: ReceivedRequest,
  request: IncomingMessage,
  response: ServerResponse
): void {
  if (received.method === 'GET') {
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ projects: describeProjects(context.projects) }, null, 2))
    return
  }
  const requestPath = received.path.replace(/\?.*$/, '')
  if (
    context.options.flavour === 'warehouse' &&
    requestPath === context.basePath.replace(/\/$/, '') &&
    requestPath !== ''
  ) {
    response.setHeader('location', context.basePath)
    return answer(response, 308, 'Permanent Redirect')
  }
  if (received.method !== 'POST') return answer(response, 405, 'Method Not Allowed')
  if (requestPath !== context.basePath) return answer(response, 404, 'Not Found')

  FLAVOURS[context.options.flavour](context, received, request, response)
}

/** Parses the form, or answers 400 and returns undefined when the body is not multipart. */
function readForm(
  received: ReceivedRequest,
  request: IncomingMessage,
  response: ServerResponse
): FormPart[] | undefined {
  try {
    received.parts = parseMultipart(received.body, request.headers['content-type'] ?? '')
    return received.parts
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error
    answer(response, 400, `Bad Request: ${error.message}`)
    return undefined
  }
}

/** Each flavour checks credentials first, as the real servers do, and only then reads the form. */
type FlavourHandler = (
  context: Context,
  received: ReceivedRequest,
  request: IncomingMessage,
  response: ServerResponse
) => void

const FLAVOURS: Record<Flavour, FlavourHandler> = {
  devpi(context, received, request, response) {
    const user = authenticatedUser(context, received)
    if (user === undefined) return challenge(response)
    const parts = readForm(received, request, response)
    if (parts === undefined) return
    const action = single(parts, ':action')
    if (action !== 'submit')
      return answer(response, 400, `action ${JSON.stringify(action ?? '')} not supported`)
    const name = single(parts, 'name') ?? ''
    const version = single(parts, 'version') ?? ''
    if (!PROJECT_NAME.test(name))
      return answer(response, 400, `invalid metadata: name ${latin1(name)}`)
    if (!PEP440_VERSION.test(version.trim()))
      return answer(response, 400, `invalid metadata: version ${latin1(version)}`)
    const project = projectFor(context.projects, name, user)
    if (!project.owners.has(user) && !project.maintainers.has(user)) {
      return answer(response, 403, 'no permission to submit')
    }
    project.releases.set(version, storedFields(parts))
    answer(response, 200, 'OK')
  },

  pypiserver(context, received, request, response) {
    const credentials = basicCredentials(received)
    if (credentials === undefined) return challenge(response)
    if (context.options.users?.[credentials.user] !== credentials.password) {
      return answer(response, 403, 'Forbidden')
    }
    const parts = readForm(received, request, response)
    if (parts === undefined) return
    const action = single(parts, ':action')
    if (action === undefined) return answer(response, 400, 'Missing :action field!')
    if (action !== 'submit')
      return answer(response, 400, `Unsupported :action field: ${latin1(action)}`)
    // pypiserver logs the registration as ignored and stores nothing.
    answer(response, 200, 'OK')
  },

  warehouse(context, received, request, response) {
    if (!context.options.behindTls) return answer(response, 403, 'SSL is required')
    const parts = readForm(received, request, response)
    if (parts === undefined) return
    const names = parts.map(part => part.name)
    if (new Set(names).size !== names.length)
      return answer(response, 400, 'POST body may not contain duplicate keys')
    answer(
      response,
      410,
      'Project pre-registration is no longer required or supported, upload your files instead.'
    )
  }
}

/** The first submitter of a new name becomes its Owner. */
function projectFor(projects: Map<string, Project>, name: string, user: string): Project {
  const key = normalizeName(name)
  let project = projects.get(key)
  if (project === undefined) {
    project = { name, owners: new Set([user]), maintainers: new Set(), releases: new Map() }
    projects.set(key, project)
  }
  return project
}

function storedFields(parts: FormPart[]): Release {
  const release: Release = {}
  for (const { name, value } of parts) {
    if (!STORED_FIELDS.has(name)) continue
    if (REPEATED_FIELDS.has(name)) {
      const list = release[name]
      release[name] = Array.isArray(list) ? [...list, value] : [value]
    } else {
      release[name] = value
    }
  }
  return release
}

function single(parts: FormPart[], name: string): string | undefined {
  return parts.find(part => part.name === name)?.value
}

function basicCredentials(
  received: ReceivedRequest
): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(received.headers.authorization ?? '')
  if (match === null) return undefined
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function authenticatedUser(context: Context, received: ReceivedRequest): string | undefined {
  const credentials = basicCredentials(received)
  if (credentials === undefined) return undefined
  return context.options.users?.[credentials.user] === credentials.password
    ? credentials.user
    : undefined
}

function challenge(response: ServerResponse): void {
  response.setHeader('www-authenticate', 'Basic realm="pypi"')
  answer(response, 401, 'Unauthorized')
}

function answer(response: ServerResponse, status: number, message: string): void {
  response.statusCode = status
  response.statusMessage = message
  response.end()
}

/** A status line carries latin-1 only; anything else is shown escaped. */
function latin1(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

function describeProjects(projects: Map<string, Project>): Record<string, unknown> {
  return Object.fromEntries(
    [...projects.values()].map(project => [
      project.name,
      {
        owners: [...project.owners],
        maintainers: [...project.maintainers],
        releases: Object.fromEntries(project.releases)
      }
    ])
  )
}
