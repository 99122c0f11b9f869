/**
 * The command line's promise that its `.pypirc` (which holds the password) never outlives it: the
 * normal path removes it through the post step's code; this removes it on the other ways a process
 * ends: a closed terminal (SIGHUP), Ctrl-C (SIGINT), Ctrl-\ (SIGQUIT), SIGTERM (a CI system
 * cancelling the job, `timeout`), and an exit that skips the normal path. A closed stdout (`pypi-register ... | head -1`) is handled by the streams
 * in cli-host.ts, and the run then ends the normal way.
 */
import { rmSync } from 'node:fs'

/**
 * The signals a terminal or a job runner sends to end a command: a closed terminal (SIGHUP), Ctrl-C
 * (SIGINT), Ctrl-\ (SIGQUIT) and SIGTERM; with the exit status a shell reports for each (128 + the
 * signal number).
 */
const SIGNAL_STATUS = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const
const SIGNALS = Object.keys(SIGNAL_STATUS) as Array<keyof typeof SIGNAL_STATUS>

/**
 * How long a signalled run waits for a `.pypirc` being written at that instant to be named, so that
 * it can be removed too; a run doing anything else simply stops when this passes.
 */
const WRITE_GRACE_MS = 250

export interface ExitGuard {
  /** Tells the guard of the written file's path, at once, as main saves it in state. */
  written(path: string): void
  /** Removes the handlers, and the file if it is still there: the run ended the normal way. */
  dispose(): void
}

/**
 * Installs the handlers. `exit` ends the process (replaceable so that tests can watch it).
 * The file is removed synchronously, because a signal handler must not wait for promises that
 * the interrupted run may never settle.
 */
export function guardScratchFile(
  exit: (status: number) => void = status => process.exit(status)
): ExitGuard {
  let file: string | undefined
  let stopping: number | undefined
  const remove = (): void => {
    if (file === undefined) return
    try {
      rmSync(file, { force: true })
    } catch {
      // Nothing more can be done on the way out; the system's temporary folder is cleared later.
    }
    file = undefined
  }
  const onSignal = (signal: keyof typeof SIGNAL_STATUS): void => {
    if (stopping !== undefined) return
    stopping = SIGNAL_STATUS[signal]
    if (file !== undefined) {
      remove()
      exit(stopping)
      return
    }
    setTimeout(() => exit(stopping as number), WRITE_GRACE_MS)
  }
  const handlers = SIGNALS.map(signal => [signal, () => onSignal(signal)] as const)
  for (const [signal, handler] of handlers) process.on(signal, handler)
  process.on('exit', remove)
  return {
    written(path) {
      file = path
      if (stopping !== undefined) {
        remove()
        exit(stopping)
      }
    },
    dispose() {
      for (const [signal, handler] of handlers) process.off(signal, handler)
      process.off('exit', remove)
      remove()
    }
  }
}
