/**
 * Knowing the server before sending, where it costs at most one request. A URL that is plainly
 * no upload endpoint (a `/+simple/` page) is caught without any request; otherwise one GET of the
 * URL with `Accept: application/json` recognises devpi, which answers with the index's
 * configuration (`type` stage or mirror, `acl_upload`), or, at a server root or user page, the
 * list of indexes. A probe that fails says nothing, and the registration goes ahead.
 */
import type { Outcome } from './outcome.js'
import { devpiUploadRightAdvice } from './advice.js'
import type { FetchJson, JsonAnswer } from './fetch-json.js'
import { recogniseFlavour, type ServerFlavour } from './flavour.js'
import { plainText } from '../sanitize.js'
import { REDACTED } from '../secrets.js'

export interface ProbeFinding {
  flavour: ServerFlavour
  /** Set when the registration must not be sent, with why and the URL to use. */
  refusal?: Outcome
  /**
   * Whether a 200 to the registration is to be confirmed by reading the release back: on any
   * devpi, whose web pages answer a POST with 200 too.
   */
  canReadBack: boolean
}

export interface ProbeRequest {
  url: string
  user: string
  /** Whether a password goes with the registration (devpi's :AUTHENTICATED: needs one). */
  authenticated: boolean
  /** Whether the user name is `__token__` only because none was given. */
  userDefaulted: boolean
  headers: Record<string, string>
  timeoutMs: number
}

/**
 * A URL that cannot be an upload endpoint, whatever the server: a simple-index page (devpi's
 * `/+simple/`, or `/simple/`). Pure; undefined when the URL may be right.
 */
export function checkIndexUrl(url: string): Outcome | undefined {
  const parsed = new URL(url)
  const simple = /\/\+?simple(?:\/.*)?$/.exec(parsed.pathname)
  if (simple === null) return undefined
  const base = new URL(parsed.pathname.slice(0, simple.index + 1), parsed).href
  return notAnIndex(
    `${url} is a simple-index page (for installers), not the upload endpoint of an index; nothing was sent.`,
    `Use ${base} as the repository.`
  )
}

/** Asks the server what the URL is; never rejects. */
export async function probeServer(
  fetchJson: FetchJson,
  request: ProbeRequest
): Promise<ProbeFinding> {
  let answer: JsonAnswer
  try {
    answer = await fetchJson(request.url, {
      headers: { ...request.headers, accept: 'application/json' },
      timeoutMs: request.timeoutMs
    })
  } catch {
    return { flavour: recogniseFlavour({ url: request.url }), canReadBack: false }
  }
  return interpretProbe(request, answer)
}

interface DevpiIndexConfig {
  type?: unknown
  acl_upload?: unknown
  bases?: unknown
}

/** What the answer to the probe says. Pure. */
function interpretProbe(
  request: Omit<ProbeRequest, 'headers' | 'timeoutMs'>,
  answer: JsonAnswer
): ProbeFinding {
  const flavour = recogniseFlavour({
    url: request.url,
    headers: answer.headers,
    statusText: answer.statusText,
    body: answer.body
  })
  const json = (answer.json ?? {}) as { type?: unknown; result?: unknown }
  const result = (json.result ?? {}) as DevpiIndexConfig & Record<string, unknown>
  const devpi = flavour === 'devpi' || json.type === 'indexconfig'
  if (!devpi) return { flavour, canReadBack: false }
  if (answer.status !== 200) return { flavour: 'devpi', canReadBack: true }
  if (json.type === 'indexconfig' && result.type === 'mirror') {
    return {
      flavour: 'devpi',
      canReadBack: false,
      refusal: notAnIndex(
        `${request.url} is a devpi mirror index: it mirrors another index and takes no registrations; nothing was sent.`,
        'Use a stage index of your own, https://HOST/USER/INDEX/ (create one with `devpi index -c dev`); a stage index can have this mirror in its bases.'
      )
    }
  }
  if (json.type === 'indexconfig' && result.type === 'stage') {
    const refusal = uploadRightRefusal(request, result.acl_upload)
    return { flavour: 'devpi', canReadBack: true, ...(refusal ? { refusal } : {}) }
  }
  const indexes = listedIndexes(request, json.type, result)
  if (indexes !== undefined) {
    return {
      flavour: 'devpi',
      canReadBack: false,
      refusal: notAnIndex(
        `${request.url} is a devpi ${json.type === 'userconfig' ? 'user page' : 'server root'}, not an index; nothing was sent.`,
        indexes.length > 0
          ? `Use one of its stage indexes${indexes.length > 5 ? ' (the first five)' : ''}: ${indexes.slice(0, 5).join(', ')}.`
          : 'Use the URL of a stage index, https://HOST/USER/INDEX/.'
      )
    }
  }
  // Some other devpi page: a 200 to the registration is confirmed by reading back.
  return { flavour: 'devpi', canReadBack: true }
}

