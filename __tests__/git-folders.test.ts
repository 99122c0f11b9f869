/**
 * The git folders of a project's repository as read without running git: which configuration
 * files are found (submodules included, whatever they are named).
 */
import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gitConfigFiles } from '../src/metadata/pep517/git-folders.js'
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
