/**
 * Where project code runs: in the sandbox (sandbox.ts) where this machine offers one, or as the
 * action's own user when it does not and no credential is in reach (or the user accepted the risk
 * with allow-uncontained-build). One interface, so that the backend path reads the same either way.
 */
import { realpathSync, rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MetadataError } from '../../errors.js'
import { Inputs } from '../../constants.js'
import { isWithinFolder } from '../../within-folder.js'
import { either, setting } from '../../wording.js'
import { scrubEnvironment } from './environment.js'
import type { ProjectTree } from './project-tree.js'
import type { FoundPython } from './python.js'
import { runProcess, type RunResult } from './run.js'
import {
  assertNothingSurvives,
  closeSandbox,
  foldersToHide,
  openSandbox,
  runInSandbox,
  type Sandbox
} from './sandbox.js'

export interface BuildPlace {
  /** How project code is contained, for the log. */
  description: string
  contained: boolean
  /** The folder the hooks run in: the project, or its copy in the sandbox. */
  project: string
  /** A folder for the virtual environment and the hooks' output. */
  work: string
  /** The environment project code gets. */
  env: Record<string, string>
  run(
    command: readonly string[],
    options: { cwd: string; env: Record<string, string>; deadline: number; answerChars?: number }
  ): Promise<RunResult>
  /** Stops whatever still runs and removes the folders. Synchronous, so that it works on exit. */
  close(): void
  /** Throws when anything project code started is still running. */
  assertClosed(): void
}

export interface PlaceOptions {
  projectDir: string
  /** The project's tree, checked (project-tree.ts). */
  tree: ProjectTree
  /** Values that must never reach project code, whatever variable holds them. */
  secrets: readonly string[]
  /** A credential is in reach of this process: then project code runs contained, or not at all. */
  holdsCredentials: boolean
  /** The user accepted that project code runs uncontained with a credential in reach. */
  allowUncontained: boolean
  /** False runs project code uncontained even where a sandbox is available (tests of that path). */
  contain: boolean
  deadline: number
}

/**
 * Variables that change which code Python loads. `-I` makes the interpreters we start ignore them,
 * but not the ones the backend starts itself (a compiler driver, a nested pip).
 */
const PYTHON_LOADING = [
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONSTARTUP',
  'PYTHONUSERBASE',
  'PYTHONPLATLIBDIR',
  'PYTHONEXECUTABLE',
  'PYTHONINSPECT'
]

/** The environment project code starts from: no secret and nothing that redirects Python. */
export function projectEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  secrets: readonly string[]
): Record<string, string> {
  const env = scrubEnvironment(parent, secrets)
  for (const name of PYTHON_LOADING) delete env[name]
  return env
}

/** The advice that the stop without containment gives: the pattern that needs none. */
function safePattern(): string {
  return (
    either(
      `Build the distributions in a job without secrets (python -m build), pass dist/ to this job as an artifact (actions/upload-artifact, actions/download-artifact), and register from it (${setting(Inputs.metadataSource, 'dist')}); the README shows the workflow. On a runner with password-less sudo (GitHub-hosted runners), project code is contained and this stop does not happen.`,
      `Build the distributions first (python -m build) where no credential is in reach, and register from them (${setting(Inputs.metadataSource, 'dist')}). With password-less sudo, project code is contained and this stop does not happen.`
    ) +
    ` To run it here anyway, with the credentials in its reach, set ${setting(Inputs.allowUncontainedBuild, 'true')}.`
  )
}

/** Opens the place for the backend path, or refuses to run project code next to credentials. */
export async function openBuildPlace(
  options: PlaceOptions,
  python: FoundPython,
  log: (line: string) => void
): Promise<BuildPlace> {
  const env = projectEnvironment(process.env, options.secrets)
  const hide = foldersToHide(process.env)
  let unavailable = 'it was turned off'
  if (options.contain) {
    const repository = options.tree.repository
    const avoid = [...hide, ...(repository ? [repository.top, repository.commonDir] : [])]
    const base = avoid.some(folder => isWithinFolder(tmpdir(), folder)) ? '/tmp' : tmpdir()
    const keep = foldersToKeep(python, env)
    const opening = await openSandbox(options.tree, base, hide, keep)
    if ('sandbox' in opening) return sandboxPlace(opening.sandbox, env, options.tree.notShown)
    unavailable = opening.unavailable
  }
  return uncontainedPlace(options, unavailable, log)
}

