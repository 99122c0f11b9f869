/**
 * Reads the core metadata file out of a built distribution: `*.dist-info/METADATA` from a wheel,
 * `<top>/PKG-INFO` from an sdist. Only that one member is ever decompressed: zip archives are read
 * through their central directory, and a tar.gz is streamed and abandoned at the first match, so
 * neither time nor memory depends on how big the rest of the archive is (beyond the tar.gz
 * entries that come before PKG-INFO, which a stream cannot skip).
 */
import { createReadStream } from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { createGunzip, createInflateRaw, crc32 } from 'node:zlib'
import type { ExtractEvents, Header as TarHeader } from 'tar-stream'
import yauzl from 'yauzl'
import type { Entry as ZipEntry, ZipFile } from 'yauzl'
import { MetadataError } from '../../errors.js'
import { normalizeName } from '../../packaging/names.js'
import { distKindOf, type DistKind } from './dist-kind.js'

/** What was read: the member's path inside the archive and its raw bytes. */
export interface DistMetadata {
  member: string
  bytes: Buffer
}

/** Bounds that keep a corrupt or hostile archive from exhausting memory or time. */
export interface DistLimits {
  /** Largest metadata member accepted, uncompressed. */
  readonly maxMetadataBytes: number
  /** Largest uncompressed/compressed ratio accepted for a member above `ratioFloorBytes`. */
  readonly maxCompressionRatio: number
  /** Members at most this large are exempt from the ratio check (tiny files compress oddly). */
  readonly ratioFloorBytes: number
  /** tar.gz entries examined before giving up on finding PKG-INFO. */
  readonly maxTarEntries: number
  /** Decompressed tar bytes examined before giving up on finding PKG-INFO. */
  readonly maxTarBytes: number
}

const MiB = 1024 * 1024

/**
 * The limits used unless a caller passes others. 8 MiB is far beyond any real METADATA (even a
 * long README embedded as the description is tens of KiB), yet small enough to hold in memory. Real text compresses 3-10x; a ratio over 100 in a file larger than 1 MiB
 * means padding or a bomb. Hatchling, flit and pdm write PKG-INFO as the *last* tar entry, so the
 * tar bounds must exceed the file count and size of the largest genuine sdist; they only stop a
 * gzip bomb of zeros (which tar treats as padding and skips forever).
 */
export const DIST_LIMITS: DistLimits = {
  maxMetadataBytes: 8 * MiB,
  maxCompressionRatio: 100,
  ratioFloorBytes: 1 * MiB,
  maxTarEntries: 100_000,
  maxTarBytes: 4 * 1024 * MiB
}

/**
 * Reads the metadata member of the wheel or sdist at `filePath` without reading the rest of the
 * archive. Throws MetadataError, naming the file, when the name is not a distribution, the archive
 * is corrupt, the member is missing, ambiguous, encrypted or beyond `limits`.
 */
export async function readDistMetadata(
  filePath: string,
  limits: DistLimits = DIST_LIMITS
): Promise<DistMetadata> {
  const fileName = path.basename(filePath)
  const kind = distKindOf(fileName)
  if (kind === undefined) {
    throw new MetadataError(
      `${fileName} is not a wheel (.whl) or source distribution (.tar.gz, .zip).`,
      'Pass only the .whl, .tar.gz or .zip files that the build produced.'
    )
  }
  return kind === 'sdist-tar'
    ? readTarGzPkgInfo(filePath, fileName, limits)
    : readZipMember(filePath, fileName, kind, limits)
}

// ---------------------------------------------------------------------------------------------
// Zip (wheels and legacy zip sdists)

const WHEEL_METADATA = /^([^/]+)\.dist-info\/METADATA$/
const SDIST_PKG_INFO = /^([^/]+)\/PKG-INFO$/

/** Stored and deflate are the only methods wheels may use (PEP 427) and all zip sdists use. */
const STORED = 0
const DEFLATED = 8

async function readZipMember(
  filePath: string,
  fileName: string,
  kind: 'wheel' | 'sdist-zip',
  limits: DistLimits
): Promise<DistMetadata> {
  const zip = await openZip(filePath, fileName, kind)
  try {
    const entry =
      kind === 'wheel'
        ? await findWheelMetadata(zip, fileName)
        : await findZipPkgInfo(zip, fileName)
    return { member: entry.fileName, bytes: await readZipEntry(zip, entry, fileName, kind, limits) }
  } finally {
    // autoClose is off because we stop listing early; closing releases the file descriptor once
    // any read stream on it is gone too.
    zip.close()
  }
}

