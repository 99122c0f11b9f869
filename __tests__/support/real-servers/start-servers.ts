/**
 * The global setup of a jest run: installs the real servers once (cached), starts devpi-server with and
 * without devpi-web and pypiserver for this run, and hands their addresses to the test files
 * through the file named by PYPI_REGISTER_TEST_SERVERS. Failing to get them fails the run, saying
 * what to install: the end-to-end suites are not to be skipped silently.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { USERS } from '../test-users.js'
import { CACHE_ROOT, ensureVenv } from './install.js'
import {
  alive,
  devpiTemplate,
  startDevpi,
  startPypiserver,
  stopAll,
  type Started
} from './launch.js'
import { SERVERS_VARIABLE, type RealServers } from './servers.js'

/** Where the global teardown finds what to stop: jest runs setup and teardown in one process. */
export interface ServersOfThisRun {
  processes: Started[]
  folder: string
}

declare global {
  var pypiRegisterRealServers: ServersOfThisRun | undefined
}

export async function startServers(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`)
  const runs = path.join(CACHE_ROOT, 'runs')
  await removeAbandonedRuns(runs)
  const [webVenv, plainVenv] = await Promise.all([
    ensureVenv('devpi-web', log),
    ensureVenv('devpi-plain', log)
  ])
  const folder = path.join(runs, String(process.pid))
  await rm(folder, { recursive: true, force: true })
  await mkdir(folder, { recursive: true })
  const processes: Started[] = []
  globalThis.pypiRegisterRealServers = { processes, folder }
  try {
    const [devpi, devpiPlain, pypiserver] = await Promise.all([
      devpiTemplate(webVenv, USERS).then(template =>
        startDevpi({
          venv: webVenv,
          template,
          dir: path.join(folder, 'devpi-web'),
          web: true,
          processes
        })
      ),
      devpiTemplate(plainVenv, USERS).then(template =>
        startDevpi({
          venv: plainVenv,
          template,
          dir: path.join(folder, 'devpi'),
          web: false,
          processes
        })
      ),
      startPypiserver({
        venv: plainVenv,
        dir: path.join(folder, 'pypiserver'),
        users: USERS,
        processes
      })
    ])
    const servers: RealServers = { devpi, devpiPlain, pypiserver }
    const file = path.join(folder, 'servers.json')
    await writeFile(file, JSON.stringify(servers, null, 2))
    // The workers are started after this, and inherit it.
    process.env[SERVERS_VARIABLE] = file
  } catch (error) {
    await stopAll(processes)
    throw error
  }
}

/** Server folders of runs whose jest process is gone (an interrupted run cannot tidy up). */
async function removeAbandonedRuns(runs: string): Promise<void> {
  const entries = await readdir(runs).catch(() => [] as string[])
  await Promise.all(
    entries
      .filter(name => !/^\d+$/.test(name) || !alive(Number(name)))
      .map(name => rm(path.join(runs, name), { recursive: true, force: true }))
  )
}
