/**
 * Sends the register request to an index and reads the answer, through the transport chosen for its
 * URL (src/http/): the retry loop, the headers, and what the answer means. Also reads a JSON
 * document from an index, for checks of what it stored.
 */
import type { FormField } from './form.js'
import { openTransport } from '../http/open-transport.js'
import { parseJsonBody, type FetchJson } from './fetch-json.js'
import {
  BODY_LIMIT,
  redactingTransport,
  senderHeaders,
  type Transport,
  type TransportRequest
} from '../http/transport.js'
import { encodeMultipart } from './multipart.js'
import { classifyAnswer, classifyNetworkError, networkErrorCode, type Outcome } from './outcome.js'
import type { Credentials } from '../config/repository.js'
import { isRetryable, retryDelayMs, type AttemptResult } from './retry.js'

export { openTransport, redactingTransport }
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
  /**
   * The connections to this index (openTransport), with its proxy and TLS settings, and its
   * answers redacted as they are received (redactingTransport).
   */
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
    headers: {
      'content-type': contentType,
      accept: 'text/plain, */*;q=0.1',
      ...senderHeaders(options.userAgent, options.credentials)
    },
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
      statusText: response.statusText,
      location: response.headers.location,
      body: response.body
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

/** A JSON document larger than this is not parsed: a release's metadata is far smaller. */
export const JSON_LIMIT = 4 * 1024 * 1024

/**
 * The GET the server probe and the read-back send (fetch-json.ts), over `transport`: the
 * same proxy and TLS settings as the register request, no redirect followed. The caller sets the
 * headers (credentials, Accept). Any answer resolves, with its body parsed when it is JSON of at most
 * JSON_LIMIT bytes; only a failure to get an answer rejects.
 */
export function fetchJsonOver(transport: Transport): FetchJson {
  return async (url, { headers, timeoutMs }) => {
    // One byte more than allowed tells a document at the limit from a longer one.
    const response = await transport.send({
      method: 'GET',
      url,
      headers,
      timeoutMs,
      bodyLimit: JSON_LIMIT + 1
    })
    const json =
      Buffer.byteLength(response.body) > JSON_LIMIT ? undefined : parseJsonBody(response.body)
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: response.body.slice(0, BODY_LIMIT),
      ...(json === undefined ? {} : { json })
    }
  }
}