function openZip(filePath: string, fileName: string, kind: DistKind): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // lazyEntries: the central directory is read one record at a time, only as far as we ask.
    yauzl.open(filePath, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error) reject(ioOrInvalid(error, fileName, kind))
      else resolve(zip)
    })
  })
}

/**
 * Walks the central directory until `visit` returns true or the records run out. Only the
 * directory is read here, never file data, so a huge member costs nothing.
 */
function walkZip(
  zip: ZipFile,
  fileName: string,
  kind: DistKind,
  visit: (entry: ZipEntry) => boolean
): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: ZipEntry) => {
      if (visit(entry)) resolve()
      else zip.readEntry()
    })
    zip.on('end', () => resolve())
    zip.on('error', (error: unknown) => reject(invalidArchive(fileName, kind, error)))
    zip.readEntry()
  })
}

async function findWheelMetadata(zip: ZipFile, fileName: string): Promise<ZipEntry> {
  const candidates: ZipEntry[] = []
  // The whole directory is walked: a second .dist-info must be noticed, not silently ignored.
  await walkZip(zip, fileName, 'wheel', entry => {
    if (WHEEL_METADATA.test(stripDotSlash(entry.fileName))) candidates.push(entry)
    return false
  })
  const [only] = candidates
  if (only === undefined) {
    throw new MetadataError(
      `${fileName} has no {name}-{version}.dist-info/METADATA file at its top level.`,
      'Rebuild the wheel with a standard build backend (for example `python -m build`).'
    )
  }
  if (candidates.length === 1) return only

  // Several: the wheel's own name and version pick the right one (PEP 427 names the directory
  // after the distribution, exactly as the file name's first two parts).
  const expected = wheelNameVersion(fileName)
  const matching = candidates.filter(entry => {
    const folder = WHEEL_METADATA.exec(stripDotSlash(entry.fileName))?.[1]
    return expected !== undefined && folder !== undefined && sameNameVersion(folder, expected)
  })
  const [match] = matching
  if (match !== undefined && matching.length === 1) return match
  const folders = candidates.map(entry => path.posix.dirname(entry.fileName)).join(', ')
  throw new MetadataError(
    `${fileName} has ${candidates.length} .dist-info/METADATA files (${folders}) and ` +
      `${matching.length === 0 ? 'none' : 'more than one'} matches the wheel's file name.`,
    'Rebuild the wheel from a clean build folder so that it holds a single .dist-info directory.'
  )
}

async function findZipPkgInfo(zip: ZipFile, fileName: string): Promise<ZipEntry> {
  let found: ZipEntry | undefined
  // The first match wins and ends the walk, the same rule as for tar.gz sdists.
  await walkZip(zip, fileName, 'sdist-zip', entry => {
    if (SDIST_PKG_INFO.test(stripDotSlash(entry.fileName))) found = entry
    return found !== undefined
  })
  if (found === undefined) throw pkgInfoMissing(fileName)
  return found
}

async function readZipEntry(
  zip: ZipFile,
  entry: ZipEntry,
  fileName: string,
  kind: DistKind,
  limits: DistLimits
): Promise<Buffer> {
  const member = entry.fileName
  if (entry.isEncrypted()) {
    throw new MetadataError(
      `${fileName}: ${member} is encrypted.`,
      'Build the distribution without encryption; installers and indexes cannot read it either.'
    )
  }
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw new MetadataError(
      `${fileName}: ${member} uses zip compression method ${entry.compressionMethod}; only ` +
        'stored (0) and deflate (8) can be read.',
      'Rebuild the distribution with a standard build backend, which uses deflate.'
    )
  }
  checkDeclaredSize(entry.uncompressedSize, entry.compressedSize, member, fileName, limits)

  // Raw mode: yauzl hands over exactly the member's compressed bytes and we inflate them here,
  // so the byte count below is ours and the inflater is ours to destroy.
  const raw = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, { decodeFileData: false }, (error, stream) => {
      if (error) reject(invalidArchive(fileName, kind, error))
      else resolve(stream)
    })
  })
  const inflater = entry.compressionMethod === DEFLATED ? createInflateRaw() : undefined
  const decoded: Readable = inflater ?? raw
  if (inflater !== undefined) {
    raw.on('error', error => inflater.destroy(error))
    raw.pipe(inflater)
  }
  try {
    // The declared size is already within the limit, so stopping at it bounds memory even when
    // the header lies about a bomb.
    const bytes = await readBounded(
      decoded,
      entry.uncompressedSize,
      () =>
        invalidArchive(
          fileName,
          kind,
          `${member} decompresses to more than the ${entry.uncompressedSize} bytes its header declares`
        ),
      error => invalidArchive(fileName, kind, error)
    )
    if (bytes.length !== entry.uncompressedSize) {
      throw invalidArchive(
        fileName,
        kind,
        `${member} has ${bytes.length} bytes but its header declares ${entry.uncompressedSize}`
      )
    }
    if (crc32(bytes) >>> 0 !== entry.crc32 >>> 0) {
      throw invalidArchive(fileName, kind, `${member} fails its CRC-32 check`)
    }
    return bytes
  } finally {
    inflater?.destroy()
    raw.destroy()
  }
}

