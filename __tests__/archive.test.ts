import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFile, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { crc32, deflateRawSync, gzipSync } from 'node:zlib'
import { MetadataError } from '../src/errors.js'
import { DIST_LIMITS, readDistMetadata } from '../src/metadata/dist/archive.js'
import { distKindOf } from '../src/metadata/dist/dist-kind.js'
import { REPO_ROOT } from './support/runner-job.js'

const MiB = 1024 * 1024
const DISTS = path.join(REPO_ROOT, '__tests__', 'data', 'dists')
const SAMPLE_WHEEL = path.join(DISTS, 'peer_register_sample-0.1.0-py3-none-any.whl')
const SAMPLE_SDIST = path.join(DISTS, 'peer-register-sample-0.1.0.tar.gz')

/** What setuptools wrote into the sample wheel (checked with `unzip -p`). */
const SAMPLE_METADATA = `Metadata-Version: 2.1
Name: peer-register-sample
Version: 0.1.0
Summary: Sample project for testing the legacy register call
Author-email: Zoë Example <zoe@example.invalid>
Maintainer-email: Max Maintainer <max@example.invalid>
License: MIT
Project-URL: Homepage, https://example.invalid/peer-register-sample
Project-URL: Source, https://example.invalid/src/peer-register-sample
Keywords: register,legacy,test
Classifier: Development Status :: 3 - Alpha
Classifier: License :: OSI Approved :: MIT License
Classifier: Programming Language :: Python :: 3
Requires-Python: >=3.8
Description-Content-Type: text/markdown
Requires-Dist: requests (>=2)
Provides-Extra: test
Requires-Dist: pytest ; extra == 'test'

# peer-register-sample

Line two of the long description, with non-ASCII: café ✓ Zoë.

- a list item
`

/** What setuptools wrote into the sample sdist (checked with `tar -xzOf`). */
const SAMPLE_PKG_INFO = `Metadata-Version: 2.1
Name: peer-register-sample
Version: 0.1.0
Summary: Sample project for testing the legacy register call
Author-email: Zoë Example <zoe@example.invalid>
Maintainer-email: Max Maintainer <max@example.invalid>
License: MIT
Project-URL: Homepage, https://example.invalid/peer-register-sample
Project-URL: Source, https://example.invalid/src/peer-register-sample
Keywords: register,legacy,test
Classifier: Development Status :: 3 - Alpha
Classifier: License :: OSI Approved :: MIT License
Classifier: Programming Language :: Python :: 3
Requires-Python: >=3.8
Description-Content-Type: text/markdown
Provides-Extra: test

# peer-register-sample

Line two of the long description, with non-ASCII: café ✓ Zoë.

- a list item
`

/** A tiny metadata file whose Summary tells which member was read. */
const meta = (summary: string) =>
  `Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: ${summary}\n`

/**
 * Archives built by Python's own zipfile and tarfile, the modules build backends use, so the
 * reader is tested against the layouts real tools write. One interpreter run builds them all.
 */
