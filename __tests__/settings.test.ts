import { describe, expect, it } from '@jest/globals'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ACTION_VERSION } from '../src/constants.js'
import { InputError } from '../src/errors.js'
import { basicAuthorization, resolveRepository, sectionNameFor } from '../src/config/repository.js'
import { parseSettings } from '../src/config/settings.js'
import { rawInputs } from './support/inputs.js'
import { REPO_ROOT } from './support/runner-job.js'
import { readFileSync } from 'node:fs'

const inputs = rawInputs

describe('resolveRepository', () => {
  it('knows pypi and testpypi', () => {
    expect(resolveRepository('pypi')).toEqual({
      section: 'pypi',
      url: 'https://upload.pypi.org/legacy/',
      warehouse: true
    })
    expect(resolveRepository('testpypi')).toEqual({
      section: 'testpypi',
      url: 'https://test.pypi.org/legacy/',
      warehouse: true
    })
  })

  it('takes a URL, naming its section after host, port and path', () => {
    expect(resolveRepository(' https://devpi.example.com/alice/dev/ ')).toEqual({
      section: 'devpi.example.com-alice-dev',
      url: 'https://devpi.example.com/alice/dev/',
      warehouse: false
    })
    expect(sectionNameFor(new URL('http://[::1]:3141/root/dev/'))).toBe('1-3141-root-dev')
    expect(sectionNameFor(new URL('http://127.0.0.1:8080/'))).toBe('127.0.0.1-8080')
  })

  it('splits credentials off the URL, decoding them', () => {
    const target = resolveRepository('https://alice:p%40ss%3Aword@devpi.example.com/alice/dev/')
    expect(target.url).toBe('https://devpi.example.com/alice/dev/')
    expect(target.urlCredentials).toEqual({ username: 'alice', password: 'p@ss:word' })
  })

  it('recognises Warehouse by its host', () => {
    expect(resolveRepository('https://upload.pypi.org/legacy/').warehouse).toBe(true)
    expect(resolveRepository('https://test.pypi.org/legacy/').warehouse).toBe(true)
    expect(resolveRepository('https://pypi.python.org/pypi').warehouse).toBe(true)
    expect(resolveRepository('https://notpypi.org/').warehouse).toBe(false)
    expect(resolveRepository('https://pypi.org.example.com/').warehouse).toBe(false)
  })

  it('refuses what is not an index URL, without echoing what could hold a credential', () => {
    expect(() => resolveRepository('devpi')).toThrow(
      /'repository' is "devpi", which is neither a URL nor one of pypi, testpypi/
    )
    expect(() => resolveRepository('alice:hunter2@host')).toThrow(InputError)
    expect(() => resolveRepository('alice:hunter2@host')).not.toThrow(/hunter2/)
    expect(() => resolveRepository('ftp://host/')).toThrow(/uses ftp:/)
    expect(() => resolveRepository('https://host/#x')).toThrow(/#fragment/)
  })
})

describe('parseSettings', () => {
  const cwd = '/work/checkout'

  it('applies the defaults', () => {
    const settings = parseSettings(inputs({ repository: 'pypi', password: 'pypi-pw' }), {}, cwd)
    expect(settings.indexes).toHaveLength(1)
    expect(settings.indexes[0]).toMatchObject({ username: '__token__', password: 'pypi-pw' })
    expect(settings).toMatchObject({
      onUnsupported: 'warn',
      projectDir: cwd,
      distDir: path.join(cwd, 'dist'),
      metadataSource: 'auto',
      dryRun: false,
      scratchDir: tmpdir()
    })
    expect(settings.indexes[0]?.target.section).toBe('pypi')
  })

  it('resolves project-dir against the working folder and uses RUNNER_TEMP', () => {
    const settings = parseSettings(
      inputs({ repository: 'pypi', 'project-dir': 'pkg/sub', 'dry-run': 'true' }),
      { RUNNER_TEMP: '/rt' },
      cwd
    )
    expect(settings.projectDir).toBe(path.join(cwd, 'pkg', 'sub'))
    expect(settings.scratchDir).toBe('/rt')
    expect(settings.dryRun).toBe(true)
  })

  it('prefers the inputs to credentials in the URL', () => {
    const fromUrl = parseSettings(inputs({ repository: 'https://bob:frompw@h.invalid/' }), {}, cwd)
      .indexes[0]!
    expect([fromUrl.username, fromUrl.password]).toEqual(['bob', 'frompw'])
    const fromInputs = parseSettings(
      inputs({
        repository: 'https://bob:frompw@h.invalid/',
        username: 'carol',
        password: 'inputpw'
      }),
      {},
      cwd
    ).indexes[0]!
    expect([fromInputs.username, fromInputs.password]).toEqual(['carol', 'inputpw'])
  })

  it('needs no password: without one, the registration goes without credentials', () => {
    expect(
      parseSettings(inputs({ repository: 'https://h.invalid/' }), {}, cwd).indexes[0]?.password
    ).toBeUndefined()
    expect(
      parseSettings(inputs({ repository: 'https://h.invalid/', 'dry-run': 'true' }), {}, cwd)
        .indexes[0]?.password
    ).toBeUndefined()
    expect(
      parseSettings(inputs({ repository: 'pypi' }), {}, cwd).indexes[0]?.password
    ).toBeUndefined()
  })

  it('takes several indexes, one per line or comma-separated, each with its own credentials', () => {
    const pypirc =
      '[distutils]\nindex-servers = a\n[a]\nrepository = https://a.invalid/\npassword = a-pw\n'
    const { indexes } = parseSettings(
      inputs({ repository: 'a\nhttps://u:b-pw@b.invalid/, https://c.invalid/\n\n', pypirc }),
      { TWINE_PASSWORD: 'env-pw' },
      cwd
    )
    expect(indexes.map(index => [index.target.section, index.target.url, index.password])).toEqual([
      ['a', 'https://a.invalid/', 'env-pw'],
      ['b.invalid', 'https://b.invalid/', 'b-pw'],
      ['c.invalid', 'https://c.invalid/', 'env-pw']
    ])
  })

  it('refuses an index listed twice, and keeps section names distinct', () => {
    expect(() =>
      parseSettings(
        inputs({ repository: 'https://a.invalid/x/, https://a.invalid/x/', password: 'p' }),
        {},
        cwd
      )
    ).toThrow("Input 'repository' lists https://a.invalid/x/ more than once.")
    const { indexes } = parseSettings(
      inputs({ repository: 'https://a.invalid/x-y/, https://a.invalid/x/y/', password: 'p' }),
      {},
      cwd
    )
    expect(indexes.map(index => index.target.section)).toEqual(['a.invalid-x-y', 'a.invalid-x-y-2'])
  })

  it('refuses an on-unsupported value it does not know', () => {
    expect(() =>
      parseSettings(inputs({ repository: 'pypi', 'on-unsupported': 'ignore' }), {}, cwd)
    ).toThrow('Input \'on-unsupported\' is "ignore", which is not one of warn, skip, fail.')
  })

  it('refuses a dry-run value that is not a YAML boolean', () => {
    expect(() => parseSettings(inputs({ 'dry-run': 'yes' }), {}, cwd)).toThrow(
      /'dry-run' is "yes", which is not a boolean/
    )
  })
})

describe('basicAuthorization', () => {
  it('encodes user:password as UTF-8 base64', () => {
    expect(basicAuthorization({ username: 'alice', password: 'alicepw' })).toBe(
      'Basic YWxpY2U6YWxpY2Vwdw=='
    )
    expect(basicAuthorization({ username: 'zoë', password: '✓' })).toBe(
      `Basic ${Buffer.from('zoë:✓').toString('base64')}`
    )
  })
})

it('sends the version that package.json declares', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string
  }
  expect(ACTION_VERSION).toBe(manifest.version)
})
