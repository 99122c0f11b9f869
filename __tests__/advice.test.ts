/**
 * Advice that fits the case: the index it is about, the user name that was really missing, the
 * password that was never given, and no word of a 403 that did not happen.
 */
import { describe, expect, it } from '@jest/globals'
import {
  devpiIndexName,
  devpiUploadRightAdvice,
  flavourAdvice,
  type AdviceContext
} from '../src/index-client/advice.js'
import type { ServerFlavour } from '../src/index-client/flavour.js'

const BOB: AdviceContext = {
  user: 'bob',
  url: 'https://devpi.example/alice/dev/',
  authenticated: true,
  userDefaulted: false
}

describe('devpiIndexName', () => {
  it('is the last two segments of the path, below any prefix devpi is served at', () => {
    expect(devpiIndexName('https://devpi.example/alice/dev/')).toBe('alice/dev')
    expect(devpiIndexName('https://devpi.example/alice/dev')).toBe('alice/dev')
    expect(devpiIndexName('https://example.org/devpi/alice/dev/')).toBe('alice/dev')
    expect(devpiIndexName('https://devpi.example/')).toBe('USER/INDEX')
  })
})

describe('devpi’s upload right', () => {
  it('a 403 names this index in the command to run', () => {
    expect(flavourAdvice('devpi', 403, BOB)).toBe(
      "On devpi a 403 means that bob is not in this index's acl_upload: ask the index's owner to run `devpi index alice/dev acl_upload+=bob`, or register on an index of your own."
    )
    expect(flavourAdvice('devpi', 409, BOB)).toContain('`devpi index alice/dev volatile=True`')
  })

  it('found before sending, it speaks of no 403', () => {
    const advice = devpiUploadRightAdvice(BOB)
    expect(advice).toBe(
      "Ask the index's owner to run `devpi index alice/dev acl_upload+=bob`, or register on an index of your own."
    )
  })

  it('never suggests __token__ for an acl: a user name that was never given is what is missing', () => {
    const defaulted = { ...BOB, user: '__token__', userDefaulted: true }
    for (const advice of [
      flavourAdvice('devpi', 403, defaulted),
      flavourAdvice('devpi', 401, defaulted),
      devpiUploadRightAdvice(defaulted)
    ]) {
      expect(advice).toMatch(/^No user name was given, so the request went as __token__/)
      expect(advice).not.toContain('acl_upload+=')
    }
  })
})

describe('a request without credentials', () => {
  it.each<ServerFlavour>(['devpi', 'pypiserver', 'nexus', 'unknown'])(
    '%s: a 401 or 403 is about the password that was not given',
    flavour => {
      const anonymous = { ...BOB, authenticated: false }
      for (const status of [401, 403]) {
        expect(flavourAdvice(flavour, status, anonymous)).toMatch(
          /^No password was given \(input 'password', TWINE_PASSWORD and the \.pypirc section are all empty\), so the request went without credentials\./
        )
      }
      expect(devpiUploadRightAdvice(anonymous)).toMatch(/^No password was given/)
    }
  )
})
