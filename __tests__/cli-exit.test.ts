/**
 * The command line's `.pypirc` holds the password: it must be gone after every way the process
 * ends. Each case runs the bundled command line with its own temporary folder (TMPDIR), so the
 * folder can be checked to be empty afterwards.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  closeAfterTest,
  listen,
  newIndex,
  SAMPLE,
  USERS
} from './support/action-harness.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.cjs')

interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/** Starts the command line with a private TMPDIR; `onStdout` sees each chunk it prints. */
async function startCli(
  url: string,
  onStdout: (chunk: string, child: ReturnType<typeof spawn>) => void = () => undefined
): Promise<{ scratch: string; ended: Promise<Ended>; child: ReturnType<typeof spawn> }> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'cli-exit-'))
  closeAfterTest(() => rm(scratch, { recursive: true, force: true }))
  const child = spawn(process.execPath, [CLI, '--repository', url, '--retries=0'], {
    cwd: SAMPLE,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: scratch,
      TWINE_USERNAME: ALICE.username,
      TWINE_PASSWORD: ALICE.password
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += String(chunk)))
  child.stdout.on('data', chunk => onStdout(String(chunk), child))
  const ended = new Promise<Ended>(resolve =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr }))
  )
  return { scratch, ended, child }
}

/** An index that never answers until the test ends: the run waits on it, its .pypirc written. */
async function silentIndex(): Promise<string> {
  const server = createServer(request => request.resume())
  return `${await listen(server)}/`
}

async function waitForFile(folder: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await readdir(folder)).some(name => name.endsWith('.pypirc'))) return
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error(`no .pypirc appeared in ${folder}`)
}

describe('the command line removes its .pypirc on every exit', () => {
  it.each([
    ['SIGHUP', 129],
    ['SIGINT', 130],
    ['SIGQUIT', 131],
    ['SIGTERM', 143]
  ] as const)('on %s during a slow answer', async (signal, status) => {
    const { scratch, ended, child } = await startCli(await silentIndex())
    await waitForFile(scratch)
    child.kill(signal)
    const end = await ended
    expect(end.code).toBe(status)
    expect(await readdir(scratch)).toEqual([])
  })

  it('when its output is cut (| head -1): no stack trace, and the registration still ends', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const { scratch, ended } = await startCli(index.url, (chunk, child) => {
      // What head does after its first line: the reading end of the pipe goes away.
      child.stdout?.destroy()
    })
    const end = await ended
    expect(end.stderr).not.toMatch(/EPIPE|^\s+at /m)
    expect(end.code).toBe(0)
    expect(index.record('peer-register-sample', '0.1.0')).toBeDefined()
    expect(await readdir(scratch)).toEqual([])
  })

  it('after a failure', async () => {
    const index = await newIndex({ flavour: 'devpi', users: { alice: 'another-password' } })
    const { scratch, ended } = await startCli(index.url)
    const end = await ended
    expect(end.code).toBe(1)
    expect(end.stderr).toContain('error:')
    expect(await readdir(scratch)).toEqual([])
  })
})
