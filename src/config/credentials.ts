/**
 * Which index, and with which credentials. Precedence, highest first:
 * 1. the inputs (`repository`, `username`, `password`), credentials written in the repository URL
 *    counting as given with it;
 * 2. the variables twine users already set: TWINE_REPOSITORY_URL, TWINE_REPOSITORY, TWINE_USERNAME,
 *    TWINE_PASSWORD;
 * 3. the `.pypirc` section of that repository (found by name, or by its URL);
 * and `__token__` as the user name when nothing gives one. No index at all is an error, never
 * pypi.org by default: an empty repository is what a missing secret gives, and its password must
 * not end up in a `.pypirc` section for pypi.org. Pure.
 */
import { Inputs, PYPI_TOKEN_PREFIX, TOKEN_USERNAME } from '../constants.js'
import { InputError } from '../errors.js'
import { findRepository, type PypircConfig, type PypircRepository } from './pypirc-read.js'
import { PUBLIC_INDEXES, resolveRepository, type IndexTarget } from './repository.js'
import type { TlsFiles } from './connection.js'
import { either, inputName, inputNames, startOfSentence } from '../wording.js'

export interface CredentialSources {
  /** The inputs as given ('' when not set). */
  repository: string
  username: string
  password: string
  /** The ca-cert and client-cert inputs: paths, '' when not set. */
  caCert: string
  clientCert: string
  env: Partial<
    Record<
      'TWINE_REPOSITORY' | 'TWINE_REPOSITORY_URL' | 'TWINE_USERNAME' | 'TWINE_PASSWORD',
      string
    >
  >
  pypirc?: PypircConfig
}

