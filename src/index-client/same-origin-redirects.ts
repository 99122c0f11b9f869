/**
 * Following redirects for the GETs that ask an index what it is and what it stored (the server
 * probe and the read-back), never for the register request. devpi with devpi-web, the usual
 * deployment, answers `GET /USER/INDEX/` with a 302 to `/USER/INDEX`, and a release under a name
 * not in normal form with a 302 to the normal form; without following them, the probe and the
 * read-back learn nothing. Only a redirect to the same origin (scheme, host and port) is followed,
 * so the credentials a GET carries never reach another server; a redirect elsewhere is the answer.
 */
import type { FetchJson, JsonAnswer } from './fetch-json.js'

/** At most this many redirects in a row: devpi needs one or two, a loop is cut off. */
export const MAX_REDIRECTS = 5

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * Where `answer` sends a GET of `url` next: the Location resolved against `url`, when the answer
 * is a redirect to the same origin; undefined otherwise. Pure.
 */
export function sameOriginTarget(answer: JsonAnswer, url: string): string | undefined {
  const location = answer.headers.location
  if (!REDIRECTS.has(answer.status) || location === undefined || location === '') return undefined
  let target: URL
  try {
    target = new URL(location, url)
  } catch {
    return undefined
  }
  const from = new URL(url)
  if (target.origin !== from.origin) return undefined
  target.hash = ''
  return target.href
}

/**
 * `fetchJson`, following same-origin redirects up to MAX_REDIRECTS times, with the same headers.
 * The timeout bounds the whole chain, not each request. The answer that ends the chain is
 * returned, with the URL that gave it.
 */
export function followingSameOriginRedirects(fetchJson: FetchJson): FetchJson {
  return async (url, options) => {
    const deadline = Date.now() + options.timeoutMs
    let current = url
    for (let hop = 0; ; hop++) {
      const answer = await fetchJson(current, {
        ...options,
        timeoutMs: Math.max(1, deadline - Date.now())
      })
      const next = hop < MAX_REDIRECTS ? sameOriginTarget(answer, current) : undefined
      if (next === undefined || Date.now() >= deadline) return { ...answer, url: current }
      current = next
    }
  }
}
