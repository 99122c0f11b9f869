/**
 * A local legacy package index on loopback HTTP (or HTTPS) that answers `:action=submit` the way
 * devpi-server, pypiserver, Warehouse (pypi.org) or an upload-only index (GitLab) do (and, devpi
 * flavour, the `file_upload` of `twine upload` that follows a registration), for what the real
 * servers cannot be made to do in a test (TLS and client certificates, proxies, faults, hostile
 * answers, Warehouse and GitLab) and for the demo script. matches-real.test.ts asks the devpi and
 * pypiserver flavours and the real servers the same questions, so the model cannot drift.
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { TLSSocket } from 'node:tls'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { normalizeName } from '../../src/packaging/names.js'
import { answerDevpiJson, DEVPI_HEADERS } from './devpi-api.js'
import { MultipartError, parseForm } from './multipart.js'
import type { FilePart } from './multipart.js'

export type Flavour = 'devpi' | 'pypiserver' | 'warehouse' | 'gitlab'

export interface LocalIndexOptions {
  flavour: Flavour
  /** Username → password; nobody can log in when absent. */
  users?: Record<string, string>
  /** Warehouse only: act as if TLS were terminated in front, so plain HTTP is not refused. */
  behindTls?: boolean
  /** URL path the index answers on, such as '/alice/dev/'; a trailing slash is added if missing. */
  path?: string
  /** The loopback port to listen on; a free one when absent. */
  port?: number
  /**
   * An index's own rule beyond the metadata specifications (devpi flavour): returns why a
   * submission is refused (answered 400 like devpi's other refusals), or undefined to accept it.
   */
  policy?: (fields: ReadonlyArray<[string, string]>) => string | undefined
  /** devpi only: a mirror index, which refuses submissions with 404 (as root/pypi does). */
  mirror?: boolean
  /**
   * devpi only: answer as devpi-web does, whose views redirect a JSON GET of `/USER/INDEX/` and
   * `/USER/` to the same path without its trailing slash.
   */
  web?: boolean
  /**
   * devpi only: who may submit (devpi's acl_upload: user names, `:ANONYMOUS:`, `:AUTHENTICATED:`);
   * when absent, anyone with valid credentials.
   */
  aclUpload?: string[]
  /** Serve HTTPS with this PEM key and certificate; with `clientCa`, demand a client certificate. */
  tls?: { key: string; cert: string; clientCa?: string }
}

/** The metadata stored for one release: repeated fields as arrays, the others as one string. */
export type ReleaseFields = Record<string, string | string[]>

export interface Project {
  /** The name as first submitted. */
  name: string
  /** Keyed by the version string exactly as submitted. */
  releases: Map<string, ReleaseFields>
  /** Files uploaded (devpi flavour, `:action=file_upload`), in the order they came. */
  files: StoredFile[]
}

/** An uploaded distribution as the index keeps it. */
export interface StoredFile {
  filename: string
  version: string
  /** The SHA-256 of the bytes received, hex. */
  sha256: string
  size: number
}

export interface RecordedRequest {
  method: string
  /** The request target as sent, query included. */
  url: string
  /** The request target without its query. */
  path: string
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>
  body: Buffer
  /** The subject CN of the client certificate the request came with, over HTTPS. */
  clientCertificate?: string
  /** Plain form fields in order, when the body was well-formed multipart/form-data. */
  fields?: Array<[string, string]>
  /** File parts, when the body was well-formed multipart/form-data (empty for a register request). */
  files?: FilePart[]
}

export interface LocalIndex {
  /** Base URL of the index, e.g. `http://127.0.0.1:PORT/alice/dev/`. */
  url: string
  flavour: Flavour
  /** Every request received, in order. */
  requests: RecordedRequest[]
  /** The store, keyed by PEP 503 normalised project name. */
  projects: Map<string, Project>
  /** What the index did with accepted submissions, one line each. */
  log: string[]
  /** The stored fields of a release, or undefined. */
  record(name: string, version: string): ReleaseFields | undefined
  /** Stops listening and closes every open connection. */
  close(): Promise<void>
}

interface IndexState {
  flavour: Flavour
  mirror: boolean
  web: boolean
  aclUpload?: string[]
  policy?: LocalIndexOptions['policy']
  users: Record<string, string>
  behindTls: boolean
  basePath: string
  origin: string
  requests: RecordedRequest[]
  projects: Map<string, Project>
  log: string[]
}

