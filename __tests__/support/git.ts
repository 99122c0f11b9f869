/** Test repositories: a folder made into a git repository whose single commit carries a tag. */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

function git(dir: string, ...args: string[]): void {
  execFileSync(
    'git',
    ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args],
    { stdio: 'ignore' }
  )
}

/** Commits everything in `dir` as one release and tags it, as a tag-triggered checkout would be. */
export function commitAndTag(dir: string, tag: string): void {
  git(dir, 'init', '-q')
  git(dir, 'add', '.')
  git(dir, 'commit', '-qm', 'release')
  git(dir, 'tag', tag)
}

/** One more commit (a new file), so that HEAD is past the last tag. */
export function commitAfter(dir: string): void {
  writeFileSync(path.join(dir, 'NEWS.txt'), 'after the release\n')
  git(dir, 'add', 'NEWS.txt')
  git(dir, 'commit', '-qm', 'next')
}
