/**
 * One index checked without registering: what the URL and the server are (the probe a
 * registration makes too), then whether the credentials are accepted and the user may upload,
 * proven with requests that store nothing. Both devpi-server and pypiserver check who is asking
 * before they read what is asked: a POST whose `:action` they do not know is refused with 401 or
 * 403 for bad credentials or a missing upload right, and answered 400 ("not supported") only once
 * both are right; without credentials the same request shows whether the index checks them at
 * all. Measured on devpi-server 6.19.1 (with devpi-web) and pypiserver 2.4.1: neither stores
 * anything for it, and devpi's change serial stays the same. The outcome says plainly what was
 * proven and what was not.
 */
import type { ResolvedIndex } from '../config/credentials.js'
import type { Credentials } from '../config/repository.js'
import { senderHeaders, type Transport, type TransportResponse } from '../http/transport.js'
import { plainText } from '../sanitize.js'
import { adviceContextOf, flavourAdvice, type AdviceContext } from './advice.js'
import type { FetchJson } from './fetch-json.js'
import { FLAVOUR_NAMES, recogniseFlavour, type ServerFlavour } from './flavour.js'
import { encodeMultipart } from './multipart.js'
import { classifyAnswer, classifyNetworkError, type Outcome } from './outcome.js'
import { checkIndexUrl, probeServer } from './server-probe.js'
import { followingSameOriginRedirects } from './same-origin-redirects.js'

/** The `:action` no index implements, which index logs show as the check it is. */
export const CHECK_ACTION = 'verify_credentials'

export interface CheckOneOptions {
  index: ResolvedIndex
  credentials?: Credentials
  userAgent: string
  timeoutMs: number
  /** The connections to this index, with its proxy and TLS settings. */
  transport: Transport
  /** The GET of the probe, over the same transport. */
  fetchJson: FetchJson
}

/** The probe and the check requests wait no longer than this, whatever the timeout input says. */
const CHECK_REQUEST_MS = 10_000

/** Checks one index without registering; never rejects for anything but a bug. */
export async function checkOnIndex(options: CheckOneOptions): Promise<Outcome> {
  const { index, credentials } = options
  const url = index.target.url
  const user = index.username
  const shape = checkIndexUrl(url)
  if (shape !== undefined) return shape
  const timeoutMs = Math.min(options.timeoutMs, CHECK_REQUEST_MS)
  const asker = adviceContextOf(index, credentials !== undefined)
  const probe = await probeServer(followingSameOriginRedirects(options.fetchJson), {
    ...asker,
    headers: senderHeaders(options.userAgent, credentials),
    timeoutMs
  })
  if (probe.refusal !== undefined) return probe.refusal
  const send = (withCredentials: boolean) =>
    askOnce(options, withCredentials ? credentials : undefined, timeoutMs)
  const first = await send(credentials !== undefined)
  if ('outcome' in first) return first.outcome
  const flavour: ServerFlavour =
    probe.flavour !== 'unknown' ? probe.flavour : recogniseFlavour({ url, ...first })
  const kind = probe.canReadBack ? 'a devpi stage index' : kindOf(flavour)
  const refused = refusal(first, { ...asker, flavour })
  if (refused !== undefined) return refused
  if (!(first.status === 400 || (first.status >= 200 && first.status < 300))) {
    const location = first.headers.location
    return classifyAnswer({ ...first, ...(location === undefined ? {} : { location }) }, url, {
      flavour,
      ...asker
    })
  }
  // Past the credentials and the upload right: on devpi and pypiserver only then is the action read.
  const knownOrder = flavour === 'devpi' || flavour === 'pypiserver'
  const reachedAction = knownOrder && first.status === 400
  const anonymous = credentials !== undefined && reachedAction ? await send(false) : undefined
  const checkedWithout =
    anonymous !== undefined && !('outcome' in anonymous) && [401, 403].includes(anonymous.status)
  const proven = [`the URL answers as ${kind}`]
  const notProven: string[] = []
  if (credentials === undefined) notProven.push('no credentials were given, so none were checked')
  else if (checkedWithout)
    proven.push(
      `the credentials of ${user} are accepted (the same request without them was refused)`
    )
  else if (reachedAction)
    notProven.push(
      `the credentials of ${user}: this index takes the request from anyone, so it did not need them`
    )
  else
    notProven.push(
      `the credentials of ${user}: ${FLAVOUR_NAMES[flavour]} answered ${first.status} without saying whether it checked them`
    )
  if (reachedAction)
    proven.push(
      flavour === 'devpi'
        ? `${credentials === undefined ? 'anyone' : user} may upload to this index (devpi checks acl_upload before anything else)`
        : `${credentials === undefined ? 'anyone' : user} may upload here (pypiserver lets every user of its password file upload)`
    )
  else notProven.push(`whether ${user} may upload here`)
  notProven.push(
    "what the index says of this release's metadata (only a registration sends it; the checks here ran on it)"
  )
  return {
    status: 'checked',
    ok: true,
    attempts: anonymous === undefined ? 1 : 2,
    httpStatus: first.status,
    message: `Checked ${url} without registering. Proven: ${proven.join('; ')}. Not proven: ${notProven.join('; ')}.`,
    checks: { proven, notProven }
  }
}

/** What answered, as a phrase: `a devpi index`, `an index of a kind not recognised`. */
function kindOf(flavour: ServerFlavour): string {
  if (flavour === 'unknown') return 'an index of a kind not recognised'
  return `a${flavour === 'artifactory' ? 'n' : ''} ${FLAVOUR_NAMES[flavour]} index`
}

/** One POST of the check action; the answer, or the outcome of getting none. */
async function askOnce(
  options: CheckOneOptions,
  credentials: Credentials | undefined,
  timeoutMs: number
): Promise<TransportResponse | { outcome: Outcome }> {
  const url = options.index.target.url
  const { body, contentType } = encodeMultipart([
    [':action', CHECK_ACTION],
    ['protocol_version', '1']
  ])
  try {
    const answer = await options.transport.send({
      method: 'POST',
      url,
      headers: {
        'content-type': contentType,
        accept: 'text/plain, */*;q=0.1',
        ...senderHeaders(options.userAgent, credentials)
      },
      body,
      timeoutMs
    })
    return answer
  } catch (error) {
    return { outcome: classifyNetworkError(error, url, timeoutMs) }
  }
}

/** A 401 or 403 to the check: the credentials or the upload right, in the server's own terms. */
function refusal(
  answer: TransportResponse,
  server: AdviceContext & { flavour: ServerFlavour }
): Outcome | undefined {
  if (answer.status !== 401 && answer.status !== 403) return undefined
  if (answer.status === 403 && /ssl is required/i.test(answer.statusText)) return undefined
  const statusLine = plainText(`${answer.status} ${answer.statusText}`.trim())
  const who = server.authenticated ? server.user : 'a request without credentials'
  const unauthorized = answer.status === 401
  return {
    status: unauthorized ? 'unauthorized' : 'forbidden',
    ok: false,
    attempts: 1,
    httpStatus: answer.status,
    message: `${server.url} refused ${who} (${statusLine}); nothing was registered.`,
    advice:
      flavourAdvice(server.flavour, answer.status, server) ??
      (unauthorized
        ? 'Check the user name and password: the index did not accept them.'
        : 'The index accepted the request but refused this user: check its permissions on the index.')
  }
}
