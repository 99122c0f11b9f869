/**
 * The git folders of a project's repository as read without running git: which configuration
 * files are found (submodules included, whatever they are named), and which git folders are taken
 * for a repository to show.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { configWithoutCredentials, gitConfigFiles } from '../src/metadata/pep517/git-folders.js'
import { surveyProject } from '../src/metadata/pep517/project-tree.js'
import { commitAndTag, git } from './support/git.js'

/** A repository with one commit, in a fresh folder. */
async function repository(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `git-folders-${name}-`))
  await writeFile(path.join(dir, 'README'), name)
  commitAndTag(dir, 'v1')
  return dir
}

describe('gitConfigFiles', () => {
  it('finds the configuration of a submodule named like a folder of a git folder (tools/hooks)', async () => {
    const top = await repository('top')
    const sub = await repository('sub')
    await mkdir(path.join(top, 'tools'))
    git(top, 'submodule', 'add', '-q', sub, 'tools/hooks')
    const found = gitConfigFiles(path.join(top, '.git'))
    expect(found).toContain(path.join(top, '.git', 'modules', 'tools', 'hooks', 'config'))
    // The git folder's own hooks/ and refs/ are still not searched.
    expect(found.filter(file => /\/\.git\/(hooks|refs|objects)\//.test(file))).toEqual([])
  })
})

/** A folder with a HEAD in it, in a hidden home folder: what a planted pointer would name. */
async function hiddenGitLookalike(): Promise<{ home: string; config: string }> {
  const home = await mkdtemp(path.join(tmpdir(), 'git-folders-home-'))
  const config = path.join(home, '.config')
  await mkdir(path.join(config, 'objects'), { recursive: true })
  await mkdir(path.join(config, 'refs'))
  await writeFile(path.join(config, 'HEAD'), 'ref: refs/heads/main\n')
  await writeFile(path.join(config, 'gh-token'), 'secret')
  return { home, config }
}

describe('the repository shown around a project', () => {
  it('is not shown when a .git file points to a folder git would not keep there', async () => {
    const { home, config } = await hiddenGitLookalike()
    const project = await mkdtemp(path.join(tmpdir(), 'git-folders-project-'))
    await writeFile(path.join(project, '.git'), `gitdir: ${config}\n`)
    const tree = await surveyProject(project, [home])
    expect(tree.repository).toBeUndefined()
    expect(tree.notShown).toBe(
      `its git folder ${config} is not where git keeps a clone's, a worktree's or a submodule's`
    )
  })

  it('is not shown when a planted commondir leads out of its git folder', async () => {
    const { home, config } = await hiddenGitLookalike()
    const project = await repository('planted')
    await writeFile(path.join(project, '.git', 'commondir'), `${config}\n`)
    const tree = await surveyProject(project, [home])
    expect(tree.repository).toBeUndefined()
    expect(tree.notShown).toContain('is not where git keeps')
  })

  it('is shown for a clone, a linked worktree and a submodule, as git keeps them', async () => {
    const top = await repository('top')
    const sub = await repository('sub')
    git(top, 'submodule', 'add', '-q', sub, 'sub')
    git(top, 'commit', '-qm', 'submodule')
    const worktree = `${top}-worktree`
    git(top, 'worktree', 'add', '-q', worktree)
    for (const [project, expected] of [
      [top, top],
      [path.join(top, 'sub'), path.join(top, 'sub')],
      [worktree, worktree]
    ]) {
      const tree = await surveyProject(project!, [])
      expect(tree.notShown).toBeUndefined()
      expect(tree.repository?.top).toBe(expected)
    }
  })
})

describe('the git folders found in a shown work tree', () => {
  it('include those in a virtual environment and in caches (so that their configurations are cleaned)', async () => {
    const top = await repository('venv')
    const dep = path.join(top, '.venv', 'src', 'dep', '.git')
    await mkdir(dep, { recursive: true })
    await writeFile(path.join(top, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n')
    const cached = path.join(top, 'node_modules', 'tool', '.git')
    await mkdir(cached, { recursive: true })
    const tree = await surveyProject(top, [])
    expect(tree.repository?.top).toBe(top)
    expect(tree.gitDirs).toEqual(expect.arrayContaining([dep, cached]))
  })
})

describe('configWithoutCredentials', () => {
  it('drops the token however the configuration writes it, as git itself reads the result', async () => {
    const token = 'ghs_TOKEN-value'
    const dir = await mkdtemp(path.join(tmpdir(), 'git-folders-config-'))
    const file = path.join(dir, 'config')
    await writeFile(
      file,
      [
        '[core]',
        '\tbare = false',
        `[http "https://github.com/"] extraheader = AUTHORIZATION: basic ${token}`,
        '[http "https://example.com/"]',
        `\tExtraHeader = AUTHORIZATION: \\`,
        `\t\tbasic ${token}`,
        '[credential]',
        `\tHelper = store --file /home/runner/${token}`,
        '[remote "origin"]',
        `\turl = https://x-access-token:${token}@github.com/o/r`,
        ''
      ].join('\n')
    )
    const cleaned = path.join(dir, 'cleaned')
    await writeFile(cleaned, configWithoutCredentials(file))
    const read = execFileSync('git', ['config', '-f', cleaned, '--list'], { encoding: 'utf8' })
    expect(read).not.toContain(token)
    expect(read).toContain('core.bare=false')
    expect(read).toContain('remote.origin.url=https://github.com/o/r')
    // The original, as git reads it, has the token in all four places.
    const original = execFileSync('git', ['config', '-f', file, '--list'], { encoding: 'utf8' })
    expect(original.split(token)).toHaveLength(5)
  })
})
