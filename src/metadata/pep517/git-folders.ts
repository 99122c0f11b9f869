/**
 * Where a project's git repository keeps its files, read from the files themselves without running
 * git (its configuration is the project's, and not trusted): the work tree's top folder, the git
 * folder (a `.git` folder, or the one a `.git` file points to in a linked worktree or a submodule)
 * and the common folder a linked worktree shares with its main repository. Also the configuration
 * files of a git folder and their copies without the credentials a checkout leaves in them.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'

/** The folders of the git repository that holds a project. */
export interface GitFolders {
  /** The top of the work tree: the folder that holds `.git`. */
  top: string
  /** The repository's git folder: `top/.git`, or where a `.git` file points. */
  gitDir: string
  /** Where refs, objects and the configuration live: `gitDir`, or the main one of a worktree. */
  commonDir: string
}

/**
 * The repository holding `dir`, looked for upwards as git does: the first `.git` that is a git
 * folder (it has a HEAD) or a file pointing to one; undefined outside git.
 */
export function gitFoldersOf(dir: string): GitFolders | undefined {
  for (let top = path.resolve(dir); ; top = path.dirname(top)) {
    const gitDir = gitDirAt(top)
    if (gitDir !== undefined) return { top, gitDir, commonDir: commonDirOf(gitDir) }
    if (path.dirname(top) === top) return undefined
  }
}

/** The git folder that `folder/.git` is or names, when it holds a HEAD. */
function gitDirAt(folder: string): string | undefined {
  const dotGit = path.join(folder, '.git')
  let gitDir: string | undefined
  try {
    if (statSync(dotGit).isDirectory()) gitDir = dotGit
    else {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim()
      if (pointer !== undefined) gitDir = path.resolve(folder, pointer)
    }
  } catch {
    return undefined
  }
  return gitDir !== undefined && isFile(path.join(gitDir, 'HEAD')) ? gitDir : undefined
}

/** A worktree's git folder names the main one in `commondir`. */
function commonDirOf(gitDir: string): string {
  try {
    return path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
  } catch {
    return gitDir
  }
}

/**
 * Whether the repository's git folders are where git itself keeps them: `top/.git` for a clone; a
 * linked worktree's `worktrees/<name>` in a common folder holding objects/ and refs/, whose
 * `gitdir` names `top/.git` back; or a submodule's folder under the `.git/modules/` of a folder
 * above `top`. A `.git` file or a `commondir` planted elsewhere would otherwise have any folder
 * with a HEAD in it (in the hidden home folder, say) shown to project code. Reads the files.
 */
export function isWhereGitKeepsIt({ top, gitDir, commonDir }: GitFolders): boolean {
  const dotGit = path.join(top, '.git')
  if (sameFile(commonDir, gitDir)) {
    if (sameFile(gitDir, dotGit)) return true
    return isSubmoduleFolder(top, gitDir)
  }
  const backPointer = readText(path.join(gitDir, 'gitdir'))
  return (
    sameFile(path.dirname(gitDir), path.join(commonDir, 'worktrees')) &&
    backPointer !== undefined &&
    sameFile(path.resolve(gitDir, backPointer.trim()), dotGit) &&
    isDirectory(path.join(commonDir, 'objects')) &&
    isDirectory(path.join(commonDir, 'refs'))
  )
}

/** Whether `gitDir` lies inside the `.git/modules/` of a folder above `top`. */
function isSubmoduleFolder(top: string, gitDir: string): boolean {
  const real = realOrResolved(gitDir)
  for (let above = path.dirname(top); ; above = path.dirname(above)) {
    const modules = realOrResolved(path.join(above, '.git', 'modules'))
    if (real.startsWith(modules + path.sep)) return true
    if (path.dirname(above) === above) return false
  }
}

function sameFile(a: string, b: string): boolean {
  return realOrResolved(a) === realOrResolved(b)
}

function realOrResolved(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return path.resolve(file)
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory()
  } catch {
    return false
  }
}

/** Whether `file` is a regular file (links followed). */
export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * Folders of a git folder that hold no configuration and can be large. Skipped only directly
 * inside a git folder: elsewhere (under `modules/`, `worktrees/`) the same names are those of
 * submodules and worktrees, whose configurations must be found.
 */
const NO_CONFIGURATION = new Set(['objects', 'refs', 'logs', 'lfs', 'hooks', 'info', 'rr-cache'])

/** Whether `name` in `folder` is left out of the search for configurations. */
function holdsNoConfiguration(folder: string, name: string): boolean {
  return NO_CONFIGURATION.has(name) && isFile(path.join(folder, 'HEAD'))
}

/**
 * The configuration files of a git folder: its `config` and `config.worktree`, those of its linked
 * worktrees, and those of the submodules it keeps (`modules/...`, nested ones included). Links
 * named so are listed too, and never followed.
 */
export function gitConfigFiles(gitDir: string): string[] {
  const found: string[] = []
  const visit = (folder: string): void => {
    let entries
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory() && !holdsNoConfiguration(folder, entry.name)) visit(full)
      else if (
        (entry.isFile() || entry.isSymbolicLink()) &&
        (entry.name === 'config' || entry.name === 'config.worktree')
      )
        found.push(full)
    }
  }
  visit(gitDir)
  return found.sort()
}

/**
 * What project code gets to read in place of a git configuration file: the file without the
 * credentials a checkout leaves in it, or nothing for a link (it is not followed: it could lead
 * anywhere, and reading it would read that file on the project's behalf).
 */
export function configWithoutCredentials(file: string): string {
  return lstatSync(file).isSymbolicLink() ? '' : withoutCredentials(readFileSync(file, 'utf8'))
}

/**
 * A git configuration without the credentials a checkout leaves in it: every line that mentions
 * `extraheader` (the job's token, as actions/checkout writes it unless persist-credentials is
 * false, whether under its section or on the section's own line), every `helper =` line (a
 * credential helper can name a file of tokens, or be a command), the lines a dropped line
 * continues onto (a trailing backslash), and userinfo in URLs. Git reads keys case-insensitively.
 * Erring towards dropping: a configuration without these still serves git for reading. Pure.
 */
function withoutCredentials(gitConfig: string): string {
  const kept: string[] = []
  let continued = false
  for (const line of gitConfig.split('\n')) {
    const drop: boolean = continued || /extraheader/i.test(line) || /\bhelper\s*=/i.test(line)
    continued = drop && /\\\r?$/.test(line)
    if (!drop) kept.push(line.replace(/(\w[\w+.-]*:\/\/)[^/@\s]*@/g, '$1'))
  }
  return kept.join('\n')
}
