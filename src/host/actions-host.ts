/**
 * The host on a GitHub runner: workflow commands on stdout (workflow-commands.ts says why they are
 * not written through @actions/core), and the file commands (outputs, state, the job summary)
 * through file-commands.ts.
 */
import { EOL } from 'node:os'
import { appendToRunnerFile, keyValueBlock } from './file-commands.js'
import type { Host, Place } from './host.js'
import { renderCommand, type CommandProperties } from './workflow-commands.js'

const issueCommand = (name: string, properties: CommandProperties, message: string): void => {
  process.stdout.write(renderCommand(name, properties, message))
}
const issue = (name: string, message = ''): void => issueCommand(name, {}, message)

/** Reads inputs and state from the variables the runner sets, as @actions/core does. */
export function actionsHost(): Host {
  const env = process.env
  const annotate = (kind: 'notice' | 'warning' | 'error', message: string, place?: Place) =>
    issueCommand(kind, annotation(place), message)
  return {
    audience: 'workflow',
    // Hyphens stay: the runner names the variable of input `dry-run` INPUT_DRY-RUN.
    getInput: name => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    // The runner passes every key of the step's `with:` as INPUT_<NAME>, declared or not.
    givenInputs: () =>
      Object.keys(env)
        .filter(variable => variable.startsWith('INPUT_'))
        .map(variable => variable.slice('INPUT_'.length).toLowerCase()),
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

function annotation(place: Place | undefined): CommandProperties {
  if (place === undefined) return {}
  return {
    ...(place.title !== undefined ? { title: place.title } : {}),
    ...(place.file !== undefined ? { file: place.file } : {}),
    ...(place.line !== undefined ? { line: place.line } : {})
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
