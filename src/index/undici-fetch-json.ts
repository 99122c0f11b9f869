/**
 * FetchJson over the connection pool the register request uses (so the same proxy and TLS
 * settings apply). Redirects are not followed, as for the POST: credentials stay with the URL given.
 */
import type { Dispatcher } from 'undici'
import { parseJsonBody, type FetchJson } from './fetch-json.js'

/** Enough for a release's stored metadata with a long description. */
const BODY_LIMIT = 4 * 1024 * 1024

/** A FetchJson that sends through `dispatcher` (one created by the index client). */
export function fetchJsonWith(dispatcher: Dispatcher): FetchJson {
  return async (url, { headers, timeoutMs }) => {
    const { origin, pathname, search } = new URL(url)
    const response = await dispatcher.request({
      origin,
      path: pathname + search,
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(timeoutMs)
    })
    const body = await readText(response.body)
    const flat: Record<string, string> = {}
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined)
        flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
    }
    const json = parseJsonBody(body)
    return {
      status: response.statusCode,
      statusText: response.statusText ?? '',
      headers: flat,
      body: body.slice(0, 16 * 1024),
      ...(json === undefined ? {} : { json })
    }
  }
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer)
      size += (chunk as Buffer).byteLength
      if (size > BODY_LIMIT) break
    }
  } finally {
    body.destroy()
  }
  return Buffer.concat(chunks).toString('utf8')
}
