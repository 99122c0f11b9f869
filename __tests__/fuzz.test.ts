/**
 * The readers of untrusted text never crash: random and mutated inputs give the same answer as
 * Python's own parser where there is one (configparser, packaging), and otherwise either a result
 * or an ActionError that names the file (and line, where there is one), never a TypeError that
 * would end as "Unexpected error".
 *
 * Every generator runs from a fixed seed, printed with any failure, so a failure reproduces:
 * run again with FUZZ_SEED=<seed> to explore other inputs. Python is asked once per reader, for
 * all of its inputs at once.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ActionError } from '../src/errors.js'
import { readDistMetadata } from '../src/metadata/dist/archive.js'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import { metadataFromPyproject, parsePyprojectToml } from '../src/metadata/pyproject.js'
import { normalizeVersion } from '../src/packaging/version.js'
import { parseRequirement, parseSpecifierSet } from '../src/packaging/requirements.js'
import { validateMetadata } from '../src/check/validate.js'
import { parseWithOutcome, READ_ALL, type Outcome } from './support/configparser-oracle.js'
import {
  mutated,
  requirementText,
  specifierSetText,
  textFrom,
  versionText
} from './support/fuzz-arbitraries.js'
import { runPython } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261129)

/** `count` values of `arbitrary`, the same ones for the same seed. */
function sample<T>(arbitrary: fc.Arbitrary<T>, count: number, salt: number): T[] {
  return fc.sample(arbitrary, { seed: SEED + salt, numRuns: count })
}

/** Runs `read`; an ActionError is a clear refusal, anything else thrown is a crash to report. */
function outcomeOf<T>(read: () => T, label: string, input: unknown): T | ActionError {
  try {
    return read()
  } catch (error) {
    if (error instanceof ActionError) return error
    throw crash(label, input, error)
  }
}

/** Runs a reader that reports problems in its result: anything thrown is a crash. */
function neverThrows<T>(read: () => T, label: string, input: unknown): T {
  try {
    return read()
  } catch (error) {
    throw crash(label, input, error)
  }
}

function crash(label: string, input: unknown, error: unknown): Error {
  return new Error(
    `${label} crashed (seed ${SEED}) on ${JSON.stringify(input)}: ${String(error)}`,
    {
      cause: error
    }
  )
}

describe('the configparser', () => {
  const LINES = [
    '[s]',
    '[DEFAULT]',
    '[ spaced ]',
    '[s',
    '[]',
    'k = v',
    'K=v',
    'k: v',
    'k :',
    'k',
    '=v',
    ':v',
    '  continued',
    '\tcont',
    '# c',
    '; c',
    '  # not a comment',
    'k = v ; x',
    'k = %(x)s',
    '',
    ' ',
    'key with space = 1',
    '[t]',
    'k = a=b:c',
    'x\u00a0= y',
    '\ufeff[s]'
  ]
  const texts = sample(
    fc
      .tuple(
        fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 6 })), {
          maxLength: 12
        }),
        fc.constantFrom('\n', '\r\n')
      )
      .map(([lines, end]) => lines.join(end) + (lines.length > 0 ? end : '')),
    1500,
    1
  )

  it('reads 1500 random files as Python’s RawConfigParser does, or refuses them naming the line', () => {
    const python = runPython<Outcome[]>(
      READ_ALL,
      texts.map(text => ({ text }))
    )
    texts.forEach((text, index) => {
      const { outcome, error } = neverThrows(
        () => parseWithOutcome(text, 'fuzz.cfg'),
        'parseConfig',
        text
      )
      const context = `seed ${SEED}, case ${index}: ${JSON.stringify(text)}`
      expect({ context, outcome }).toEqual({ context, outcome: python[index] })
      if (error !== undefined)
        expect(String((error as Error).message)).toMatch(/fuzz\.cfg, line \d+/)
    })
  })
})

