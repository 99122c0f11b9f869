/**
 * What a metadata check reports, and the small helpers every check shares: how a value is shown in a
 * message, which values of a field are checked, and how a problem is made. Pure.
 */
import type { CoreMetadata, MetadataField } from '../metadata/fields.js'

export type Severity = 'error' | 'warning'

export interface Problem {
  readonly field: MetadataField
  readonly severity: Severity
  /** What is wrong, with the offending value (shortened), and what to do. */
  readonly message: string
  /** For a repeated field, the 0-based index of the offending value. */
  readonly value?: number
  /** A rule of pypi.org's own publishing policy, not of the specifications. */
  readonly pypiOnly?: true
}

export type Check = (metadata: CoreMetadata) => Problem[]

const SHOWN_LENGTH = 100

/** A value for a message: quoted, control characters visible, at most about 100 characters. */
export function showValue(value: string): string {
  const characters = [...value]
  const shown = characters.length > SHOWN_LENGTH ? characters.slice(0, SHOWN_LENGTH - 1) : null
  return shown === null ? JSON.stringify(value) : `${JSON.stringify(shown.join('')).slice(0, -1)}…"`
}

export function problem(
  field: MetadataField,
  severity: Severity,
  message: string,
  value?: number
): Problem {
  return value === undefined ? { field, severity, message } : { field, severity, message, value }
}

/** Marks a problem as pypi.org's own rule (when `applies`), which other indexes do not have. */
export function pypiRule(found: Problem, applies: boolean | undefined = true): Problem {
  return applies ? { ...found, pypiOnly: true } : found
}

/** The number of characters as Python's `len()` counts them: code points, not UTF-16 units. */
export function codePointCount(text: string): number {
  return [...text].length
}

/**
 * The values of a field, each with its index in a repeated field; empty values are left out.
 */
export function fieldValues(
  metadata: CoreMetadata,
  field: MetadataField
): Array<[string, number?]> {
  const value = (metadata as Record<string, string | readonly string[] | undefined>)[field]
  if (value === undefined) return []
  if (typeof value === 'string') return value === '' ? [] : [[value]]
  return value.flatMap((item, index) => (item === '' ? [] : [[item, index] as [string, number]]))
}

/** The placeholder old distutils wrote for a missing value. */
export const PLACEHOLDER = 'UNKNOWN'

export function isPlaceholder(value: string): boolean {
  return value.trim() === PLACEHOLDER
}

/** Runs `check` on every non-empty, non-placeholder value of the field. */
export function eachValue(
  field: MetadataField,
  check: (value: string, index: number | undefined) => Problem[]
): Check {
  return metadata =>
    fieldValues(metadata, field).flatMap(([value, index]) =>
      isPlaceholder(value) ? [] : check(value, index)
    )
}
