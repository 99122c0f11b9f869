/**
 * The one request shape the probe and the read-back need: a GET that hopes for JSON. A small
 * contract of its own, so that the HTTP client behind it can be swapped without touching them.
 */

export interface JsonAnswer {
  status: number
  statusText: string
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>
  /** The parsed body, when it was JSON. */
  json?: unknown
  /** The start of the body, as text. */
  body: string
  /** The URL that gave this answer, when redirects were followed to it. */
  url?: string
}

export interface FetchJsonOptions {
  headers: Record<string, string>
  timeoutMs: number
}

/** GETs `url` and reads its answer; rejects only when no answer came (network, timeout). */
export type FetchJson = (url: string, options: FetchJsonOptions) => Promise<JsonAnswer>

/** Parses a body as JSON when it is JSON; undefined otherwise. */
export function parseJsonBody(text: string): unknown {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return undefined
  }
}
