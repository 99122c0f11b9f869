/** What git says about the checkout: the tags on HEAD and whether tracked files changed. I/O only. */

export interface HeadState {
  /** Tags pointing at HEAD, as git lists them. */
  tags: string[]
  /** Tracked files differ from HEAD (untracked files do not count, as for setuptools_scm). */
  dirty: boolean
  /** The commit HEAD points at. */
  commit: string
}

/** Asks git about HEAD in `directory`; undefined when it is not a git checkout or git is missing. */
export function readHeadState(directory: string): HeadState | undefined {
  // Loaded here, not at the top: only a version taken from git needs it, and loading it costs
  // about 5 ms of every run that reads a source tree.
  const { execFileSync } = process.getBuiltinModule('node:child_process')
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', directory, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000
    })
  try {
    const commit = git('rev-parse', 'HEAD').trim()
    const tags = git('tag', '--points-at', 'HEAD')
      .split('\n')
      .map(tag => tag.trim())
      .filter(Boolean)
    const dirty = git('status', '--porcelain', '--untracked-files=no').trim() !== ''
    return { tags, dirty, commit }
  } catch {
    return undefined
  }
}
