/**
 * One index, start to end: what the URL and the server say before sending, the register request
 * (with a progress line while the index is silent), the server's own advice for a refusal, and
 * reading the release back to say what was really stored.
 */
import type { ResolvedIndex } from '../config/credentials.js'
import type { FormField } from './form.js'
import { withServerAdvice, type Outcome } from './outcome.js'
import type { Credentials } from '../config/repository.js'
import { senderHeaders } from '../http/transport.js'
import { adviceContextOf, defaultedTokenNotice } from './advice.js'
import type { FetchJson } from './fetch-json.js'
import { MAX_DELAY_MS } from './retry.js'
import { followingSameOriginRedirects } from './same-origin-redirects.js'
import { plainText } from '../sanitize.js'
import { FLAVOUR_NAMES, recogniseFlavour, type ServerFlavour } from './flavour.js'
import { readBackDevpi } from './read-back.js'
import { checkIndexUrl, probeServer } from './server-probe.js'
import { either } from '../wording.js'

export interface RegisterOneOptions {
  index: ResolvedIndex
  credentials?: Credentials
  fields: readonly FormField[]
  name: string
  version: string
  userAgent: string
  timeoutMs: number
  /** Whether to read the release back after a 200, where the index offers a way. */
  readBack: boolean
  /** The GET of the probe and the read-back; same-origin redirects are followed on top of it. */
  fetchJson: FetchJson
  /** Sends the register request (retries included). */
  submit: () => Promise<Outcome>
  /** A line for the log. */
  log: (message: string) => void
  /**
   * The redaction the answers went through (redactingTransport): the read-back compares what was
   * sent as the answer would show it, so that a field holding a secret is not reported changed.
   */
  redact?: (text: string) => string
}

/** The probe and the read-back wait no longer than this, whatever the timeout input says. */
const SIDE_REQUEST_MS = 10_000

/** How long the probe and the read-back may each take (their redirects included). */
function sideRequestMs(timeoutMs: number): number {
  return Math.min(timeoutMs, SIDE_REQUEST_MS)
}

/**
 * The most registering on one index can take, and what it is made of, for the log: the probe,
 * every attempt of the register request and the waits between them, and the read-back. Pure.
 */
export function describeTimeBound(settings: {
  timeoutMs: number
  retries: number
  readBack: boolean
}): string {
  const side = sideRequestMs(settings.timeoutMs)
  const attempts = settings.retries + 1
  const total =
    side +
    attempts * settings.timeoutMs +
    settings.retries * MAX_DELAY_MS +
    (settings.readBack ? side : 0)
  const parts = [
    `a server probe of up to ${side / 1000} s`,
    attempts === 1
      ? `one attempt of up to ${settings.timeoutMs / 1000} s`
      : `${attempts} attempts of up to ${settings.timeoutMs / 1000} s with waits of up to ${MAX_DELAY_MS / 1000} s between them`,
    ...(settings.readBack ? [`a read-back of up to ${side / 1000} s`] : [])
  ]
  const last = parts.pop() as string
  return `at most ${total / 1000} s in all (${parts.join(', ')} and ${last})`
}

/** Registers on one index; never rejects for anything but a bug. */
export async function registerOnIndex(options: RegisterOneOptions): Promise<Outcome> {
  const { index, credentials } = options
  const url = index.target.url
  const shape = checkIndexUrl(url)
  if (shape !== undefined) return shape
  const fetchJson = followingSameOriginRedirects(options.fetchJson)
  const headers = senderHeaders(options.userAgent, credentials)
  const sideTimeout = sideRequestMs(options.timeoutMs)
  const asker = adviceContextOf(index, credentials !== undefined)
  if (credentials === undefined) {
    options.log(
      `No password for ${url}: registering without credentials, which only an index open to anyone takes (a devpi index whose acl_upload has :ANONYMOUS:).`
    )
  }
  const probe = await probeServer(fetchJson, { ...asker, headers, timeoutMs: sideTimeout })
  if (probe.refusal !== undefined) return probe.refusal
  if (probe.flavour !== 'unknown') options.log(`${url} is ${FLAVOUR_NAMES[probe.flavour]}.`)

  const outcome = await withProgress(options.submit, url, options.timeoutMs, options.log)
  const flavour: ServerFlavour =
    probe.flavour !== 'unknown'
      ? probe.flavour
      : recogniseFlavour({ url, statusText: outcome.message })
  const advised = withTokenNotice(withServerAdvice(outcome, { flavour, ...asker }), index, flavour)
  if (advised.status !== 'registered') return advised
  if (flavour === 'pypiserver') {
    return {
      ...advised,
      status: 'not-stored',
      message: `${url} (pypiserver) accepted ${plainText(`${options.name} ${options.version}`)} (${advised.httpStatus ?? 200}) but stored nothing: pypiserver keeps no metadata without files.`,
      advice: `Nothing is lost: upload the distributions with \`twine upload\`${either(' (the .pypirc written by this step works for that)', '')}, and the project appears with them.`
    }
  }
  if (!probe.canReadBack) {
    return {
      ...advised,
      message: `${advised.message} ${url} offers no way to read registered metadata back, so its answer is all there is to go on.`
    }
  }
  if (!options.readBack) return advised
  const read = await readBackDevpi(fetchJson, {
    indexUrl: url,
    name: options.name,
    version: options.version,
    fields: options.redact
      ? options.fields.map(([name, value]): FormField => [name, options.redact!(value)])
      : options.fields,
    headers,
    timeoutMs: sideTimeout
  })
  if (typeof read === 'string') {
    // The registration stands: only what it did is unknown.
    return { ...advised, message: `${advised.message} Could not check what was stored: ${read}.` }
  }
  if (read === undefined) {
    return {
      ...advised,
      status: 'not-stored',
      message: `${url} answered ${advised.httpStatus ?? 200} but holds no ${plainText(`${options.name} ${options.version}`)} when read back: the registration was accepted and not stored.`,
      advice:
        'Check that the URL is the index itself (https://HOST/USER/INDEX/), not a page in front of it.'
    }
  }
  return { ...advised, message: `${advised.message} ${read.summary}`, readBack: read }
}

/** Says every few seconds that the index has not answered yet. */
async function withProgress<T>(
  work: () => Promise<T>,
  url: string,
  timeoutMs: number,
  log: (message: string) => void
): Promise<T> {
  // A third of the timeout, between 1 and 10 s: a few lines per attempt, never a flood.
  const every = Math.min(10_000, Math.max(1_000, Math.floor(timeoutMs / 3)))
  const started = Date.now()
  const timer = setInterval(() => {
    log(`Still waiting for ${url} (${Math.round((Date.now() - started) / 1000)} s so far).`)
  }, every)
  try {
    return await work()
  } finally {
    clearInterval(timer)
  }
}

/**
 * Adds the notice about a password sent as `__token__` to a refusal, where the advice does not
 * already say that the user name is missing (devpi's does).
 */
function withTokenNotice(outcome: Outcome, index: ResolvedIndex, flavour: ServerFlavour): Outcome {
  if (outcome.status !== 'unauthorized' && outcome.status !== 'forbidden') return outcome
  if (flavour === 'devpi') return outcome
  const notice = defaultedTokenNotice(index.origins.username, index.username, index.password)
  return notice === undefined
    ? outcome
    : { ...outcome, advice: `${notice} ${outcome.advice ?? ''}`.trim() }
}
