/**
 * What to do about a refusal, in the terms of the server that refused. Pure. Facts from each
 * server's sources and documentation, and from devpi-server and pypiserver run against the action.
 */
import { Inputs, PYPI_TOKEN_PREFIX, TOKEN_USERNAME } from '../constants.js'
import type { ResolvedIndex } from '../config/credentials.js'
import type { ServerFlavour } from './flavour.js'
import { either, inputName, inputNames } from '../wording.js'

/** The statuses whose meaning differs from one server to the next. */
export type AdvisedStatus = 401 | 403 | 404 | 405 | 409 | 410

/** Who asked where: what advice needs to fit the case. */
export interface AdviceContext {
  /** The user the request went as (or would have). */
  user: string
  /** The repository URL. */
  url: string
  /** Whether credentials went with the request; false when no password was given. */
  authenticated: boolean
  /** Whether the user name is `__token__` only because none was given. */
  userDefaulted: boolean
}

type AdviceTable = Partial<Record<AdvisedStatus, (context: AdviceContext) => string>>

const UPLOAD_INSTEAD = () =>
  `It does not take registrations at all: upload the distributions with \`twine upload\`${either(' (the .pypirc written by this step works for that)', '')}.`

const ADVICE: Record<Exclude<ServerFlavour, 'unknown'>, AdviceTable> = {
  devpi: {
    401: context =>
      context.userDefaulted
        ? devpiUserMissing()
        : `devpi did not accept the password of ${context.user}: check ${inputNames([Inputs.username, Inputs.password])} (a devpi password, or a token from the devpi-tokens plugin).`,
    403: context =>
      context.userDefaulted
        ? devpiUserMissing()
        : `On devpi a 403 means that ${context.user} is not in this index's acl_upload: ${devpiUploadRightRequest(context)}`,
    404: () =>
      'devpi answers 404 for a mirror index (such as root/pypi, which takes no registrations) and for a URL that is no index: use https://HOST/USER/INDEX/ of a stage index (`devpi use -l` lists them).',
    405: () =>
      'This devpi URL is not an index (a web page, a +simple/ page or a project page): use the index itself, https://HOST/USER/INDEX/.',
    409: ({ url }) =>
      `devpi keeps released versions of a non-volatile index: register a new version, or make the index volatile (\`devpi index ${devpiIndexName(url)} volatile=True\`).`
  },
  pypiserver: {
    401: () =>
      `pypiserver wants the user name and password of its htpasswd file: give them in ${inputNames([Inputs.username, Inputs.password])}.`,
    403: ({ user }) =>
      `pypiserver answers 403 for a wrong password or a user missing from its htpasswd file (never for project ownership): check the password of ${user}.`,
    404: () =>
      'pypiserver takes uploads at its root (https://HOST/, or the path it is mounted at), not at /simple/ or /packages/.',
    405: () =>
      'pypiserver takes uploads at its root (https://HOST/, or the path it is mounted at), not at /simple/ or /packages/.',
    409: () =>
      'pypiserver refuses to replace an existing file unless it runs with --overwrite; registration itself stores nothing there.'
  },
  warehouse: {
    401: () => `pypi.org takes API tokens: username ${TOKEN_USERNAME}, password pypi-....`,
    403: () =>
      'On pypi.org a 403 means the project belongs to other users: ask an Owner to add you as a Maintainer or Owner.',
    404: () => 'The upload URL of pypi.org is https://upload.pypi.org/legacy/.',
    405: () => 'The upload URL of pypi.org is https://upload.pypi.org/legacy/.',
    410: () =>
      'pypi.org dropped pre-registration: upload the distributions with `twine upload`, which creates the project.'
  },
  nexus: {
    401: () =>
      'Nexus did not accept the credentials: use a Nexus user (or a user token, where enabled) that may write to the repository.',
    403: ({ user }) =>
      `On Nexus a 403 means that ${user} lacks the add privilege of this repository (nx-repository-view-pypi-REPOSITORY-add). ${UPLOAD_INSTEAD()}`,
    404: () =>
      `Nexus takes uploads at https://HOST/repository/REPOSITORY/ of a hosted PyPI repository (not a proxy or group one). ${UPLOAD_INSTEAD()}`,
    405: () =>
      `Nexus takes uploads only on a hosted PyPI repository, https://HOST/repository/REPOSITORY/. ${UPLOAD_INSTEAD()}`
  },
  artifactory: {
    401: () =>
      'Artifactory did not accept the credentials: use the user name with an identity token or API key as the password.',
    403: ({ user }) =>
      `On Artifactory a 403 means that ${user} lacks Deploy permission on this repository.`,
    404: () =>
      `Artifactory's upload URL is https://HOST/artifactory/api/pypi/REPOSITORY (a local PyPI repository). ${UPLOAD_INSTEAD()}`,
    405: () =>
      `Artifactory documents register as neither required nor supported. ${UPLOAD_INSTEAD()}`
  },
  gitlab: {
    401: () =>
      'GitLab takes a personal or project access token (scope api), a deploy token (write_package_registry), or the job token with user name gitlab-ci-token.',
    403: () =>
      'The GitLab token may not write packages to this project: it needs the Developer role or the write_package_registry scope.',
    404: () =>
      'GitLab answers 404 for a project the token cannot see, too: the URL is https://HOST/api/v4/projects/PROJECT-ID/packages/pypi.',
    405: () => `GitLab's PyPI endpoint takes uploads only. ${UPLOAD_INSTEAD()}`
  }
}

