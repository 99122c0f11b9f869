import { describe, expect, it } from '@jest/globals'
import { checkLicenseFiles } from '../src/check/license.js'
import { metadataFromPyproject, parsePyprojectToml } from '../src/metadata/pyproject.js'
import { licensePathProblem } from '../src/packaging/license-paths.js'
import { memoryFiles } from './support/memory-files.js'

const CASES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['LICENSE', undefined],
  ['licenses/MIT.txt', undefined],
  ['a..b/LICENSE', undefined],
  ['../LICENSE', 'it climbs out of the project with ".."'],
  ['docs/../../LICENSE', 'it climbs out of the project with ".."'],
  ['docs\\..\\LICENSE', 'it climbs out of the project with ".."'],
  ['/etc/passwd', 'it is an absolute path'],
  ['C:/LICENSE', 'it is an absolute path'],
  ['\\\\server\\share', 'it is an absolute path'],
  ['licenses\\MIT.txt', 'it uses "\\" instead of "/"']
]

describe('license file paths (PEP 639)', () => {
  it.each(CASES)('%j: %s', (path, problem) => {
    expect(licensePathProblem(path)).toBe(problem)
  })

  it('are judged alike as License-File values and as license-files patterns', () => {
    for (const [path, problem] of CASES) {
      const checked = checkLicenseFiles({
        metadata_version: '2.4',
        name: 'demo',
        version: '1.0',
        license_file: [path]
      })
      expect(checked.length > 0).toBe(problem !== undefined)
      const toml = `[project]\nname = "demo"\nversion = "1.0"\nlicense = "MIT"\nlicense-files = [${JSON.stringify(path)}]\n`
      const read = () => metadataFromPyproject(parsePyprojectToml(toml), memoryFiles({}))
      if (problem === undefined) expect(read).toThrow(/matches no file/)
      else expect(read).toThrow(`and no "..": ${problem}.`)
    }
  })
})
