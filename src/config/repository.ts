/** Which index to register on: the `repository` input turned into a URL and a .pypirc section. Pure. */
import { InputError } from '../errors.js'
import { basicToken } from '../secrets.js'

export interface Credentials {
  username: string
  password: string
}

export interface IndexTarget {
  /** Section name in the written .pypirc (`twine upload -r <section>`). */
  section: string
  /** The repository URL, never with credentials in it. */
  url: string
  /** pypi.org and test.pypi.org answer register with 410; no request is sent to them. */
  warehouse: boolean
  /** Credentials that were written into the URL (`https://user:pass@host/`), split off. */
  urlCredentials?: Credentials
}

/** twine's built-in sections, which every .pypirc has whether or not it lists them. */
export const PUBLIC_INDEXES: Readonly<Record<string, string>> = {
  pypi: 'https://upload.pypi.org/legacy/',
  testpypi: 'https://test.pypi.org/legacy/'
}

/** Hosts of Warehouse, the software behind pypi.org, which no longer supports pre-registration. */
const WAREHOUSE_HOSTS = new Set(['pypi.org', 'www.pypi.org', 'upload.pypi.org', 'test.pypi.org'])

/** Resolves the `repository` input: `pypi`, `testpypi` or an http(s) URL. */
export function resolveRepository(value: string, input = 'repository'): IndexTarget {
  const trimmed = value.trim()
  const known = PUBLIC_INDEXES[trimmed === '' ? 'pypi' : trimmed]
  if (known !== undefined) {
    return { section: trimmed === '' ? 'pypi' : trimmed, url: known, warehouse: true }
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    // The value is shown only when it cannot hold a credential (`user:token@host` without a scheme).
    const shown = /^[\w.-]+$/.test(trimmed) ? `"${trimmed}"` : 'a value'
    throw new InputError(
      `Input '${input}' is ${shown}, which is neither a URL nor one of ${Object.keys(PUBLIC_INDEXES).join(', ')}.`,
      'Give the full URL of the index, e.g. https://devpi.example.com/alice/dev/.'
    )
  }
  return targetFromUrl(trimmed, input)
}

function targetFromUrl(text: string, input: string): IndexTarget {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(
      `Input '${input}' is not a valid URL.`,
      'Give the full URL of the index, e.g. https://devpi.example.com/alice/dev/.'
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `Input '${input}' uses ${url.protocol.slice(0, -1)}:, but an index is reached over https or http.`,
      'Give an https:// URL.'
    )
  }
  if (url.hash !== '') {
    throw new InputError(
      `Input '${input}' has a #fragment, which no index URL has.`,
      'Remove the part from "#" on.'
    )
  }
  let urlCredentials: Credentials | undefined
  if (url.username !== '' || url.password !== '') {
    urlCredentials = {
      username: decodeUserinfo(url.username),
      password: decodeUserinfo(url.password)
    }
    url.username = ''
    url.password = ''
  }
  const target: IndexTarget = {
    section: sectionNameFor(url),
    url: url.href,
    warehouse: WAREHOUSE_HOSTS.has(url.hostname.toLowerCase())
  }
  if (urlCredentials !== undefined) target.urlCredentials = urlCredentials
  return target
}

/** Userinfo is percent-encoded in a URL; a stray `%` that is not an escape stays as it is. */
function decodeUserinfo(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** A readable .pypirc section name made from the host, port and path, e.g. `devpi.example.com-alice-dev`. */
export function sectionNameFor(url: URL): string {
  const pieces = [url.hostname.replace(/^\[|\]$/g, ''), url.port, ...url.pathname.split('/')]
  const name = pieces
    .filter(piece => piece !== '')
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+|-+$/g, '')
  return name === '' ? 'index' : name
}

/** The value of the `Authorization` header for HTTP Basic authentication (UTF-8, as twine sends it). */
export function basicAuthorization({ username, password }: Credentials): string {
  return `Basic ${basicToken(username, password)}`
}
