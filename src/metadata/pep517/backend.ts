/**
 * Metadata from the project's own build backend, through the PEP 517 hook
 * `prepare_metadata_for_build_wheel`, as `python -m build` and pip get it: optionally in a fresh
 * virtual environment with `build-system.requires` installed by pip, always with an environment
 * stripped of secrets, contained where the machine allows it (build-place.ts), and within one
 * deadline for everything it starts.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { MetadataError } from '../../errors.js'
import { plainText } from '../../sanitize.js'
import { isWithinFolder } from '../../within-folder.js'
import { parsePkgInfo, type ParsedPkgInfo } from '../pkginfo.js'
import {
  openBuildPlace,
  projectEnvironment,
  uncontainedPlace,
  type BuildPlace
} from './build-place.js'
import type { BuildSystem } from './build-system.js'
import { readsVersionFromGit, versionHiddenByShallowClone } from './checkout.js'
import {
  DRIVER_SOURCE,
  MAX_ANSWER_CHARS,
  parseDriverAnswer,
  type DriverAnswer,
  type DriverRequest
} from './driver.js'
import {
  DEFAULT_PYTHONS,
  findPython,
  installsIntoOtherPythons,
  type FoundPython
} from './python.js'
import { surveyProject } from './project-tree.js'
import { quoteOutput, stopRunning, type RunResult } from './run.js'
import { foldersNotShown, SandboxUnavailable } from './sandbox.js'
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
  /** A credential is in reach of this process: project code then runs contained, or not at all. */
  holdsCredentials: boolean
  /** allow-uncontained-build: project code may run uncontained with a credential in reach. */
  allowUncontained: boolean
  /** False runs project code uncontained even where it could be contained (tests of that path). */
  contain: boolean
  /** Progress and the output of a failed process (already quoted, never workflow commands). */
  log: (line: string) => void
}

/** What a caller that sets nothing gets: as `python -m build` does, with a generous bound. */
export const BUILD_DEFAULTS: Omit<BackendOptions, 'projectDir'> = {
  isolation: true,
  timeoutMs: 600_000,
  secrets: [],
  holdsCredentials: false,
  allowUncontained: false,
  contain: true,
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
  confineBackendPath(options.projectDir, buildSystem.backendPath)
  const tree = await surveyProject(options.projectDir, foldersNotShown(process.env), options.log)
  const env = projectEnvironment(process.env, options.secrets)
  const python = await findPython(
    options.python ? [options.python] : DEFAULT_PYTHONS,
    env,
    deadline
  )
  const placeOptions = {
    projectDir: options.projectDir,
    tree,
    secrets: options.secrets,
    holdsCredentials: options.holdsCredentials,
    allowUncontained: options.allowUncontained,
    contain: options.contain,
    deadline
  }
  let place = await openBuildPlace(placeOptions, python, options.log)
  // Whatever way this process ends (the command line's Ctrl-C among them), nothing is left behind.
  const onExit = (): void => {
    stopRunning()
    place.close()
  }
  process.on('exit', onExit)
  try {
    try {
      return await askBackend({ ...options, deadline, place, buildSystem, env: place.env }, python)
    } catch (error) {
      // The first run in the sandbox shows whether it can be made; no code ran in it if not. A
      // later failure to enter it is a MetadataError (project code may have caused it), never this.
      if (!(error instanceof SandboxUnavailable)) throw error
      place.close()
      place = await uncontainedPlace(placeOptions, error.message, options.log)
      return await askBackend({ ...options, deadline, place, buildSystem, env: place.env }, python)
    }
  } finally {
    process.off('exit', onExit)
    place.close()
    // Checked before the caller goes on to write the .pypirc.
    place.assertClosed()
  }
}

/** The steps of the backend path in a place: environment, requirements, the hooks. */
async function askBackend(context: RunContext, python: FoundPython): Promise<BackendMetadata> {
  const { buildSystem, place } = context
  // Said as it starts (what follows can take minutes), so not repeated among the notices.
  context.log(
    `Asking the build backend ${buildSystem.backend} for the metadata (PEP 517), with Python ${python.version} (${python.executable}), ${context.isolation ? `in a fresh virtual environment (${setting(Inputs.buildIsolation, 'true')})` : `in that Python environment as it is (${setting(Inputs.buildIsolation, 'false')})`}; project code ${place.description}; at most ${context.timeoutMs / 1000} s (${inputName(Inputs.buildTimeout)}).`
  )
  let interpreter = python.executable
  if (context.isolation) {
    const environment = await createEnvironment(context, python)
    interpreter = environment.python
    await pipInstall(context, environment, buildSystem.requires, 'build-system.requires')
    const extra = await callHook(context, interpreter, 'requires')
    if (!('requires' in extra)) throw new Error('the driver answered without requirements')
    await pipInstall(context, environment, extra.requires, 'get_requires_for_build_wheel')
  }
  const answer = await callHook(context, interpreter, 'metadata')
  if (!('metadata' in answer)) throw new Error('the driver answered without metadata')
  const parsed = parsePkgInfo(
    answer.metadata,
    `METADATA from ${buildSystem.backend} (${answer.via})`
  )
  const notices = [`The build backend answered through ${answer.via}.`]
  const warnings = [...parsed.warnings]
  if (
    versionHiddenByShallowClone(context.projectDir) &&
    readsVersionFromGit(buildSystem.requires)
  ) {
    warnings.push(
      `The checkout is shallow, so the version ${plainText(parsed.metadata.version)} that ${buildSystem.backend} computed from git may be wrong: ${FETCH_HISTORY()}.`
    )
  }
  return { ...parsed, warnings, notices }
}

