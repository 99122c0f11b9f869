/**
 * The real index servers on loopback, for the behaviours a model of them cannot settle: a
 * devpi-server 6 (with devpi-web where installed) and a pypiserver 2, each in a fresh folder,
 * stopped and removed by its `close` (a test file starts one for all its tests: devpi takes
 * seconds to start on a busy machine). They come from the virtual environment named by
 * PYPI_REGISTER_SERVERS_VENV (.ci/run makes it); without it the tests say how to make one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { closedPort } from './action-harness.js'

const run = promisify(execFile)

/** The folder of the environment's executables, or an error that says how to get one. */
function serversBin(): string {
  const venv = process.env.PYPI_REGISTER_SERVERS_VENV
  const bin = venv === undefined ? undefined : path.join(venv, 'bin')
  if (bin === undefined || !existsSync(path.join(bin, 'devpi-server'))) {
    throw new Error(
      'These tests run the real devpi-server and pypiserver: set PYPI_REGISTER_SERVERS_VENV to a virtual environment with devpi-server 6 and pypiserver 2 installed (as .ci/run does).'
    )
  }
  return bin
}

async function waitFor(url: string, server: ChildProcess, log: () => string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (server.exitCode !== null) throw new Error(`the server exited: ${log()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`the server did not answer ${url} within 30 s: ${log()}`)
}

/** Starts `command`; `close` stops it (SIGTERM, which both servers honour) and removes `dir`. */
function startServer(
  command: string,
  args: string[],
  dir: string
): { log: () => string; child: ChildProcess; close: () => Promise<void> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', chunk => (output += String(chunk)))
  child.stderr?.on('data', chunk => (output += String(chunk)))
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  return { child, log: () => output.slice(-2000), close }
}

export interface RealDevpi {
  /** http://127.0.0.1:PORT */
  origin: string
  /** Creates a user. */
  addUser(name: string, password: string): Promise<void>
  /** Creates a stage index USER/NAME, with the given acl_upload (default: its user). */
  addIndex(user: string, password: string, name: string, aclUpload?: string[]): Promise<string>
  /** devpi's change serial: it moves with every change stored. */
  serial(): Promise<number>
  close(): Promise<void>
}

/** A devpi-server with no root/pypi mirror and cheap password hashing (devpi's own test values). */
export async function startDevpi(): Promise<RealDevpi> {
  const bin = serversBin()
  const dir = await mkdtemp(path.join(tmpdir(), 'devpi-'))
  await run(path.join(bin, 'devpi-init'), ['--serverdir', dir, '--no-root-pypi'])
  const port = await closedPort()
  const { child, log, close } = startServer(
    path.join(bin, 'devpi-server'),
    [
      '--serverdir',
      dir,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--offline-mode',
      '--argon2-memory-cost',
      '8',
      '--argon2-parallelism',
      '1',
      '--argon2-time-cost',
      '1'
    ],
    dir
  )
  const origin = `http://127.0.0.1:${port}`
  await waitFor(`${origin}/+api`, child, log)
  const put = async (url: string, body: unknown, auth?: string) => {
    const response = await fetch(url, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {})
      },
      body: JSON.stringify(body)
    })
    if (!response.ok) throw new Error(`PUT ${url}: ${response.status} ${await response.text()}`)
  }
  return {
    origin,
    close,
    addUser: (name, password) => put(`${origin}/${name}`, { password }),
    async addIndex(user, password, name, aclUpload = [user]) {
      await put(
        `${origin}/${user}/${name}`,
        { type: 'stage', bases: [], volatile: true, acl_upload: aclUpload },
        `${user}:${password}`
      )
      return `${origin}/${user}/${name}/`
    },
    async serial() {
      const response = await fetch(`${origin}/+api`)
      return Number(response.headers.get('x-devpi-serial'))
    }
  }
}

export interface RealPypiserver {
  /** The upload URL, http://127.0.0.1:PORT/ */
  url: string
  /** The folder it keeps packages in. */
  packages: string
  close(): Promise<void>
}

/** A pypiserver whose htpasswd file has the given users, authenticating uploads. */
export async function startPypiserver(users: Record<string, string>): Promise<RealPypiserver> {
  const bin = serversBin()
  const dir = await mkdtemp(path.join(tmpdir(), 'pypiserver-'))
  const htpasswd = path.join(dir, 'htpasswd')
  await run(path.join(bin, 'python'), [
    '-c',
    'import json, sys\nfrom passlib.apache import HtpasswdFile\nh = HtpasswdFile(sys.argv[1], new=True)\nfor user, password in json.loads(sys.argv[2]).items(): h.set_password(user, password)\nh.save()',
    htpasswd,
    JSON.stringify(users)
  ])
  const packages = path.join(dir, 'packages')
  await run('mkdir', [packages])
  const port = await closedPort()
  const { child, log, close } = startServer(
    path.join(bin, 'pypi-server'),
    ['run', '-i', '127.0.0.1', '-p', String(port), '-P', htpasswd, '-a', 'update', packages],
    dir
  )
  const url = `http://127.0.0.1:${port}/`
  await waitFor(`${url}health`, child, log)
  return { url, packages, close }
}
