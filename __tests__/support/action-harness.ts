/**
 * What the end-to-end tests share: jobs on a simulated runner, local indexes and extra loopback
 * servers that are all cleaned up after each test, and the checks every failure must pass.
 */
import { afterEach, expect } from '@jest/globals'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startLocalIndex, type LocalIndex } from '../local-index/server.js'
import { REPO_ROOT, RunnerJob, type StepRun } from './runner-job.js'

export const SAMPLE = path.join(REPO_ROOT, '__tests__', 'data', 'sample-project')
export { ALICE, BOB, USERS } from './test-users.js'
export { closedPort } from './ports.js'

const jobs: RunnerJob[] = []
const indexes: LocalIndex[] = []
const servers: Server[] = []
const closers: Array<() => Promise<void>> = []

/** Registers the cleanup of everything the helpers below start; call once per test file. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    await Promise.all(closers.splice(0).map(close => close()))
    await Promise.all(
      servers.splice(0).map(server => {
        server.closeAllConnections()
        return new Promise(resolve => server.close(resolve))
      })
    )
    await Promise.all(jobs.splice(0).map(job => job.cleanup()))
    await Promise.all(indexes.splice(0).map(index => index.close()))
  })
}

/** A job on a simulated runner; its steps run as `user` when one is given (support/unprivileged.ts). */
export async function newJob(user?: string): Promise<RunnerJob> {
  const job = await RunnerJob.create(user)
  jobs.push(job)
  return job
}

export async function newIndex(
  options: Parameters<typeof startLocalIndex>[0]
): Promise<LocalIndex> {
  const index = await startLocalIndex(options)
  indexes.push(index)
  return index
}

/** Listens on a free loopback port; the server is closed after the test. Returns its origin. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

/** Something else to close after the test (a proxy, say). */
export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close)
}

/** Runs main on the sample project (or another folder) with the given inputs. */
export function runMain(
  job: RunnerJob,
  inputs: Record<string, string>,
  cwd = SAMPLE,
  env: Record<string, string> = {}
): Promise<StepRun> {
  return job.run('main', {
    cwd,
    env,
    inputs: { 'project-dir': '.', 'dry-run': 'false', ...inputs }
  })
}

/** Everything the step printed or wrote, apart from the runner command that registers a mask. */
export function visibleText(run: StepRun): string {
  const printed = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [printed, JSON.stringify(run.outputs), run.summary].join('\n')
}

/** The one-line failure a user sees, checked to be alone and free of stack traces. */
export function failureLine(run: StepRun): string {
  expect(run.code).toBe(1)
  const errors = run.stdout.split('\n').filter(line => line.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m)
  return (errors[0] ?? '').slice('::error::'.length)
}

/** A copy of the sample project with its pyproject.toml changed. */
export async function projectCopy(change: (pyproject: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'project-'))
  await cp(SAMPLE, dir, { recursive: true })
  const file = path.join(dir, 'pyproject.toml')
  await writeFile(file, change(await readFile(file, 'utf8')))
  return dir
}

/** The results output, parsed. */
export function resultsOf(run: StepRun): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs.results ?? '[]') as Array<Record<string, unknown>>
}
