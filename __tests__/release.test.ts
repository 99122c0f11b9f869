/**
 * Release checks end to end, through both bundles: the action as a runner runs it (dist/main) and
 * the command line (dist/cli) as a user or another CI system runs it. The same cases must give
 * the same outcome on both.
 */
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newIndex,
  newJob,
  projectCopy,
  runMain,
  SAMPLE,
  USERS,
  visibleText
} from './support/action-harness.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.cjs')
const TAG_ENV = {
  GITHUB_REF: 'refs/tags/v0.1.0',
  GITHUB_REF_TYPE: 'tag',
  GITHUB_REF_NAME: 'v0.1.0'
}

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the command-line bundle with only the environment given (and PATH, HOME). */
function runCli(args: string[], env: Record<string, string> = {}, cwd = SAMPLE): Promise<CliRun> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr })
      }
    )
  })
}

/** The CLI prints the outputs last, one `name: value` line each. */
function cliOutput(run: CliRun, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(run.stdout)?.[1]
}

describe('the tag of a release', () => {
  it('a matching tag is said in the log, and the release is registered', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, SAMPLE, TAG_ENV)
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toContain(
      'The tag v0.1.0 names version 0.1.0, the version being registered.'
    )
  })

  it('a tag naming another version fails before anything is written or sent, with both values', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const env = { ...TAG_ENV, GITHUB_REF: 'refs/tags/v0.2.0', GITHUB_REF_NAME: 'v0.2.0' }
    const action = await runMain(await newJob(), { repository: index.url, ...ALICE }, SAMPLE, env)
    const expected =
      "The tag v0.2.0 names version 0.2.0, but the project's version is 0.1.0 (from pyproject.toml). Nothing was sent."
    expect(failureLine(action)).toContain(expected)
    expect(action.outputs['pypirc-path']).toBeUndefined()
    const cli = await runCli(['--repository', index.url], {
      ...env,
      TWINE_USERNAME: ALICE.username,
      TWINE_PASSWORD: ALICE.password
    })
    expect(cli.code).toBe(1)
    expect(cli.stderr).toContain(`error: ${expected}`)
    expect(index.requests).toHaveLength(0)
  })

  it('check-tag: false lets any tag through; a custom tag-prefix is honoured', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const env = { ...TAG_ENV, GITHUB_REF: 'refs/tags/nightly', GITHUB_REF_NAME: 'nightly' }
    const off = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, 'check-tag': 'false' },
      SAMPLE,
      env
    )
    expect(off.outputs.status).toBe('registered')
    const prefixed = {
      ...TAG_ENV,
      GITHUB_REF_NAME: 'sample-v0.1.0',
      GITHUB_REF: 'refs/tags/sample-v0.1.0'
    }
    const custom = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, 'tag-prefix': 'sample-v' },
      SAMPLE,
      prefixed
    )
    expect(custom.outputs.status).toBe('registered')
  })
})

describe('the command line runs the same registration', () => {
  const credentials = { TWINE_USERNAME: ALICE.username, TWINE_PASSWORD: ALICE.password }

  it('registers with TWINE_* credentials, prints the outputs, removes its .pypirc, shows no secret', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runCli(['--repository', index.url], credentials)
    expect(run.code).toBe(0)
    expect(index.record('peer-register-sample', '0.1.0')).toMatchObject({
      name: 'peer-register-sample'
    })
    expect(cliOutput(run, 'status')).toBe('registered')
    expect(run.stdout).toMatch(/^Removed .*\.pypirc$/m)
    expect(`${run.stdout}${run.stderr}`).not.toContain(ALICE.password)
  })

  it('the same request body as the action sends', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    await runMain(await newJob(), { repository: index.url, ...ALICE })
    await runCli(['--repository', index.url], credentials)
    const [fromAction, fromCli] = index.requests.filter(request => request.method === 'POST')
    expect(fromCli?.fields).toEqual(fromAction?.fields)
    expect(fromCli?.headers.authorization).toBe(fromAction?.headers.authorization)
  })

  it('--dry-run needs no credentials and sends nothing', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runCli([`--repository=${index.url}`, '--dry-run'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('name = "peer-register-sample"')
    expect(cliOutput(run, 'status')).toBe('dry-run')
    expect(index.requests).toHaveLength(0)
  })

  it('a wrong password fails with exit 1 and advice, and never shows either password', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runCli(['--repository', index.url], {
      ...credentials,
      TWINE_PASSWORD: 'wrong-Pa55-word-z'
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error: .* did not accept the credentials: 401 Unauthorized/m)
    expect(`${run.stdout}${run.stderr}`).not.toContain('wrong-Pa55-word-z')
  })

  it('several indexes, one failing: exit 1, one error line for it, the others registered', async () => {
    const good = await newIndex({ flavour: 'devpi', users: USERS })
    const refusing = await newIndex({ flavour: 'devpi', users: { alice: 'another' } })
    const run = await runCli(['--repository', `${good.url},${refusing.url}`], credentials)
    expect(run.code).toBe(1)
    expect(run.stderr.match(/^error: /gm)).toHaveLength(1)
    expect(good.record('peer-register-sample', '0.1.0')).toBeDefined()
  })

  it('pypi.org is a notice and exit 0', async () => {
    const run = await runCli(['--repository', 'pypi'], credentials)
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^notice: .*does not support pre-registration/m)
  })

  it('--help documents every option; a bad argument exits 2 with what to do', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    for (const option of [
      '--repository VALUE',
      '--dry-run',
      '--check-tag VALUE',
      '--ca-cert VALUE'
    ])
      expect(help.stdout).toContain(option)
    const bad = await runCli(['--repository'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      'error: --repository needs a value. Write --repository VALUE or --repository=VALUE.\n'
    )
  })

  it('a bad input is the same one clear line as in the action', async () => {
    const project = await projectCopy(text => text.replace('"0.1.0"', '"0.1.0"\nversion = "2"'))
    const cli = await runCli(['--dry-run', '--repository', 'pypi'], {}, project)
    const action = await runMain(await newJob(), { repository: 'pypi', 'dry-run': 'true' }, project)
    expect(cli.code).toBe(1)
    expect(cli.stderr.trim()).toBe(`error: ${failureLine(action)}`)
    expect(visibleText(action)).not.toMatch(/\n\s+at /)
  })
})
