/**
 * The command line as its users meet it: the bundled dist/cli/index.cjs run as a child process.
 * Its exit status is the one the help and the README document (0, 1, 2), each place is said once,
 * and its messages speak of options, not of a workflow's inputs and steps.
 */
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { createServer } from 'node:http'
import {
  ALICE,
  cleanUpAfterEach,
  listen,
  newIndex,
  projectCopy,
  SAMPLE
} from './support/action-harness.js'
import { realServers } from './support/real-servers/servers.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.cjs')

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function runCli(args: string[], cwd = SAMPLE, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ code, stdout, stderr })
      }
    )
  })
}

/** What a runner would say, and a terminal must not. */
const ACTIONS_WORDING =
  /actions\/|workflow|\binputs?\b|\bsteps?\b|secrets\.|\$\{\{|on: push|\b[a-z-]+: (?:true|false)\b/i

function expectTerminalWording(run: CliRun): void {
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(ACTIONS_WORDING)
}

describe('exit status', () => {
  it('is 0 when the registration succeeds, and the outputs are printed last', async () => {
    const index = await newIndex({ flavour: 'devpi', users: { [ALICE.username]: ALICE.password } })
    const run = await runCli(['--repository', index.url], SAMPLE, {
      TWINE_USERNAME: ALICE.username,
      TWINE_PASSWORD: ALICE.password
    })
    expect(run.stderr).not.toMatch(/^error:/m)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/\nstatus: registered\n/)
    expect(run.stdout).not.toContain('pypirc-section')
    expect(index.record('peer-register-sample', '0.1.0')).toBeDefined()
    expectTerminalWording(run)
  })

  it('is 1 when an index refuses, with the advice worded for a terminal', async () => {
    const index = await newIndex({ flavour: 'devpi', users: { [ALICE.username]: ALICE.password } })
    const run = await runCli(['--repository', index.url], SAMPLE, {
      TWINE_USERNAME: ALICE.username,
      TWINE_PASSWORD: 'wrong'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/\nstatus: unauthorized\n/)
    expect(run.stderr).toContain('check --username and --password')
    expectTerminalWording(run)
  })

  it('is 1 for a metadata error, each problem placed once, and the advice names --dry-run', async () => {
    const project = await projectCopy(text =>
      text.replace('version = "0.1.0"', 'version = "not a version"')
    )
    const run = await runCli(['--dry-run', '--repository', 'pypi'], project)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^error: pyproject\.toml:\d+ \(project\.version\): Version "not a version"/m
    )
    expect(run.stderr).not.toMatch(/^\w+: (\S+:\d+): \1/m)
    expect(run.stderr).toContain('a dry run (--dry-run) shows them')
    expectTerminalWording(run)
  })

  it('is 1 without a password where the index wants one, the advice naming what a terminal sets', async () => {
    const run = await runCli(['--repository', realServers().pypiserver.url])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/\nstatus: unauthorized\n/)
    expect(run.stderr).toContain('No password was given (--password, TWINE_PASSWORD')
    expect(run.stderr).toContain('Set TWINE_PASSWORD, or give a .pypirc')
    expectTerminalWording(run)
  })

  it.each([
    [
      ['--retries', '99', '--dry-run', '--repository', 'pypi'],
      '--retries is "99", which is not a whole number'
    ],
    [['--project-dir', 'missing', '--dry-run', '--repository', 'pypi'], 'Check --project-dir.'],
    [
      ['--repository', 'http://devpi.example.com/a/b/', '--password', 'pw'],
      'or set --allow-insecure-http if the network between this machine and the index is trusted.'
    ],
    [
      ['--check-tag', 'true', '--dry-run', '--repository', 'pypi'],
      'Set GITHUB_REF=refs/tags/<tag> for the release tag'
    ]
  ])('is 1 for a bad option value (%j), named as an option', async (args, expected) => {
    const run = await runCli(args)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(expected)
    expectTerminalWording(run)
  })

  it.each([
    [['--bogus'], 'Unknown option --bogus.'],
    // Neither a misspelt option's value nor a URL given without --repository is repeated.
    [['--passwrd=S3cretPw99'], 'Unknown option --passwrd.'],
    [
      ['https://alice:S3cretPw99@devpi.example.com/alice/dev/'],
      'Argument 1 is not an option (options start with --; values follow them).'
    ],
    [['--retries'], '--retries needs a value.'],
    [['--dry-run', '--dry-run'], '--dry-run is given twice.']
  ])('is 2 when the command line cannot be read (%j)', async (args, expected) => {
    const run = await runCli(args)
    expect(run.code).toBe(2)
    expect(run.stderr.startsWith(`error: ${expected}`)).toBe(true)
    expect(run.stderr).not.toContain('S3cretPw99')
    expect(run.stdout).toBe('')
  })

  it('is documented in --help as 0, 1 and 2', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Exit status: 0 when every index registered')
    expect(run.stdout).toContain('; 1 when\nsomething failed')
    expect(run.stdout).toContain('2 when the command line\nitself could not be read')
  })
})

describe('what the command line shows', () => {
  // Words that the action's own messages say differently to a terminal: in metadata or in what a
  // server says they are someone else's text, and stay as they are.
  const LOOKALIKE =
    'Runs in strict mode: true, with dry-run: true, before this step, from the runner'

  it('prints the metadata as it is sent, and the outputs as name: value', async () => {
    const project = await projectCopy(text =>
      text.replace(/^description = .*$/m, `description = ${JSON.stringify(LOOKALIKE)}`)
    )
    const run = await runCli(['--dry-run', '--repository', 'pypi'], project)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`summary = ${JSON.stringify(LOOKALIKE)}`)
    expect(run.stdout).toMatch(/\nname: peer-register-sample\nversion: 0\.1\.0\n/)
    expect(run.stdout).toMatch(/\nmetadata-source: pyproject\n/)
    expect(run.stdout).toMatch(/\nstatus: dry-run\n/)
  })

  it("prints a server's reason as the server gave it", async () => {
    const origin = await listen(
      createServer((request, response) => {
        request.resume()
        response.statusCode = 403
        response.statusMessage = LOOKALIKE
        response.end()
      })
    )
    const run = await runCli(['--repository', `${origin}/alice/dev/`], SAMPLE, {
      TWINE_USERNAME: ALICE.username,
      TWINE_PASSWORD: ALICE.password
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`403 ${LOOKALIKE}`)
    expect(run.stdout).toMatch(/\nstatus: forbidden\n/)
  })
})
