/**
 * Metadata from the project's own build backend, through the PEP 517 hook
 * `prepare_metadata_for_build_wheel`, as `python -m build` and pip get it: optionally in a fresh
 * virtual environment with `build-system.requires` installed by pip, always with an environment
 * stripped of secrets, and within one deadline for everything it starts.
 */
import { realpathSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MetadataError } from '../../errors.js'
import { isWithinFolder } from '../../within-folder.js'
import { parsePkgInfo, type ParsedPkgInfo } from '../pkginfo.js'
import type { BuildSystem } from './build-system.js'
import { readsVersionFromGit, versionHiddenByShallowClone } from './checkout.js'
import { DRIVER_SOURCE, type DriverAnswer, type DriverRequest } from './driver.js'
import { scrubEnvironment } from './environment.js'
import { DEFAULT_PYTHONS, findPython } from './python.js'
import { quoteOutput, runProcess, type RunResult } from './run.js'
import { Inputs } from '../../constants.js'
import { either, inputName, setting } from '../../wording.js'

/** What a shallow clone needs for a version from git tags: the history, with its tags. */
const FETCH_HISTORY = () =>
  either(
    'set `fetch-depth: 0` on actions/checkout',
    'fetch the history with `git fetch --unshallow --tags`'
  )

export interface BackendOptions {
  projectDir: string
  /** The interpreter to use; by default python3, then python, from PATH. */
  python?: string
  /** A fresh virtual environment with the build requirements (true), or Python as it is (false). */
  isolation: boolean
  /** For everything started: Python, venv, pip and the hooks together. */
  timeoutMs: number
  /** Values that must never reach project code (the passwords), whatever variable holds them. */
  secrets: readonly string[]
  /** Progress and the output of a failed process (already quoted, never workflow commands). */
  log: (line: string) => void
}

/** What a caller that sets nothing gets: as `python -m build` does, with a generous bound. */
export const BUILD_DEFAULTS: Omit<BackendOptions, 'projectDir'> = {
  isolation: true,
  timeoutMs: 600_000,
  secrets: [],
  log: () => undefined
}

export interface BackendMetadata extends ParsedPkgInfo {
  notices: string[]
}

/** Gets the metadata `buildSystem`'s backend writes for the project. */
export async function metadataFromBackend(
  options: BackendOptions,
  buildSystem: BuildSystem
): Promise<BackendMetadata> {
  const deadline = Date.now() + options.timeoutMs
  const backendPath = confineBackendPath(options.projectDir, buildSystem.backendPath)
  const env = scrubEnvironment(process.env, options.secrets)
  const scratch = await mkdtemp(path.join(tmpdir(), 'pypi-register-pep517-'))
  const context: RunContext = { ...options, env, deadline, scratch, buildSystem }
  try {
    const python = await findPython(
      options.python ? [options.python] : DEFAULT_PYTHONS,
      env,
      options.projectDir,
      deadline
    )
    const notices = [
      `Asking the build backend ${buildSystem.backend} for the metadata (PEP 517), with Python ${python.version} (${python.executable}), ${options.isolation ? `in a fresh virtual environment (${setting(Inputs.buildIsolation, 'true')})` : `in that Python environment as it is (${setting(Inputs.buildIsolation, 'false')})`}; at most ${options.timeoutMs / 1000} s (${inputName(Inputs.buildTimeout)}).`
    ]
    options.log(notices[0]!)
    let interpreter = python.executable
    if (options.isolation) {
      interpreter = await createEnvironment(context, python.executable)
      await pipInstall(context, interpreter, buildSystem.requires, 'build-system.requires')
      const extra = await callHook(context, interpreter, 'requires', backendPath)
      if (!('requires' in extra)) throw new Error('the driver answered without requirements')
      await pipInstall(context, interpreter, extra.requires, 'get_requires_for_build_wheel')
    }
    const answer = await callHook(context, interpreter, 'metadata', backendPath)
    if (!('metadataFile' in answer)) throw new Error('the driver answered without metadata')
    const label = `METADATA from ${buildSystem.backend} (${answer.via})`
    const parsed = parsePkgInfo(await readFile(answer.metadataFile), label)
    notices.push(`The build backend answered through ${answer.via}.`)
    const warnings = [...parsed.warnings]
    if (
      versionHiddenByShallowClone(options.projectDir) &&
      readsVersionFromGit(buildSystem.requires)
    ) {
      warnings.push(
        `The checkout is shallow, so the version ${parsed.metadata.version} that ${buildSystem.backend} computed from git may be wrong: ${FETCH_HISTORY()}.`
      )
    }
    return { ...parsed, warnings, notices }
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 })
  }
}

interface RunContext extends BackendOptions {
  env: Record<string, string>
  deadline: number
  scratch: string
  buildSystem: BuildSystem
}

/** backend-path entries must stay inside the project (PEP 517), links resolved. */
function confineBackendPath(projectDir: string, entries: readonly string[]): string[] {
  const root = realpathSync(projectDir)
  return entries.map(entry => {
    let resolved: string
    try {
      resolved = realpathSync(path.resolve(projectDir, entry))
    } catch {
      throw new MetadataError(
        `pyproject.toml: build-system.backend-path names "${entry}", which does not exist in ${projectDir}.`,
        'Point backend-path at the folder of the in-tree backend, relative to pyproject.toml.'
      )
    }
    if (!isWithinFolder(resolved, root)) {
      throw new MetadataError(
        `pyproject.toml: build-system.backend-path names "${entry}", which is outside the project folder (${resolved}).`,
        'PEP 517 allows only folders inside the project; move the backend into the project.'
      )
    }
    return resolved
  })
}

