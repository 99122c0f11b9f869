/**
 * The environment the project's own code (its build backend, setup.py) runs with. That code is
 * untrusted: it gets what a build needs and nothing that could be a secret. Pure.
 */
import { Secrets } from '../../secrets.js'

/**
 * Names never passed on, whatever their value: the action's inputs (the password among them), what
 * the runner hands this step (its state, its file commands, through which code could change later
 * steps, and the tokens of the Actions service), and the credentials other tools read.
 */
const DROPPED_PREFIXES = ['INPUT_', 'STATE_', 'ACTIONS_', 'TWINE_', 'PYPI_REGISTER_']
const DROPPED_NAMES = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'NETRC'
])

/**
 * A name that says it holds a credential. Words, not substrings, so that `KEYBOARD` or
 * `MONKEY_PATH` pass while `AWS_SECRET_ACCESS_KEY`, `NPM_TOKEN`, `PIP_PASSWORD`, `APIKEY`,
 * `SSH_AUTH_SOCK` and `DB_CREDENTIALS` do not.
 */
const SECRET_WORD =
  /(^|_)(TOKEN|TOKENS|PASSWORD|PASSWD|PASS|PWD|SECRET|SECRETS|KEY|KEYS|APIKEY|PRIVATE|AUTH|CREDENTIAL|CREDENTIALS|COOKIE|SESSION|SIGNATURE)(_|$)/i

/** `scheme://user:password@host` and `scheme://token@host`: the part before `@` is a credential. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi

/** `PWD` is the shell's working folder, not a password; its name matches the rule above. */
const KEPT_NAMES = new Set(['PWD', 'OLDPWD'])

/**
 * The shortest secret whose presence in a value withholds the variable: a shorter one would occur
 * by chance in paths and lists and strip the build of what it needs.
 */
const WITHHELD_FROM_LENGTH = 4

/**
 * The environment for project code: `parent` without the variables named above, without any whose
 * value holds one of `secrets` in any form (percent-encoded, escaped, inside base64: Secrets finds
 * them all), and with credentials cut out of URLs (proxies, pip's index URLs) so that the host is
 * kept. Python is told to write UTF-8 and not to prompt.
 */
export function scrubEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  secrets: Iterable<string> = []
): Record<string, string> {
  const known = new Secrets()
  for (const secret of secrets) if (secret.length >= WITHHELD_FROM_LENGTH) known.add(secret)
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue
    // Credentials in a URL are cut out and the host kept (a proxy pip must reach); a secret left
    // anywhere else in the value, in any form, withholds the whole variable.
    const kept = value.replace(URL_USERINFO, '$1')
    if (isSecretName(name) || known.holds(kept)) continue
    env[name] = kept
  }
  env.PYTHONIOENCODING = 'utf-8'
  env.PIP_NO_INPUT = '1'
  env.PIP_DISABLE_PIP_VERSION_CHECK = '1'
  return env
}

/** Whether a variable of this name is withheld from project code. */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase()
  if (KEPT_NAMES.has(upper)) return false
  return (
    DROPPED_NAMES.has(upper) ||
    DROPPED_PREFIXES.some(prefix => upper.startsWith(prefix)) ||
    SECRET_WORD.test(upper)
  )
}