interface Answer {
  status: number
  message: string
  headers?: Record<string, string>
  body?: string
}

type BodyForm =
  | { kind: 'form'; fields: Array<[string, string]>; files: FilePart[] }
  | { kind: 'not-multipart'; contentType: string | undefined }
  | { kind: 'malformed'; reason: string }

type Credentials = { kind: 'missing' } | { kind: 'wrong' } | { kind: 'valid'; user: string }

const KNOWN_FIELDS = new Set([
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
  'dynamic'
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

const OK: Answer = { status: 200, message: 'OK' }
const NOT_FOUND: Answer = { status: 404, message: 'Not Found' }
const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="pypi"' }

/**
 * Starts a local index on 127.0.0.1 with a free port.
 * @returns the running index; call `close()` when done.
 */
export async function startLocalIndex(options: LocalIndexOptions): Promise<LocalIndex> {
  const state: IndexState = {
    flavour: options.flavour,
    mirror: options.mirror ?? false,
    web: options.web ?? false,
    ...(options.aclUpload ? { aclUpload: options.aclUpload } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    users: options.users ?? {},
    behindTls: options.behindTls ?? false,
    basePath: withTrailingSlash(options.path ?? '/'),
    origin: '',
    requests: [],
    projects: new Map(),
    log: []
  }
  const handler = (req: IncomingMessage, res: ServerResponse) => void serve(req, res, state)
  const { tls } = options
  const server = tls
    ? createTlsServer(
        {
          key: tls.key,
          cert: tls.cert,
          ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {})
        },
        handler
      )
    : createServer(handler)
  state.origin = await listenOnLoopback(server, tls ? 'https' : 'http', options.port ?? 0)
  let closing: Promise<void> | undefined
  return {
    url: state.origin + state.basePath,
    flavour: state.flavour,
    requests: state.requests,
    projects: state.projects,
    log: state.log,
    record: (name, version) => state.projects.get(normalizeName(name))?.releases.get(version),
    close: () => (closing ??= closeServer(server))
  }
}

/** PEP 503 normalised form of a project name, as the action computes it. */
export { normalizeName }

function withTrailingSlash(path: string): string {
  if (!path.startsWith('/') || /[?#]/.test(path)) throw new Error(`invalid index path: ${path}`)
  return path.endsWith('/') ? path : `${path}/`
}

function listenOnLoopback(server: Server, scheme: 'http' | 'https', port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve(`${scheme}://127.0.0.1:${port}`)
    })
  })
}

