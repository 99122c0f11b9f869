/** Where the index and credentials come from, and how a .pypirc is read (the parity of its syntax
 * with Python's configparser is tested in configparser.test.ts). */
import { describe, expect, it } from '@jest/globals'
import { ConfigSyntaxError } from '../src/configparser.js'
import { findRepository, parsePypirc, pypircSecrets } from '../src/config/pypirc-read.js'
import { parseSettings, type RawInputs } from '../src/config/settings.js'
import { rawInputs } from './support/inputs.js'

const inputs = rawInputs

const PYPIRC = `[distutils]
index-servers =
    devpi
    nexus

[server-login]
username = fallback-user

[devpi]
repository = https://devpi.example.invalid/alice/dev/
username = alice
password = devpi-secret

[nexus]
repository: https://nexus.example.invalid/repository/pypi-internal/
password: nexus-secret
ca_cert = /etc/ssl/nexus.pem
`

/** The first (here the only) index the inputs resolve to. */
const settings = (values: Partial<RawInputs>, env: NodeJS.ProcessEnv = {}) =>
  parseSettings(inputs(values), env, '/ws').indexes[0]!

describe('precedence: inputs, then TWINE_* variables, then the .pypirc section', () => {
  it('takes each value from the highest source that has it, and says where it came from', () => {
    const env = { TWINE_USERNAME: 'env-user', TWINE_PASSWORD: 'env-pass' }
    const fromSection = settings({ repository: 'devpi', pypirc: PYPIRC })
    expect([fromSection.target.url, fromSection.username, fromSection.password]).toEqual([
      'https://devpi.example.invalid/alice/dev/',
      'alice',
      'devpi-secret'
    ])
    expect(fromSection.origins).toEqual({
      repository: "input 'repository', [devpi] in input 'pypirc'",
      username: "[devpi] in input 'pypirc'",
      password: "[devpi] in input 'pypirc'"
    })
    const fromEnv = settings({ repository: 'devpi', pypirc: PYPIRC }, env)
    expect([fromEnv.username, fromEnv.password, fromEnv.origins.password]).toEqual([
      'env-user',
      'env-pass',
      'TWINE_PASSWORD'
    ])
    const fromInputs = settings(
      { repository: 'devpi', pypirc: PYPIRC, username: 'in-user', password: 'in-pass' },
      env
    )
    expect([fromInputs.username, fromInputs.password]).toEqual(['in-user', 'in-pass'])
  })

  it('puts credentials written in the repository URL with the source that gave the URL', () => {
    const fromInputUrl = settings(
      { repository: 'https://url-user:url%40pass@h.invalid/' },
      { TWINE_PASSWORD: 'env-pass' }
    )
    expect([fromInputUrl.username, fromInputUrl.password]).toEqual(['url-user', 'url@pass'])
    expect(fromInputUrl.target.url).toBe('https://h.invalid/')
    const fromEnvUrl = settings({}, { TWINE_REPOSITORY_URL: 'https://u:p@env.invalid/simple/' })
    expect([fromEnvUrl.target.url, fromEnvUrl.username, fromEnvUrl.password]).toEqual([
      'https://env.invalid/simple/',
      'u',
      'p'
    ])
  })

  it('chooses the repository from the input, TWINE_REPOSITORY_URL, then TWINE_REPOSITORY', () => {
    const env = {
      TWINE_REPOSITORY_URL: 'https://a.invalid/',
      TWINE_REPOSITORY: 'testpypi',
      TWINE_PASSWORD: 'x'
    }
    expect(settings({ repository: 'https://b.invalid/' }, env).target.url).toBe(
      'https://b.invalid/'
    )
    expect(settings({}, env).target.url).toBe('https://a.invalid/')
    expect(settings({}, { TWINE_REPOSITORY: 'testpypi' }).target.url).toBe(
      'https://test.pypi.org/legacy/'
    )
  })
})