/** `python -m venv` into the scratch folder; its python, and PATH leading to its scripts. */
async function createEnvironment(context: RunContext, python: string): Promise<string> {
  const venv = path.join(context.scratch, 'env')
  const started = Date.now()
  const result = await runProcess(python, ['-m', 'venv', venv], processOptions(context))
  if (result.code !== 0) {
    throw failure(context, result, 'Creating a virtual environment (python -m venv) failed', [
      `Install the venv module (Debian and Ubuntu: apt-get install python3-venv)${either(', use actions/setup-python', '')}, or set ${setting(Inputs.buildIsolation, 'false')} with the backend installed.`
    ])
  }
  const windows = process.platform === 'win32'
  const bin = path.join(venv, windows ? 'Scripts' : 'bin')
  context.env = {
    ...context.env,
    VIRTUAL_ENV: venv,
    PATH: `${bin}${path.delimiter}${context.env.PATH ?? context.env.Path ?? ''}`
  }
  delete context.env.PYTHONHOME
  context.log(`Created a virtual environment in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  return path.join(bin, windows ? 'python.exe' : 'python')
}

/** pip with its own configuration (pip.conf, PIP_INDEX_URL, PIP_FIND_LINKS...) honoured. */
async function pipInstall(
  context: RunContext,
  python: string,
  requirements: readonly string[],
  from: string
): Promise<void> {
  if (requirements.length === 0) return
  const started = Date.now()
  const result = await runProcess(
    python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--', ...requirements],
    processOptions(context)
  )
  if (result.code !== 0) {
    throw failure(
      context,
      result,
      `Installing the build requirements from ${from} (${requirements.join(', ')}) with pip failed`,
      [
        `Check that the index pip uses is reachable from ${either('the runner', 'this machine')} (pip reads PIP_INDEX_URL and pip.conf), or install the backend ${either('in an earlier step', 'first')} and set ${setting(Inputs.buildIsolation, 'false')}.`
      ]
    )
  }
  context.log(
    `Installed ${requirements.join(', ')} (${from}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`
  )
}

/** Runs the driver for one hook and returns its answer. */
async function callHook(
  context: RunContext,
  python: string,
  hook: DriverRequest['hook'],
  backendPath: string[]
): Promise<DriverAnswer & { ok: true }> {
  const outputDir = await mkdtemp(path.join(context.scratch, `${hook}-`))
  const resultFile = path.join(context.scratch, `${hook}.json`)
  const driver = path.join(context.scratch, 'pypi_register_driver.py')
  await writeFile(driver, DRIVER_SOURCE)
  const request: DriverRequest = {
    hook,
    backend: context.buildSystem.backend,
    backendPath,
    outputDir,
    resultFile
  }
  // -c would put the project first on sys.path; a script file puts the scratch folder there.
  const result = await runProcess(
    python,
    [driver, JSON.stringify(request)],
    processOptions(context)
  )
  const answer = await readAnswer(resultFile)
  if (result.code === 0 && answer?.ok === true) return answer
  const backend = context.buildSystem.backend
  if (answer?.ok === false && answer.stage === 'import') {
    throw failure(
      context,
      result,
      `The build backend ${backend} cannot be imported (${answer.error})`,
      [
        context.isolation
          ? 'Check build-system.requires in pyproject.toml: it must install the backend.'
          : `With ${setting(Inputs.buildIsolation, 'false')} the backend must already be installed for this Python: pip install ${context.buildSystem.requires.map(r => `"${r}"`).join(' ')} ${either('in an earlier step', 'first')}, or set ${setting(Inputs.buildIsolation, 'true')}.`
      ]
    )
  }
  const hookName =
    hook === 'requires' ? 'get_requires_for_build_wheel' : 'prepare_metadata_for_build_wheel'
  throw failure(
    context,
    result,
    `The build backend ${backend} failed in ${hookName}${answer?.ok === false ? ` (${answer.error})` : ''}`,
    ['Run `python -m build --wheel` in the project to see the same error, and fix the project.']
  )
}

async function readAnswer(file: string): Promise<DriverAnswer | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DriverAnswer
  } catch {
    return undefined
  }
}

function processOptions(context: RunContext): {
  cwd: string
  env: Record<string, string>
  deadline: number
} {
  return { cwd: context.projectDir, env: context.env, deadline: context.deadline }
}

/**
 * The error for a failed step: its output goes to the log (quoted, secrets masked by the caller's
 * log), the message says what failed and what to do, with the shallow-clone advice where it fits.
 */
function failure(
  context: RunContext,
  result: RunResult,
  what: string,
  advice: string[]
): MetadataError {
  if (result.output.trim() !== '') {
    context.log(`Output of the failed step:\n${quoteOutput(result.output)}`)
  }
  const hints = [...advice]
  if (
    versionHiddenByShallowClone(context.projectDir) &&
    readsVersionFromGit(context.buildSystem.requires)
  ) {
    hints.unshift(
      `The checkout is shallow, so the version cannot be computed from git tags: ${FETCH_HISTORY()}.`
    )
  }
  if (result.timedOut) {
    return new MetadataError(
      `${what}: it did not finish within ${context.timeoutMs / 1000} s (${inputName(Inputs.buildTimeout)}), so it was stopped.`,
      `Raise ${inputName(Inputs.buildTimeout)} if the build needs longer, or build the distributions first and register from ${inputName(Inputs.distDir)}. ${hints.join(' ')}`
    )
  }
  if (result.startError !== undefined) {
    return new MetadataError(`${what}: ${result.startError.message}.`, hints.join(' '))
  }
  return new MetadataError(
    `${what}${result.output.trim() !== '' ? '; its output is shown above' : ''}.`,
    hints.join(' ')
  )
}
