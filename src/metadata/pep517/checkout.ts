/** Whether the project sits in a shallow git clone, where versions from git tags come out wrong. */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { normalizeName } from '../../packaging/names.js'
import { parseRequirement } from '../../packaging/requirements.js'

/**
 * The git folder of the repository holding `projectDir` (a `.git` folder, or the folder a `.git`
 * file points to in a worktree or submodule), or undefined outside git.
 */
function gitDirOf(projectDir: string): string | undefined {
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git')
    try {
      if (statSync(dotGit).isDirectory()) return dotGit
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim()
      if (pointer !== undefined) return path.resolve(dir, pointer)
    } catch {
      // No .git here: look in the parent.
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/** True when the repository is a shallow clone (git keeps the cut-off commits in `shallow`). */
export function isShallowCheckout(projectDir: string): boolean {
  const gitDir = gitDirOf(projectDir)
  if (gitDir === undefined) return false
  for (const candidate of [gitDir, commonDirOf(gitDir)]) {
    try {
      if (statSync(path.join(candidate, 'shallow')).isFile()) return true
    } catch {
      // Not shallow here.
    }
  }
  return false
}

/** A worktree's git folder names the main one in `commondir`, where `shallow` lives. */
function commonDirOf(gitDir: string): string {
  try {
    return path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
  } catch {
    return gitDir
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
