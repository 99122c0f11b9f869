/**
 * Test repositories: a folder made into a git repository whose single commit carries a tag, and git
 * run as a test's author would.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Runs git in `dir` with a fixed author (and local paths allowed as submodule sources), returning
 * what it printed, trimmed.
 */
export function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-C',
      dir,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.invalid',
      '-c',
      'protocol.file.allow=always',
      ...args
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  ).trim()
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
