import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { renderConfig } from '../src/configparser.js'
import { ConfigValueError } from '../src/errors.js'
import { parsePypirc } from '../src/config/pypirc-read.js'
import { removePypirc, renderPypirc, writePypirc } from '../src/config/pypirc-write.js'
import { runPython } from './support/python.js'

/** Reads .pypirc text with RawConfigParser, as twine does, and returns every section's values. */
const READ_WITH_CONFIGPARSER = `
import configparser, json, sys
parser = configparser.RawConfigParser()
parser.read_string(json.load(sys.stdin))
print(json.dumps({s: dict(parser.items(s)) for s in parser.sections()}))
`

/** What twine's index-servers split and distutils' line split each make of the written list. */
const READ_INDEX_SERVERS = `
import configparser, json, sys
parser = configparser.RawConfigParser()
parser.read_string(json.load(sys.stdin))
value = parser.get('distutils', 'index-servers')
print(json.dumps({'twine': value.split(), 'distutils': [l.strip() for l in value.split('\\n') if l.strip()]}))
`

const TRICKY_PASSWORDS = [
  'plain',
  'pypi-AgEIcHlwaS5vcmcCJGE0ZjM2',
  'semi;colon',
  'with ; spaced semicolon',
  'hash#inside',
  'with # spaced hash',
  'equals=sign==',
  'colon:here',
  'percent%s%(name)s%%',
  '"double quoted"',
  "'single quoted'",
  '[brackets]',
  'inner  spaces\tand tab',
  'non-ASCII: café ✓ Zoë Ω 漢字 🐍',
  '\\backslash\\',
  'x'.repeat(300),
  '=starts-with-equals',
  ':starts-with-colon',
  '#starts-with-hash',
  ';starts-with-semicolon',
  '\u200bzero-width-start',
  ''
]

describe('renderPypirc', () => {
  it('is read back exactly by Python configparser for every tricky password', () => {
    const servers = TRICKY_PASSWORDS.map((password, index) => ({
      section: `index-${index}`,
      repository: `https://example.invalid/${index}/`,
      username: `user ${index}`,
      password
    }))
    const parsed = runPython<Record<string, Record<string, string>>>(
      READ_WITH_CONFIGPARSER,
      renderPypirc(servers)
    )
    for (const server of servers) {
      expect(parsed[server.section]).toEqual({
        repository: server.repository,
        username: server.username,
        password: server.password
      })
    }
  })

  it('lists index-servers one per line, which twine and distutils both split the same way', () => {
    const text = renderPypirc([
      { section: 'pypi', repository: 'https://upload.pypi.org/legacy/' },
      { section: 'devpi.example.com-alice-dev', repository: 'https://devpi.example.com/alice/dev/' }
    ])
    expect(runPython(READ_INDEX_SERVERS, text)).toEqual({
      twine: ['pypi', 'devpi.example.com-alice-dev'],
      distutils: ['pypi', 'devpi.example.com-alice-dev']
    })
  })

  it('writes the expected layout, with no password key when there is none', () => {
    expect(
      renderPypirc([
        { section: 'pypi', repository: 'https://upload.pypi.org/legacy/', username: '__token__' }
      ])
    ).toBe(`[distutils]
index-servers =
    pypi

[pypi]
repository = https://upload.pypi.org/legacy/
username = __token__
`)
  })

  it.each([
    ['a line feed', 'hunter2\nnext'],
    ['a carriage return', 'hunter2\rnext'],
    ['a trailing newline', 'hunter2\n'],
    ['a leading space', ' hunter2'],
    ['a trailing space', 'hunter2 '],
    ['a trailing tab', 'hunter2\t'],
    ['a no-break space at the end', 'hunter2\u00a0'],
    ['an ideographic space at the start', '\u3000hunter2'],
    ['a file separator at the end', 'hunter2\x1c']
  ])('refuses a password with %s, without showing it', (_label, password) => {
    const attempt = (): string =>
      renderPypirc([{ section: 's', repository: 'https://x.invalid/', password }])
    expect(attempt).toThrow(ConfigValueError)
    expect(attempt).toThrow(/"password" in section \[s\]/)
    expect(attempt).not.toThrow(/hunter2/)
  })

  it('agrees with Python on which edge characters are whitespace', () => {
    // Every character our check rejects at the ends must be one Python's str.strip() removes, and
    // every one it accepts must survive strip(); sampled over the ranges where whitespace lives.
    const candidates = [...Array(0x3001).keys()]
      .map(code => String.fromCharCode(code))
      .filter(c => c !== '\n' && c !== '\r')
    const stripped = runPython<boolean[]>(
      'import json,sys\nprint(json.dumps([("x"+c).strip() != "x"+c for c in json.load(sys.stdin)]))',
      candidates
    )
    const refused = candidates.map(c => {
      try {
        renderConfig([{ name: 's', entries: [['k', `x${c}`]] }])
        return false
      } catch {
        return true
      }
    })
    expect(refused).toEqual(stripped)
  })

  it('writes every key the reader takes, and reads back what it wrote', () => {
    const server = {
      section: 'private',
      repository: 'https://devpi.example.com/alice/dev/',
      username: 'alice',
      password: 'p%ss;#w=rd',
      caCert: '/ws/ca.pem',
      clientCert: '/ws/client.pem'
    }
    const read = parsePypirc(renderPypirc([server]), '.pypirc')
    expect(read.repositories.get('private')).toEqual(server)
  })

  it('refuses section names that would break the file or the index-servers list', () => {
    expect(() =>
      renderPypirc([{ section: 'two words', repository: 'https://x.invalid/' }])
    ).toThrow(/cannot be used as a \.pypirc section name/)
    expect(() => renderPypirc([{ section: 'a]b', repository: 'https://x.invalid/' }])).toThrow(
      ConfigValueError
    )
  })
})

