/** Which proxy applies to a URL: the environment's variables read as curl and pip read them. */
import { describe, expect, it } from '@jest/globals'
import { exempted, proxyFor } from '../src/http/proxy-choice.js'

const at = (url: string, env: NodeJS.ProcessEnv) => proxyFor(new URL(url), env)

describe('proxyFor', () => {
  it('takes the lower-case variable first, and HTTP_PROXY for https when nothing else is set', () => {
    expect(at('https://pypi.example/', {})).toBeUndefined()
    expect(at('https://pypi.example/', { HTTPS_PROXY: 'http://a:1' })).toBe('http://a:1')
    expect(
      at('https://pypi.example/', { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:1' })
    ).toBe('http://b:1')
    expect(at('https://pypi.example/', { HTTPS_PROXY: 'http://a:1', https_proxy: '' })).toBe(
      'http://a:1'
    )
    expect(at('https://pypi.example/', { HTTP_PROXY: 'http://c:1' })).toBe('http://c:1')
    expect(at('http://pypi.example/', { HTTPS_PROXY: 'http://a:1' })).toBeUndefined()
    expect(at('http://pypi.example/', { http_proxy: 'http://c:1' })).toBe('http://c:1')
  })

  it('goes direct for hosts in NO_PROXY (lower case first)', () => {
    const env = { HTTPS_PROXY: 'http://a:1', NO_PROXY: 'example.org', no_proxy: 'pypi.example' }
    expect(at('https://pypi.example/', env)).toBeUndefined()
    expect(at('https://example.org/', env)).toBe('http://a:1')
  })
})

describe('exempted (NO_PROXY)', () => {
  const url = (text: string) => new URL(text)
  it.each([
    ['https://pypi.example.com/', 'example.com', true],
    ['https://pypi.example.com/', '.example.com', true],
    ['https://pypi.example.com/', '*.example.com', true],
    ['https://example.com/', '.example.com', true],
    ['https://notexample.com/', 'example.com', false],
    ['https://PyPI.Example.com/', 'EXAMPLE.COM', true],
    ['https://pypi.example.com/', 'other.org, example.com', true],
    ['https://pypi.example.com/', 'other.org example.com', true],
    ['https://pypi.example.com/', '*', true],
    ['https://pypi.example.com/', 'other.org,*', false],
    ['https://pypi.example.com/', '', false],
    ['https://pypi.example.com:8443/', 'example.com:8443', true],
    ['https://pypi.example.com/', 'example.com:443', true],
    ['https://pypi.example.com/', 'example.com:8443', false],
    ['http://127.0.0.1:3141/', '127.0.0.1', true],
    ['http://127.0.0.1:3141/', '127.0.0.1:3141', true],
    ['http://[::1]:3141/', '::1', true],
    ['http://[::1]:3141/', '[::1]:3141', true],
    ['http://[::1]:3141/', '[::1]:80', false],
    ['http://10.1.2.3/', '10.0.0.0/8', false]
  ])('%s with NO_PROXY=%j: %s', (target, list, expected) => {
    expect(exempted(url(target), list)).toBe(expected)
  })
})
