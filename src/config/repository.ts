/** Which index to register on: the `repository` input turned into a URL and a .pypirc section. Pure. */
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { inputName, startOfSentence } from '../wording.js'
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

/**
 * Whether a host is Warehouse's, the software behind pypi.org, which no longer supports
 * pre-registration: pypi.org and every host below it (upload., test.), and the old pypi.python.org.
 */
export function isWarehouseHost(hostname: string): boolean {
  return /(?:^|\.)pypi\.org$|^pypi\.python\.org$/i.test(hostname)
}

/**
 * Resolves the `repository` input: `pypi`, `testpypi` or an http(s) URL. `origin` says where the
 * value came from (the input, a variable, a .pypirc section), for messages.
 */
export function resolveRepository(
  value: string,
  origin = inputName(Inputs.repository)
): IndexTarget {
  const trimmed = value.trim()
  const known = PUBLIC_INDEXES[trimmed]
  if (known !== undefined) return { section: trimmed, url: known, warehouse: true }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    // The value is shown only when it cannot hold a credential (`user:token@host` without a scheme).
    const shown = /^[\w.-]+$/.test(trimmed) ? `"${trimmed}"` : 'a value'
    throw new InputError(
      `${startOfSentence(origin)} is ${shown}, which is neither a URL nor one of ${Object.keys(PUBLIC_INDEXES).join(', ')}.`,
      'Give the full URL of the index, e.g. https://devpi.example.com/alice/dev/.'
    )
  }
  return targetFromUrl(trimmed, startOfSentence(origin))
}

/** `from` starts the messages: `Input 'repository'`, `TWINE_REPOSITORY_URL`, ... */
function targetFromUrl(text: string, from: string): IndexTarget {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(
      `${from} is not a valid URL.`,
      'Give the full URL of the index, e.g. https://devpi.example.com/alice/dev/.'
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `${from} uses ${url.protocol.slice(0, -1)}:, but an index is reached over https or http.`,
      'Give an https:// URL.'
    )
  }
  if (url.hash !== '') {
    throw new InputError(
      `${from} has a #fragment, which no index URL has.`,
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
    warehouse: isWarehouseHost(url.hostname)
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