const BUILD_WITH_PYTHON = `
import io, os, sys, tarfile, zipfile
out = sys.argv[1]
def meta(summary):
    return f"Metadata-Version: 2.1\\nName: demo\\nVersion: 1.0\\nSummary: {summary}\\n"
def wheel(name, members, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(out, name), 'w', method) as z:
        for member, text in members:
            z.writestr(member, text)
def sdist(name, members):
    with tarfile.open(os.path.join(out, name), 'w:gz', compresslevel=1) as t:
        for member, text in members:
            data = text.encode() if isinstance(text, str) else text
            info = tarfile.TarInfo(member)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))

# A legacy zip sdist: the egg-info copy comes first and must be passed over.
with zipfile.ZipFile(os.path.join(out, 'demo-1.0.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('demo-1.0/', '')
    z.writestr('demo-1.0/setup.py', 'from setuptools import setup\\nsetup()\\n')
    z.writestr('demo-1.0/demo.egg-info/PKG-INFO', meta('egg-info'))
    z.writestr('demo-1.0/PKG-INFO', meta('zip sdist'))
wheel('nopkginfo-1.0.zip', [('nopkginfo-1.0/demo.egg-info/PKG-INFO', meta('deep')), ('PKG-INFO', meta('root'))])

wheel('demo-1.0-py3-none-any.whl', [
    ('demo/__init__.py', ''),
    ('vendored_thing-2.0.dist-info/METADATA', meta('vendored')),
    ('demo-1.0.dist-info/METADATA', meta('own')),
    ('demo-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\n'),
])
wheel('Demo.Pkg-1.0-1-py3-none-any.whl', [
    ('other-3.0.dist-info/METADATA', meta('other')),
    ('demo_pkg-1.0.dist-info/METADATA', meta('normalised name')),
])
wheel('ambiguous-1.0-py3-none-any.whl', [
    ('first-1.0.dist-info/METADATA', meta('first')),
    ('second-1.0.dist-info/METADATA', meta('second')),
])
wheel('renamed-9.9-py3-none-any.whl', [('demo-1.0.dist-info/METADATA', meta('only one'))])
wheel('nometa-1.0-py3-none-any.whl', [
    ('demo/__init__.py', ''),
    ('demo/vendor/x-1.0.dist-info/METADATA', meta('nested')),
    ('demo-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\n'),
])
wheel('bzip-1.0-py3-none-any.whl', [('bzip-1.0.dist-info/METADATA', meta('bzip2'))], zipfile.ZIP_BZIP2)
# Random hex: incompressible enough to pass the ratio check, too big for the size limit.
wheel('huge-1.0-py3-none-any.whl', [('huge-1.0.dist-info/METADATA', meta('huge') + '\\n' + os.urandom(9 * 1024 * 512).hex())])

sdist('deep-1.0.tar.gz', [
    ('deep-1.0/setup.py', ''),
    ('deep-1.0/src/deep.egg-info/PKG-INFO', meta('egg-info')),
])
sdist('dotted-1.0.tar.gz', [
    ('./dotted-1.0/src/dotted.egg-info/PKG-INFO', meta('egg-info')),
    ('./dotted-1.0/PKG-INFO', meta('dot slash')),
])
sdist('bigpkg-1.0.tar.gz', [('bigpkg-1.0/PKG-INFO', os.urandom(9 * 1024 * 512).hex())])
`

// ---------------------------------------------------------------------------------------------
// A hand-made zip writer, for archives no honest tool writes: lying sizes, bad CRCs, encryption
// flags, and a huge stored member left as a sparse hole so the file costs no disk or time.

interface RawMember {
  name: string
  /** Zip compression method: 0 stored, 8 deflate. */
  method: number
  /** General purpose flags; bit 0 marks the member as encrypted. */
  flags?: number
  /** The bytes as they sit in the archive (already deflated for method 8). */
  payload?: Buffer
  /** Instead of a payload: this many stored zero bytes, never written (a sparse hole). */
  hole?: number
  crc: number
  /** The uncompressed size both headers declare, true or not. */
  size: number
}

