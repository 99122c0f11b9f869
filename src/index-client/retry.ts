/**
 * When to send the register request again, and after how long. Pure: the clock and randomness are
 * passed in. Only answers that may be different next time are retried (5xx, 429, a connection reset,
 * a timeout); any other 4xx or a redirect is final.
 */
import type { Outcome } from './outcome.js'

/** The first wait; each retry doubles it. */
export const BASE_DELAY_MS = 500
/** No single wait is longer, whatever the backoff or a Retry-After asks. */
export const MAX_DELAY_MS = 30_000

/** Network failures worth another try: the server or the path may recover. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'EPIPE',
  'ETIMEDOUT',
  'TIMEOUT'
])

export interface AttemptResult {
  outcome: Outcome
  /** For a network failure: its error code (or TIMEOUT). */
  errorCode?: string
  /** The Retry-After header of a 429 or 503. */
  retryAfter?: string
}

/** True when the attempt's result may change if the request is sent again. */
export function isRetryable(result: AttemptResult): boolean {
  const status = result.outcome.httpStatus
  if (status !== undefined) return status >= 500 || status === 429
  return result.outcome.status === 'network-error' && TRANSIENT_CODES.has(result.errorCode ?? '')
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After
 * when it gives one, else exponential backoff with jitter (between half and all of the doubled
 * delay, so that parallel jobs do not retry in step), never more than MAX_DELAY_MS.
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | undefined,
  random: number,
  now: number
): number {
  const asked = retryAfterMs(retryAfter, now)
  if (asked !== undefined) return Math.min(asked, MAX_DELAY_MS)
  const backoff = BASE_DELAY_MS * 2 ** (attempt - 1)
  return Math.min(Math.round(backoff * (0.5 + random / 2)), MAX_DELAY_MS)
}

/** Retry-After is either seconds or an HTTP date. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
