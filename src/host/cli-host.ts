/**
 * The host in a terminal or another CI system: messages go to stdout and stderr as plain lines,
 * annotations become `warning: file:line: message`, and outputs are kept for the caller to print.
 * There is no runner to mask secrets here, so this host replaces them in everything it prints.
 */
import { replaceSecrets } from '../settings.js'
import { toCommandLineWording } from './cli-wording.js'
import type { Host, Place } from './host.js'

export interface CliHost extends Host {
  outputs: Map<string, string>
  /** Whether setFailed was called. */
  failed: boolean
}

export interface CliStreams {
  out: (text: string) => void
  err: (text: string) => void
}

export function cliHost(
  inputs: Readonly<Record<string, string>>,
  streams: CliStreams = {
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text)
  }
): CliHost {
  const secrets = new Set<string>()
  const state = new Map<string, string>()
  // Every line is reworded for a terminal (options, not inputs) and then cleared of secrets.
  const redact = (text: string): string => replaceSecrets(toCommandLineWording(text), secrets)
  const out = (text: string) => streams.out(`${redact(text)}\n`)
  const annotate = (kind: string, message: string, place?: Place) =>
    streams.err(`${redact(`${kind}: ${where(place, message)}${message}`)}\n`)
  const host: CliHost = {
    outputs: new Map(),
    failed: false,
    getInput: name => inputs[name] ?? '',
    setOutput: (name, value) => void host.outputs.set(name, value),
    saveState: (name, value) => void state.set(name, value),
    getState: name => state.get(name) ?? '',
    setSecret: secret => void secrets.add(secret),
    info: out,
    // Debug lines (stack traces of unexpected errors) show with PYPI_REGISTER_DEBUG=1.
    debug: message => {
      if (process.env.PYPI_REGISTER_DEBUG === '1') streams.err(`${redact(message)}\n`)
    },
    notice: (message, place) => annotate('notice', message, place),
    warning: (message, place) => annotate('warning', message, place),
    error: (message, place) => annotate('error', message, place),
    group: (title, lines) => {
      out(title)
      for (const line of lines) out(`  ${line}`)
    },
    setFailed: message => {
      host.failed = true
      annotate('error', message)
    },
    writeSummary: async () => undefined
  }
  return host
}

/** `file:line: ` before a message, unless the message begins with its place already. */
function where(place: Place | undefined, message: string): string {
  if (place?.file === undefined) return ''
  const at = `${place.file}${place.line !== undefined ? `:${place.line}` : ''}`
  return message.startsWith(at) ? '' : `${at}: `
}
