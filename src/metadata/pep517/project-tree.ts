/**
 * The project tree the build backend gets: which of its folders are part of a build, the git
 * repository around it (shown to project code when its version comes from git), the check that no
 * link leads outside what is shown, and the copy of the project into the sandbox.
 */
import { cp, lstat, mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { MetadataError } from '../../errors.js'
import { isWithinFolder } from '../../within-folder.js'
import {
  configWithoutCredentials,
  gitConfigFiles,
  gitFoldersOf,
  isWhereGitKeepsIt,
  type GitFolders
} from './git-folders.js'

/** Folders of a project that no backend reads for metadata and that can be large. */
const NOT_PART_OF_A_BUILD = new Set([
  'node_modules',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache'
])

/** What the backend path knows of the project's tree once it has been checked. */
export interface ProjectTree {
  /** The project folder, links resolved. */
  project: string
  /**
   * The git repository holding the project, links resolved, when project code may see it: a
   * version computed from git (setuptools-scm's `root = ".."`, hatch-vcs) needs the repository's
   * git folder and its work tree, which in a monorepo lie above the project.
   */
  repository?: GitFolders
  /** Why the repository holding the project is not shown, when it is not. */
  notShown?: string
  /**
   * The `.git` folders in what was checked (the work tree, or the project alone), the
   * repository's own among them: their configuration may hold a checkout's token.
   */
  gitDirs: string[]
}

/** Whether a folder of the project is left out of what the backend gets: caches, environments. */
async function leftOut(folder: string, root: string): Promise<boolean> {
  return isLeftOut(folder, root, folder === root ? [] : await readdir(folder))
}

/**
 * Whether `folder` (holding `names`) is left out of the build: a cache or a virtual environment,
 * never `root` itself. Pure.
 */
function isLeftOut(folder: string, root: string, names: readonly string[]): boolean {
  if (folder === root) return false
  return NOT_PART_OF_A_BUILD.has(path.basename(folder)) || isVirtualEnvironment(names)
}

/** A virtual environment (`python -m venv .venv`) is full of links to the runner's Python. */
function isVirtualEnvironment(names: readonly string[]): boolean {
  return names.includes('pyvenv.cfg')
}

/**
 * The project's tree, checked: the repository around it (shown unless its work tree is `/` or
 * holds a folder project code must not see, `hidden`), and no link in what project code will see
 * (the work tree, or the project alone) leading outside it. A backend would follow such a link and
 * send what it finds (a README linked to a file of the runner), or import it (a backend module
 * linked in from elsewhere). Git folders are not looked into; caches and virtual environments
 * only for the git folders in them, when the repository is shown.
 */
export async function surveyProject(
  projectDir: string,
  hidden: readonly string[],
  log: (line: string) => void = () => undefined
): Promise<ProjectTree> {
  const project = await realpath(projectDir)
  const found = gitFoldersOf(project)
  const notShown = found === undefined ? undefined : whyNotShown(found, hidden)
  const repository = found !== undefined && notShown === undefined ? found : undefined
  const root = repository?.top ?? project
  // A monorepo's work tree can be large: say why it is read before reading it.
  if (root !== project)
    log(
      `Checking the links in the git repository around the project (${root}): the build backend will see it read-only, so none may lead outside it.`
    )
  const gitDirs: string[] = []
  // Each folder read once, its subfolders in parallel: a monorepo's work tree can be large.
  // Folders left out of the build are still walked when the repository is shown, for their git
  // folders only (a `pip install -e git+https://TOKEN@...` leaves one in a virtual environment):
  // project code sees them, so their configurations must be cleaned. Their links are not checked.
  const visit = async (folder: string, leftOutAbove: boolean): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true })
    const skipped =
      leftOutAbove ||
      isLeftOut(
        folder,
        root,
        entries.map(entry => entry.name)
      )
    if (skipped && repository === undefined) return
    const checks: Array<Promise<void>> = []
    for (const entry of entries) {
      const file = path.join(folder, entry.name)
      if (entry.isSymbolicLink()) {
        if (!skipped) checks.push(refuseIfOutside(file, root, repository))
      } else if (entry.isDirectory() && entry.name === '.git') gitDirs.push(file)
      else if (entry.isDirectory()) checks.push(visit(file, skipped))
    }
    await Promise.all(checks)
  }
  await visit(root, false)
  return {
    project,
    ...(repository !== undefined ? { repository } : {}),
    ...(notShown !== undefined ? { notShown } : {}),
    gitDirs: gitDirs.sort()
  }
}

/** Why project code may not see this repository, or undefined when it may. Reads git's files. */
function whyNotShown(repository: GitFolders, hidden: readonly string[]): string | undefined {
  const folders = [repository.top, repository.gitDir, repository.commonDir]
  if (folders.some(folder => path.dirname(folder) === folder))
    return `its work tree is ${repository.top}`
  if (!isWhereGitKeepsIt(repository))
    return `its git folder ${repository.gitDir} is not where git keeps a clone's, a worktree's or a submodule's`
  const covered = hidden.find(cover => folders.some(folder => isWithinFolder(cover, folder)))
  if (covered !== undefined) return `it holds ${covered}, which project code must not see`
  if (folders.some(folder => folder.includes('\n')))
    return 'its path holds a line break, which git configuration cannot name'
  return undefined
}

/** Throws when the link `file` leads outside `root` (the project, or its repository). */
async function refuseIfOutside(file: string, root: string, repository?: GitFolders): Promise<void> {
  const target = await realpath(file).catch(() => undefined)
  if (target === undefined || isWithinFolder(target, root)) return
  const name = path.relative(root, file)
  if (repository === undefined) {
    throw new MetadataError(
      `${name} in the project folder is a link to ${target}, outside the project: the build backend would read it, so nothing was run.`,
      `Replace the link with a copy of the file (or set project-dir to a folder that holds both); files outside the project are never read on its behalf.`
    )
  }
  throw new MetadataError(
    `${name} in the git repository of the project (${repository.top}) is a link to ${target}, outside the repository: the build backend could read it, so nothing was run.`,
    'Replace the link with a copy of the file; files outside the project and its repository are never read on its behalf.'
  )
}

/**
 * Copies the project with its links as they are, leaving out what is no part of a build, and with
 * the credentials a checkout may have left in its git configuration removed. The repository's own
 * git folder is not copied when it is shown (read-only, in its place): an empty folder stands
 * where it will be shown.
 */
export async function copyProject(tree: ProjectTree, to: string): Promise<void> {
  const shownGitDir =
    tree.repository !== undefined && tree.repository.top === tree.project
      ? path.join(tree.project, '.git')
      : undefined
  await cp(tree.project, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: async source => {
      const stats = await lstat(source)
      if (stats.isSymbolicLink() || stats.isFile()) return true
      if (!stats.isDirectory() || source === shownGitDir) return false // Sockets, pipes.
      return !(await leftOut(source, tree.project))
    }
  })
  if (shownGitDir !== undefined && tree.gitDirs.includes(shownGitDir))
    await mkdir(path.join(to, '.git'))
  const copied = tree.gitDirs.filter(
    gitDir => gitDir !== shownGitDir && isWithinFolder(gitDir, tree.project)
  )
  for (const file of copied.flatMap(gitConfigFiles)) {
    const copy = path.join(to, path.relative(tree.project, file))
    // Removed first: writing to a link would write to wherever it leads.
    await rm(copy)
    await writeFile(copy, configWithoutCredentials(file))
  }
}
