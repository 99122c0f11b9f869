/**
 * What to do about a refusal, in the terms of the server that refused. Pure. Facts from each
 * server's sources and documentation, and from devpi-server and pypiserver run against the action.
 */
import { TOKEN_USERNAME } from '../constants.js'
import type { ServerFlavour } from './flavour.js'

/** The statuses whose meaning differs from one server to the next. */
export type AdvisedStatus = 401 | 403 | 404 | 405 | 409 | 410

type AdviceTable = Partial<Record<AdvisedStatus, (user: string) => string>>

const UPLOAD_INSTEAD =
  'It does not take registrations at all: upload the distributions with `twine upload` (the .pypirc written by this step works for that).'

const ADVICE: Record<Exclude<ServerFlavour, 'unknown'>, AdviceTable> = {
  devpi: {
    401: user =>
      `devpi did not accept the password of ${user}: check the username and password inputs (a devpi password, or a token from the devpi-tokens plugin).`,
    403: user =>
      `On devpi a 403 means that ${user} is not in this index's acl_upload: ask the index's owner to run \`devpi index USER/INDEX acl_upload+=${user}\`, or register on an index of your own.`,
    404: () =>
      'devpi answers 404 for a mirror index (such as root/pypi, which takes no registrations) and for a URL that is no index: use https://HOST/USER/INDEX/ of a stage index (`devpi use -l` lists them).',
    405: () =>
      'This devpi URL is not an index (a web page, a +simple/ page or a project page): use the index itself, https://HOST/USER/INDEX/.',
    409: () =>
      'devpi keeps released versions of a non-volatile index: register a new version, or make the index volatile (`devpi index USER/INDEX volatile=True`).'
  },
  pypiserver: {
    401: () =>
      'pypiserver wants the user name and password of its htpasswd file: give them in the username and password inputs.',
    403: user =>
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
    403: user =>
      `On Nexus a 403 means that ${user} lacks the add privilege of this repository (nx-repository-view-pypi-REPOSITORY-add). ${UPLOAD_INSTEAD}`,
    404: () =>
      `Nexus takes uploads at https://HOST/repository/REPOSITORY/ of a hosted PyPI repository (not a proxy or group one). ${UPLOAD_INSTEAD}`,
    405: () =>
      `Nexus takes uploads only on a hosted PyPI repository, https://HOST/repository/REPOSITORY/. ${UPLOAD_INSTEAD}`
  },
  artifactory: {
    401: () =>
      'Artifactory did not accept the credentials: use the user name with an identity token or API key as the password.',
    403: user =>
      `On Artifactory a 403 means that ${user} lacks Deploy permission on this repository.`,
    404: () =>
      `Artifactory's upload URL is https://HOST/artifactory/api/pypi/REPOSITORY (a local PyPI repository). ${UPLOAD_INSTEAD}`,
    405: () => `Artifactory documents register as neither required nor supported. ${UPLOAD_INSTEAD}`
  },
  gitlab: {
    401: () =>
      'GitLab takes a personal or project access token (scope api), a deploy token (write_package_registry), or the job token with user name gitlab-ci-token.',
    403: () =>
      'The GitLab token may not write packages to this project: it needs the Developer role or the write_package_registry scope.',
    404: () =>
      'GitLab answers 404 for a project the token cannot see, too: the URL is https://HOST/api/v4/projects/PROJECT-ID/packages/pypi.',
    405: () => `GitLab's PyPI endpoint takes uploads only. ${UPLOAD_INSTEAD}`
  }
}

/** Advice for `status` from a server of `flavour`, or undefined where there is none of its own. */
export function flavourAdvice(
  flavour: ServerFlavour,
  status: number,
  user: string
): string | undefined {
  if (flavour === 'unknown') return undefined
  return ADVICE[flavour][status as AdvisedStatus]?.(user)
}

/** The prefix of pypi.org and test.pypi.org API tokens. */
const TOKEN_PREFIX = 'pypi-'

/**
 * A notice when the user name fell back to `__token__` but the password is no pypi.org-style
 * token: a password given without its user name, which any index would refuse.
 */
export function defaultedTokenNotice(
  usernameOrigin: string,
  username: string,
  password: string | undefined
): string | undefined {
  if (username !== TOKEN_USERNAME || usernameOrigin !== 'the default') return undefined
  if (password === undefined || password.startsWith(TOKEN_PREFIX)) return undefined
  return `The user name is ${TOKEN_USERNAME} because none was given, but the password does not look like an API token (those start with "${TOKEN_PREFIX}"): if it is a password, set the username input (or TWINE_USERNAME) to your user on the index.`
}
