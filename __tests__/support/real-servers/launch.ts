/**
 * Starts the real devpi-server and pypiserver for a test run, each with a fresh server folder on a
 * free loopback port, and gives them the users the tests log in as. Every server runs under a
 * small Python launcher that asks Linux to stop it when the process that started it dies, so an
 * interrupted run (Ctrl-C, a killed jest) leaves no server behind; a normal run stops them by
 * process id in the global teardown.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import path from 'node:path'
import { promisify } from 'node:util'
import { closedPort } from '../ports.js'

const run = promisify(execFile)

/** A server process of this run. */
export interface Started {
  name: string
  pid: number
  child: ChildProcess
  /** Its output, for the error when it does not come up. */
  log: string
}

export interface DevpiServer {
  /** The origin, `http://127.0.0.1:PORT`, without a trailing slash. */
  origin: string
  /** Whether devpi-web is loaded. */
  web: boolean
  /** The password of devpi's root user. */
  rootPassword: string
  pid: number
}

export interface PypiServer {
  /** Its upload URL, `http://127.0.0.1:PORT/`. */
  url: string
  /** Where uploaded files land. */
  packages: string
  pid: number
}

/** User name → password, for every user the tests log in as. */
export type Users = Record<string, string>

/**
 * Execs the server with PR_SET_PDEATHSIG, so that the kernel sends it SIGTERM when this (the
 * starting) process ends, however it ends; and gives up if that process is already gone.
 */
const LAUNCHER = `
import ctypes, os, signal, sys
PR_SET_PDEATHSIG = 1
prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
if prctl is not None:
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
if os.getppid() != int(sys.argv[1]):
    sys.exit("the test run that started this server is gone")
os.execv(sys.argv[2], sys.argv[2:])
`

/** devpi's own test settings for its password hashing: start-up in a fraction of a second. */
const CHEAP_ARGON2 = [
  '--argon2-memory-cost',
  '8',
  '--argon2-parallelism',
  '1',
  '--argon2-time-cost',
  '1'
]

const ROOT_PASSWORD = 'root-Pa55word'

function launch(venv: string, name: string, program: string, args: string[], dir: string): Started {
  const logFile = path.join(dir, `${name}.log`)
  const child = spawn(
    path.join(venv, 'bin', 'python'),
    ['-c', LAUNCHER, String(process.pid), path.join(venv, 'bin', program), ...args],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const log = createWriteStream(logFile)
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  if (child.pid === undefined) throw new Error(`${name} did not start (${program} in ${venv})`)
  return { name, pid: child.pid, child, log: logFile }
}

/** Waits until `url` answers 200, or fails with the server's own output when it exits or hangs. */
async function waitUntilServing(started: Started, url: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) break
    if ((await statusOf(url)) === 200) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  const output = await readFile(started.log, 'utf8').catch(() => '')
  const state =
    started.child.exitCode !== null || started.child.signalCode !== null
      ? `exited (${started.child.exitCode ?? started.child.signalCode})`
      : `did not answer ${url} within ${seconds} s`
  throw new Error(
    `The real ${started.name} for the tests ${state}; its output (${started.log}):\n${output.split('\n').slice(-20).join('\n')}`
  )
}