/**
 * devpi's acl_upload lists users and principals: `:ANONYMOUS:` is everyone, `:AUTHENTICATED:`
 * anyone logged in, and other `:NAME:` entries are groups, whose members cannot be seen from
 * here (then the index decides).
 */
function uploadRightRefusal(
  request: Omit<ProbeRequest, 'headers' | 'timeoutMs'>,
  acl: unknown
): Outcome | undefined {
  if (!Array.isArray(acl)) return undefined
  const entries = acl.filter((entry): entry is string => typeof entry === 'string')
  // The answer was redacted as it came in: a user whose name is also a secret of this run (a
  // password that equals it) shows as `***`, and may be this one.
  if (entries.includes(REDACTED)) return undefined
  if (entries.includes(':ANONYMOUS:')) return undefined
  if (request.authenticated && entries.includes(':AUTHENTICATED:')) return undefined
  if (request.authenticated && entries.includes(request.user)) return undefined
  if (entries.some(entry => /^:.+:$/.test(entry) && entry !== ':AUTHENTICATED:')) return undefined
  const listed = entries.length > 0 ? entries.map(entry => plainText(entry)).join(', ') : 'nobody'
  // Without credentials devpi would answer 401, with them 403: the outcome says the same.
  return {
    status: request.authenticated ? 'forbidden' : 'unauthorized',
    ok: false,
    attempts: 0,
    message: `${request.url} is a devpi index whose upload right (acl_upload) goes to ${listed}, not to ${request.authenticated ? request.user : 'a request without a password'}; nothing was sent.`,
    advice: devpiUploadRightAdvice(request)
  }
}

/** The stage indexes a devpi server root (`list:userconfig`) or user page (`userconfig`) lists. */
function listedIndexes(
  request: Omit<ProbeRequest, 'headers' | 'timeoutMs'>,
  type: unknown,
  result: Record<string, unknown>
): string[] | undefined {
  let users: Array<[string, unknown]>
  if (type === 'list:userconfig') users = Object.entries(result)
  else if (type === 'userconfig' && typeof result.username === 'string')
    users = [[result.username, result]]
  else return undefined
  const origin = new URL(request.url).origin
  const base = new URL(request.url).pathname.replace(/\/[^/]*\/?$/, '/')
  const prefix =
    type === 'userconfig' ? `${origin}${base}` : new URL(request.url).href.replace(/\/?$/, '/')
  const found: Array<{ url: string; mine: boolean }> = []
  for (const [user, config] of users) {
    const indexes = (config as { indexes?: unknown }).indexes
    if (indexes === null || typeof indexes !== 'object') continue
    for (const [name, index] of Object.entries(indexes as Record<string, DevpiIndexConfig>)) {
      if (index?.type !== 'stage') continue
      const acl = Array.isArray(index.acl_upload) ? index.acl_upload : []
      found.push({
        url: encodeURI(plainText(`${prefix}${user}/${name}/`)),
        mine: acl.includes(request.user) || acl.includes(':AUTHENTICATED:')
      })
    }
  }
  // The user's own indexes first: those are the ones the registration can go to.
  return [...found.filter(item => item.mine), ...found.filter(item => !item.mine)].map(
    item => item.url
  )
}

function notAnIndex(message: string, advice: string): Outcome {
  return { status: 'not-an-index', ok: false, attempts: 0, message, advice }
}