async function writeZip(file: string, members: RawMember[]): Promise<void> {
  const handle = await open(file, 'w')
  try {
    let position = 0
    const directory: Buffer[] = []
    for (const member of members) {
      const name = Buffer.from(member.name, 'utf8')
      const compressed = member.hole ?? member.payload?.length ?? 0
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4)
      local.writeUInt16LE(member.flags ?? 0, 6)
      local.writeUInt16LE(member.method, 8)
      local.writeUInt16LE(0x21, 12) // 1980-01-01
      local.writeUInt32LE(member.crc >>> 0, 14)
      local.writeUInt32LE(compressed, 18)
      local.writeUInt32LE(member.size, 22)
      local.writeUInt16LE(name.length, 26)
      const central = Buffer.alloc(46)
      central.writeUInt32LE(0x02014b50, 0)
      central.writeUInt16LE(20, 4)
      central.writeUInt16LE(20, 6)
      central.writeUInt16LE(member.flags ?? 0, 8)
      central.writeUInt16LE(member.method, 10)
      central.writeUInt16LE(0x21, 14)
      central.writeUInt32LE(member.crc >>> 0, 16)
      central.writeUInt32LE(compressed, 20)
      central.writeUInt32LE(member.size, 24)
      central.writeUInt16LE(name.length, 28)
      central.writeUInt32LE(position, 42)
      directory.push(central, name)
      const header = Buffer.concat([local, name])
      await handle.write(header, 0, header.length, position)
      position += header.length
      if (member.payload) await handle.write(member.payload, 0, member.payload.length, position)
      position += compressed
    }
    const centralBytes = Buffer.concat(directory)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(members.length, 8)
    end.writeUInt16LE(members.length, 10)
    end.writeUInt32LE(centralBytes.length, 12)
    end.writeUInt32LE(position, 16)
    const tail = Buffer.concat([centralBytes, end])
    await handle.write(tail, 0, tail.length, position)
  } finally {
    await handle.close()
  }
}

const stored = (name: string, data: Buffer): RawMember => ({
  name,
  method: 0,
  payload: data,
  crc: crc32(data),
  size: data.length
})

const deflated = (name: string, data: Buffer): RawMember => ({
  name,
  method: 8,
  payload: deflateRawSync(data),
  crc: crc32(data),
  size: data.length
})

/** CRC-32 of `length` zero bytes, a chunk at a time so the test never holds them all. */
function zeroCrc(length: number): number {
  const chunk = Buffer.alloc(16 * MiB)
  let crc = 0
  for (let done = 0; done < length; done += chunk.length) {
    crc = crc32(chunk.subarray(0, Math.min(chunk.length, length - done)), crc)
  }
  return crc
}

/** A ustar archive of empty files, written straight into one buffer (tarfile is too slow). */
function emptyFilesTar(names: string[]): Buffer {
  const tar = Buffer.alloc((names.length + 2) * 512)
  names.forEach((name, index) => {
    const offset = index * 512
    tar.write(name, offset, 100, 'utf8')
    tar.write('0000644\0', offset + 100)
    tar.write('0000000\0', offset + 108)
    tar.write('0000000\0', offset + 116)
    tar.write('00000000000\0', offset + 124) // size 0
    tar.write('00000000000\0', offset + 136)
    tar.write('        ', offset + 148) // checksum counts itself as spaces
    tar.write('0', offset + 156)
    tar.write('ustar\0', offset + 257)
    tar.write('00', offset + 263)
    let sum = 0
    for (let i = offset; i < offset + 512; i++) sum += tar[i] ?? 0
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148)
  })
  return tar
}

async function failure(promise: Promise<unknown>): Promise<MetadataError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof MetadataError) return error
    throw error
  }
  throw new Error('expected a MetadataError')
}

let work: string
const at = (name: string) => path.join(work, name)

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'archive-test-'))
  execFileSync('python3', ['-c', BUILD_WITH_PYTHON, work])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('distKindOf', () => {
  it.each([
    ['demo-1.0-py3-none-any.whl', 'wheel'],
    ['DEMO-1.0-PY3-NONE-ANY.WHL', 'wheel'],
    ['demo-1.0.tar.gz', 'sdist-tar'],
    ['demo-1.0.TAR.GZ', 'sdist-tar'],
    ['demo-1.0.zip', 'sdist-zip'],
    ['demo-1.0.Zip', 'sdist-zip']
  ])('%s is a %s', (name, kind) => {
    expect(distKindOf(name)).toBe(kind)
  })

  it.each([
    'demo-1.0-py3-none-any.whl.sig',
    'demo-1.0.tar.gz.asc',
    'SHA256SUMS',
    'demo-1.0.tar.gz.intoto.jsonl',
    'demo-1.0-py3-none-any.whl.pem',
    'demo-1.0-py3.8.egg',
    'demo-1.0.tar.bz2',
    'demo-1.0.tar',
    'demo-1.0.tgz',
    'whl',
    ''
  ])('%j is not a distribution we read', name => {
    expect(distKindOf(name)).toBeUndefined()
  })
})