// ---------------------------------------------------------------------------------------------
// tar.gz sdists

async function readTarGzPkgInfo(
  filePath: string,
  fileName: string,
  limits: DistLimits
): Promise<DistMetadata> {
  // Loaded with the first sdist: wheels, the usual case, need none of tar-stream and its streams.
  const { extract: tarExtract } = await import('tar-stream')
  return new Promise((resolve, reject) => {
    const source = createReadStream(filePath)
    const gunzip = createGunzip()
    const tar = tarExtract()
    let settled = false
    let entries = 0
    let scanned = 0

    // Every way out goes through here, so the three streams are always torn down and an
    // abandoned archive is not read any further.
    const settle = (error: Error | undefined, found?: DistMetadata) => {
      if (settled) return
      settled = true
      source.unpipe(gunzip)
      gunzip.unpipe()
      source.destroy()
      gunzip.destroy()
      tar.destroy()
      if (error !== undefined) reject(error)
      else if (found !== undefined) resolve(found)
    }
    const corrupt = (error: unknown) => settle(invalidArchive(fileName, 'sdist-tar', error))

    source.on('error', error => settle(ioOrInvalid(error, fileName, 'sdist-tar')))
    gunzip.on('error', corrupt)
    tar.on('error', corrupt)
    gunzip.on('data', (chunk: Buffer) => {
      scanned += chunk.length
      if (scanned > limits.maxTarBytes) {
        settle(tarGaveUp(fileName, `the first ${formatBytes(limits.maxTarBytes)}`))
      }
    })

    tar.on('entry', (header: TarHeader, stream: TarSource, next: () => void) => {
      if (settled) return
      entries += 1
      const member = stripDotSlash(header.name)
      if (isRegularFile(header) && SDIST_PKG_INFO.test(member)) {
        try {
          checkDeclaredSize(header.size ?? 0, undefined, member, fileName, limits)
        } catch (error) {
          settle(error as Error)
          return
        }
        readBounded(
          stream,
          limits.maxMetadataBytes,
          () => tooLarge(member, fileName, limits),
          error => invalidArchive(fileName, 'sdist-tar', error)
        ).then(
          bytes => settle(undefined, { member: header.name, bytes }),
          (error: Error) => settle(error)
        )
        return
      }
      if (entries >= limits.maxTarEntries) {
        settle(tarGaveUp(fileName, `the first ${limits.maxTarEntries} entries`))
        return
      }
      stream.on('end', () => next())
      stream.resume()
    })
    // The end of the archive without a match.
    tar.on('finish', () => settle(pkgInfoMissing(fileName)))

    source.pipe(gunzip).pipe(tar)
  })
}

/** The readable stream tar-stream hands out for one entry's data. */
type TarSource = ExtractEvents['entry'][1]

function isRegularFile(header: TarHeader): boolean {
  return header.type === 'file' || header.type === 'contiguous-file' || header.type == null
}