describe('requirements and versions', () => {
  const requirements = sample(mutated(requirementText), 1200, 2)
  const specifiers = sample(mutated(specifierSetText), 600, 3)
  const versions = sample(mutated(versionText), 800, 4)

  it('accept and refuse requirements and specifier sets as packaging does', () => {
    const python = runPython<{ requirements: boolean[]; specifiers: boolean[] }>(
      `import json, sys
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
def accepts(parse, text):
    try:
        parse(text)
        return True
    except Exception:
        return False
data = json.load(sys.stdin)
print(json.dumps({'requirements': [accepts(Requirement, t) for t in data[0]],
                  'specifiers': [accepts(SpecifierSet, t) for t in data[1]]}))`,
      [requirements, specifiers]
    )
    const ours = {
      requirements: requirements.map(
        text => neverThrows(() => parseRequirement(text), 'parseRequirement', text).ok
      ),
      specifiers: specifiers.map(
        text => neverThrows(() => parseSpecifierSet(text), 'parseSpecifierSet', text).ok
      )
    }
    // The generators must reach both sides of the grammar, or agreement would prove little.
    for (const answers of [python.requirements, python.specifiers]) {
      const accepted = answers.filter(Boolean).length / answers.length
      expect(accepted).toBeGreaterThan(0.15)
      expect(accepted).toBeLessThan(0.9)
    }
    const differing = (kind: 'requirements' | 'specifiers', inputs: string[]) =>
      inputs
        .map((text, index) => ({ text, ours: ours[kind][index], packaging: python[kind][index] }))
        .filter(({ ours: mine, packaging }) => mine !== packaging)
    expect({ seed: SEED, differing: differing('requirements', requirements) }).toEqual({
      seed: SEED,
      differing: []
    })
    expect({ seed: SEED, differing: differing('specifiers', specifiers) }).toEqual({
      seed: SEED,
      differing: []
    })
  })

  it('normalise versions as packaging does, or call them invalid', () => {
    const python = runPython<Array<string | null>>(
      `import json, sys
from packaging.version import Version, InvalidVersion
def normal(text):
    try:
        return str(Version(text))
    except InvalidVersion:
        return None
print(json.dumps([normal(t) for t in json.load(sys.stdin)]))`,
      versions
    )
    const valid = python.filter(answer => answer !== null).length / python.length
    expect(valid).toBeGreaterThan(0.25)
    expect(valid).toBeLessThan(0.95)
    const differing = versions
      .map((text, index) => ({
        text,
        ours: neverThrows(() => normalizeVersion(text), 'normalizeVersion', text) ?? null,
        packaging: python[index]
      }))
      .filter(({ ours, packaging }) => ours !== packaging)
    expect({ seed: SEED, differing }).toEqual({ seed: SEED, differing: [] })
  })
})

describe('PKG-INFO and METADATA', () => {
  const GOOD = [
    'Metadata-Version: 2.4',
    'Name: fuzzed',
    'Version: 1.0',
    'Summary: a summary',
    'Requires-Dist: requests>=2; python_version > "3.8"',
    'Project-URL: Home, https://example.com',
    'Keywords: a,b',
    'Description-Content-Type: text/markdown',
    '',
    'The body'
  ].join('\n')
  const mutations = fc.oneof(
    // Random bytes.
    fc.uint8Array({ maxLength: 200 }).map(bytes => Buffer.from(bytes)),
    // The good file with bytes changed, cut, or lines repeated or folded.
    fc
      .tuple(fc.nat(GOOD.length), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([at, bytes]) =>
        Buffer.concat([
          Buffer.from(GOOD.slice(0, at)),
          Buffer.from(bytes),
          Buffer.from(GOOD.slice(at))
        ])
      ),
    fc.nat(GOOD.length).map(at => Buffer.from(GOOD.slice(0, at))),
    fc
      .array(fc.constantFrom(...GOOD.split('\n'), '  folded', '\tfolded', ':', 'X-Odd:', 'Name:'), {
        maxLength: 14
      })
      .map(lines => Buffer.from(lines.join('\n')))
  )
  const inputs = sample(mutations, 1500, 5)

  it('1500 random and mutated files: metadata or a clear error, and the check never crashes', () => {
    for (const bytes of inputs) {
      const parsed = outcomeOf(
        () => parsePkgInfo(bytes, 'fuzz/METADATA'),
        'parsePkgInfo',
        String(bytes)
      )
      if (parsed instanceof ActionError) {
        expect(parsed.message).toContain('fuzz/METADATA')
        continue
      }
      outcomeOf(() => validateMetadata(parsed.metadata), 'validateMetadata', String(bytes))
    }
  })
})

