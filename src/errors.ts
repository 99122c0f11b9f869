import { either } from './wording.js'

/**
 * One error type for every problem the user can fix. Each carries where it happened and what to do,
 * so that the top level can print one clear line without a stack trace.
 */
export class ActionError extends Error {
  /** @param message what was wrong, naming the file, field or input
   *  @param advice what the user should do about it */
  constructor(
    message: string,
    readonly advice?: string
  ) {
    super(message)
    this.name = 'ActionError'
  }
}

/** A problem with an input of the action (or the environment variable standing in for one). */
export class InputError extends ActionError {
  override name = 'InputError'
}

/** A problem with the project's metadata or the files it comes from. */
export class MetadataError extends ActionError {
  override name = 'MetadataError'
}

/** A value that Python's configparser could not read back exactly as written. */
export class ConfigValueError extends ActionError {
  override name = 'ConfigValueError'
}

/** The single place that turns an error into the one line shown to the user. */
export function formatError(error: unknown): string {
  if (error instanceof ActionError) {
    return error.advice ? `${error.message} ${error.advice}` : error.message
  }
  const detail = error instanceof Error ? error.message : String(error)
  return `Unexpected error: ${detail}. This is a bug in pypi-register; please report it with ${either('the log of this step', 'the output of this command')}.`
}
