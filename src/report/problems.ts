/**
 * Turns the problems validation finds into what the user sees: each with the file and key it came
 * from (and its line, for a GitHub annotation), warnings raised to errors under `strict`. Pure: what
 * locates a field in the source file is passed in.
 */
import type { Place } from '../host/host.js'
import type { FieldLocator } from '../metadata/locate.js'
import type { Problem, Severity } from '../check/validate.js'
import { Inputs } from '../constants.js'
import { setting } from '../wording.js'

export interface ReportedProblem {
  severity: Severity
  /** `pyproject.toml:7 (project.version): ...` */
  message: string
  place: Place
  /** Its parts: the file and line (`pyproject.toml:7`), the key or field, and what is wrong. */
  at: string
  key: string
  text: string
}

export interface ProblemSource {
  /** The file as the user knows it, relative to the workspace. */
  file: string
  /** Where a field was written in it, when it is a text file the fields can be found in. */
  locate?: FieldLocator
}

/**
 * Each problem as the user sees it. Under `strict`, warnings become errors, except pypi.org's own
 * publishing rules when pypi.org is not among the targets (`pypiTargeted` false): a devpi release
 * is not stopped for what only pypi.org refuses.
 */
export function reportProblems(
  problems: readonly Problem[],
  source: ProblemSource,
  strict: boolean,
  pypiTargeted = true
): ReportedProblem[] {
  return problems.map(problem => {
    const location = source.locate?.(problem.field, problem.value)
    const line = location?.line
    const raised = strict && problem.severity === 'warning' && (pypiTargeted || !problem.pypiOnly)
    const severity: Severity = raised ? 'error' : problem.severity
    const at = `${source.file}${line !== undefined ? `:${line}` : ''}`
    const why = raised
      ? ` (an error because of ${setting(Inputs.strict, 'true')})`
      : strict && problem.pypiOnly
        ? ` (not an error under ${setting(Inputs.strict, 'true')}, since pypi.org is not among the targets)`
        : ''
    const key = location?.key ?? problem.field
    const text = `${problem.message}${why}`
    return {
      severity,
      at,
      key,
      text,
      message: `${at} (${key}): ${text}`,
      place: {
        file: source.file,
        ...(line !== undefined ? { line } : {}),
        title: `Metadata ${severity}`
      }
    }
  })
}

/** One line for the log and the summary: how the check went. */
export function checkVerdict(reported: readonly ReportedProblem[]): string {
  const errors = reported.filter(problem => problem.severity === 'error').length
  const warnings = reported.length - errors
  if (reported.length === 0) return 'Metadata check: no problems.'
  const parts = [
    errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''
  ].filter(Boolean)
  return `Metadata check: ${parts.join(' and ')}.`
}
