/**
 * The project tree the build backend gets: which of its folders are part of a build, the check that
 * no link in it leads outside the project, and its copy into the sandbox.
 */
import { cp, lstat, readdir, readFile, realpath, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { MetadataError } from '../../errors.js'

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

/** Whether a folder of the project is left out of what the backend gets: caches, environments. */
async function leftOut(folder: string, root: string): Promise<boolean> {
  if (folder === root) return false
  if (NOT_PART_OF_A_BUILD.has(path.basename(folder))) return true
  // A virtual environment (`python -m venv .venv`) is full of links to the runner's Python.
  return (await readdir(folder)).includes('pyvenv.cfg')
}

/**
 * Refuses the project when a link in it leads outside its folder: a backend would follow it and
 * send what it finds (a README linked to a file of the runner), or import it (a backend module
 * linked in from elsewhere). Git's own folder, caches and virtual environments are not looked into.
 */
export async function refuseLinksOutside(projectDir: string): Promise<void> {
  const root = await realpath(projectDir)
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name)
      if (entry.isSymbolicLink()) {
        const target = await realpath(file).catch(() => undefined)
        if (target !== undefined && target !== root && !target.startsWith(root + path.sep)) {
          const name = path.relative(projectDir, file)
          throw new MetadataError(
            `${name} in the project folder is a link to ${target}, outside the project: the build backend would read it, so nothing was run.`,
            `Replace the link with a copy of the file (or set project-dir to a folder that holds both); files outside the project are never read on its behalf.`
          )
        }
      } else if (entry.isDirectory() && entry.name !== '.git' && !(await leftOut(file, folder))) {
        await visit(file)
      }
    }
  }
  await visit(projectDir)
}

/**
 * Copies the project with its links as they are, leaving out what is no part of a build, and with
 * the credentials actions/checkout may have left in its git configuration removed.
 */
export async function copyProject(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: async source => {
      const stats = await lstat(source)
      if (stats.isSymbolicLink() || stats.isFile()) return true
      if (!stats.isDirectory()) return false // Sockets and pipes are no part of a build.
      return !(await leftOut(source, from))
    }
  })
  const gitConfig = path.join(to, '.git', 'config')
  const text = await readFile(gitConfig, 'utf8').catch(() => undefined)
  if (text !== undefined) await writeFile(gitConfig, withoutCredentials(text))
}

/**
 * A git configuration without the credentials a checkout keeps in it: `http.*.extraheader` (the
 * job's token, as actions/checkout writes it unless persist-credentials is false) and userinfo in
 * URLs. Git reads keys case-insensitively. Pure.
 */
function withoutCredentials(gitConfig: string): string {
  return gitConfig
    .split('\n')
    .filter(line => !/^\s*extraheader\s*=/i.test(line))
    .map(line => line.replace(/(\w[\w+.-]*:\/\/)[^/@\s]*@/g, '$1'))
    .join('\n')
}
