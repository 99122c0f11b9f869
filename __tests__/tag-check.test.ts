import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/errors.js'
import { checkReleaseTag, type TagCheckInput } from '../src/check/tag.js'

const base: TagCheckInput = {
  checkTag: 'auto',
  tagPrefix: 'v',
  version: '1.2.0',
  source: 'pyproject.toml'
}

function failure(input: Partial<TagCheckInput>): string {
  try {
    checkReleaseTag({ ...base, ...input })
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).message + ' ' + (error as InputError).advice
  }
  throw new Error('expected the check to fail')
}

describe('checkReleaseTag', () => {
  it.each([
    ['v1.2.0', '1.2.0', 'v'],
    ['1.2.0', '1.2.0', 'v'],
    ['v1.0.0-rc1', '1.0.0rc1', 'v'],
    ['v1.0.0rc1', '1.0.0-RC1', 'v'],
    ['release-2.0.0', '2.0.0', 'release-'],
    ['mypkg-v0.3', '0.3', 'mypkg-v'],
    ['v1.0+local.7', '1.0+local.7', 'v']
  ])('tag %s matches version %s (prefix %s)', (tag, version, tagPrefix) => {
    expect(checkReleaseTag({ ...base, tag, version, tagPrefix })).toMatch(
      /^The tag .* names version/
    )
  })

  it('checks nothing off a tag with auto, or ever with false', () => {
    expect(checkReleaseTag({ ...base, ref: 'refs/heads/main' })).toBeUndefined()
    expect(checkReleaseTag({ ...base, checkTag: 'false', tag: 'v9.9.9' })).toBeUndefined()
  })

  it('fails on a mismatch, with both values and what to do', () => {
    expect(failure({ tag: 'v1.2.1' })).toBe(
      "The tag v1.2.1 names version 1.2.1, but the project's version is 1.2.0 (from pyproject.toml). Nothing was sent. Set the version to 1.2.1 and tag again, or tag this commit v1.2.0; set check-tag: false to register anyway."
    )
    expect(failure({ tag: 'v1.0', version: '1.0.0-rc1' })).toContain(
      "names version 1.0, but the project's version is 1.0.0-rc1 (1.0.0rc1)"
    )
  })

  it('fails when the tag names no version', () => {
    expect(failure({ tag: 'nightly' })).toBe(
      `The tag nightly does not name a version: "nightly" is not a PEP 440 version (after the tag prefix "v"). Tag releases as v1.2.0, set input 'tag-prefix' to what your tags start with, or set check-tag: false.`
    )
  })

  it('with true, fails off a tag and says what the run is for', () => {
    expect(failure({ checkTag: 'true', ref: 'refs/heads/main' })).toMatch(
      /^Input 'check-tag' is true, but this run is not for a tag \(GITHUB_REF is refs\/heads\/main\)\./
    )
  })
})
