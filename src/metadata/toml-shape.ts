/**
 * Type checks for values read from a TOML document. Each names the offending key by its dotted path
 * (for example `project.authors[1].email`), so that a message points straight at the line to fix.
 */
import { MetadataError } from '../errors.js'

export type TomlTable = Record<string, unknown>

export function isTable(value: unknown): value is TomlTable {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  )
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a date'
  if (isTable(value)) return 'a table'
  return `a ${typeof value}`
}

/**
 * A value of a form the static mapping does not read (hatchling's older `license-files` table, say):
 * a backend may still accept it, so the backend is asked instead of the project being refused.
 */
export class UnexpectedShape extends MetadataError {
  override name = 'UnexpectedShape'
}

/** Throws an UnexpectedShape saying `key` in `file` should be `expected` but is something else. */
export function wrongType(file: string, key: string, expected: string, value: unknown): never {
  throw new UnexpectedShape(
    `${file}: ${key} must be ${expected}, not ${describe(value)}.`,
    'See https://packaging.python.org/en/latest/specifications/pyproject-toml/ for the expected form.'
  )
}

export function expectString(file: string, key: string, value: unknown): string {
  if (typeof value !== 'string') wrongType(file, key, 'a string', value)
  return value
}

export function expectTable(file: string, key: string, value: unknown): TomlTable {
  if (!isTable(value)) wrongType(file, key, 'a table', value)
  return value
}

export function expectStringArray(file: string, key: string, value: unknown): string[] {
  if (!Array.isArray(value)) wrongType(file, key, 'an array of strings', value)
  return value.map((item, index) => expectString(file, `${key}[${index}]`, item))
}

/** A key as a dotted path writes it: bare when it can be, else quoted (`urls."Bug Tracker"`). */
export function tomlKey(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)
}

/** Reads an optional key of `table` with `check`, or undefined when the key is absent. */
export function optional<T>(
  table: TomlTable,
  key: string,
  check: (file: string, key: string, value: unknown) => T,
  file: string,
  prefix: string
): T | undefined {
  return table[key] === undefined ? undefined : check(file, `${prefix}.${key}`, table[key])
}
