/**
 * What project code sees of the git repository around the project, in the sandbox: the work tree
 * and the git folders, read-only, in their own places (so that a version computed from git finds
 * the repository and its files as they are checked out, for a project at the top as for one in a
 * subfolder), every git configuration in them covered by a copy without the credentials a checkout
 * leaves there, and a global git configuration that lets git read a repository another user owns.
 */
import { chmod, mkdir, realpath, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isWithinFolder } from '../../within-folder.js'
import { configWithoutCredentials, gitConfigFiles } from './git-folders.js'
import type { ProjectTree } from './project-tree.js'

/** The repository as the sandbox shows it. */
export interface RepositoryView {
  /** The work tree's top folder. */
  top: string
  /** Shown read-only in their places (the project's own place then holds its copy). */
  folders: string[]
  /** Configuration files covered by `copy`, which has no credentials. */
  configs: Array<{ copy: string; target: string }>
  /** The global git configuration project code gets. */
  gitConfig: string
}

/**
 * Prepares the view of the project's repository: writes the configurations without credentials
 * into `folder` (which the sandbox user can read but not change) and the global git configuration
 * into `home` (the sandbox user's home folder). Undefined when no repository is shown.
 */
export async function prepareRepositoryView(
  tree: ProjectTree,
  folder: string,
  home: string
): Promise<RepositoryView | undefined> {
  const repository = tree.repository
  if (repository === undefined) return undefined
  const { top, gitDir, commonDir } = repository
  // The project's copy stands in its place, in the work tree; the git folder is shown in it too.
  // Resolved: the sandbox's init script refuses a bind path that goes through a link.
  const folders = await Promise.all(
    [...(top === tree.project ? [] : [top]), gitDir, commonDir].map(folder => realpath(folder))
  )
  // Git folders in the work tree outside the project (other checkouts) are shown with it; those
  // inside the project are copied with it, their configuration cleaned in the copy.
  const gitDirs = [
    gitDir,
    commonDir,
    ...tree.gitDirs.filter(other => !isWithinFolder(other, tree.project))
  ]
  const files = [...new Set(gitDirs.flatMap(gitConfigFiles))]
  await mkdir(folder, { mode: 0o755 })
  const configs: RepositoryView['configs'] = []
  for (const file of files) {
    const target = await realpath(file).catch(() => undefined)
    if (target === undefined) continue // A dangling link: git cannot read it either.
    const copy = path.join(folder, String(configs.length))
    await writeFile(copy, configWithoutCredentials(file))
    await chmod(copy, 0o644)
    configs.push({ copy, target })
  }
  const gitConfig = path.join(home, '.gitconfig')
  await writeFile(gitConfig, globalGitConfig(top))
  return { top, folders, configs, gitConfig }
}

/**
 * Git refuses a repository that another user owns (`safe.directory`, git 2.35.2 and later), and
 * the sandbox user owns none: this one, and only this one, is declared safe, in the global
 * configuration, which every git version with the check reads. Pure.
 */
function globalGitConfig(top: string): string {
  const quoted = top.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  return `[safe]\n\tdirectory = "${quoted}"\n`
}
