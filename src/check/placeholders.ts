/**
 * Dynamic, and the UNKNOWN placeholders old distutils wrote for missing values. Pure.
 */
import {
  CORE_METADATA_FIELDS,
  fieldOfHeader,
  headerOf,
  type MetadataField
} from '../metadata/fields.js'
import {
  type Check,
  PLACEHOLDER,
  type Problem,
  eachValue,
  fieldValues,
  isPlaceholder,
  problem,
  showValue
} from './problem.js'

const NEVER_DYNAMIC = new Set(['name', 'version', 'metadata-version'])

export const checkDynamic = eachValue('dynamic', (value, index) => {
  const lower = value.trim().toLowerCase()
  if (NEVER_DYNAMIC.has(lower)) {
    return [
      problem(
        'dynamic',
        'error',
        `Dynamic lists ${showValue(value)}, which may never be dynamic (Name, Version and Metadata-Version are always fixed); remove it from Dynamic.`,
        index
      )
    ]
  }
  if (fieldOfHeader(lower) !== undefined) return []
  return [
    problem(
      'dynamic',
      'error',
      `Dynamic lists ${showValue(value)}, which is not a core metadata field; list field names such as Requires-Dist or Classifier.`,
      index
    )
  ]
})

/** Single-valued fields where old distutils wrote UNKNOWN for a value it did not have. */
const PLACEHOLDER_FIELDS = CORE_METADATA_FIELDS.filter(
  spec => !spec.multiple && !['metadata_version', 'name', 'version'].includes(spec.form)
).map(spec => spec.form)

export const checkPlaceholders: Check = metadata => {
  const single = PLACEHOLDER_FIELDS.filter(field =>
    fieldValues(metadata, field).some(([value]) => isPlaceholder(value))
  ).map(field => placeholderProblem(field))
  const platforms = fieldValues(metadata, 'platform')
    .filter(([value]) => isPlaceholder(value))
    .map(([, index]) => placeholderProblem('platform', index))
  return [...single, ...platforms]
}

function placeholderProblem(field: MetadataField, index?: number): Problem {
  return problem(
    field,
    'warning',
    `${headerOf(field)} is "${PLACEHOLDER}", the placeholder old distutils wrote for a missing value; an index would show it as the value. Leave the field out (a current build backend does).`,
    index
  )
}
