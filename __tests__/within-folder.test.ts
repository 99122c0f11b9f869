import { describe, expect, it } from '@jest/globals'
import { isWithinFolder } from '../src/within-folder.js'

describe('isWithinFolder', () => {
  it.each([
    ['/a/b/c', '/a/b', true],
    ['/a/b/c/d', '/a/b', true],
    ['/a/b/..c', '/a/b', true],
    ['/a/b', '/a/b', true],
    ['/', '/', true],
    ['/etc/passwd', '/', true],
    ['/a/bc', '/a/b', false],
    ['/a', '/a/b', false],
    ['/a/b/../c', '/a/b', false],
    ['/x/b/c', '/a/b', false]
  ])('%s within %s: %s', (file, folder, within) => {
    expect(isWithinFolder(file, folder)).toBe(within)
  })
})
