/**
 * Whether the project sits in a shallow git clone that hides its version: a tool that computes
 * the version from git tags (setuptools-scm, hatch-vcs, ...) finds no tag behind HEAD there and
 * makes one up. A tag on HEAD itself is still found (actions/checkout fetches the tag of a
 * tag-triggered run, even at depth 1), so then the version is right. Read from the git folder's
 * files, without running git: project code (and its git configuration) is not trusted.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { inflateSync } from 'node:zlib'
import { gitFoldersOf, isFile } from './git-folders.js'
import { normalizeName } from '../../packaging/names.js'
import { parseRequirement } from '../../packaging/requirements.js'

/**
 * True when the repository is a shallow clone (git keeps the cut-off commits in `shallow`) and
 * HEAD carries no tag that names a version, so that a version computed from git tags may be wrong.
 * A tag that cannot be read to the end (an annotated tag stored only in a pack) counts as absent:
 * the warning then errs on the side of being shown.
 */
export function versionHiddenByShallowClone(projectDir: string): boolean {
  const repository = gitFoldersOf(projectDir)
  if (repository === undefined) return false
  const { gitDir, commonDir } = repository
  const shallow = [gitDir, commonDir].some(folder => isFile(path.join(folder, 'shallow')))
  if (!shallow) return false
  const head = headCommit(gitDir, commonDir)
  return head === undefined || !tagCommits(commonDir).has(head)
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/

/** The commit HEAD is on: detached (an id), or through the branch it names. */
function headCommit(gitDir: string, commonDir: string): string | undefined {
  const head = readText(path.join(gitDir, 'HEAD'))?.trim() ?? ''
  if (OBJECT_ID.test(head)) return head
  const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1]
  if (ref === undefined) return undefined
  const loose = readText(path.join(commonDir, ref))?.trim()
  if (loose !== undefined && OBJECT_ID.test(loose)) return loose
  return packedRefs(commonDir).find(entry => entry.ref === ref)?.id
}

interface PackedRef {
  ref: string
  id: string
  /** For an annotated tag, the commit it points to (the `^` line after it). */
  peeled?: string
}

/** The refs in `packed-refs`: `<id> <ref>` lines, each annotated tag followed by `^<commit>`. */
function packedRefs(commonDir: string): PackedRef[] {
  const entries: PackedRef[] = []
  for (const line of (readText(path.join(commonDir, 'packed-refs')) ?? '').split('\n')) {
    const peeled = /^\^([0-9a-f]+)$/.exec(line.trim())?.[1]
    const last = entries[entries.length - 1]
    if (peeled !== undefined && last !== undefined) last.peeled = peeled
    const entry = /^([0-9a-f]+) (refs\/\S+)$/.exec(line.trim())
    if (entry !== null) entries.push({ id: entry[1] as string, ref: entry[2] as string })
  }
  return entries
}

/**
 * The commits that tags naming a version (a digit somewhere, as setuptools-scm's
 * `git describe --match *[0-9]*` asks) point to, annotated tags followed to their commit.
 */
function tagCommits(commonDir: string): Set<string> {
  const commits = new Set<string>()
  const namesVersion = (ref: string) => /\d/.test(ref.slice('refs/tags/'.length))
  for (const entry of packedRefs(commonDir)) {
    if (entry.ref.startsWith('refs/tags/') && namesVersion(entry.ref))
      commits.add(entry.peeled ?? entry.id)
  }
  for (const [ref, id] of looseRefs(path.join(commonDir, 'refs', 'tags'), 'refs/tags')) {
    if (!namesVersion(ref)) continue
    commits.add(id)
    const target = annotatedTarget(commonDir, id)
    if (target !== undefined) commits.add(target)
  }
  return commits
}

/** Each ref file below `folder` (tag names may hold slashes), with the id it holds. */
function looseRefs(folder: string, prefix: string): Array<[string, string]> {
  let entries
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry): Array<[string, string]> => {
    const full = path.join(folder, entry.name)
    const ref = `${prefix}/${entry.name}`
    if (entry.isDirectory()) return looseRefs(full, ref)
    const id = readText(full)?.trim() ?? ''
    return OBJECT_ID.test(id) ? [[ref, id]] : []
  })
}

/**
 * The object an annotated tag points to, when the tag is a loose object (zlib-compressed
 * `tag <size>\0object <id>\n...`); undefined for anything else or anything unreadable.
 */
function annotatedTarget(commonDir: string, id: string): string | undefined {
  try {
    const raw = readFileSync(path.join(commonDir, 'objects', id.slice(0, 2), id.slice(2)))
    const text = inflateSync(raw).toString('latin1')
    return /^tag \d+\0object ([0-9a-f]+)\n/.exec(text)?.[1]
  } catch {
    return undefined
  }
}

/** The build requirements that compute the version from git tags, by normal name. */
const GIT_VERSIONING = new Set([
  'setuptools-scm',
  'hatch-vcs',
  'versioningit',
  'dunamai',
  'poetry-dynamic-versioning',
  'pdm-backend',
  'flit-scm',
  'uv-dynamic-versioning',
  'setuptools-git-versioning'
])

/** Whether a build requirement computes the version from git tags. */
export function readsVersionFromGit(requires: readonly string[]): boolean {
  return requires.some(requirement => {
    const parsed = parseRequirement(requirement)
    return parsed.ok && GIT_VERSIONING.has(normalizeName(parsed.value.name))
  })
}