describe('PKG-INFO headers, against packaging.metadata.parse_email', () => {
  const value = fc
    .array(fc.constantFrom('a', 'Z', '1', ' ', ':', ',', ';', '<', '>', '=', '"', 'é', '\t', '-'), {
      maxLength: 12
    })
    .map(chars => chars.join(''))
  const header = (name: string) =>
    fc
      .tuple(
        value,
        fc.option(
          value.map(more => `\n ${more}`),
          { freq: 4 }
        )
      )
      .map(([text, folded]) => `${name}: ${text}${folded ?? ''}`)
  // Name and Version always, which a metadata file must have; the others at random.
  const documents = sample(
    fc
      .tuple(
        header('Name'),
        header('Version'),
        fc.uniqueArray(
          fc
            .constantFrom('Summary', 'Requires-Dist', 'Author', 'Platform', 'X-Other')
            .chain(header),
          { maxLength: 5, selector: line => line.split(':')[0] }
        ),
        value
      )
      .map(
        ([name, version, headers, body]) =>
          `Metadata-Version: 2.1\n${[name, version, ...headers].join('\n')}\n\n${body}`
      ),
    600,
    8
  )

  it('600 header sets: the same values as packaging reads, where packaging reads them all', () => {
    const python = runPython<Array<{ raw: Record<string, unknown>; unparsed: object }>>(
      `import json, sys
from packaging.metadata import parse_email
import re
# packaging keeps a folded header's line break; ours unfolds it (RFC 5322 unfolding removes the
# break and keeps the whitespace), a difference on purpose, so the oracle's values are unfolded.
def unfold(value):
    if isinstance(value, str):
        return re.sub(r'\\r?\\n(?=[ \\t])', '', value)
    if isinstance(value, list):
        return [unfold(item) for item in value]
    return value
def read(text):
    raw, unparsed = parse_email(text.encode('utf-8'))
    return {'raw': {k: (v if k == 'description' else unfold(v)) for k, v in raw.items()}, 'unparsed': unparsed}
print(json.dumps([read(t) for t in json.load(sys.stdin)]))`,
      documents
    )
    const FIELDS = {
      name: 'name',
      version: 'version',
      summary: 'summary',
      requires_dist: 'requires_dist',
      author: 'author',
      platform: 'platforms',
      description: 'description'
    } as const
    let compared = 0
    documents.forEach((text, index) => {
      const ours = outcomeOf(() => parsePkgInfo(text, 'fuzz/PKG-INFO'), 'parsePkgInfo', text)
      const theirs = python[index]
      if (
        ours instanceof ActionError ||
        theirs === undefined ||
        // Headers packaging does not know (X-Other) land in unparsed; ours skips them too.
        Object.keys(theirs.unparsed).some(key => key !== 'x-other')
      )
        return
      compared++
      const mine: Record<string, unknown> = {}
      const packaging: Record<string, unknown> = {}
      for (const [field, key] of Object.entries(FIELDS)) {
        const value = (ours.metadata as unknown as Record<string, unknown>)[field]
        if (value !== undefined) mine[key] = value
        if (theirs.raw[key] !== undefined) packaging[key] = theirs.raw[key]
      }
      expect({ seed: SEED, text, fields: mine }).toEqual({ seed: SEED, text, fields: packaging })
    })
    expect(compared).toBeGreaterThan(300)
  })
})