function statusOf(url: string): Promise<number | undefined> {
  return new Promise(resolve => {
    const req = request(url, { timeout: 2000 }, response => {
      response.resume()
      resolve(response.statusCode)
    })
    req.on('error', () => resolve(undefined))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

/** Sends a JSON request to devpi's API as `auth`; throws unless it answers 2xx. */
export async function devpiApi(
  origin: string,
  method: 'PUT' | 'PATCH' | 'DELETE',
  pathname: string,
  body: unknown,
  auth?: [string, string]
): Promise<void> {
  const response = await fetch(`${origin}${pathname}`, {
    method,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(auth ? { authorization: `Basic ${Buffer.from(auth.join(':')).toString('base64')}` } : {})
    },
    body: JSON.stringify(body)
  })
  const text = await response.text()
  if (!response.ok) {
    throw new Error(
      `devpi ${method} ${pathname} answered ${response.status}: ${text.slice(0, 300)}`
    )
  }
}

/**
 * A devpi-server (with devpi-web when the environment has it) in `dir`, started from a copy of
 * the server folder devpiTemplate prepared: no pypi.org mirror, offline.
 */
export async function startDevpi(options: {
  venv: string
  template: string
  dir: string
  web: boolean
  processes: Started[]
  /** A loopback port nothing listens on when absent. */
  port?: number
}): Promise<DevpiServer> {
  const { venv, dir, web } = options
  await mkdir(dir, { recursive: true })
  const serverdir = path.join(dir, 'server')
  await cp(options.template, serverdir, { recursive: true })
  const { origin, started } = await serveDevpi(
    venv,
    serverdir,
    web ? 'devpi-server with devpi-web' : 'devpi-server',
    options.processes,
    options.port
  )
  return { origin, web, rootPassword: ROOT_PASSWORD, pid: started.pid }
}

async function serveDevpi(
  venv: string,
  serverdir: string,
  name: string,
  processes: Started[],
  chosenPort?: number
): Promise<{ origin: string; started: Started }> {
  const port = chosenPort ?? (await closedPort())
  const started = launch(
    venv,
    name,
    'devpi-server',
    [
      '--serverdir',
      serverdir,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--offline-mode',
      ...CHEAP_ARGON2
    ],
    path.dirname(serverdir)
  )
  processes.push(started)
  const origin = `http://127.0.0.1:${port}`
  await waitUntilServing(started, `${origin}/+api`)
  return { origin, started }
}

/**
 * A devpi server folder with `users` and a mirror index root/pypi (configured as a mirror looks
 * offline), made once per environment and set of users and copied for each run: devpi-init and
 * hashing the passwords cost more than starting the server.
 */
export async function devpiTemplate(venv: string, users: Users): Promise<string> {
  const template = path.join(venv, `.devpi-serverdir-${digestOf(users)}`)
  if (existsSync(path.join(template, READY))) return template
  const building = await mkdtemp(path.join(venv, '.devpi-serverdir-building-'))
  const serverdir = path.join(building, 'server')
  try {
    await run(path.join(venv, 'bin', 'devpi-init'), ['--serverdir', serverdir, '--no-root-pypi'], {
      cwd: building
    })
    const processes: Started[] = []
    try {
      const { origin } = await serveDevpi(venv, serverdir, 'devpi-server (preparing)', processes)
      // devpi-init would hash a root password with the expensive default settings; the server
      // hashes with the cheap ones.
      await devpiApi(origin, 'PATCH', '/root', { password: ROOT_PASSWORD }, ['root', ''])
      await Promise.all(
        Object.entries(users).map(([user, password]) =>
          devpiApi(origin, 'PUT', `/${user}`, { password, email: `${user}@example.invalid` })
        )
      )
      await devpiApi(
        origin,
        'PUT',
        '/root/pypi',
        { type: 'mirror', mirror_url: 'https://pypi.invalid/simple/' },
        ['root', ROOT_PASSWORD]
      )
    } finally {
      await stopAll(processes)
    }
    await writeFile(path.join(serverdir, READY), '')
    // Another run may have made the same template meanwhile: then this copy is not needed.
    await rename(serverdir, template).catch(() => undefined)
    return template
  } finally {
    await rm(building, { recursive: true, force: true })
  }
}

const READY = '.template-ready'

function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12)
}

/** A pypiserver in `dir` that asks `users` (an htpasswd file) for updates. */
export async function startPypiserver(options: {
  venv: string
  dir: string
  users: Users
  processes: Started[]
}): Promise<PypiServer> {
  const { venv, dir } = options
  const packages = path.join(dir, 'packages')
  await mkdir(packages, { recursive: true })
  const htpasswd = path.join(dir, 'htpasswd')
  await run(
    path.join(venv, 'bin', 'python'),
    [
      '-c',
      'import json, sys\nfrom passlib.apache import HtpasswdFile\nh = HtpasswdFile(sys.argv[1], new=True)\nfor user, password in json.loads(sys.argv[2]).items(): h.set_password(user, password)\nh.save()',
      htpasswd,
      JSON.stringify(options.users)
    ],
    { cwd: dir }
  )
  const port = await closedPort()
  const started = launch(
    venv,
    'pypiserver',
    'pypi-server',
    ['run', '-i', '127.0.0.1', '-p', String(port), '-P', htpasswd, '-a', 'update', packages],
    dir
  )
  options.processes.push(started)
  const url = `http://127.0.0.1:${port}/`
  await waitUntilServing(started, `${url}health`)
  return { url, packages, pid: started.pid }
}

/** Stops the processes by id: SIGTERM, then SIGKILL after a few seconds. Returns those still alive. */
export async function stopAll(processes: readonly Started[]): Promise<string[]> {
  await Promise.all(processes.map(stop))
  return processes.filter(({ pid }) => alive(pid)).map(({ name, pid }) => `${name} (pid ${pid})`)
}

async function stop(started: Started): Promise<void> {
  const { child } = started
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** Whether a process with this id exists (an exited child is reaped by the time 'exit' fires). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
