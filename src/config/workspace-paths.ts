/**
 * On a runner, the paths the inputs name must stay inside the job's own folders, as actions/checkout
 * refuses a `path` outside GITHUB_WORKSPACE: the project, its distributions and a config file inside
 * the workspace; the CA and client certificate files inside the workspace or RUNNER_TEMP (where an
 * earlier step writes a certificate kept in a secret). A path is compared after resolving symbolic
 * links, so a link in the repository cannot lead out. Outside a runner (the command line on a
 * user's machine) there is no workspace, and any path the user names is theirs to name.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { InputError } from '../errors.js'
import { startOfSentence } from '../wording.js'
import { isWithinFolder } from '../within-folder.js'

/** The folders paths may lie in; undefined outside a runner, where nothing is confined. */
export interface WorkspaceRoots {
  workspace: string
  runnerTemp?: string
}

/** The roots from the runner's variables; undefined when GITHUB_WORKSPACE is not set. */
export function workspaceRoots(env: NodeJS.ProcessEnv): WorkspaceRoots | undefined {
  const workspace = env.GITHUB_WORKSPACE?.trim()
  if (!workspace) return undefined
  const runnerTemp = env.RUNNER_TEMP?.trim()
  return { workspace: real(workspace), ...(runnerTemp ? { runnerTemp: real(runnerTemp) } : {}) }
}

/**
 * Throws an InputError when `file` (absolute) lies outside the workspace, or for a certificate
 * outside both the workspace and RUNNER_TEMP. `given` says where the path came from, for the message.
 */
export function assertConfined(
  file: string,
  given: string,
  roots: WorkspaceRoots | undefined,
  kind: 'project' | 'certificate'
): void {
  if (roots === undefined) return
  const allowed = [roots.workspace]
  if (kind === 'certificate' && roots.runnerTemp !== undefined) allowed.push(roots.runnerTemp)
  const resolved = real(file)
  if (allowed.some(root => isWithinFolder(resolved, root))) return
  const where =
    kind === 'certificate'
      ? `the workspace (${roots.workspace})${roots.runnerTemp !== undefined ? ` or RUNNER_TEMP (${roots.runnerTemp})` : ''}`
      : `the workspace (${roots.workspace})`
  throw new InputError(
    `${startOfSentence(given)} names ${file}${resolved !== file ? ` (${resolved} once links are resolved)` : ''}, which is outside ${where}.`,
    kind === 'certificate'
      ? 'Keep the file in the repository, or write it to $RUNNER_TEMP in an earlier step (a certificate kept in a secret, say).'
      : 'Give a path inside the workspace, as actions/checkout requires for its path input; check out or copy the project there first.'
  )
}

/**
 * The path with its links resolved. A path that does not exist yet has its nearest existing
 * parent resolved, so that a link higher up still counts, and the error for the missing file
 * comes later from the code that reads it.
 */
function real(file: string): string {
  const absolute = path.resolve(file)
  const rest: string[] = []
  let current = absolute
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest)
    } catch {
      const parent = path.dirname(current)
      if (parent === current) return absolute
      rest.unshift(path.basename(current))
      current = parent
    }
  }
}