/**
 * The place when no sandbox can be had (`unavailable` says why): refused next to credentials,
 * unless the user accepted the risk.
 */
export async function uncontainedPlace(
  options: PlaceOptions,
  unavailable: string,
  log: (line: string) => void
): Promise<BuildPlace> {
  const env = projectEnvironment(process.env, options.secrets)
  if (options.holdsCredentials && !options.allowUncontained) {
    throw new MetadataError(
      `This project's metadata comes from its build backend, which would run the project's own code (setup.py, an in-tree backend, build requirements) with this step's credentials in its reach: project code cannot be contained here (${unavailable}), so nothing was run.`,
      safePattern()
    )
  }
  log(
    `Project code runs as this user, not contained (${unavailable})${options.holdsCredentials ? `, with the credentials in its reach (${setting(Inputs.allowUncontainedBuild, 'true')})` : '; no credential is in its reach'}.`
  )
  return await plainPlace(options.projectDir, env)
}

/**
 * What project code must be able to read wherever it lies: the Python that runs it, and the local
 * folders pip is told to find wheels in (PIP_FIND_LINKS). Links resolved, as the kernel mounts them.
 */
function foldersToKeep(python: FoundPython, env: Record<string, string>): string[] {
  const wheels = (env.PIP_FIND_LINKS ?? '')
    .split(/\s+/)
    .map(link => link.replace(/^file:\/\//, ''))
    .filter(link => path.isAbsolute(link))
  const folders = [python.prefix, python.basePrefix, path.dirname(python.executable), ...wheels]
  return folders.flatMap(folder => {
    try {
      return [realpathSync(folder)]
    } catch {
      return []
    }
  })
}

function sandboxPlace(
  sandbox: Sandbox,
  parentEnv: Record<string, string>,
  repositoryNotShown: string | undefined
): BuildPlace {
  const env: Record<string, string> = {
    ...parentEnv,
    HOME: path.join(sandbox.work, 'home'),
    TMPDIR: path.join(sandbox.work, 'tmp'),
    USER: 'pypi-register-build',
    LOGNAME: 'pypi-register-build'
  }
  if (sandbox.gitConfig !== undefined) {
    env.GIT_CONFIG_GLOBAL = sandbox.gitConfig
    // The copy may lie on another file system than the repository (a tmpfs /tmp, say): git stops
    // looking for the repository at such a boundary unless told otherwise.
    env.GIT_DISCOVERY_ACROSS_FILESYSTEM = '1'
  }
  const place =
    sandbox.repository !== undefined
      ? `, in its place in its git repository ${sandbox.repository} (the git configuration without credentials)`
      : repositoryNotShown !== undefined
        ? ` (its git repository is not shown: ${repositoryNotShown})`
        : ''
  const hidden = sandbox.hidden.length > 0 ? `; hidden: ${sandbox.hidden.join(', ')}` : ''
  const shown = sandbox.shown.length > 0 ? `; shown read-only: ${sandbox.shown.join(', ')}` : ''
  return {
    description: `contained: a copy of the project${place}, run as user id ${sandbox.id} in private PID and mount namespaces${hidden}${shown}`,
    contained: true,
    project: sandbox.project,
    work: sandbox.work,
    env,
    run: (command, options) => runInSandbox(sandbox, command, options),
    close: () => closeSandbox(sandbox),
    assertClosed: () => assertNothingSurvives(sandbox)
  }
}

async function plainPlace(projectDir: string, env: Record<string, string>): Promise<BuildPlace> {
  const work = await mkdtemp(path.join(tmpdir(), 'pypi-register-pep517-'))
  return {
    description: 'not contained',
    contained: false,
    project: projectDir,
    work,
    env,
    run([program, ...args], options) {
      return runProcess(program!, args, options)
    },
    close() {
      try {
        rmSync(work, { recursive: true, force: true, maxRetries: 3 })
      } catch {
        // Left for the system's temporary folder cleaning.
      }
    },
    assertClosed: () => undefined
  }
}