describe('writePypirc and removePypirc', () => {
  it('creates a new 0600 file with a random name in the scratch folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pypirc-'))
    const first = await writePypirc('[distutils]\n', dir)
    const second = await writePypirc('[distutils]\n', dir)
    expect(first).not.toBe(second)
    expect(path.dirname(first)).toBe(dir)
    expect((await stat(first)).mode & 0o777).toBe(0o600)
    expect(await readFile(first, 'utf8')).toBe('[distutils]\n')
  })

  it('passes over a name that is taken, by a file or a link, and writes into neither', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pypirc-'))
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'elsewhere-'))
    await writeFile(path.join(dir, 'taken.pypirc'), 'theirs')
    await writeFile(path.join(elsewhere, 'target'), 'theirs too')
    await symlink(path.join(elsewhere, 'target'), path.join(dir, 'link.pypirc'))
    const names = ['taken.pypirc', 'link.pypirc', 'fresh.pypirc']
    const written = await writePypirc('[distutils]\n', dir, () => names.shift()!)
    expect(written).toBe(path.join(dir, 'fresh.pypirc'))
    expect(await readFile(written, 'utf8')).toBe('[distutils]\n')
    expect(await readFile(path.join(dir, 'taken.pypirc'), 'utf8')).toBe('theirs')
    expect(await readFile(path.join(elsewhere, 'target'), 'utf8')).toBe('theirs too')
    await Promise.all([dir, elsewhere].map(folder => rm(folder, { recursive: true })))
  })

  it('gives up, with the error, when every name it tries is taken', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pypirc-'))
    await writeFile(path.join(dir, 'taken.pypirc'), 'theirs')
    await expect(writePypirc('x', dir, () => 'taken.pypirc')).rejects.toMatchObject({
      code: 'EEXIST'
    })
    expect(await readFile(path.join(dir, 'taken.pypirc'), 'utf8')).toBe('theirs')
    await rm(dir, { recursive: true })
  })

  it('removes the file inside the scratch folder and reports a second removal as already gone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pypirc-'))
    const file = await writePypirc('x', dir)
    expect(await removePypirc(file, dir)).toBe('removed')
    expect(await removePypirc(file, dir)).toBe('already-gone')
  })

  it('never deletes a file outside the scratch folder, even through a symbolic link', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'scratch-'))
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'elsewhere-'))
    const precious = path.join(elsewhere, 'precious.txt')
    await writeFile(precious, 'keep me')
    expect(await removePypirc(precious, scratch)).toBe('outside-scratch-directory')
    expect(
      await removePypirc(
        path.join(scratch, '..', path.basename(elsewhere), 'precious.txt'),
        scratch
      )
    ).toBe('outside-scratch-directory')
    await symlink(elsewhere, path.join(scratch, 'link'))
    expect(await removePypirc(path.join(scratch, 'link', 'precious.txt'), scratch)).toBe(
      'outside-scratch-directory'
    )
    expect(await readFile(precious, 'utf8')).toBe('keep me')
  })

  it('never removes the scratch folder itself', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'pypirc-scratch-'))
    expect(await removePypirc(scratch, scratch)).toBe('outside-scratch-directory')
  })
})
