import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { isValidName, normalizeName } from '../src/packaging/names.js'
import { runPython } from './support/python.js'

const SAMPLES = [
  'requests',
  'Quill_Lint',
  'quill.lint',
  'quill--lint',
  'A.B-C_D',
  'a-_-.b',
  'x',
  '1a',
  'a_',
  '_a',
  '-a',
  'a-',
  '.a',
  'a b',
  'aé',
  'é',
  '',
  'ABC__DEF..GHI',
  'İstanbul',
  'K-elvin'
]

/** packaging's answer for each name: its normal form, and whether it is valid. */
function packagingSays(names: readonly string[]): Array<[string, boolean]> {
  return runPython<Array<[string, boolean]>>(
    'import json, sys\n' +
      'from packaging.utils import InvalidName, canonicalize_name\n' +
      'def valid(name):\n' +
      '    try:\n' +
      '        canonicalize_name(name, validate=True)\n' +
      '        return True\n' +
      '    except InvalidName:\n' +
      '        return False\n' +
      'print(json.dumps([[canonicalize_name(n), valid(n)] for n in json.load(sys.stdin)]))',
    names
  )
}

describe('project and extra names', () => {
  it("are valid and normalised as packaging's canonicalize_name says", () => {
    expect(SAMPLES.map(name => [normalizeName(name), isValidName(name)])).toEqual(
      packagingSays(SAMPLES)
    )
  })

  it('agree with packaging on generated names', () => {
    const names = fc.sample(fc.stringMatching(/^[A-Za-z0-9._ -]{0,12}$/), {
      numRuns: 300,
      seed: 24
    })
    expect(names.map(name => [normalizeName(name), isValidName(name)])).toEqual(
      packagingSays(names)
    )
  })
})
