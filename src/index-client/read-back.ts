/**
 * Reading a registered release back, to say what the index really stored. devpi offers it
 * (`GET <index>/<name>/<version>` with `Accept: application/json` answers `{"result": {...}}`);
 * it keeps only the fields it has a column for and names the extras `provides_extras`. Other
 * indexes keep no metadata without files, and that is said plainly instead.
 */
import type { FormField } from './form.js'
import type { ReadBackReport } from './outcome.js'
import type { FetchJson } from './fetch-json.js'
import { normalizeName } from '../packaging/names.js'
import { plainText } from '../sanitize.js'

/** Protocol fields, not metadata: no index stores them. */
const PROTOCOL_FIELDS = new Set([':action', 'protocol_version'])

/** Fields a server keeps under another name: devpi's plural for the extras. */
const STORED_AS: Record<string, string> = { provides_extra: 'provides_extras' }

/**
 * The URL of a release's JSON on a devpi index, under the name's normal form (PEP 503), where
 * devpi keeps it (it redirects any other spelling there).
 */
export function releaseUrl(indexUrl: string, name: string, version: string): string {
  const base = indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`
  return new URL(`${encodeURIComponent(normalizeName(name))}/${encodeURIComponent(version)}`, base)
    .href
}

/**
 * Compares the fields sent with those stored. Pure. A field is unchanged when the index holds the
 * same values (under its own name, for a renamed one), changed when it holds others, and lost
 * when it holds none. A field sent under both its names is one field, counted once.
 */
export function compareStored(
  sent: readonly FormField[],
  stored: Readonly<Record<string, unknown>>
): Omit<ReadBackReport, 'summary'> {
  const values = new Map<string, string[]>()
  for (const [name, value] of sent) {
    if (PROTOCOL_FIELDS.has(name)) continue
    values.set(name, [...(values.get(name) ?? []), value])
  }
  const report = { unchanged: [] as string[], changed: [] as string[], lost: [] as string[] }
  for (const [name, sentValues] of values) {
    if (secondNameOfSent(name, values)) continue
    let kept = storedValues(stored[name])
    let label = name
    const renamed = STORED_AS[name]
    if (kept.length === 0 && renamed !== undefined && values.has(renamed)) {
      // Sent under both names: the one the index keeps speaks for this field.
      kept = storedValues(stored[renamed])
      label = `${name} (as ${renamed})`
    }
    if (kept.length === 0) report.lost.push(name)
    else if (sameValues(kept, sentValues)) report.unchanged.push(label)
    else report.changed.push(label)
  }
  return report
}

/** Whether `name` is the index's name for another field that was sent too. */
function secondNameOfSent(name: string, sent: ReadonlyMap<string, unknown>): boolean {
  return Object.entries(STORED_AS).some(([field, renamed]) => renamed === name && sent.has(field))
}

function storedValues(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return []
  if (Array.isArray(value)) return value.map(item => String(item))
  return [String(value)]
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}

/** One line for the log and the summary. */
export function describeReadBack(report: Omit<ReadBackReport, 'summary'>): string {
  const total = report.unchanged.length + report.changed.length + report.lost.length
  const parts = [`Read back: ${report.unchanged.length} of ${total} fields stored unchanged`]
  if (report.changed.length > 0) parts.push(`changed: ${report.changed.join(', ')}`)
  if (report.lost.length > 0) parts.push(`lost: ${report.lost.join(', ')}`)
  return `${parts.join('; ')}.`
}

export interface ReadBackRequest {
  indexUrl: string
  name: string
  version: string
  fields: readonly FormField[]
  headers: Record<string, string>
  timeoutMs: number
}

/**
 * Reads the release back from a devpi index. Resolves to the report, `undefined` when the index
 * has no such release (it accepted the request and stored nothing), or a string saying why the
 * read-back itself failed; never rejects, because a read-back never undoes a registration.
 */
export async function readBackDevpi(
  fetchJson: FetchJson,
  request: ReadBackRequest
): Promise<ReadBackReport | undefined | string> {
  const url = releaseUrl(request.indexUrl, request.name, request.version)
  try {
    const answer = await fetchJson(url, {
      headers: { ...request.headers, accept: 'application/json' },
      timeoutMs: request.timeoutMs
    })
    if (answer.status === 404) return undefined
    const result = (answer.json as { result?: unknown } | undefined)?.result
    if (answer.status !== 200 || result === null || typeof result !== 'object') {
      return `the read-back of ${url} answered ${answer.status} ${plainText(answer.statusText)} without the release's JSON`
    }
    const report = compareStored(request.fields, result as Record<string, unknown>)
    return { ...report, summary: describeReadBack(report) }
  } catch (error) {
    return `the read-back of ${url} got no answer (${plainText(error instanceof Error ? error.message : String(error))})`
  }
}
