/** Sends the register request to an index with undici and reads the answer. The only HTTP code here. */
import { fetch } from 'undici'
import type { FormField } from './form.js'
import { encodeMultipart } from './multipart.js'
import { classifyAnswer, classifyNetworkError, type Outcome } from './outcome.js'
import { basicAuthorization, type Credentials } from './repository.js'

export interface SubmitOptions {
  url: string
  fields: readonly FormField[]
  credentials?: Credentials
  userAgent: string
  timeoutMs: number
  /** Removes secrets from what the server says, before it reaches any message. */
  redact: (text: string) => string
}

/** Enough of a body for a message; an index that sends more is not read further. */
const BODY_LIMIT = 16 * 1024

/**
 * POSTs the form to the index once and classifies the answer. Credentials go with the first request
 * (HTTP Basic), never in reply to a challenge, and a redirect is reported, never followed, so they
 * cannot reach another URL.
 */
export async function submitRegistration(options: SubmitOptions): Promise<Outcome> {
  const { body, contentType } = encodeMultipart(options.fields)
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
    return { ...classifyAnswer(answer, options.url), attempts: 1 }
  } catch (error) {
    return { ...classifyNetworkError(error, options.url, options.timeoutMs), attempts: 1 }
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