/**
 * Advice for `status` from a server of `flavour`, or undefined where there is none of its own. A
 * refusal of a request that carried no credentials is about the missing password, on any server.
 */
export function flavourAdvice(
  flavour: ServerFlavour,
  status: number,
  context: AdviceContext
): string | undefined {
  if ((status === 401 || status === 403) && !context.authenticated) return noPasswordAdvice()
  if (flavour === 'unknown') return undefined
  return ADVICE[flavour][status as AdvisedStatus]?.(context)
}

/** Why a request went without credentials, and how to give them, in the reader's terms. */
function noPasswordAdvice(): string {
  return either(
    `No password was given (${inputName(Inputs.password)}, TWINE_PASSWORD and the .pypirc section are all empty), so the request went without credentials. Pass it from a secret: \`${Inputs.password}: \${{ secrets.INDEX_PASSWORD }}\` (a secret that does not exist, or is not available to this workflow, arrives empty).`,
    `No password was given (${inputName(Inputs.password)}, TWINE_PASSWORD and the .pypirc section are all empty), so the request went without credentials. Set TWINE_PASSWORD, or give a .pypirc with --config-file.`
  )
}

/**
 * What to do when a devpi index's acl_upload leaves this user out: the command for this very index,
 * or, when the user name was never given, that it is missing (`__token__` is in no acl).
 */
export function devpiUploadRightAdvice(context: AdviceContext): string {
  if (!context.authenticated) return noPasswordAdvice()
  if (context.userDefaulted) return devpiUserMissing()
  const request = devpiUploadRightRequest(context)
  return request.charAt(0).toUpperCase() + request.slice(1)
}

function devpiUploadRightRequest({ url, user }: AdviceContext): string {
  return `ask the index's owner to run \`devpi index ${devpiIndexName(url)} acl_upload+=${user}\`, or register on an index of your own.`
}

function devpiUserMissing(): string {
  return `No user name was given, so the request went as ${TOKEN_USERNAME} (the user name of pypi.org API tokens), which is no devpi user: set ${inputName(Inputs.username)} (or TWINE_USERNAME) to your user on this devpi server.`
}

/**
 * A devpi index's name, USER/INDEX, from its URL: the last two segments of the path (devpi may be
 * served below a prefix), or the placeholder when the path has fewer.
 */
export function devpiIndexName(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent)
  return segments.length >= 2 ? segments.slice(-2).join('/') : 'USER/INDEX'
}

/** Whether the user name is `__token__` only because none was given (credentials.ts's default). */
function userNameDefaulted(usernameOrigin: string, username: string): boolean {
  return username === TOKEN_USERNAME && usernameOrigin === 'the default'
}

/** Who asks `index`, with credentials or without: what advice for its answers needs to know. */
export function adviceContextOf(index: ResolvedIndex, authenticated: boolean): AdviceContext {
  return {
    url: index.target.url,
    user: index.username,
    authenticated,
    userDefaulted: userNameDefaulted(index.origins.username, index.username)
  }
}

/**
 * A notice when the user name fell back to `__token__` but the password is no pypi.org-style
 * token: a password given without its user name, which any index would refuse.
 */
export function defaultedTokenNotice(
  usernameOrigin: string,
  username: string,
  password: string | undefined
): string | undefined {
  if (!userNameDefaulted(usernameOrigin, username)) return undefined
  if (password === undefined || password.startsWith(PYPI_TOKEN_PREFIX)) return undefined
  return `The user name is ${TOKEN_USERNAME} because none was given, but the password does not look like an API token (those start with "${PYPI_TOKEN_PREFIX}"): if it is a password, set ${inputName(Inputs.username)} (or TWINE_USERNAME) to your user on the index.`
}
