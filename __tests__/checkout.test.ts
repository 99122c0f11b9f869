/**
 * The shallow-clone warning for versions computed from git tags: shown when a shallow clone hides
 * the tag, and not when HEAD carries it, as on a tag-triggered run that actions/checkout fetched
 * at depth 1. Real git repositories, read the way git writes them (loose and packed refs,
 * lightweight and annotated tags), then a real setuptools-scm build, directly and through the
 * bundled action.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { versionHiddenByShallowClone } from '../src/metadata/pep517/checkout.js'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { cleanUpAfterEach, newJob, runMain } from './support/action-harness.js'
import { sourceTree } from './support/load-options.js'
import { DEBIAN_PYTHON } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  ).trim()
}

/** A repository with two commits; the first tagged `tag` (annotated when asked), HEAD on the second. */
async function origin(tag: string, annotated = false): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'checkout-origin-'))
  git(dir, 'init', '-q', '-b', 'main')
  await writeFile(path.join(dir, 'a.txt'), 'one\n')
  git(dir, 'add', '.')
  git(dir, 'commit', '-qm', 'release')
  git(dir, 'tag', ...(annotated ? ['-a', '-m', 'release'] : []), tag)
  await writeFile(path.join(dir, 'b.txt'), 'two\n')
  git(dir, 'add', '.')
  git(dir, 'commit', '-qm', 'next')
  return dir
}

/**
 * What actions/checkout does for a tag push at its default depth of 1: fetch the tag's commit
 * into the tag's ref (or, with `ref` given as a tag, the tag itself), then check it out detached.
 */
async function tagCheckout(from: string, tag: string, refspec: 'commit' | 'tag'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'checkout-'))
  git(dir, 'init', '-q')
  git(dir, 'remote', 'add', 'origin', `file://${from}`)
  const commit = git(from, 'rev-parse', `${tag}^{commit}`)
  const source = refspec === 'commit' ? commit : `refs/tags/${tag}`
  git(dir, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', `+${source}:refs/tags/${tag}`)
  git(dir, 'checkout', '-q', '--detach', `refs/tags/${tag}`)
  return dir
}

function shallowClone(from: string, ...args: string[]): string {
  const dir = path.join(execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim(), 'c')
  execFileSync('git', ['clone', '-q', '--depth', '1', ...args, `file://${from}`, dir], {
    stdio: 'ignore'
  })
  return dir
}

describe('versionHiddenByShallowClone', () => {
  it('is false outside git and in a full clone', async () => {
    expect(versionHiddenByShallowClone(await mkdtemp(path.join(tmpdir(), 'no-git-')))).toBe(false)
    expect(versionHiddenByShallowClone(await origin('v1.0'))).toBe(false)
  })

  it('is true in a shallow clone whose HEAD is past the tag', async () => {
    expect(versionHiddenByShallowClone(shallowClone(await origin('v1.0')))).toBe(true)
  })

  it.each([
    ['a lightweight tag fetched by commit', false, 'commit'],
    ['an annotated tag fetched by commit', true, 'commit'],
    ['an annotated tag fetched as a tag', true, 'tag']
  ] as const)('is false on a tag checkout at depth 1: %s', async (_, annotated, refspec) => {
    const dir = await tagCheckout(await origin('v1.0', annotated), 'v1.0', refspec)
    expect(git(dir, 'rev-parse', '--is-shallow-repository')).toBe('true')
    expect(versionHiddenByShallowClone(dir)).toBe(false)
    // The same refs once git has packed them, peeled annotated tags included.
    git(dir, 'pack-refs', '--all')
    expect(versionHiddenByShallowClone(dir)).toBe(false)
  })

  it('is false on a branch whose tip carries the tag, and true for a tag that names no version', async () => {
    const tagged = await origin('v2.0')
    git(tagged, 'tag', 'v2.1')
    expect(versionHiddenByShallowClone(shallowClone(tagged, '--branch', 'main'))).toBe(false)
    const unnamed = await origin('v3.0')
    git(unnamed, 'tag', 'latest')
    expect(versionHiddenByShallowClone(shallowClone(unnamed, '--branch', 'main'))).toBe(true)
  })

  it('is false in a linked worktree of a tag checkout', async () => {
    const dir = await tagCheckout(await origin('v1.0'), 'v1.0', 'commit')
    const worktree = path.join(await mkdtemp(path.join(tmpdir(), 'worktree-')), 'w')
    git(dir, 'worktree', 'add', '-q', '--detach', worktree, 'refs/tags/v1.0')
    expect(versionHiddenByShallowClone(worktree)).toBe(false)
  })
})

describe('the warning, from a real setuptools-scm build', () => {
  /** A setuptools-scm project whose one commit is tagged v1.4.2, checked out as a tag push is. */
  async function scmTagCheckout(): Promise<string> {
    const from = await mkdtemp(path.join(tmpdir(), 'checkout-scm-'))
    await cp(path.join(REPO_ROOT, '__tests__', 'data', 'projects', 'setuptools-scm'), from, {
      recursive: true,
      filter: source => !source.includes(`${path.sep}expected`)
    })
    git(from, 'init', '-q')
    git(from, 'add', '.')
    git(from, 'commit', '-qm', 'release')
    git(from, 'tag', 'v1.4.2')
    return tagCheckout(from, 'v1.4.2', 'commit')
  }

  it('is not given on a tag checkout at depth 1, where the version is right', async () => {
    const loaded = await loadProjectMetadata(sourceTree(await scmTagCheckout()))
    expect(loaded.metadata.version).toBe('1.4.2')
    expect(loaded.warnings.join('\n')).not.toMatch(/shallow/)
  })

  it('is not given by the bundled action on a tag push checked out at depth 1', async () => {
    const checkout = await scmTagCheckout()
    const run = await runMain(
      await newJob(),
      { repository: 'pypi', 'dry-run': 'true', python: DEBIAN_PYTHON, 'build-isolation': 'false' },
      checkout,
      { GITHUB_REF: 'refs/tags/v1.4.2', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.4.2' }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.version).toBe('1.4.2')
    expect(run.stdout).not.toMatch(/shallow/)
  })
})