// Idle keep-alive connections (fetch keeps them) would otherwise hold jest open.
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close(error => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

async function serve(req: IncomingMessage, res: ServerResponse, state: IndexState): Promise<void> {
  try {
    const body = await readBody(req)
    const form = readForm(req.headers, body)
    const recorded = recordRequest(req, body, form)
    state.requests.push(recorded)
    sendAnswer(res, answerRequest(recorded, form, state))
  } catch (error) {
    reportCrash(res, error)
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function readForm(headers: IncomingHttpHeaders, body: Buffer): BodyForm {
  const contentType = headers['content-type']
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase()
  if (contentType === undefined || mediaType !== 'multipart/form-data') {
    return { kind: 'not-multipart', contentType }
  }
  try {
    return { kind: 'form', ...parseForm(body, contentType) }
  } catch (error) {
    if (error instanceof MultipartError) return { kind: 'malformed', reason: error.message }
    throw error
  }
}

function recordRequest(req: IncomingMessage, body: Buffer, form: BodyForm): RecordedRequest {
  const url = req.url ?? '/'
  const recorded: RecordedRequest = {
    method: req.method ?? '',
    url,
    path: url.split('?')[0] ?? url,
    headers: flattenHeaders(req.headers),
    body
  }
  const socket = req.socket as Partial<TLSSocket>
  const subject = socket.getPeerCertificate?.()?.subject as { CN?: string } | undefined
  if (subject?.CN) recorded.clientCertificate = subject.CN
  if (form.kind === 'form') {
    recorded.fields = form.fields
    recorded.files = form.files
  }
  return recorded
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

function answerRequest(req: RecordedRequest, form: BodyForm, state: IndexState): Answer {
  if (req.method === 'GET' || req.method === 'HEAD') return answerGet(req, state)
  if (req.method !== 'POST') {
    return { status: 405, message: 'Method Not Allowed', headers: { allow: 'GET, HEAD, POST' } }
  }
  switch (state.flavour) {
    case 'devpi':
      return answerDevpi(req, form, state)
    case 'pypiserver':
      return answerPypiserver(req, form, state)
    case 'warehouse':
      return answerWarehouse(req, form, state)
    case 'gitlab':
      return answerUploadOnly(req, form, state)
  }
}

/**
 * devpi's JSON API and pypiserver's welcome page where a client asks for them; otherwise (a plain
 * GET, as tests send) the store as JSON.
 */
function answerGet(req: RecordedRequest, state: IndexState): Answer {
  const wantsJson = /application\/json/.test(req.headers.accept ?? '')
  if (state.flavour === 'devpi' && wantsJson) {
    const answer = answerDevpiJson(req.path, {
      basePath: state.basePath,
      origin: state.origin,
      web: state.web,
      mirror: state.mirror,
      aclUpload: state.aclUpload ?? Object.keys(state.users),
      release: (name, version) => state.projects.get(normalizeName(name))?.releases.get(version)
    })
    if (answer !== undefined) return answer
  }
  if (state.flavour === 'pypiserver' && wantsJson && isIndexPathOrBare(req.path, state.basePath)) {
    // pypiserver has no JSON API: its root is an HTML welcome page, whatever the client accepts.
    return {
      status: 200,
      message: 'OK',
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: '<html><head><title>Welcome to pypiserver!</title></head><body><h1>Welcome to pypiserver!</h1></body></html>\n'
    }
  }
  return storeSnapshot(state.projects)
}

function storeSnapshot(projects: Map<string, Project>): Answer {
  const snapshot: Record<string, object> = {}
  for (const [key, project] of projects) {
    snapshot[key] = { releases: Object.fromEntries(project.releases), files: project.files }
  }
  return {
    status: 200,
    message: 'OK',
    headers: { 'content-type': 'application/json' },
    body: `${JSON.stringify({ projects: snapshot }, null, 2)}\n`
  }
}

function answerDevpi(req: RecordedRequest, form: BodyForm, state: IndexState): Answer {
  const answer = answerDevpiPost(req, form, state)
  return { ...answer, headers: { ...DEVPI_HEADERS, ...answer.headers } }
}

function answerDevpiPost(req: RecordedRequest, form: BodyForm, state: IndexState): Answer {
  if (!isIndexPathOrBare(req.path, state.basePath)) return NOT_FOUND
  if (state.mirror) return { status: 404, message: 'cannot submit to mirror index' }
  const credentials = checkCredentials(req.headers.authorization, state.users)
  if (credentials.kind === 'wrong') return unauthorized()
  const user = credentials.kind === 'valid' ? credentials.user : undefined
  if (!mayUpload(state.aclUpload, user)) {
    // Anyone may try; only who the acl admits may write. Without credentials, devpi asks for them.
    return user === undefined ? unauthorized() : { status: 403, message: 'no permission to submit' }
  }
  const sender = user ?? 'anonymous'
  if (form.kind !== 'form') return formProblem(form)
  if (lastValue(form.fields, ':action') === 'file_upload') {
    return uploadToDevpi(form, sender, state)
  }
  const action = lastValue(form.fields, ':action')
  if (action === undefined) return badRequest('Bad Request')
  if (action !== 'submit') return badRequest(`action '${action}' not supported`)
  return submitToDevpi(form.fields, sender, state)
}

/**
 * An upload as twine sends it: the metadata fields, digests, and the file as the `content` part.
 * devpi-server 5 and later take it whether or not the release was registered; a release it does
 * not know yet gets the upload's metadata.
 */
function uploadToDevpi(
  form: { fields: Array<[string, string]>; files: FilePart[] },
  user: string,
  state: IndexState
): Answer {
  const release = validRelease(form.fields)
  if (typeof release === 'string') return badRequest(`invalid metadata: ${release}`)
  const content = form.files.find(file => file.name === 'content')
  if (content === undefined) return badRequest('missing file content')
  const sha256 = createHash('sha256').update(content.data).digest('hex')
  const claimed = lastValue(form.fields, 'sha256_digest')
  if (claimed !== undefined && claimed.toLowerCase() !== sha256) {
    return badRequest(`sha256 digest mismatch for ${content.filename}`)
  }
  const project = state.projects.get(normalizeName(release.name))
  if (project?.releases.has(release.version) !== true) {
    storeRelease(state.projects, user, release, form.fields)
  }
  const stored = state.projects.get(normalizeName(release.name)) as Project
  stored.files.push({
    filename: content.filename,
    version: release.version,
    sha256,
    size: content.data.length
  })
  state.log.push(`devpi: ${user} uploaded ${content.filename}`)
  return OK
}

function submitToDevpi(fields: Array<[string, string]>, user: string, state: IndexState): Answer {
  const release = validRelease(fields)
  if (typeof release === 'string') return badRequest(`invalid metadata: ${release}`)
  const refusal = state.policy?.(fields)
  if (refusal !== undefined) return badRequest(`invalid metadata: ${refusal}`)
  storeRelease(state.projects, user, release, fields)
  state.log.push(`devpi: ${user} registered ${release.name} ${release.version}`)
  return OK
}

/**
 * devpi's own check of a submission (devpi-common 4's validate_metadata): a name and a version,
 * the name of ASCII letters, digits, `_`, `-` and `.`, starting and ending with a letter or digit.
 * Any version string passes.
 */
function validRelease(fields: Array<[string, string]>): { name: string; version: string } | string {
  const name = lastValue(fields, 'name') ?? ''
  const version = lastValue(fields, 'version') ?? ''
  if (name === '') return 'Missing required field "name"'
  if (version === '') return 'Missing required field "version"'
  const invalid = 'Invalid package name. Names must'
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    return `${invalid} contain only ASCII letters, digits, underscores, hyphens, and periods`
  }
  if (!/^[A-Za-z0-9]/.test(name)) return `${invalid} start with an ASCII letter or digit`
  if (!/[A-Za-z0-9]$/.test(name)) return `${invalid} end with an ASCII letter or digit`
  return { name, version }
}

/** devpi's acl_upload: user names, `:ANONYMOUS:` (anyone) and `:AUTHENTICATED:` (any user). */
function mayUpload(acl: string[] | undefined, user: string | undefined): boolean {
  if (acl?.includes(':ANONYMOUS:')) return true
  if (user === undefined) return false
  return acl === undefined || acl.includes(user) || acl.includes(':AUTHENTICATED:')
}

// devpi decides who may write by the index's acl_upload alone: it keeps no owner per project.
function storeRelease(
  projects: Map<string, Project>,
  user: string,
  release: { name: string; version: string },
  fields: Array<[string, string]>
): void {
  const key = normalizeName(release.name)
  let project = projects.get(key)
  if (project === undefined) {
    project = { name: release.name, releases: new Map(), files: [] }
    projects.set(key, project)
  }
  project.releases.set(release.version, knownFields(fields))
}

function knownFields(fields: Array<[string, string]>): ReleaseFields {
  const stored: ReleaseFields = {}
  for (const [name, value] of fields) {
    if (!KNOWN_FIELDS.has(name)) continue
    const previous = stored[name]
    if (!REPEATED_FIELDS.has(name)) stored[name] = value
    else if (Array.isArray(previous)) previous.push(value)
    else stored[name] = [value]
  }
  return stored
}

function answerPypiserver(req: RecordedRequest, form: BodyForm, state: IndexState): Answer {
  // Its other routes (/simple/, /packages/, /health) take GET only.
  if (!isIndexPathOrBare(req.path, state.basePath)) {
    return { status: 405, message: 'Method Not Allowed', headers: { allow: 'GET' } }
  }
  const credentials = checkCredentials(req.headers.authorization, state.users)
  if (credentials.kind === 'missing') return unauthorized()
  if (credentials.kind === 'wrong') return { status: 403, message: 'Forbidden' }
  if (form.kind !== 'form') return formProblem(form)
  const unsupported = actionProblem(form.fields)
  if (unsupported !== undefined) return unsupported
  const release = `${lastValue(form.fields, 'name') ?? '?'} ${lastValue(form.fields, 'version') ?? '?'}`
  state.log.push(`pypiserver: ignored :action=submit for ${release} from ${credentials.user}`)
  return OK
}

/** GitLab's package API: uploads only; a request without the file misses its `content` parameter. */
function answerUploadOnly(req: RecordedRequest, form: BodyForm, state: IndexState): Answer {
  if (!isIndexPathOrBare(req.path, state.basePath)) return NOT_FOUND
  const credentials = checkCredentials(req.headers.authorization, state.users)
  if (credentials.kind !== 'valid') return unauthorized()
  if (form.kind === 'form' && form.files.some(file => file.name === 'content')) return OK
  return {
    status: 400,
    message: 'Bad Request',
    headers: { 'content-type': 'application/json' },
    body: '{"error":"content is missing"}'
  }
}

function answerWarehouse(req: RecordedRequest, form: BodyForm, state: IndexState): Answer {
  const query = req.url.slice(req.path.length)
  if (`${req.path}/` === state.basePath) {
    return permanentRedirect(`${state.origin}${state.basePath}${query}`)
  }
  if (req.path !== state.basePath) return NOT_FOUND
  if (!state.behindTls) return { status: 403, message: 'SSL is required' }
  if (form.kind !== 'form') return formProblem(form)
  if (hasDuplicateKeys(form)) {
    return badRequest(`POST body may not contain duplicate keys (URL: '${state.origin}${req.url}')`)
  }
  const unsupported = actionProblem(form.fields)
  if (unsupported !== undefined) return unsupported
  return {
    status: 410,
    message:
      'Project pre-registration is no longer required or supported, upload your files instead.'
  }
}

function hasDuplicateKeys(form: { fields: Array<[string, string]>; files: FilePart[] }): boolean {
  const names = [...form.fields.map(([name]) => name), ...form.files.map(file => file.name)]
  return new Set(names).size !== names.length
}

function permanentRedirect(location: string): Answer {
  return { status: 308, message: 'Permanent Redirect', headers: { location } }
}

function isIndexPathOrBare(path: string, basePath: string): boolean {
  return path === basePath || `${path}/` === basePath
}

function checkCredentials(
  authorization: string | undefined,
  users: Record<string, string>
): Credentials {
  const supplied = parseBasicAuth(authorization)
  if (supplied === undefined) return { kind: 'missing' }
  const known = Object.hasOwn(users, supplied.user) && users[supplied.user] === supplied.password
  return known ? { kind: 'valid', user: supplied.user } : { kind: 'wrong' }
}

function parseBasicAuth(
  header: string | undefined
): { user: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '')
  if (match === null) return undefined
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function unauthorized(): Answer {
  return { status: 401, message: 'Unauthorized', headers: BASIC_CHALLENGE }
}

function formProblem(form: Exclude<BodyForm, { kind: 'form' }>): Answer {
  if (form.kind === 'malformed') return badRequest(`malformed multipart/form-data: ${form.reason}`)
  const got = form.contentType === undefined ? 'no Content-Type' : form.contentType
  return badRequest(`request body must be multipart/form-data, got ${got}`)
}

function actionProblem(fields: Array<[string, string]>): Answer | undefined {
  const action = lastValue(fields, ':action')
  if (action === undefined) return badRequest("missing ':action' field")
  if (action !== 'submit') return badRequest(`unsupported ':action' field: ${action}`)
  return undefined
}

function lastValue(fields: Array<[string, string]>, name: string): string | undefined {
  return fields.findLast(([field]) => field === name)?.[1]
}

function badRequest(message: string): Answer {
  return { status: 400, message }
}

function sendAnswer(res: ServerResponse, answer: Answer): void {
  const body = answer.body ?? (answer.status >= 400 ? `${answer.message}\n` : '')
  res.statusCode = answer.status
  res.statusMessage = toReasonPhrase(answer.message)
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value)
  if (body !== '' && !res.hasHeader('content-type')) {
    res.setHeader('content-type', 'text/plain; charset=utf-8')
  }
  res.setHeader('content-length', Buffer.byteLength(body))
  res.end(body)
}

// The reason phrase is sent as a header: anything outside printable ASCII would make Node throw
// (for control characters) or reach the client garbled (for the rest).
function toReasonPhrase(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, '?').slice(0, 400)
}

function reportCrash(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  sendAnswer(res, { status: 500, message: `local index failed: ${message}` })
}
