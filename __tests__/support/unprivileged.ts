/**
 * Running the bundled action as a runner's unprivileged user, the way GitHub runs it: a user with
 * password-less sudo (GitHub-hosted runners), and one without (a self-hosted runner's account).
 * `scripts/test-tools.sh` creates both; starting processes as them needs root or `sudo -n`.
 */
import { describe, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Like GitHub's `runner`: password-less sudo. */
export const SUDO_USER = 'pypi-register-runner'
/** Like a self-hosted runner's account: no sudo. */
export const PLAIN_USER = 'pypi-register-nosudo'

const ROOT = process.getuid?.() === 0

/** The bundle the test users run, in this checkout. */
const BUNDLE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'main',
  'index.cjs'
)

const SET_UP_USERS = `run \`sudo bash scripts/test-tools.sh\` (it installs sudo and util-linux and creates ${SUDO_USER} and ${PLAIN_USER}), then run the tests as root or as a user with password-less sudo`

/** Why these tests cannot run here and what to do, or undefined when they can. */
function missing(): string | undefined {
  if (process.platform !== 'linux') return 'they need Linux'
  if (!ROOT && spawnSync('sudo', ['-n', 'true']).status !== 0)
    return `they need root or password-less sudo to start processes as the test users: ${SET_UP_USERS}`
  for (const user of [SUDO_USER, PLAIN_USER]) {
    if (spawnSync('id', ['-u', user]).status !== 0)
      return `the user ${user} does not exist: ${SET_UP_USERS}`
  }
  const sudo = spawnSync(...asUser(SUDO_USER, ['sudo', '-n', 'true']))
  if (sudo.status !== 0) return `${SUDO_USER} has no password-less sudo: ${SET_UP_USERS}`
  for (const user of [SUDO_USER, PLAIN_USER]) {
    if (spawnSync(...asUser(user, ['test', '-r', BUNDLE])).status !== 0)
      return `${user} cannot read ${BUNDLE}: a folder above the checkout is closed to other users (\`mktemp -d\` makes such folders); clone into a folder every user can enter, or \`chmod o+x\` the closed one`
  }
  return undefined
}

/**
 * A describe block that runs where the test users can be had. Elsewhere it says why, loudly, and
 * how to get them; in CI (CI=true) that is a failure, never a silent skip.
 */
export function describeAsRunnerUsers(name: string, body: () => void): void {
  const why = missing()
  if (why === undefined) return describe(name, body)
  const advice = `The containment tests run the action as unprivileged users, and ${why}.`
  if (process.env.CI) {
    describe(name, () => {
      it('can run here', () => {
        throw new Error(advice)
      })
    })
    return
  }
  console.error(`SKIPPED: ${name}. ${advice}`)
  describe.skip(name, body)
}

/** The program and arguments that run `command` as `user`, with exactly `env`. */
export function asUser(
  user: string,
  command: readonly string[],
  env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin' }
): [string, string[]] {
  const inner = [
    'setpriv',
    `--reuid=${user}`,
    `--regid=${user}`,
    '--init-groups',
    '--',
    'env',
    '-i',
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    ...command
  ]
  return ROOT ? [inner[0]!, inner.slice(1)] : ['sudo', ['-n', ...inner]]
}

/** Gives a folder (and everything in it) to `user`. */
export function giveTo(user: string, folder: string): void {
  const [program, args] = ROOT
    ? ['chown', ['-R', `${user}:${user}`, folder]]
    : ['sudo', ['-n', 'chown', '-R', `${user}:${user}`, folder]]
  const result = spawnSync(program, args)
  if (result.status !== 0) throw new Error(`chown ${folder} failed: ${result.stderr}`)
}