describe('pyproject.toml', () => {
  const PIECES = [
    '[project]\n',
    'name = "x"\n',
    'version = "1"\n',
    'dynamic = ["version"]\n',
    'readme = "README.md"\n',
    'readme = {text = "t", content-type = "text/plain"}\n',
    'license = "MIT"\n',
    'license = {text = "MIT"}\n',
    'authors = [{name = "a", email = "a@b.c"}]\n',
    'dependencies = ["requests>=2"]\n',
    '[project.optional-dependencies]\n',
    'test = ["pytest"]\n',
    '[project.urls]\n',
    'Home = "https://x"\n',
    'keywords = ["k"]\n',
    'classifiers = 3\n',
    'requires-python = ">=3.8"\n',
    '[project.entry-points.x]\n',
    'name = 1\n',
    'version = []\n',
    '"quoted" = true\n',
    '[[project]]\n',
    'a.b.c = 1\n',
    '= 1\n',
    '"""\n',
    "'''\n",
    '#\n'
  ]
  const files = {
    readBytes: (relative: string) => Buffer.from(`content of ${relative}`),
    glob: () => []
  }
  const texts = sample(textFrom(PIECES, 10), 800, 6)

  it('800 random documents: metadata or an error naming the file, never a crash', () => {
    for (const text of texts) {
      const result = outcomeOf(
        () => metadataFromPyproject(parsePyprojectToml(text, 'fuzz/pyproject.toml'), files),
        'pyproject reading',
        text
      )
      if (result instanceof ActionError) expect(result.message).toMatch(/pyproject\.toml/)
      else outcomeOf(() => validateMetadata(result.metadata), 'validateMetadata', text)
    }
  })
})

describe('distribution archives', () => {
  const WHEEL = path.join(
    REPO_ROOT,
    '__tests__',
    'data',
    'dists',
    'peer_register_sample-0.1.0-py3-none-any.whl'
  )
  const SDIST = path.join(
    REPO_ROOT,
    '__tests__',
    'data',
    'dists',
    'peer-register-sample-0.1.0.tar.gz'
  )

  /** A mutation of an archive's bytes: a cut, changed bytes, or a huge declared size in zip headers. */
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('cut' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true })
    }),
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 })
    }),
    fc.record({ kind: fc.constant('huge' as const), which: fc.nat(20) })
  )

  function mutate(original: Buffer, change: (typeof cases)[number]): Buffer {
    const bytes = Buffer.from(original)
    if (change.kind === 'cut') return bytes.subarray(0, Math.floor(change.at * bytes.length))
    if (change.kind === 'flip') {
      const at = Math.floor(change.at * (bytes.length - change.bytes.length))
      bytes.set(change.bytes, at)
      return bytes
    }
    // Central directory headers (PK\x01\x02): declare a 4 GiB-1 uncompressed size in one of them.
    const headers: number[] = []
    for (let at = bytes.indexOf('PK\x01\x02'); at >= 0; at = bytes.indexOf('PK\x01\x02', at + 4))
      headers.push(at)
    const header = headers[change.which % Math.max(1, headers.length)]
    if (header !== undefined) bytes.writeUInt32LE(0xffffffff, header + 24)
    return bytes
  }
  const cases = sample(mutation, 150, 7)

  it('150 damaged wheels and sdists each: metadata or a MetadataError naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fuzz-dists-'))
    try {
      for (const [original, name] of [
        [await readFile(WHEEL), 'fuzz-1.0-py3-none-any.whl'],
        [await readFile(SDIST), 'fuzz-1.0.tar.gz']
      ] as const) {
        for (const [index, change] of cases.entries()) {
          const file = path.join(dir, name)
          await writeFile(file, mutate(original, change))
          try {
            await readDistMetadata(file)
          } catch (error) {
            if (!(error instanceof ActionError)) {
              throw new Error(
                `readDistMetadata crashed (seed ${SEED}, case ${index}, ${name}, ${JSON.stringify(change)}): ${String(error)}`,
                { cause: error }
              )
            }
            expect(error.message).toContain(name)
          }
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
