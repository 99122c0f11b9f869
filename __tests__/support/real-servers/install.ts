/**
 * The real index servers the tests run, installed once into virtual environments cached under
 * node_modules/.cache and keyed on what was installed, so that later runs start at once.
 *
 * Two sources: a folder of wheels named by PYPI_REGISTER_TEST_WHEELHOUSE (offline, on top of
 * Debian's python3-* packages, which scripts/test-tools.sh installs when that variable is set), or
 * else the package index pip is configured for, with the versions pinned below.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../runner-job.js'

const run = promisify(execFile)

/** The versions the README's devpi and pypiserver facts were checked against. */
const SERVER_VERSIONS = {
  'devpi-server': '6.19.1',
  'devpi-web': '5.0.1',
  pypiserver: '2.4.1'
} as const

/**
 * Two environments: devpi with devpi-web (the usual deployment, whose web views answer some URLs
 * differently), and devpi without it beside pypiserver (one environment cannot hold devpi both
 * with and without a plugin it loads by entry point).
 */
export type VenvName = 'devpi-web' | 'devpi-plain'

const PACKAGES: Record<VenvName, readonly string[]> = {
  'devpi-web': ['devpi-server', 'devpi-web'],
  'devpi-plain': ['devpi-server', 'pypiserver']
}

/** Extras and pins for an index with every version (pypiserver's htpasswd support is an extra). */
const PINNED: Record<string, string> = {
  'devpi-server': `devpi-server==${SERVER_VERSIONS['devpi-server']}`,
  'devpi-web': `devpi-web==${SERVER_VERSIONS['devpi-web']}`,
  pypiserver: `pypiserver[passlib]==${SERVER_VERSIONS.pypiserver}`
}

export const CACHE_ROOT = path.join(REPO_ROOT, 'node_modules', '.cache', 'pypi-register-servers')

/** Debian's interpreter, whose python3-* packages the offline wheels install on top of. */
const DEBIAN_PYTHON = '/usr/bin/python3'

interface InstallPlan {
  python: string
  /** Whether the environment sees the interpreter's own packages (Debian's, offline). */
  systemSitePackages: boolean
  /** pip's arguments after `install`. */
  pipArguments: string[]
  /** Identifies what would be installed: the cache key. */
  key: string
  /** Where the servers come from, for messages. */
  from: string
  /** What to do when pip fails. */
  whenPipFails: string
}

/** The folder of wheels to install from, when one was given. */
function wheelhouse(): string | undefined {
  return process.env.PYPI_REGISTER_TEST_WHEELHOUSE || undefined
}

async function planFor(name: VenvName): Promise<InstallPlan> {
  const wheels = wheelhouse()
  if (wheels !== undefined) {
    const files = (await readdir(wheels).catch(() => [] as string[])).filter(file =>
      file.endsWith('.whl')
    )
    if (!files.some(file => file.startsWith('devpi_server-'))) {
      throw new Error(
        `PYPI_REGISTER_TEST_WHEELHOUSE is ${wheels}, which holds no devpi_server wheel: point it at the folder of the devpi-server, devpi-web and pypiserver wheels, or unset it to install them with pip from the package index.`
      )
    }
    const packages = [...PACKAGES[name], 'importlib-resources>=6.5']
    return {
      python: DEBIAN_PYTHON,
      systemSitePackages: true,
      pipArguments: ['--isolated', '--no-index', '--find-links', wheels, ...packages],
      key: digest({ name, python: DEBIAN_PYTHON, wheels: files.sort(), packages }),
      from: `the wheels in ${wheels}`,
      whenPipFails: `pip could not install the servers from ${wheels}: the Debian packages they run on may be missing (as root: PYPI_REGISTER_TEST_WHEELHOUSE=${wheels} bash scripts/test-tools.sh)`
    }
  }
  const python = process.env.PYPI_REGISTER_TEST_PYTHON || 'python3'
  const pins = PACKAGES[name].map(pkg => PINNED[pkg] ?? pkg)
  return {
    python,
    systemSitePackages: false,
    pipArguments: pins,
    key: digest({ name, python, pins }),
    from: `the package index pip is configured for (${pins.join(' ')})`,
    whenPipFails: `pip could not install ${pins.join(' ')}: the tests need the real devpi-server, devpi-web and pypiserver; give pip an index that has them, or set PYPI_REGISTER_TEST_WHEELHOUSE to a folder of their wheels`
  }
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)
}

/**
 * The virtual environment `name`, installed first if the cache does not hold it yet. Concurrent
 * test runs wait for one another through a lock file. Throws with what to install when it cannot.
 */
export async function ensureVenv(name: VenvName, log: (line: string) => void): Promise<string> {
  const plan = await planFor(name)
  const venv = path.join(CACHE_ROOT, `${name}-${plan.key}`)
  const ready = path.join(venv, '.ready')
  if (existsSync(ready)) return venv
  await mkdir(CACHE_ROOT, { recursive: true })
  const release = await lock(`${venv}.lock`)
  try {
    if (existsSync(ready)) return venv
    log(`Installing ${PACKAGES[name].join(' and ')} for the tests from ${plan.from} into ${venv}`)
    await rm(venv, { recursive: true, force: true })
    await install(plan, venv)
    await writeFile(ready, `${new Date().toISOString()}\n`)
    return venv
  } finally {
    await release()
  }
}

async function install(plan: InstallPlan, venv: string): Promise<void> {
  const venvArguments = [
    '-m',
    'venv',
    ...(plan.systemSitePackages ? ['--system-site-packages'] : [])
  ]
  await step(
    [plan.python, [...venvArguments, venv]],
    `could not create a virtual environment with ${plan.python}: install Python 3 with its venv module (Debian: apt-get install python3-venv)`
  )
  // Offline, pip's own configuration (an index, constraints) must not get in the way.
  const env = plan.systemSitePackages
    ? { ...process.env, PIP_CONFIG_FILE: '/dev/null' }
    : process.env
  await step(
    [
      path.join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', ...plan.pipArguments]
    ],
    plan.whenPipFails,
    env
  )
}

async function step(
  [command, args]: [string, string[]],
  advice: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  try {
    await run(command, args, { env, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const { stderr, stdout, message } = error as {
      stderr?: string
      stdout?: string
      message: string
    }
    const output = `${stderr ?? ''}${stdout ?? ''}`.trim().split('\n').slice(-15).join('\n')
    throw new Error(`Real index servers for the tests: ${advice}.\n${output || message}`)
  }
}

/** Takes the lock file, waiting while another live process holds it; returns its release. */
async function lock(file: string): Promise<() => Promise<void>> {
  for (let waited = 0; ; waited += 200) {
    try {
      const handle = await open(file, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return () => rm(file, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (await staleLock(file)) await rm(file, { force: true })
    else if (waited > 900_000)
      throw new Error(
        `Waited 15 minutes for ${file}; remove it if no test run is installing the servers.`
      )
    else await new Promise(resolve => setTimeout(resolve, 200))
  }
}

async function staleLock(file: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(file, 'utf8'))
    if (!Number.isInteger(pid) || pid <= 0) return (await stat(file)).mtimeMs < Date.now() - 5_000
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
