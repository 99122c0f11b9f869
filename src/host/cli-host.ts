/**
 * The host in a terminal or another CI system: messages go to stdout and stderr as plain lines,
 * annotations become `warning: file:line: message`, and outputs are kept for the caller to print.
 * There is no runner to mask secrets here: the caller wraps this host in the redacting host
 * (redacting-host.ts), which replaces them in everything it prints; `setSecret` has nothing to do.
 */
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

/**
 * The process's stdout and stderr, made safe to write to after the reader went away: with
 * `pypi-register ... | head -1`, head closes the pipe, and a write would then raise EPIPE (an
 * unhandled 'error' event, a stack trace, and a `.pypirc` left behind). Output to a closed stream
 * is dropped instead, and the run ends the normal way, cleaning up after itself.
 */
export function processStreams(): CliStreams {
  const writer = (stream: NodeJS.WriteStream) => {
    let open = true
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Only a closed reader is expected; anything else is still worth knowing about.
      if (error.code !== 'EPIPE') throw error
      open = false
    })
    return (text: string) => {
      if (open && !stream.destroyed) stream.write(text)
    }
  }
  return { out: writer(process.stdout), err: writer(process.stderr) }
}

/**
 * @param onState told of every saved state value at once (the command line's exit guard learns
 *   the `.pypirc` path that way)
 */
export function cliHost(
  inputs: Readonly<Record<string, string>>,
  streams: CliStreams = processStreams(),
  onState: (name: string, value: string) => void = () => undefined
): CliHost {
  const state = new Map<string, string>()
  // The redacting host around this one has already cleared every line of secrets; the messages
  // were worded for a terminal where they were written (wording.ts), since this host speaks to one.
  const out = (text: string) => streams.out(`${text}\n`)
  const annotate = (kind: string, message: string, place?: Place) =>
    streams.err(`${kind}: ${where(place, message)}${message}\n`)
  const host: CliHost = {
    audience: 'terminal',
    outputs: new Map(),
    failed: false,
    getInput: name => inputs[name] ?? '',
    givenInputs: () => Object.keys(inputs),
    setOutput: (name, value) => void host.outputs.set(name, value),
    saveState: (name, value) => {
      state.set(name, value)
      onState(name, value)
    },
    getState: name => state.get(name) ?? '',
    setSecret: () => undefined,
    info: out,
    // Debug lines (stack traces of unexpected errors) show with PYPI_REGISTER_DEBUG=1.
    debug: message => {
      if (process.env.PYPI_REGISTER_DEBUG === '1') streams.err(`${message}\n`)
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
