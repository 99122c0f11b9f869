import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { globSync } from 'tinyglobby'
import { isTopLevelPattern, projectFilesAt } from '../src/metadata/project-files.js'

/** Names that patterns may trip over: case, hidden files, brackets, spaces, non-ASCII, links. */
const FILES = [
  'LICENSE',
  'LICENSE.txt',
  'LICENCE.md',
  'license',
  'COPYING',
  'COPYING.LESSER',
  'AUTHORS.rst',
  '.LICENSE-hidden',
  'LICENSE[1]',
  'LICENSE 2',
  'LICENSE-é',
  'README.md',
  'sub/LICENSE',
  'sub/deeper/COPYING'
]

let project: string

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'project-files-'))
  for (const file of FILES) {
    await mkdir(path.dirname(path.join(project, file)), { recursive: true })
    await writeFile(path.join(project, file), file)
  }
  await mkdir(path.join(project, 'NOTICE'))
  await symlink('LICENSE', path.join(project, 'LICENSE-link'))
  await symlink('sub', path.join(project, 'COPYING-dir'))
  await symlink('missing', path.join(project, 'NOTICE-dangling'))
  await symlink('AUTHORS-loop', path.join(project, 'AUTHORS-loop'))
})

afterAll(async () => {
  await rm(project, { recursive: true, force: true })
})

describe('projectFilesAt(...).glob', () => {
  const topLevel = [
    'LICEN[CS]E*',
    'COPYING*',
    'NOTICE*',
    'AUTHORS*',
    'LICENSE*',
    '*',
    '*.txt',
    '?ICENSE',
    'license',
    'LICENSE.{txt,md}',
    '[!L]*',
    'LICENSE[[]1]',
    '@(COPYING|NOTICE)*',
    '.LICENSE*',
    '*-é',
    'LICENSE 2',
    'nothing-matches*'
  ]
  const nested = ['sub/*', '**/LICENSE', '**/COPYING*', 'sub/**', '!LICENSE', './LICENSE']

  it.each(topLevel)('answers %s from one listing, exactly as tinyglobby does', pattern => {
    expect(isTopLevelPattern(pattern)).toBe(true)
    expect(projectFilesAt(project, 'pyproject.toml').glob(pattern)).toEqual(
      globSync(pattern, { cwd: project, onlyFiles: true, dot: true, expandDirectories: false })
        .map(file => file.split(path.sep).join('/'))
        .sort()
    )
  })

  it.each(nested)('leaves %s to tinyglobby', pattern => {
    expect(isTopLevelPattern(pattern)).toBe(false)
  })

  it('finds the files behind the default license globs, links to files included', () => {
    const files = projectFilesAt(project, 'pyproject.toml')
    expect(['LICEN[CS]E*', 'COPYING*', 'NOTICE*', 'AUTHORS*'].flatMap(p => files.glob(p))).toEqual([
      'LICENCE.md',
      'LICENSE',
      'LICENSE 2',
      'LICENSE-link',
      'LICENSE-é',
      'LICENSE.txt',
      'LICENSE[1]',
      'COPYING',
      'COPYING.LESSER',
      'AUTHORS.rst'
    ])
  })

  it('finds nothing in a folder that cannot be listed, as tinyglobby does', () => {
    const files = projectFilesAt(path.join(project, 'no-such-folder'), 'pyproject.toml')
    expect(files.glob('LICENSE*')).toEqual([])
  })
})