describe('readDistMetadata on real setuptools output', () => {
  it('reads METADATA from the wheel', async () => {
    const result = await readDistMetadata(SAMPLE_WHEEL)
    expect(result.member).toBe('peer_register_sample-0.1.0.dist-info/METADATA')
    expect(result.bytes.toString('utf8')).toBe(SAMPLE_METADATA)
  })

  it('reads the top-level PKG-INFO from the sdist, not the egg-info copy', async () => {
    const result = await readDistMetadata(SAMPLE_SDIST)
    expect(result.member).toBe('peer-register-sample-0.1.0/PKG-INFO')
    expect(result.bytes.toString('utf8')).toBe(SAMPLE_PKG_INFO)
  })

  it('matches the extension case-insensitively', async () => {
    const upper = at('PEER_REGISTER_SAMPLE-0.1.0-PY3-NONE-ANY.WHL')
    await copyFile(SAMPLE_WHEEL, upper)
    expect((await readDistMetadata(upper)).bytes.toString('utf8')).toBe(SAMPLE_METADATA)
  })
})

describe('readDistMetadata: which member', () => {
  it('reads a legacy zip sdist, passing over a deeper egg-info PKG-INFO', async () => {
    const result = await readDistMetadata(at('demo-1.0.zip'))
    expect(result).toEqual({
      member: 'demo-1.0/PKG-INFO',
      bytes: Buffer.from(meta('zip sdist'))
    })
  })

  it('rejects a zip sdist whose PKG-INFO is at the root or deeper only', async () => {
    const error = await failure(readDistMetadata(at('nopkginfo-1.0.zip')))
    expect(error.message).toContain('nopkginfo-1.0.zip has no PKG-INFO in its top-level folder')
    expect(error.message).toContain('<folder>/PKG-INFO')
  })

  it('picks the dist-info named after the wheel when there are several', async () => {
    const result = await readDistMetadata(at('demo-1.0-py3-none-any.whl'))
    expect(result.member).toBe('demo-1.0.dist-info/METADATA')
    expect(result.bytes.toString()).toBe(meta('own'))
  })

  it('compares names normalised, past a build tag', async () => {
    const result = await readDistMetadata(at('Demo.Pkg-1.0-1-py3-none-any.whl'))
    expect(result.member).toBe('demo_pkg-1.0.dist-info/METADATA')
  })

  it('rejects several dist-info folders when none matches the file name', async () => {
    const error = await failure(readDistMetadata(at('ambiguous-1.0-py3-none-any.whl')))
    expect(error.message).toContain('ambiguous-1.0-py3-none-any.whl has 2 .dist-info/METADATA')
    expect(error.message).toContain('first-1.0.dist-info, second-1.0.dist-info')
    expect(error.advice).toContain('single .dist-info')
  })

  it('takes a single dist-info even when the file was renamed', async () => {
    const result = await readDistMetadata(at('renamed-9.9-py3-none-any.whl'))
    expect(result.bytes.toString()).toBe(meta('only one'))
  })

  it('rejects a wheel with no top-level dist-info METADATA', async () => {
    const error = await failure(readDistMetadata(at('nometa-1.0-py3-none-any.whl')))
    expect(error.message).toContain('nometa-1.0-py3-none-any.whl has no')
    expect(error.message).toContain('.dist-info/METADATA')
  })

  it('rejects an sdist whose only PKG-INFO is deeper than the top folder', async () => {
    const error = await failure(readDistMetadata(at('deep-1.0.tar.gz')))
    expect(error.message).toContain('deep-1.0.tar.gz has no PKG-INFO in its top-level folder')
    expect(error.advice).toContain('Rebuild the sdist')
  })

  it('accepts tar members written with a ./ prefix', async () => {
    const result = await readDistMetadata(at('dotted-1.0.tar.gz'))
    expect(result.member).toBe('./dotted-1.0/PKG-INFO')
    expect(result.bytes.toString()).toBe(meta('dot slash'))
  })
})

