/**
 * Runs one child process of the PEP 517 path (Python, pip, the backend) with a deadline, keeping the
 * end of its output for the error message. The only place that starts processes for it.
 */
import { spawn } from 'node:child_process'

export interface RunResult {
  /** Exit code; undefined when the process was stopped or could not start. */
  code: number | undefined
  /** stdout and stderr interleaved as they arrived, the last {@link KEPT_LENGTH} of it. */
  output: string
  timedOut: boolean
  /** Set when the program could not be started at all (ENOENT for a missing program). */
  startError?: NodeJS.ErrnoException
}

export interface RunOptions {
  cwd: string
  env: Record<string, string>
  /** Absolute time (Date.now()) after which the process and its children are killed. */
  deadline: number
}

/**
 * How much output is kept, in UTF-16 code units as JavaScript counts a string's length: enough for
 * a long traceback and pip's resolver report; older lines are dropped.
 */
const KEPT_LENGTH = 64 * 1024

/** Runs `program args` with no shell, so no argument is ever interpreted. */
export function runProcess(
  program: string,
  args: string[],
  options: RunOptions
): Promise<RunResult> {
  return new Promise(resolve => {
    const windows = process.platform === 'win32'
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout also stops what it started (pip, compilers).
      detached: !windows,
      windowsHide: true
    })
    let output = ''
    const keep = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      if (output.length > KEPT_LENGTH * 2) output = output.slice(-KEPT_LENGTH)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let timedOut = false
    const timer = setTimeout(
      () => {
        timedOut = true
        killTree(child.pid, windows, () => child.kill('SIGKILL'))
      },
      Math.max(0, options.deadline - Date.now())
    )
    let startError: NodeJS.ErrnoException | undefined
    child.on('error', error => {
      startError = error
    })
    child.on('close', code => {
      clearTimeout(timer)
      resolve({
        code: code ?? undefined,
        output: output.slice(-KEPT_LENGTH),
        timedOut,
        ...(startError ? { startError } : {})
      })
    })
  })
}

function killTree(pid: number | undefined, windows: boolean, fallback: () => void): void {
  if (pid === undefined || windows) return fallback()
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    fallback()
  }
}

/**
 * A child's output made safe to print: each line indented behind `| `, so that a line the project
 * prints starting with `::` can never be taken by the runner as a workflow command.
 */
export function quoteOutput(text: string, maxLines = 40): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n')
  const shown = lines.length > maxLines ? lines.slice(-maxLines) : lines
  const skipped = lines.length - shown.length
  return [
    ...(skipped > 0 ? [`  | (${skipped} earlier lines left out)`] : []),
    ...shown.map(line => `  | ${line}`)
  ].join('\n')
}
