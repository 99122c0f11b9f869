/** Sends the register request to an index with undici and reads the answer. The only HTTP code here. */
import { EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici'
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
  dispatcher?: Dispatcher
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
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      signal: AbortSignal.timeout(options.timeoutMs)
    })
    const location = response.headers.get('location')
    const answer = {
      status: response.status,
      statusText: options.redact(response.statusText),
      location: location === null ? undefined : options.redact(location),
      // A body cut off mid-way still leaves a usable status line.
      body: options.redact(await readBodyStart(response.body).catch(() => ''))
    }
    const retryAfter = response.headers.get('retry-after')
    return {
      outcome: classifyAnswer(answer, options.url),
      ...(retryAfter === null ? {} : { retryAfter })
    }
  } catch (error) {
    const errorCode = networkErrorCode(error)
    return {
      outcome: classifyNetworkError(error, options.url, options.timeoutMs),
      ...(errorCode === undefined ? {} : { errorCode })
    }
  }
}

async function readBodyStart(stream: ReadableStream<Uint8Array> | null): Promise<string> {
  if (stream === null) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = stream.getReader()
  try {
    while (size < BODY_LIMIT) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT)
}
