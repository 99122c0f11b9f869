/**
 * The host on a GitHub runner: @actions/core's own workflow-command writers (the `::command::`
 * escaping), imported one by one rather than through the package's index, which also loads its OIDC
 * client and with it an HTTP stack: over 100 ms of every start, for a feature this action never
 * uses. The file commands (outputs, state, the job summary) are written by file-commands.ts.
 */
import { EOL } from 'node:os'
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import { toCommandProperties } from '../../node_modules/@actions/core/lib/utils.js'
import { appendToRunnerFile, keyValueBlock } from './file-commands.js'
import type { Host, Place } from './host.js'

/** Reads inputs and state from the variables the runner sets, as @actions/core does. */
export function actionsHost(): Host {
  const env = process.env
  const annotate = (kind: 'notice' | 'warning' | 'error', message: string, place?: Place) =>
    issueCommand(kind, toCommandProperties(annotation(place)), message)
  return {
    // Hyphens stay: the runner names the variable of input `dry-run` INPUT_DRY-RUN.
    getInput: name => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    setOutput: (name, value) => writeKeyValue(env, 'GITHUB_OUTPUT', 'OUTPUT', name, value),
    saveState: (name, value) => writeKeyValue(env, 'GITHUB_STATE', 'STATE', name, value),
    getState: name => env[`STATE_${name}`] ?? '',
    setSecret: secret => issueCommand('add-mask', {}, secret),
    info: message => process.stdout.write(message + EOL),
    debug: message => issueCommand('debug', {}, message),
    notice: (message, place) => annotate('notice', message, place),
    warning: (message, place) => annotate('warning', message, place),
    error: (message, place) => annotate('error', message, place),
    group: (title, lines) => {
      issue('group', title)
      for (const line of lines) process.stdout.write(line + EOL)
      issue('endgroup')
    },
    setFailed: message => {
      process.exitCode = 1
      annotate('error', message)
    },
    writeSummary: async markdown => {
      // Outside a runner (a local run of the bundle) there is no summary file to write to.
      const file = env.GITHUB_STEP_SUMMARY
      if (file) appendToRunnerFile('GITHUB_STEP_SUMMARY', file, markdown)
    }
  }
}

function annotation(place: Place | undefined) {
  if (place === undefined) return {}
  return {
    ...(place.file !== undefined ? { file: place.file } : {}),
    ...(place.line !== undefined ? { startLine: place.line } : {}),
    ...(place.title !== undefined ? { title: place.title } : {})
  }
}

/** Outputs and state go to the runner's files; without them, the older stdout commands. */
function writeKeyValue(
  env: NodeJS.ProcessEnv,
  fileVariable: 'GITHUB_OUTPUT' | 'GITHUB_STATE',
  command: 'OUTPUT' | 'STATE',
  name: string,
  value: string
): void {
  const file = env[fileVariable]
  if (file) {
    appendToRunnerFile(fileVariable, file, keyValueBlock(name, value))
    return
  }
  process.stdout.write(EOL)
  issueCommand(command === 'OUTPUT' ? 'set-output' : 'save-state', { name }, value)
}
