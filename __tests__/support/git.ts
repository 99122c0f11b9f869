/** Test repositories: a folder made into a git repository whose single commit carries a tag. */
import { execFileSync } from 'node:child_process'

/** Commits everything in `dir` as one release and tags it, as a tag-triggered checkout would be. */
export function commitAndTag(dir: string, tag: string): void {
  const git = (...args: string[]): void => {
    execFileSync(
      'git',
      ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args],
      {
        stdio: 'ignore'
      }
    )
  }
  git('init', '-q')
  git('add', '.')
  git('commit', '-qm', 'release')
  git('tag', tag)
}