describe('safe defaults', () => {
  it('refuses to guess an index when none is named: a missing secret arrives empty', () => {
    for (const values of [{}, { repository: ' , \n' }, { password: 'devpi-pw' }]) {
      expect(() => settings(values)).toThrow(
        /^No index to register on: input 'repository' is empty, and so are TWINE_REPOSITORY_URL and TWINE_REPOSITORY\.$/
      )
    }
    expect(() => settings({}, { TWINE_PASSWORD: 'devpi-pw' })).toThrow(
      expect.objectContaining({
        advice: expect.stringMatching(
          /check that the secret exists and is available to this workflow .* for pypi\.org, which takes no registrations, write `repository: pypi`/
        )
      })
    )
    expect(() => settings({ pypirc: PYPIRC })).toThrow(
      "The .pypirc in input 'pypirc' has the sections pypi, devpi, nexus; name one."
    )
  })

  it('keeps a password that is no PyPI token out of a pypi.org section, and says so', () => {
    for (const [values, env] of [
      [{ repository: 'pypi', password: 'devpi-pw' }, {}],
      [{}, { TWINE_REPOSITORY: 'testpypi', TWINE_PASSWORD: 'devpi-pw' }],
      [{ repository: 'https://upload.pypi.org/legacy/' }, { TWINE_PASSWORD: 'devpi-pw' }]
    ] as const) {
      const index = settings(values, env)
      expect(index.password).toBeUndefined()
      expect(index.origins.password).toBeUndefined()
      expect(index.warnings).toEqual([
        expect.stringMatching(
          /is not a PyPI API token \(those start with "pypi-"\), so it is left out of the \.pypirc section \[(pypi|testpypi|upload\.pypi\.org-legacy)\] for https:\/\/(upload|test)\.pypi\.org\/legacy\/: a `twine upload` there would send it to pypi\.org\./
        )
      ])
      expect(index.warnings.join('')).not.toContain('devpi-pw')
    }
    const token = settings({ repository: 'pypi', password: 'pypi-AgEIcHlwaS5vcmc' })
    expect([token.password, token.warnings]).toEqual(['pypi-AgEIcHlwaS5vcmc', []])
    expect(settings({ repository: 'https://h.invalid/', password: 'devpi-pw' }).password).toBe(
      'devpi-pw'
    )
  })

  it('uses __token__ when nothing names a user, and [server-login] as the section default', () => {
    expect(settings({ repository: 'https://h.invalid/', password: 'p' }).username).toBe('__token__')
    expect(settings({ repository: 'nexus', pypirc: PYPIRC })).toMatchObject({
      username: 'fallback-user',
      password: 'nexus-secret',
      tls: {
        caCert: {
          path: '/etc/ssl/nexus.pem',
          origin: expect.stringContaining('ca_cert of [nexus]')
        }
      }
    })
  })

  it('finds the section of a repository URL, with a notice when only the trailing slash differs', () => {
    const exact = settings({
      repository: 'https://devpi.example.invalid/alice/dev/',
      pypirc: PYPIRC
    })
    expect([exact.target.section, exact.password, exact.notices]).toEqual([
      'devpi',
      'devpi-secret',
      []
    ])
    const noSlash = settings({
      repository: 'https://devpi.example.invalid/alice/dev',
      pypirc: PYPIRC
    })
    expect(noSlash.password).toBe('devpi-secret')
    expect(noSlash.notices).toEqual([
      expect.stringMatching(/matches \[devpi\] .* only when a trailing slash is set aside/)
    ])
  })
})

