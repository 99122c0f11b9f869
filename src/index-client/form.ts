/** The fields of a legacy `:action=submit` request, built from core metadata. Pure. */
import { CORE_METADATA_FIELDS, type CoreMetadata } from '../metadata/fields.js'

export type FormField = readonly [name: string, value: string]

/**
 * The ordered form fields for registering `metadata`: the protocol fields first, then each metadata
 * field in the order of the core metadata specification, one part per value of a repeated field.
 * Absent and empty fields are left out: servers would store an empty string as if it were a value.
 */
export function registrationFields(metadata: CoreMetadata): FormField[] {
  const fields: FormField[] = [
    [':action', 'submit'],
    ['protocol_version', '1']
  ]
  for (const spec of CORE_METADATA_FIELDS) {
    const value = metadata[spec.form]
    const values = typeof value === 'string' ? [value] : (value ?? [])
    for (const item of values) {
      if (item !== '') fields.push([spec.form, item])
    }
    // devpi (and twine) name the extras `provides_extras`; send both so that every server keeps them.
    if (spec.form === 'provides_extra') {
      for (const item of values) fields.push(['provides_extras', item])
    }
  }
  return fields
}
