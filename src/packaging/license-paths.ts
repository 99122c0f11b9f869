/**
 * The form PEP 639 gives license file paths, the License-File values and the license-files patterns
 * alike: relative to the project folder, with `/` between parts and no `..`, so that no license
 * comes from outside the project. packaging refuses a License-File that breaks it. Pure.
 */

/** Why `path` is not a relative path inside the project, or undefined when it is one. */
export function licensePathProblem(path: string): string | undefined {
  if (path.split(/[/\\]/).includes('..')) return 'it climbs out of the project with ".."'
  if (/^(?:\/|[A-Za-z]:|\\)/.test(path)) return 'it is an absolute path'
  if (path.includes('\\')) return 'it uses "\\" instead of "/"'
  return undefined
}