export interface ResolvedIndex {
  target: IndexTarget
  username: string
  password?: string
  /** TLS files for this index: the inputs, else the .pypirc section's ca_cert and client_cert. */
  tls: TlsFiles
  /** Where the repository, user name and password came from, for the log; never the values. */
  origins: { repository: string; username: string; password?: string }
  notices: string[]
  /** Said as warnings: a password kept out of the .pypirc, say. */
  warnings: string[]
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i

/** Resolves the index and its credentials from every source, by the precedence above. */
export function resolveIndex(sources: CredentialSources): ResolvedIndex {
  const { env } = sources
  const [spec, specOrigin] = firstGiven([
    [sources.repository, inputName(Inputs.repository)],
    [env.TWINE_REPOSITORY_URL, 'TWINE_REPOSITORY_URL'],
    [env.TWINE_REPOSITORY, 'TWINE_REPOSITORY']
  ])
  if (spec === undefined) throw noIndexError(sources.pypirc)
  const notices: string[] = []
  const warnings: string[] = []
  const { target, section } = locate(spec, specOrigin, sources.pypirc, notices)
  const fromSection =
    section !== undefined ? `[${section.section}] in ${sources.pypirc?.origin}` : ''

  const [username, usernameOrigin] = firstGiven([
    [sources.username, inputName(Inputs.username)],
    [target.urlCredentials?.username, `the URL in ${specOrigin}`],
    [env.TWINE_USERNAME, 'TWINE_USERNAME'],
    [section?.username, fromSection],
    [TOKEN_USERNAME, 'the default']
  ]) as [string, string]
  let [password, passwordOrigin] = firstGiven([
    [sources.password, inputName(Inputs.password)],
    [target.urlCredentials?.password, `the URL in ${specOrigin}`],
    [env.TWINE_PASSWORD, 'TWINE_PASSWORD'],
    [section?.password, fromSection]
  ])
  if (target.warehouse && password !== undefined && !password.startsWith(PYPI_TOKEN_PREFIX)) {
    warnings.push(
      `The password from ${passwordOrigin} is not a PyPI API token (those start with "${PYPI_TOKEN_PREFIX}"), so it is left out of the .pypirc section [${target.section}] for ${target.url}: a \`twine upload\` there would send it to pypi.org. If it is the password of another index, name that index in ${inputName(Inputs.repository)}.`
    )
    password = passwordOrigin = undefined
  }

  const resolved: ResolvedIndex = {
    target,
    username,
    origins: {
      repository: section ? `${specOrigin}, ${fromSection}` : specOrigin,
      username: usernameOrigin
    },
    tls: tlsFiles(sources, section, fromSection),
    notices,
    warnings
  }
  if (password !== undefined) {
    resolved.password = password
    resolved.origins.password = passwordOrigin
  }
  return resolved
}

/**
 * No repository anywhere: most often a secret that does not exist, or is not available to this
 * workflow, which arrives empty. pypi.org is used only when it is named.
 */
function noIndexError(pypirc: PypircConfig | undefined): InputError {
  const sections =
    pypirc === undefined
      ? ''
      : ` The .pypirc in ${pypirc.origin} has the sections ${[...pypirc.repositories.keys()].join(', ')}; name one.`
  return new InputError(
    `No index to register on: ${inputName(Inputs.repository)} is empty, and so are TWINE_REPOSITORY_URL and TWINE_REPOSITORY.${sections}`,
    either(
      `If ${inputName(Inputs.repository)} comes from a secret, check that the secret exists and is available to this workflow (a missing one arrives empty). Give the URL of the index (for devpi, https://HOST/USER/INDEX/), or a section of the .pypirc; for pypi.org, which takes no registrations, write \`${Inputs.repository}: pypi\`.`,
      `Give --${Inputs.repository} with the URL of the index (for devpi, https://HOST/USER/INDEX/) or a section of the .pypirc, or set TWINE_REPOSITORY_URL; for pypi.org, which takes no registrations, --${Inputs.repository} pypi.`
    )
  )
}

/** Each TLS file from its input, else from the section; paths as given. */
function tlsFiles(
  sources: CredentialSources,
  section: PypircRepository | undefined,
  fromSection: string
): TlsFiles {
  const files: TlsFiles = {}
  const [caCert, caOrigin] = firstGiven([
    [sources.caCert, inputName(Inputs.caCert)],
    [section?.caCert, `ca_cert of ${fromSection}`]
  ])
  if (caCert !== undefined) files.caCert = { path: caCert, origin: caOrigin }
  const [clientCert, clientOrigin] = firstGiven([
    [sources.clientCert, inputName(Inputs.clientCert)],
    [section?.clientCert, `client_cert of ${fromSection}`]
  ])
  if (clientCert !== undefined) files.clientCert = { path: clientCert, origin: clientOrigin }
  return files
}

function firstGiven(
  candidates: Array<[string | undefined, string]>
): [string, string] | [undefined, undefined] {
  for (const [value, origin] of candidates) {
    if (value !== undefined && value !== '') return [value, origin]
  }
  return [undefined, undefined]
}

/** The target for a URL or a name, and the .pypirc section it corresponds to, if any. */
function locate(
  spec: string,
  origin: string,
  pypirc: PypircConfig | undefined,
  notices: string[]
): { target: IndexTarget; section?: PypircRepository } {
  const value = spec.trim()
  if (URL_LIKE.test(value)) {
    const target = resolveRepository(value, origin)
    const found = pypirc === undefined ? undefined : findRepository(pypirc, target.url)
    if (found === undefined) return { target }
    if (found.matchedBy === 'url-but-slash') {
      notices.push(
        `${origin} matches [${found.repository.section}] in ${pypirc?.origin} only when a trailing slash is set aside; its credentials are used.`
      )
    }
    return { target: { ...target, section: found.repository.section }, section: found.repository }
  }
  const found = pypirc === undefined ? undefined : findRepository(pypirc, value)
  if (found !== undefined) {
    const section = found.repository
    const target = resolveRepository(
      section.repository as string,
      `repository of [${section.section}] in ${pypirc?.origin}`
    )
    return { target: { ...target, section: section.section }, section }
  }
  if (PUBLIC_INDEXES[value] !== undefined) return { target: resolveRepository(value, origin) }
  const shown = /^[\w.-]+$/.test(value) ? `"${value}"` : 'a value'
  if (pypirc === undefined) {
    throw new InputError(
      `${startOfSentence(origin)} is ${shown}, which is neither a URL nor one of ${Object.keys(PUBLIC_INDEXES).join(', ')}.`,
      `Give the full URL of the index (e.g. https://devpi.example.com/alice/dev/), or pass a .pypirc with ${inputNames([Inputs.pypirc, Inputs.configFile], 'or')} to use its section names.`
    )
  }
  if (pypirc.unlisted.includes(value)) {
    throw new InputError(
      `${startOfSentence(origin)} names [${value}], which ${pypirc.origin} has but does not list in [distutils] index-servers, so twine would not use it either.`,
      `Add ${value} to index-servers (one name per line), or name a listed section: ${[...pypirc.repositories.keys()].join(', ')}.`
    )
  }
  throw new InputError(
    `${startOfSentence(origin)} is ${shown}, which is neither a URL nor a section of ${pypirc.origin}; its sections are ${[...pypirc.repositories.keys()].join(', ')}.`,
    'Use one of those section names (listed in [distutils] index-servers), or the full URL of the index.'
  )
}
