/**
 * Where the metadata comes from. One function per source; `auto` takes the first that applies:
 * built distributions in dist-dir, then PKG-INFO at the project root (an unpacked sdist), then
 * pyproject.toml, setup.cfg, setup.py. A source tree is read directly only where that is exact by
 * definition; otherwise its build backend is asked. The result says which source and path were
 * taken and why.
 */
import { existsSync, statSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { checkDistFileName } from './dist/dist-filename.js'
import { Inputs } from '../constants.js'
import { MetadataError } from '../errors.js'
import { normalizeName } from '../packaging/names.js'
import { distKindOf } from './dist/dist-kind.js'
import type { CoreMetadata } from './fields.js'
import {
  SOURCE_KINDS,
  type LoadedMetadata,
  type LoadOptions,
  type SourceKind
} from './loaded-metadata.js'
import { parsePkgInfo } from './pkginfo.js'
import { either, inputName, startOfSentence } from '../wording.js'

type Loader = (options: LoadOptions) => Promise<Omit<LoadedMetadata, 'kind' | 'reason'> | undefined>

/** Each loader returns undefined when its source is absent, so `auto` can try the next. */
const LOADERS: Record<SourceKind, Loader> = {
  dist: loadFromDists,
  'pkg-info': loadFromPkgInfo,
  pyproject: async options => (await sourceTree()).loadFromPyproject(options),
  'setup-cfg': async options => (await sourceTree()).loadFromSetupCfg(options),
  'setup-py': async options => (await sourceTree()).loadFromSetupPy(options)
}

/**
 * The readers of source trees (TOML, globbing, the PEP 517 runner) load only when one is read: a
 * registration from built distributions never needs them.
 */
const sourceTree = () => import('./source-tree.js')

const ABSENT: Record<SourceKind, (options: LoadOptions) => string> = {
  dist: o => `no built distribution (.whl, .tar.gz, .zip) in ${o.distDir}`,
  'pkg-info': o => `no PKG-INFO in ${o.projectDir}`,
  pyproject: o => `no pyproject.toml with a [project] table in ${o.projectDir}`,
  'setup-cfg': o => `no setup.cfg with a [metadata] name in ${o.projectDir}`,
  'setup-py': o => `no setup.py in ${o.projectDir}`
}

/** Reads the project's metadata from the source `options.source` names, or the first that applies. */
export async function loadProjectMetadata(options: LoadOptions): Promise<LoadedMetadata> {
  if (!isDirectory(options.projectDir)) {
    throw new MetadataError(
      `The project folder ${options.projectDir} does not exist.`,
      `Check ${inputName(Inputs.projectDir)}${either(', and that actions/checkout runs before this step', '')}.`
    )
  }
  if (options.source !== 'auto') {
    const loaded = await LOADERS[options.source](options)
    if (loaded === undefined) {
      throw new MetadataError(
        `${startOfSentence(inputName(Inputs.metadataSource))} is ${options.source}, but there is ${ABSENT[options.source](options)}.`,
        options.source === 'dist'
          ? `Build the distributions ${either('in an earlier step', 'first')} (python -m build), or set ${inputName(Inputs.distDir)} to where they are.`
          : `Set ${inputName(Inputs.projectDir)} to the project folder, or choose another ${inputName(Inputs.metadataSource)}.`
      )
    }
    return {
      ...loaded,
      kind: options.source,
      reason: `chosen by ${inputName(Inputs.metadataSource)}`
    }
  }
  const passedOver: string[] = []
  for (const kind of SOURCE_KINDS) {
    const loaded = await LOADERS[kind](options)
    if (loaded !== undefined) {
      const reason =
        passedOver.length === 0 ? 'the first source found' : `found after ${passedOver.join('; ')}`
      return { ...loaded, kind, reason }
    }
    passedOver.push(ABSENT[kind](options))
  }
  throw new MetadataError(
    `No project metadata found: ${passedOver.join('; ')}.`,
    `Set ${inputName(Inputs.projectDir)} to the folder of your Python project (with pyproject.toml)${either(', and make sure actions/checkout runs before this step', '')}.`
  )
}

/**
 * All built distributions in dist-dir must name the same project and version. The metadata of a
 * wheel is preferred: its METADATA is complete, while older setuptools left Requires-Dist out of an
 * sdist's PKG-INFO. Among several wheels, the one with the highest metadata version, then by name.
 */
async function loadFromDists(
  options: LoadOptions
): Promise<Omit<LoadedMetadata, 'kind' | 'reason'> | undefined> {
  if (!isDirectory(options.distDir)) return undefined
  const entries = (await readdir(options.distDir, { withFileTypes: true })).sort((a, b) =>
    byCodePoint(a.name, b.name)
  )
  const notices: string[] = []
  const dists: Array<{ file: string; wheel: boolean }> = []
  for (const entry of entries) {
    const kind = entry.isFile() ? distKindOf(entry.name) : undefined
    if (kind === undefined)
      notices.push(
        `Skipped ${entry.name}${entry.isDirectory() ? '/' : ''} in ${options.distDir}: not a wheel or sdist.`
      )
    else dists.push({ file: path.join(options.distDir, entry.name), wheel: kind === 'wheel' })
  }
  if (dists.length === 0) return undefined

  const warnings: string[] = []
  const read = []
  // The archive readers load only here: every other source, and a dry run of one, never needs them.
  const { readDistMetadata } = await import('./dist/archive.js')
  for (const dist of dists) {
    const { member, bytes } = await readDistMetadata(dist.file)
    const parsed = parsePkgInfo(bytes, `${path.basename(dist.file)} (${member})`)
    // A file whose name disagrees with what it holds would register something else than it shows.
    checkDistFileName(path.basename(dist.file), member, parsed.metadata)
    warnings.push(...parsed.warnings)
    read.push({ ...dist, metadata: parsed.metadata })
  }
  const identities = new Set(
    read.map(({ metadata }) => `${normalizeName(metadata.name)} ${metadata.version}`)
  )
  if (identities.size > 1) {
    const listing = read
      .map(({ file, metadata }) => `${path.basename(file)}: ${metadata.name} ${metadata.version}`)
      .join('; ')
    throw new MetadataError(
      `The distributions in ${options.distDir} disagree on the project name or version: ${listing}.`,
      `Remove stale files from ${options.distDir} (build into an empty folder), so that only one release is there.`
    )
  }
  const chosen = read.sort(preferredDist)[0]!
  return {
    metadata: chosen.metadata,
    source: chosen.file,
    path: 'static',
    warnings,
    notices: [
      ...notices,
      ...(read.length > 1
        ? [
            `Using the metadata of ${path.basename(chosen.file)} (${read.length} distributions agree on name and version).`
          ]
        : [])
    ]
  }
}

function preferredDist(
  a: { file: string; wheel: boolean; metadata: CoreMetadata },
  b: { file: string; wheel: boolean; metadata: CoreMetadata }
): number {
  if (a.wheel !== b.wheel) return a.wheel ? -1 : 1
  const versions = Number(b.metadata.metadata_version) - Number(a.metadata.metadata_version)
  return versions !== 0 && !Number.isNaN(versions) ? versions : byCodePoint(a.file, b.file)
}

async function loadFromPkgInfo(
  options: LoadOptions
): Promise<Omit<LoadedMetadata, 'kind' | 'reason'> | undefined> {
  const file = path.join(options.projectDir, 'PKG-INFO')
  if (!existsSync(file)) return undefined
  const { metadata, warnings } = parsePkgInfo(await readFile(file), 'PKG-INFO')
  return { metadata, source: file, warnings, notices: [], path: 'static' }
}

/** Locale-independent order, so that listings read the same on every runner. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory()
  } catch {
    return false
  }
}
