/**
 * Sends the register request to an index and reads the answer, through the transport chosen for its
 * URL (src/index/): the retry loop, the headers, and what the answer means. Also reads a JSON
 * document from an index, for checks of what it stored.
 */
import type { FormField } from './form.js'
import { openTransport } from './index/open-transport.js'
import type { Transport, TransportRequest } from './index/transport.js'
import { encodeMultipart } from './multipart.js'
import { classifyAnswer, classifyNetworkError, networkErrorCode, type Outcome } from './outcome.js'
import { basicAuthorization, type Credentials } from './repository.js'
import { isRetryable, retryDelayMs, type AttemptResult } from './retry.js'

export { openTransport }
export type { Transport }

export interface SubmitOptions {
  url: string
  fields: readonly FormField[]
  credentials?: Credentials
  userAgent: string
  /** The limit for one attempt. */
  timeoutMs: number
  /** How many times a failed attempt may be repeated (5xx, 429, reset, timeout). */
  retries: number
  /** Removes secrets from what the server says, before it reaches any message. */
  redact: (text: string) => string
  /** The connections to this index (openTransport), with its proxy and TLS settings. */
  transport: Transport
  /** Told about each retry, with the reason and the wait. */
  onRetry?: (message: string) => void
  /** Waits; replaceable so that tests of the loop need not wait. */
  sleep?: (ms: number) => Promise<void>
}

const sleepFor = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/**
 * POSTs the form to the index, again after a transient failure (up to `retries` times, with
 * backoff), and classifies the last answer. Credentials go with the first request (HTTP Basic),
 * never in reply to a challenge, and a redirect is reported, never followed, so they cannot reach
 * another URL.
 */
export async function submitRegistration(options: SubmitOptions): Promise<Outcome> {
  const { body, contentType } = encodeMultipart(options.fields)
  const request: TransportRequest = {
    method: 'POST',
    url: options.url,
    headers: requestHeaders(options, {
      'content-type': contentType,
      accept: 'text/plain, */*;q=0.1'
    }),
    body,
    timeoutMs: options.timeoutMs
  }
  const sleep = options.sleep ?? sleepFor
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(options, request)
    if (attempt > options.retries || !isRetryable(result))
      return { ...result.outcome, attempts: attempt }
    const delay = retryDelayMs(attempt, result.retryAfter, Math.random(), Date.now())
    options.onRetry?.(
      `${result.outcome.message} Trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${options.retries + 1}).`
    )
    await sleep(delay)
  }
}

async function attemptOnce(
  options: SubmitOptions,
  request: TransportRequest
): Promise<AttemptResult> {
  try {
    const response = await options.transport.send(request)
    const answer = {
      status: response.status,
      statusText: options.redact(response.statusText),
      location: redactedHeader(response.headers.location, options.redact),
      body: options.redact(response.body)
    }
    const retryAfter = response.headers['retry-after']
    return {
      outcome: classifyAnswer(answer, options.url),
      ...(retryAfter === undefined ? {} : { retryAfter })
    }
  } catch (error) {
    const errorCode = networkErrorCode(error)
    return {
      outcome: classifyNetworkError(error, options.url, options.timeoutMs),
      ...(errorCode === undefined ? {} : { errorCode })
    }
  }
}

export interface JsonOptions {
  url: string
  credentials?: Credentials
  userAgent: string
  timeoutMs: number
  transport: Transport
}

/** A JSON document larger than this is refused: a release's metadata is far smaller. */
export const JSON_LIMIT = 4 * 1024 * 1024

/** What a JSON read gave: the parsed document on a 2xx, else the answer's status line. */
export type JsonResult =
  | { ok: true; status: number; value: unknown }
  | { ok: false; status: number; statusText: string; body: string }

/**
 * GETs `url` with `Accept: application/json` (devpi answers its JSON API to that), credentials sent
 * up front as for the register request and no redirect followed. Resolves with the parsed document
 * on a 2xx answer and with the status line otherwise (a redirect's Location is in neither: nothing
 * is fetched elsewhere); rejects on a network failure, or on a 2xx body that is not JSON or is
 * longer than JSON_LIMIT.
 */
export async function fetchJson(options: JsonOptions): Promise<JsonResult> {
  const response = await options.transport.send({
    method: 'GET',
    url: options.url,
    headers: requestHeaders(options, { accept: 'application/json' }),
    timeoutMs: options.timeoutMs,
    // One byte more than allowed tells a document at the limit from a longer one.
    bodyLimit: JSON_LIMIT + 1
  })
  if (response.status < 200 || response.status >= 300) {
    const { status, statusText, body } = response
    return { ok: false, status, statusText, body }
  }
  if (Buffer.byteLength(response.body) > JSON_LIMIT) {
    throw new Error(
      `${options.url} answered with a JSON document over ${JSON_LIMIT / 1024 / 1024} MiB; it was not read.`
    )
  }
  try {
    return { ok: true, status: response.status, value: JSON.parse(response.body) as unknown }
  } catch (error) {
    throw new Error(
      `${options.url} answered ${response.status} with a body that is not JSON: ${(error as Error).message}`
    )
  }
}

function requestHeaders(
  options: { userAgent: string; credentials?: Credentials },
  extra: Record<string, string>
): Record<string, string> {
  return {
    ...extra,
    'user-agent': options.userAgent,
    ...(options.credentials !== undefined
      ? { authorization: basicAuthorization(options.credentials) }
      : {})
  }
}

function redactedHeader(
  value: string | undefined,
  redact: (text: string) => string
): string | undefined {
  return value === undefined ? undefined : redact(value)
}
