/**
 * The normal form of a project name (PEP 503): lower case, each run of `-`, `_` and `.` one `-`.
 * Two names that normalise alike name one project, on every index. Pure.
 */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}