describe('readDistMetadata: damaged archives', () => {
  it('rejects a wheel cut in half', async () => {
    const bytes = await readFile(SAMPLE_WHEEL)
    await writeFile(at('cut-1.0-py3-none-any.whl'), bytes.subarray(0, bytes.length >> 1))
    const error = await failure(readDistMetadata(at('cut-1.0-py3-none-any.whl')))
    expect(error.message).toMatch(
      /^cut-1\.0-py3-none-any\.whl is not a valid wheel archive \(.+\)\.$/
    )
    expect(error.advice).toContain('Rebuild')
  })

  it('rejects an sdist cut off inside PKG-INFO', async () => {
    const bytes = await readFile(SAMPLE_SDIST)
    await writeFile(at('cut-1.0.tar.gz'), bytes.subarray(0, 300))
    const error = await failure(readDistMetadata(at('cut-1.0.tar.gz')))
    expect(error.message).toMatch(/^cut-1\.0\.tar\.gz is not a valid tar\.gz archive \(.+\)\.$/)
  })

  it.each([
    ['noise-1.0-py3-none-any.whl', 'wheel'],
    ['noise-1.0.zip', 'zip'],
    ['noise-1.0.tar.gz', 'tar.gz']
  ])('rejects random bytes named %s', async (name, label) => {
    // Fixed pseudo-random bytes: no zip signature, no gzip magic.
    const noise = Buffer.alloc(4096, 0)
    for (let i = 0, x = 12345; i < noise.length; i++)
      noise[i] = (x = (x * 1103515245 + 12345) >>> 8) & 0xff
    await writeFile(at(name), noise)
    const error = await failure(readDistMetadata(at(name)))
    expect(error.message).toContain(`${name} is not a valid ${label} archive (`)
  })

  it('rejects a gzip that holds no tar', async () => {
    await writeFile(
      at('plain-1.0.tar.gz'),
      gzipSync(Buffer.from('just some text, no tar here\n'.repeat(40)))
    )
    const error = await failure(readDistMetadata(at('plain-1.0.tar.gz')))
    expect(error.message).toContain('plain-1.0.tar.gz is not a valid tar.gz archive (')
  })

  it('rejects a member whose CRC-32 does not match', async () => {
    const member = deflated('crc-1.0.dist-info/METADATA', Buffer.from(meta('crc')))
    await writeZip(at('crc-1.0-py3-none-any.whl'), [{ ...member, crc: member.crc ^ 1 }])
    const error = await failure(readDistMetadata(at('crc-1.0-py3-none-any.whl')))
    expect(error.message).toContain('is not a valid wheel archive')
    expect(error.message).toContain('CRC-32')
  })

  it('rejects an encrypted METADATA', async () => {
    const member = deflated('secret-1.0.dist-info/METADATA', Buffer.from(meta('secret')))
    await writeZip(at('secret-1.0-py3-none-any.whl'), [{ ...member, flags: 1 }])
    const error = await failure(readDistMetadata(at('secret-1.0-py3-none-any.whl')))
    expect(error.message).toBe(
      'secret-1.0-py3-none-any.whl: secret-1.0.dist-info/METADATA is encrypted.'
    )
  })

  it('rejects compression methods other than stored and deflate', async () => {
    const error = await failure(readDistMetadata(at('bzip-1.0-py3-none-any.whl')))
    expect(error.message).toContain('bzip-1.0-py3-none-any.whl: bzip-1.0.dist-info/METADATA')
    expect(error.message).toContain('compression method 12')
  })

  it('says so when the file cannot be opened', async () => {
    const error = await failure(readDistMetadata(at('missing-1.0-py3-none-any.whl')))
    expect(error.message).toMatch(/^Cannot read missing-1\.0-py3-none-any\.whl \(ENOENT/)
    const tarError = await failure(readDistMetadata(at('missing-1.0.tar.gz')))
    expect(tarError.message).toMatch(/^Cannot read missing-1\.0\.tar\.gz \(ENOENT/)
  })

  it('refuses file names that are not distributions', async () => {
    const error = await failure(readDistMetadata(at('demo-1.0.tar.gz.asc')))
    expect(error.message).toContain('demo-1.0.tar.gz.asc is not a wheel')
  })
})

describe('readDistMetadata: size limits', () => {
  // 100 MiB of zeros deflate to about 100 KiB: the classic bomb.
  const BOMB_SIZE = 100 * MiB
  let bomb: RawMember

  beforeAll(() => {
    bomb = deflated('bomb-1.0.dist-info/METADATA', Buffer.alloc(BOMB_SIZE))
  })

  it('rejects a METADATA over 8 MiB from its declared size', async () => {
    const error = await failure(readDistMetadata(at('huge-1.0-py3-none-any.whl')))
    expect(error.message).toMatch(
      /^huge-1\.0-py3-none-any\.whl: huge-1\.0\.dist-info\/METADATA is 9\.0 MiB, more than the 8 MiB allowed/
    )
  })

  it('rejects a PKG-INFO over 8 MiB', async () => {
    const error = await failure(readDistMetadata(at('bigpkg-1.0.tar.gz')))
    expect(error.message).toContain('bigpkg-1.0.tar.gz: bigpkg-1.0/PKG-INFO is 9 MiB, more than')
  })

  it('rejects an honest zip bomb before inflating anything', async () => {
    await writeZip(at('bomb-1.0-py3-none-any.whl'), [bomb])
    const error = await failure(readDistMetadata(at('bomb-1.0-py3-none-any.whl')))
    expect(error.message).toContain('METADATA is 100 MiB, more than the 8 MiB allowed')
  })

  it('stops a bomb whose headers claim a small size, holding no more than that', async () => {
    await writeZip(at('liar-1.0-py3-none-any.whl'), [{ ...bomb, size: 1000 }])
    const before = process.memoryUsage()
    const error = await failure(readDistMetadata(at('liar-1.0-py3-none-any.whl')))
    const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers
    expect(error.message).toContain('liar-1.0-py3-none-any.whl is not a valid wheel archive')
    expect(error.message).toContain('decompresses to more than the 1000 bytes its header declares')
    expect(grown).toBeLessThan(32 * MiB)
  })

  it('stops a bomb that claims just under the limit once it passes the claim', async () => {
    await writeZip(at('liar2-1.0-py3-none-any.whl'), [{ ...bomb, size: 8 * MiB - 1 }])
    // About 80x as declared: passes the ratio check, so only the byte counting can stop it.
    const error = await failure(readDistMetadata(at('liar2-1.0-py3-none-any.whl')))
    expect(error.message).toContain(`decompresses to more than the ${8 * MiB - 1} bytes`)
  })

  it('rejects a member that expands far more than real metadata does', async () => {
    const zeros = deflated('ratio-1.0.dist-info/METADATA', Buffer.alloc(2 * MiB))
    await writeZip(at('ratio-1.0-py3-none-any.whl'), [zeros])
    const error = await failure(readDistMetadata(at('ratio-1.0-py3-none-any.whl')))
    expect(error.message).toMatch(/METADATA expands \d+x when decompressed/)
    expect(error.message).toContain('zip bomb')
  })

  it('reads METADATA from a 256 MiB wheel without touching the big member', async () => {
    const fillerSize = 256 * MiB
    const text = Buffer.from(meta('big wheel'))
    const file = at('big-1.0-py3-none-any.whl')
    await writeZip(file, [
      {
        name: 'big/data.bin',
        method: 0,
        hole: fillerSize,
        crc: zeroCrc(fillerSize),
        size: fillerSize
      },
      stored('big/__init__.py', Buffer.from('')),
      deflated('big-1.0.dist-info/METADATA', text)
    ])
    expect((await stat(file)).size).toBeGreaterThan(fillerSize)

    const before = process.memoryUsage()
    const result = await readDistMetadata(file)
    const after = process.memoryUsage()
    expect(result.bytes).toEqual(text)
    // Reading the filler would need hundreds of MiB; the directory and one member need almost none.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * MiB)
    expect(after.rss - before.rss).toBeLessThan(64 * MiB)
  })
})

describe('readDistMetadata: tar.gz scanning bounds', () => {
  it(`gives up after ${DIST_LIMITS.maxTarEntries} entries without PKG-INFO`, async () => {
    const names = Array.from({ length: DIST_LIMITS.maxTarEntries }, (_, i) => `many-1.0/f${i}.py`)
    names.push('many-1.0/PKG-INFO')
    await writeFile(at('many-1.0.tar.gz'), gzipSync(emptyFilesTar(names), { level: 1 }))
    const error = await failure(readDistMetadata(at('many-1.0.tar.gz')))
    expect(error.message).toBe(
      `many-1.0.tar.gz: no <folder>/PKG-INFO in the first ${DIST_LIMITS.maxTarEntries} entries ` +
        'of the archive; stopped looking.'
    )
  })

  it('finds PKG-INFO as the last entry within the bound (where hatchling puts it)', async () => {
    const names = ['last-1.0/a.py', 'last-1.0/b/c.py', 'last-1.0/PKG-INFO']
    await writeFile(at('last-1.0.tar.gz'), gzipSync(emptyFilesTar(names)))
    const result = await readDistMetadata(at('last-1.0.tar.gz'), {
      ...DIST_LIMITS,
      maxTarEntries: 3
    })
    expect(result).toEqual({
      member: 'last-1.0/PKG-INFO',
      bytes: Buffer.alloc(0)
    })
  })

  it('gives up after a bounded number of decompressed bytes (a gzip bomb of tar padding)', async () => {
    await writeFile(at('zeros-1.0.tar.gz'), gzipSync(Buffer.alloc(32 * MiB), { level: 1 }))
    const error = await failure(
      readDistMetadata(at('zeros-1.0.tar.gz'), { ...DIST_LIMITS, maxTarBytes: 8 * MiB })
    )
    expect(error.message).toBe(
      'zeros-1.0.tar.gz: no <folder>/PKG-INFO in the first 8 MiB of the archive; stopped looking.'
    )
  })
})

describe('readDistMetadata: resources', () => {
  // Linux only: the open descriptors of this process.
  const openFds = async () => (await readdir('/proc/self/fd')).length

  it('closes every file it opens, whether it succeeds or fails', async () => {
    if (process.platform !== 'linux') return
    const files = [
      SAMPLE_WHEEL,
      SAMPLE_SDIST,
      at('demo-1.0.zip'),
      at('ambiguous-1.0-py3-none-any.whl'),
      at('deep-1.0.tar.gz'),
      at('bigpkg-1.0.tar.gz'),
      at('huge-1.0-py3-none-any.whl'),
      at('short-1.0.tar.gz'),
      at('short-1.0-py3-none-any.whl'),
      at('absent-1.0.tar.gz')
    ]
    const sdist = await readFile(SAMPLE_SDIST)
    await writeFile(at('short-1.0.tar.gz'), sdist.subarray(0, 300))
    const wheel = await readFile(SAMPLE_WHEEL)
    await writeFile(at('short-1.0-py3-none-any.whl'), wheel.subarray(0, 1000))
    const before = await openFds()
    for (let round = 0; round < 5; round++) {
      await Promise.allSettled(files.map(file => readDistMetadata(file)))
    }
    // Descriptors close asynchronously; let those callbacks run before counting.
    let after = await openFds()
    for (let tries = 0; tries < 50 && after > before; tries++) {
      await new Promise(resolve => setTimeout(resolve, 10))
      after = await openFds()
    }
    expect(after).toBeLessThanOrEqual(before)
  })
})
