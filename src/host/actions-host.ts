/**
 * The host on a GitHub runner, built from @actions/core's own command writers (the `::command::`
 * escaping, the GITHUB_OUTPUT / GITHUB_STATE file format, the job summary). They are imported one
 * by one rather than through the package's index, which also loads its OIDC client and with it an
 * HTTP stack: over 100 ms of every start, for a feature this action never uses.
 */
import { EOL } from 'node:os'
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import {
  issueFileCommand,
  prepareKeyValueMessage
} from '../../node_modules/@actions/core/lib/file-command.js'
import { summary } from '../../node_modules/@actions/core/lib/summary.js'
import { toCommandProperties } from '../../node_modules/@actions/core/lib/utils.js'
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
      if (!env.GITHUB_STEP_SUMMARY) return
      await summary.addRaw(markdown).write()
      summary.emptyBuffer()
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
  if (env[fileVariable]) {
    issueFileCommand(command, prepareKeyValueMessage(name, value))
    return
  }
  process.stdout.write(EOL)
  issueCommand(command === 'OUTPUT' ? 'set-output' : 'save-state', { name }, value)
}
