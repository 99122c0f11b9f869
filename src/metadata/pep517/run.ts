/**
 * Runs one child process of the PEP 517 path (Python, pip, the backend) with a deadline, keeping the
 * end of its output for the error message. The only place that starts processes for it.
 */
import { spawn } from 'node:child_process'
import { plainText } from '../../sanitize.js'

export interface RunResult {
  /** Exit code; undefined when the process was stopped or could not start. */
  code: number | undefined
  /**
   * What it printed, decoded as UTF-8 across chunk boundaries, the last {@link KEPT_LENGTH} of it:
   * stdout and stderr interleaved as they arrived, or stderr alone when stdout is the answer.
   */
  output: string
  /** stdout on its own, when `answerChars` asked for it (at most that many characters). */
  answer?: string
  timedOut: boolean
  /** Set when the program could not be started at all (ENOENT for a missing program). */
  startError?: NodeJS.ErrnoException
  /** With `readyLine`: whether the launcher said it was ready. */
  ready?: boolean
}

export interface RunOptions {
  cwd: string
  env: Record<string, string>
  /** Absolute time (Date.now()) after which the process and its children are stopped. */
  deadline: number
  /**
   * Keeps the child's stdin open as a lifeline, closed when the run must stop: a sandbox
   * (sandbox.ts) ends everything in it when its stdin closes. Without it, stdin is /dev/null and
   * the process group is killed.
   */
  lifeline?: boolean
  /** Keeps stdout apart, up to this many characters: the driver's answer channel. */
  answerChars?: number
  /**
   * A line the launcher writes to stderr once it has set up, before the command starts: removed
   * from the output, and `ready` says whether it came.
   */
  readyLine?: string
}

/**
 * How much output is kept, in UTF-16 code units as JavaScript counts a string's length: enough for
 * a long traceback and pip's resolver report; older lines are dropped.
 */
const KEPT_LENGTH = 64 * 1024

/**
 * How long the pipes may stay open once the process has exited or been stopped. A grandchild
 * that keeps stdout open (or a `setsid` one, outside the process group) must not hold the step.
 */
const DRAIN_MS = 1000

/** How to stop each process started here that has not finished yet. */
const running = new Set<() => void>()

/**
 * Stops every process started here that still runs (and its group, or its sandbox). Synchronous,
 * for a process on its way out.
 */
export function stopRunning(): void {
  for (const stop of running) stop()
}

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
      stdio: [options.lifeline ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout also stops what it started (pip, compilers).
      detached: !windows,
      windowsHide: true
    })
    // Both are pipes (stdio above); the type cannot say so for a stdin that may be ignored.
    const stdout = child.stdout!
    const stderr = child.stderr!
    let output = ''
    let answer = ''
    const keep = (text: string): void => {
      output += text
      if (output.length > KEPT_LENGTH * 2) output = output.slice(-KEPT_LENGTH)
    }
    // setEncoding decodes as a stream: a character split between two chunks stays whole.
    stdout.setEncoding('utf8')
    stderr.setEncoding('utf8')
    const answerChars = options.answerChars
    if (answerChars === undefined) stdout.on('data', keep)
    else
      stdout.on('data', (text: string) => {
        if (answer.length <= answerChars) answer += text
      })
    // Until the ready line (or its absence) is known, stderr's first line is held back.
    let ready: boolean | undefined
    let head = ''
    stderr.on('data', (text: string) => {
      if (options.readyLine === undefined || ready !== undefined) return keep(text)
      head += text
      const end = head.indexOf('\n')
      if (end === -1 && head.length <= options.readyLine.length) return
      ready = head.slice(0, end) === options.readyLine
      keep(ready ? head.slice(end + 1) : head)
    })
    child.stdin?.on('error', () => undefined) // A sandbox that is already gone closes it first.

    let timedOut = false
    let settled = false
    let startError: NodeJS.ErrnoException | undefined
    let exitCode: number | undefined
    let drain: NodeJS.Timeout | undefined
    const stop = (): void => {
      child.stdin?.destroy()
      if (!options.lifeline) killGroup(child.pid, windows, () => child.kill('SIGKILL'))
    }
    running.add(stop)
    const finish = (): void => {
      if (settled) return
      settled = true
      running.delete(stop)
      clearTimeout(timer)
      clearTimeout(drain)
      stdout.destroy()
      stderr.destroy()
      if (options.readyLine !== undefined && ready === undefined) {
        ready = false
        keep(head)
      }
      const kept = answerChars !== undefined && answer.length > answerChars ? undefined : answer
      resolve({
        code: exitCode,
        output: output.slice(-KEPT_LENGTH),
        ...(answerChars !== undefined && kept !== undefined ? { answer: kept } : {}),
        timedOut,
        ...(startError ? { startError } : {}),
        ...(ready !== undefined ? { ready } : {})
      })
    }
    const timer = setTimeout(
      () => {
        timedOut = true
        stop()
        drain ??= setTimeout(finish, DRAIN_MS)
      },
      Math.max(0, options.deadline - Date.now())
    )
    child.on('error', error => {
      startError = error
      finish()
    })
    child.on('exit', code => {
      exitCode = timedOut ? undefined : (code ?? undefined)
      // Whatever it left running in its group goes with it; the pipes get a moment to drain.
      stop()
      drain ??= setTimeout(finish, DRAIN_MS)
    })
    child.on('close', finish)
  })
}

function killGroup(pid: number | undefined, windows: boolean, fallback: () => void): void {
  if (pid === undefined || windows) return fallback()
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    fallback()
  }
}

/**
 * A child's output made safe to print: each line indented behind `| `, so that a line the project
 * prints starting with `::` can never be taken by the runner as a workflow command, and stripped of
 * terminal escapes and other control characters, so that it cannot rewrite or colour the log.
 */
export function quoteOutput(text: string, maxLines = 40): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n')
  const shown = lines.length > maxLines ? lines.slice(-maxLines) : lines
  const skipped = lines.length - shown.length
  return [
    ...(skipped > 0 ? [`  | (${skipped} earlier lines left out)`] : []),
    ...shown.map(line => `  | ${plainText(line)}`)
  ].join('\n')
}
