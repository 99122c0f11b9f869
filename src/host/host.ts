/**
 * Where the action runs: a GitHub runner (workflow commands, output files, a job summary) or a
 * terminal (the command-line entry point). The core speaks only to this interface, so both run the
 * same registration.
 */

import type { Audience } from '../wording.js'

/** Where a message points in the user's files, for an annotation. */
export interface Place {
  file?: string
  line?: number
  title?: string
}

export interface Host {
  /** Whom the messages speak to: a workflow's author (inputs, steps) or a terminal's user (options). */
  readonly audience: Audience
  /** The raw text of an input, '' when not given. */
  getInput(name: string): string
  /** The names of every input the step was given, whether action.yml declares them or not. */
  givenInputs(): string[]
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  /** Keeps the value out of every later line of the log. */
  setSecret(secret: string): void
  info(message: string): void
  debug(message: string): void
  notice(message: string, place?: Place): void
  warning(message: string, place?: Place): void
  error(message: string, place?: Place): void
  /** Lines that belong together and may be folded. */
  group(title: string, lines: readonly string[]): void
  /** Reports the failure and makes the process exit with 1. */
  setFailed(message: string): void
  /** Appends Markdown to the job summary, where there is one. */
  writeSummary(markdown: string): Promise<void>
}
