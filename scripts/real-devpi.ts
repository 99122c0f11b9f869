/**
 * `npx tsx scripts/real-devpi.ts --user ci:PASSWORD --index ci/dev`: the real devpi-server with
 * devpi-web that the tests run, on loopback, until stopped; for the self-test workflow and for
 * trying the action by hand against the server users run. Options: --port N (default 3141),
 * --user name:password and --index user/name (both repeatable; each index belongs to the user
 * its name starts with). Installs the server the way the tests do: from the wheels named by
 * PYPI_REGISTER_TEST_WHEELHOUSE, else with pip from the package index (cached in node_modules).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureVenv } from '../__tests__/support/real-servers/install.js'
import {
  devpiApi,
  devpiTemplate,
  startDevpi,
  stopAll,
  type Started
} from '../__tests__/support/real-servers/launch.js'
import { optionValues } from './command-options.js'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const port = Number(optionValues('port')[0] ?? '3141')
if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`--port ${optionValues('port')[0]} is not a port number: give one from 1 to 65535.`)
const users: Record<string, string> = {}
for (const pair of optionValues('user')) {
  const colon = pair.indexOf(':')
  if (colon < 1) fail(`--user ${pair.split(':')[0]}:... must be name:password.`)
  users[pair.slice(0, colon)] = pair.slice(colon + 1)
}
const indexes = optionValues('index').map(name => {
  const [owner, index, ...rest] = name.split('/')
  if (!owner || !index || rest.length > 0) fail(`--index ${name} must be user/name, as ci/dev.`)
  if (users[owner] === undefined)
    fail(`--index ${name} belongs to ${owner}: add --user ${owner}:...`)
  return { owner, index }
})
if (indexes.length === 0) fail('Name at least one index: --user ci:PASSWORD --index ci/dev.')

const log = (line: string): void => void console.log(line)
const processes: Started[] = []
const folder = await mkdtemp(path.join(tmpdir(), 'real-devpi-'))
const stop = async (): Promise<void> => {
  await stopAll(processes)
  await rm(folder, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void stop().then(() => process.exit(0)))
}
try {
  log('Getting devpi-server and devpi-web (installed once, then cached) ...')
  const venv = await ensureVenv('devpi-web', log)
  const template = await devpiTemplate(venv, users)
  const server = await startDevpi({ venv, template, dir: folder, web: true, processes, port })
  for (const { owner, index } of indexes) {
    const body = { type: 'stage', bases: [], volatile: true }
    await devpiApi(server.origin, 'PUT', `/${owner}/${index}`, body, [owner, users[owner]!])
    log(`devpi index ${server.origin}/${owner}/${index}/ (upload: ${owner})`)
  }
  log(`devpi-server with devpi-web serves ${server.origin}; stop it with Ctrl-C.`)
} catch (error) {
  await stop()
  fail(error instanceof Error ? error.message : String(error))
}