function tarGaveUp(fileName: string, extent: string): MetadataError {
  return new MetadataError(
    `${fileName}: no <folder>/PKG-INFO in ${extent} of the archive; stopped looking.`,
    'Check that this is the sdist the build produced; a genuine sdist has PKG-INFO in its ' +
      'top-level folder.'
  )
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/**
 * Collects a stream into one buffer, failing as soon as more than `limit` bytes arrive rather
 * than after, so a bomb never gets to allocate beyond the limit.
 */
async function readBounded(
  stream: AsyncIterable<unknown> & { destroy(): unknown },
  limit: number,
  overLimit: () => Error,
  streamFailed: (error: unknown) => Error
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer
      total += buffer.length
      if (total > limit) throw new OverLimit()
      chunks.push(buffer)
    }
  } catch (error) {
    if (error instanceof OverLimit) throw overLimit()
    throw streamFailed(error)
  } finally {
    stream.destroy()
  }
  return Buffer.concat(chunks, total)
}

class OverLimit extends Error {}

function checkDeclaredSize(
  uncompressed: number,
  compressed: number | undefined,
  member: string,
  fileName: string,
  limits: DistLimits
): void {
  if (uncompressed > limits.maxMetadataBytes) throw tooLarge(member, fileName, limits, uncompressed)
  if (
    compressed !== undefined &&
    uncompressed > limits.ratioFloorBytes &&
    uncompressed > compressed * limits.maxCompressionRatio
  ) {
    const ratio = compressed === 0 ? 'without bound' : `${Math.round(uncompressed / compressed)}x`
    throw new MetadataError(
      `${fileName}: ${member} expands ${ratio} when decompressed (${formatBytes(uncompressed)} ` +
        `from ${compressed} bytes), more than the ${limits.maxCompressionRatio}x that real ` +
        'metadata reaches; the archive looks like a zip bomb.',
      'Rebuild the distribution with a standard build backend and check where this file came from.'
    )
  }
}

function tooLarge(
  member: string,
  fileName: string,
  limits: DistLimits,
  size?: number
): MetadataError {
  const actual = size === undefined ? 'more than' : `${formatBytes(size)}, more than`
  return new MetadataError(
    `${fileName}: ${member} is ${actual} the ${formatBytes(limits.maxMetadataBytes)} allowed ` +
      'for a metadata file.',
    'Shorten the long description (readme) or check that the archive is not corrupt, then ' +
      'rebuild it.'
  )
}

function pkgInfoMissing(fileName: string): MetadataError {
  return new MetadataError(
    `${fileName} has no PKG-INFO in its top-level folder (looked for <folder>/PKG-INFO; deeper ` +
      'ones such as *.egg-info/PKG-INFO do not count).',
    'Rebuild the sdist with a standard build backend (for example `python -m build --sdist`).'
  )
}

const ARCHIVE_LABEL: Record<DistKind, string> = {
  wheel: 'wheel',
  'sdist-zip': 'zip',
  'sdist-tar': 'tar.gz'
}

function invalidArchive(fileName: string, kind: DistKind, reason: unknown): MetadataError {
  const detail = reason instanceof Error ? reason.message : String(reason)
  return new MetadataError(
    `${fileName} is not a valid ${ARCHIVE_LABEL[kind]} archive (${detail}).`,
    'Rebuild the distribution and make sure the file was copied or downloaded completely.'
  )
}

/** Failing to open the file at all is a path problem, not a corrupt archive. */
function ioOrInvalid(error: unknown, fileName: string, kind: DistKind): MetadataError {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new MetadataError(
      `Cannot read ${fileName} (${(error as Error).message}).`,
      'Check that the path points to a readable distribution file.'
    )
  }
  return invalidArchive(fileName, kind, error)
}

/** Some tar and zip writers prefix members with "./"; the layout rules ignore it. */
function stripDotSlash(name: string): string {
  return name.startsWith('./') ? name.slice(2) : name
}

/** `{name}-{version}` from a wheel file name `{name}-{version}(-{build})?-{py}-{abi}-{plat}.whl`. */
function wheelNameVersion(fileName: string): { name: string; version: string } | undefined {
  const [name, version] = fileName.slice(0, -'.whl'.length).split('-')
  if (name === undefined || version === undefined) return undefined
  return { name, version }
}

/** Compares a dist-info folder stem to the wheel's name and version, the name normalised (PEP 503). */
function sameNameVersion(folder: string, expected: { name: string; version: string }): boolean {
  const dash = folder.lastIndexOf('-')
  if (dash < 0) return false
  return (
    normalizeName(folder.slice(0, dash)) === normalizeName(expected.name) &&
    folder.slice(dash + 1).toLowerCase() === expected.version.toLowerCase()
  )
}

function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`
  return `${bytes} bytes`
}
