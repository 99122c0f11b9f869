/**
 * What the tests of the upload after a registration share: a checkout of the example project with
 * its distributions built, and a `run:` step executed the way a runner executes it.
 */
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { closeAfterTest, SAMPLE } from './action-harness.js'
import { REPO_ROOT } from './runner-job.js'

/** The example project's distributions, built by scripts/regenerate-fixtures.sh. */
export const SAMPLE_DISTS = [
  'peer_register_sample-0.1.0-py3-none-any.whl',
  'peer-register-sample-0.1.0.tar.gz'
] as const

/** A copy of the example project (removed after the test), with dist/ filled when `built`. */
export async function sampleCheckout(built: boolean): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'checkout-'))
  closeAfterTest(() => rm(dir, { recursive: true, force: true }))
  await cp(SAMPLE, dir, { recursive: true })
  if (built) {
    await mkdir(path.join(dir, 'dist'))
    for (const file of SAMPLE_DISTS) {
      await cp(
        path.join(REPO_ROOT, '__tests__', 'data', 'dists', file),
        path.join(dir, 'dist', file)
      )
    }
  }
  return dir
}

/** Runs a `run:` script with `bash -e`, as a runner does, with only a runner's basic environment. */
export function runStepScript(
  script: string,
  cwd: string,
  env: Record<string, string> = {}
): Promise<{ code: number; output: string }> {
  return new Promise(resolve => {
    execFile(
      'bash',
      ['-e', '-c', script],
      {
        cwd,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: cwd,
          // No desktop keyring to ask on a runner: twine must take the password from the .pypirc.
          PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
          ...env
        }
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ code, output: `${stdout}\n${stderr}` })
      }
    )
  })
}