interface RunContext extends BackendOptions {
  deadline: number
  place: BuildPlace
  env: Record<string, string>
  buildSystem: BuildSystem
}

/** backend-path entries must stay inside the project (PEP 517), links resolved. */
function confineBackendPath(projectDir: string, entries: readonly string[]): void {
  const root = realpathSync(projectDir)
  for (const entry of entries) {
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
  }
}

/** A fresh virtual environment and the command that installs into it. */
interface IsolatedEnvironment {
  python: string
  /** The pip command before `install`: the outer pip aimed at the environment, or its own. */
  pip: string[]
}

/**
 * `python -m venv` in the work folder. Where the runner's Python has pip 22.3 or later, the
 * environment is made without pip (ensurepip is most of the time `python -m venv` takes) and that
 * pip installs into it with `--python`, as pypa/build does with its own pip.
 */
async function createEnvironment(
  context: RunContext,
  python: FoundPython
): Promise<IsolatedEnvironment> {
  const venv = path.join(context.place.work, 'env')
  const outerPip = installsIntoOtherPythons(python.pip)
  const started = Date.now()
  const result = await context.place.run(
    [python.executable, '-I', '-m', 'venv', ...(outerPip ? ['--without-pip'] : []), venv],
    processOptions(context, context.place.work)
  )
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
  const venvPython = path.join(bin, windows ? 'python.exe' : 'python')
  context.log(
    `Created a virtual environment in ${((Date.now() - started) / 1000).toFixed(1)} s${outerPip ? ` (without pip of its own: pip ${python.pip} of ${python.executable} installs into it)` : ''}.`
  )
  return {
    python: venvPython,
    pip: outerPip
      ? [python.executable, '-I', '-m', 'pip', '--python', venvPython]
      : [venvPython, '-I', '-m', 'pip']
  }
}

/** pip with its own configuration (pip.conf, PIP_INDEX_URL, PIP_FIND_LINKS...) honoured. */
async function pipInstall(
  context: RunContext,
  environment: IsolatedEnvironment,
  requirements: readonly string[],
  from: string
): Promise<void> {
  if (requirements.length === 0) return
  const started = Date.now()
  const result = await context.place.run(
    [
      ...environment.pip,
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '--',
      ...requirements
    ],
    processOptions(context, context.place.work)
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

/** Runs the driver for one hook in the project folder and returns its checked answer. */
async function callHook(
  context: RunContext,
  python: string,
  hook: DriverRequest['hook']
): Promise<DriverAnswer & { ok: true }> {
  const request: DriverRequest = {
    hook,
    backend: context.buildSystem.backend,
    backendPath: context.buildSystem.backendPath,
    outputDir: path.join(context.place.work, `out-${hook}`)
  }
  // -I -c: neither the project folder nor the work folder is on sys.path, only backend-path.
  const result = await context.place.run(
    [python, '-I', '-c', DRIVER_SOURCE, JSON.stringify(request)],
    { ...processOptions(context, context.place.project), answerChars: MAX_ANSWER_CHARS }
  )
  const answer =
    result.answer === undefined || result.answer.trim() === ''
      ? undefined
      : parseDriverAnswer(result.answer, hook)
  const backend = context.buildSystem.backend
  const hookName =
    hook === 'requires' ? 'get_requires_for_build_wheel' : 'prepare_metadata_for_build_wheel'
  if (answer === undefined && result.answer?.trim() && !result.timedOut) {
    throw failure(
      context,
      result,
      `The build backend ${backend} answered ${hookName} with something that is not the driver's answer (project code wrote to its channel)`,
      [
        'Run `python -m build --wheel` in the project to see what the backend prints, and fix the project.'
      ]
    )
  }
  if (result.code === 0 && answer?.ok === true) return answer
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
  throw failure(
    context,
    result,
    `The build backend ${backend} failed in ${hookName}${answer?.ok === false ? ` (${answer.error})` : ''}`,
    ['Run `python -m build --wheel` in the project to see the same error, and fix the project.']
  )
}

function processOptions(
  context: RunContext,
  cwd: string
): { cwd: string; env: Record<string, string>; deadline: number } {
  return { cwd, env: context.env, deadline: context.deadline }
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