describe('reading .pypirc as twine does', () => {
  it('lists the sections that exist when the one asked for does not', () => {
    expect(() => settings({ repository: 'devpii', pypirc: PYPIRC })).toThrow(
      `Input 'repository' is "devpii", which is neither a URL nor a section of input 'pypirc'; its sections are pypi, devpi, nexus.`
    )
  })

  it('splits index-servers on any whitespace, and defaults to pypi and testpypi without it', () => {
    const oneLine = parsePypirc(
      '[distutils]\nindex-servers = a b\n[a]\nrepository = https://a.invalid/\n[b]\nrepository = https://b.invalid/\n',
      'f'
    )
    expect([...oneLine.repositories.keys()]).toEqual(['pypi', 'a', 'b'])
    const none = parsePypirc('[pypi]\nusername = u\npassword = p\n', 'f')
    expect(none.repositories.get('pypi')).toEqual({
      section: 'pypi',
      repository: 'https://upload.pypi.org/legacy/',
      username: 'u',
      password: 'p'
    })
    expect(none.repositories.get('testpypi')?.repository).toBe('https://test.pypi.org/legacy/')
  })

  it('ignores sections index-servers does not list, as twine does', () => {
    const config = parsePypirc(
      '[distutils]\nindex-servers = pypi\n[other]\nrepository = https://o.invalid/\n',
      'f'
    )
    expect(findRepository(config, 'other')).toBeUndefined()
    expect(config.repositories.has('testpypi')).toBe(false)
  })

  it('refuses a listed section that is missing or has no repository', () => {
    expect(() => parsePypirc('[distutils]\nindex-servers = ghost\n', 'f')).toThrow(
      'f: index-servers lists "ghost", but there is no [ghost] section.'
    )
    expect(() =>
      parsePypirc('[distutils]\nindex-servers = half\n[half]\nusername = u\n', 'f')
    ).toThrow('f: section [half] has no repository URL.')
  })

  it('reports a malformed file by line, never with its content', () => {
    const text =
      '[distutils]\nindex-servers = x\n[x]\nrepository = https://x.invalid/\nS3cr3t-token-value\n'
    const attempt = (): unknown => settings({ repository: 'x', pypirc: text })
    expect(attempt).toThrow(ConfigSyntaxError)
    expect(attempt).toThrow(/input 'pypirc', line 5/)
    expect(attempt).not.toThrow(/S3cr3t/)
  })

  it('finds every password to mask before parsing, even in a file that will not parse', () => {
    expect(
      pypircSecrets('[a]\npassword = one\n  PASSWORD: two \n[b]\npassword=\nbroken line\n')
    ).toEqual(['one', 'two'])
  })

  it('refuses the pypirc and config-file inputs together', () => {
    expect(() =>
      parseSettings(inputs({ pypirc: PYPIRC, 'config-file': '.pypirc' }), {}, '/ws', PYPIRC)
    ).toThrow("Inputs 'pypirc' and 'config-file' are both set.")
  })
})

describe('plain http', () => {
  it('refuses a password over http to another host unless allowed, and allows loopback', () => {
    expect(() => settings({ repository: 'http://devpi.example.invalid/', password: 'p' })).toThrow(
      'http://devpi.example.invalid/ is plain http, so the password would cross the network unencrypted.'
    )
    expect(
      settings({
        repository: 'http://devpi.example.invalid/',
        password: 'p',
        'allow-insecure-http': 'true'
      }).password
    ).toBe('p')
    for (const host of ['127.0.0.1:3141', 'localhost', '[::1]:8080', 'devpi.localhost']) {
      expect(settings({ repository: `http://${host}/`, password: 'p' }).password).toBe('p')
    }
    const dryRun = inputs({
      repository: 'http://devpi.example.invalid/',
      password: 'p',
      'dry-run': 'true'
    })
    expect(parseSettings(dryRun, {}, '/ws').dryRun).toBe(true)
  })
})

describe('a section index-servers does not list', () => {
  it('is named as unlisted, not as absent', () => {
    const text = `${PYPIRC}\n[forgotten]\nrepository = https://devpi.example.invalid/alice/other/\n`
    expect(() => settings({ repository: 'forgotten', pypirc: text })).toThrow(
      expect.objectContaining({
        message:
          "Input 'repository' names [forgotten], which input 'pypirc' has but does not list in [distutils] index-servers, so twine would not use it either.",
        advice:
          'Add forgotten to index-servers (one name per line), or name a listed section: pypi, devpi, nexus.'
      })
    )
  })
})
