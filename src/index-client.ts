/**
 * Sends the register request to an index with undici and reads the answer. The only HTTP code here.
 *
 * It loads from undici only its dispatchers (with the proxy-aware agent) and their request API,
 * file by file, wired the way undici's index wires them: the index also loads fetch, WebSocket,
 * caches and mocks, which doubled the time a registration takes to start. The request API gives
 * the status line's reason phrase too, where devpi puts its messages.
 */
import type { Dispatcher } from 'undici'
import dispatcherApi from 'undici/lib/api/index.js'
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js'
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js'

Object.assign(DispatcherBase.prototype, dispatcherApi)
import type { FormField } from './form.js'
import { encodeMultipart } from './multipart.js'
import { classifyAnswer, classifyNetworkError, networkErrorCode, type Outcome } from './outcome.js'
import { basicAuthorization, type Credentials } from './repository.js'
import { isRetryable, retryDelayMs, type AttemptResult } from './retry.js'
import type { TlsMaterial } from './transport.js'

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
  /** The connection pool, with the proxy and TLS settings for this index. */
  dispatcher: Dispatcher
  /** Told about each retry, with the reason and the wait. */
  onRetry?: (message: string) => void
  /** Waits; replaceable so that tests of the loop need not wait. */
  sleep?: (ms: number) => Promise<void>
}

/**
 * The connection pool for one index. The environment's proxy settings apply (HTTPS_PROXY,
 * HTTP_PROXY, NO_PROXY), and the same TLS settings serve a direct connection and one tunnelled
 * through a proxy.
 */
export function createDispatcher(tls: TlsMaterial): Dispatcher {
  return new EnvHttpProxyAgent({ connect: tls, requestTls: tls })
}

/** Enough of a body for a message; an index that sends more is not read further. */
const BODY_LIMIT = 16 * 1024

const sleepFor = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/**
 * POSTs the form to the index, again after a transient failure (up to `retries` times, with
 * backoff), and classifies the last answer. Credentials go with the first request (HTTP Basic),
 * never in reply to a challenge, and a redirect is reported, never followed, so they cannot reach
 * another URL.
 */
export async function submitRegistration(options: SubmitOptions): Promise<Outcome> {
  const { body, contentType } = encodeMultipart(options.fields)
  const sleep = options.sleep ?? sleepFor
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(options, body, contentType)
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
  body: Buffer,
  contentType: string
): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': options.userAgent,
    accept: 'text/plain, */*;q=0.1'
  }
  if (options.credentials !== undefined)
    headers.authorization = basicAuthorization(options.credentials)
  const { origin, pathname, search } = new URL(options.url)
  try {
    const response = await options.dispatcher.request({
      origin,
      path: pathname + search,
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs)
    })
    const answer = {
      status: response.statusCode,
      statusText: options.redact(response.statusText ?? ''),
      location: headerValue(response.headers, 'location', options.redact),
      // A body cut off mid-way still leaves a usable status line.
      body: options.redact(await readBodyStart(response.body).catch(() => ''))
    }
    const retryAfter = headerValue(response.headers, 'retry-after', text => text)
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

function headerValue(
  headers: Dispatcher.ResponseData['headers'],
  name: string,
  redact: (text: string) => string
): string | undefined {
  const value = headers[name]
  if (value === undefined) return undefined
  return redact(Array.isArray(value) ? value.join(', ') : value)
}

/** The first BODY_LIMIT bytes of the body; the rest is not read, and the stream is closed. */
async function readBodyStart(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer)
      size += (chunk as Buffer).byteLength
      if (size >= BODY_LIMIT) break
    }
  } finally {
    body.destroy()
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT)
}
