/**
 * Project and extra names: which are valid (PEP 508; packaging checks project names and extra names
 * with the same pattern), and the normal form in which two names are one (PEP 503 for projects,
 * PEP 685 for extras): lower case, every run of `-`, `_` and `.` a single `-`. Indexes compare
 * project names in that form, installers extras, and hatchling writes requirement names in it. Pure.
 */

const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i

/** The rule of {@link isValidName}, worded for a message after a colon. */
export const NAME_RULE =
  'use ASCII letters, digits, ".", "_" and "-", starting and ending with a letter or digit (PEP 508)'

/** Whether `name` is a valid project or extra name. */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name)
}

/** The normal form of a project or extra name (`Quill_Lint` and `quill.lint` → `quill-lint`). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}
