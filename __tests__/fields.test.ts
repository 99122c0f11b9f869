import { describe, expect, it } from '@jest/globals'
import { CORE_METADATA_FIELDS, fieldOfHeader, headerOf } from '../src/metadata/fields.js'
import { runPython } from './support/python.js'

describe('the core metadata field table', () => {
  it('names the headers packaging.metadata reads, and no others', () => {
    const packaging = runPython<string[]>(
      'import json\nfrom packaging import metadata\nprint(json.dumps(sorted(metadata._EMAIL_TO_RAW_MAPPING)))',
      null
    )
    expect(CORE_METADATA_FIELDS.map(spec => spec.header.toLowerCase()).sort()).toEqual(packaging)
  })

  it('finds a field by its header in any case, and the header of every field', () => {
    for (const spec of CORE_METADATA_FIELDS) {
      expect(headerOf(spec.form)).toBe(spec.header)
      for (const written of [spec.header, spec.header.toUpperCase(), spec.header.toLowerCase()]) {
        expect(fieldOfHeader(written)?.form).toBe(spec.form)
      }
    }
    expect(headerOf('requires_dist')).toBe('Requires-Dist')
    expect(fieldOfHeader('X-Tool-Setting')).toBeUndefined()
    expect(fieldOfHeader('requires_dist')).toBeUndefined()
  })
})
