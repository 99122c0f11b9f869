/**
 * A built distribution's file name, and the folder its metadata sits in, must name the project and
 * version that its metadata does. Otherwise `goodpkg-1.0-py3-none-any.whl` holding
 * `evilname-6.6.dist-info` would register evilname 6.6 while every log line and review shows
 * goodpkg. Pure.
 *
 * What agreeing means follows the specifications and the tools that read these names:
 * - wheels (binary distribution format, PEP 427): `{name}-{version}(-{build})?-{py}-{abi}-{plat}.whl`,
 *   the name with `-` escaped as `_`; pip and packaging compare names in PEP 503 normal form and
 *   versions as PEP 440 values (so `1.0` and `1.0.0`, `1.0rc1` and `1.0c1` agree);
 * - the `.dist-info` folder: `{name}-{version}.dist-info`, compared the same way (split at any `-`,
 *   as old tools did not always escape one);
 * - sdists (PEP 625): `{name}-{version}.tar.gz`, but sdists built before it (and legacy `.zip`
 *   ones) kept the name as written, `-` included (`my-package-1.0.tar.gz`), so any split at a `-`
 *   whose halves agree is accepted, as is the same form for the sdist's top folder.
 */
import { eq, explain } from '@renovatebot/pep440'
import { MetadataError } from '../../errors.js'
import { normalizeName } from '../../packaging/names.js'
import { Inputs } from '../../constants.js'
import { inputName } from '../../wording.js'

/** The name and version the metadata declares. */
export interface DeclaredRelease {
  name: string
  version: string
}

/**
 * Throws a MetadataError naming both sides when the file name, or the folder of `member` (the path
 * of METADATA or PKG-INFO inside the archive), names another project or version than `declared`.
 */
export function checkDistFileName(
  fileName: string,
  member: string,
  declared: DeclaredRelease
): void {
  const lower = fileName.toLowerCase()
  const wheel = lower.endsWith('.whl')
  const folder = member.split('/')[0] ?? ''
  if (wheel) {
    const parts = fileName.slice(0, -'.whl'.length).split('-')
    if (parts.length !== 5 && parts.length !== 6) {
      throw new MetadataError(
        `${fileName} is not a valid wheel file name: it must be {name}-{version}(-{build})-{python}-{abi}-{platform}.whl.`,
        'Use the wheel as the build wrote it (python -m build); renamed wheels are refused by pip too.'
      )
    }
    expectAgreement(
      fileName,
      'its file name',
      parts[0] as string,
      parts[1] as string,
      declared,
      member
    )
    // Split leniently, like an sdist's name: old bdist_wheel escaped only some characters.
    const info = folder.replace(/\.dist-info$/, '')
    if (!anySplitAgrees(info, declared)) {
      throw disagreement(fileName, `its ${folder}/ folder`, info, declared, member)
    }
    return
  }
  const stem = fileName.replace(/\.(tar\.gz|zip)$/i, '')
  if (!anySplitAgrees(stem, declared)) {
    throw disagreement(fileName, 'its file name', stem, declared, member)
  }
  if (!anySplitAgrees(folder, declared)) {
    throw disagreement(fileName, `its top folder ${folder}/`, folder, declared, member)
  }
}

/** Equal as PEP 440 versions; two strings that are not versions are compared as written. */
function sameVersion(named: string, declared: string): boolean {
  // Wheel names escape a `-` of a legacy version as `_`.
  const candidates = [named, named.replace(/_/g, '-')]
  if (explain(declared) === null) return candidates.includes(declared)
  return candidates.some(candidate => explain(candidate) !== null && eq(candidate, declared))
}

function agrees(name: string, version: string, declared: DeclaredRelease): boolean {
  return normalizeName(name) === normalizeName(declared.name) && sameVersion(version, declared.version)
}

/** For sdists: `{name}-{version}` where the name itself may hold `-`. */
function anySplitAgrees(stem: string, declared: DeclaredRelease): boolean {
  for (let at = stem.indexOf('-'); at > 0; at = stem.indexOf('-', at + 1)) {
    if (agrees(stem.slice(0, at), stem.slice(at + 1), declared)) return true
  }
  return false
}

function expectAgreement(
  fileName: string,
  what: string,
  name: string,
  version: string,
  declared: DeclaredRelease,
  member: string
): void {
  if (!agrees(name, version, declared)) {
    throw disagreement(fileName, what, `${name}-${version}`, declared, member)
  }
}

function disagreement(
  fileName: string,
  what: string,
  named: string,
  declared: DeclaredRelease,
  member: string
): MetadataError {
  return new MetadataError(
    `${fileName}: ${what} names ${JSON.stringify(named)}, but its metadata (${member}) declares ${declared.name} ${declared.version}.`,
    `A distribution must be what its name says: rebuild it from the project (python -m build), and remove renamed or foreign files from ${inputName(Inputs.distDir)}.`
  )
}
