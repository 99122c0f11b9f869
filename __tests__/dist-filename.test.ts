/**
 * A distribution must be what its file name says: the name and version in the file name, and in
 * the folder that holds its metadata, agree with the metadata, as pip and packaging compare them.
 */
import { describe, expect, it } from '@jest/globals'
import { cp, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkDistFileName } from '../src/metadata/dist/dist-filename.js'
import { MetadataError } from '../src/errors.js'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newIndex,
  newJob,
  runMain,
  SAMPLE,
  USERS
} from './support/action-harness.js'
import { runPython } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const DISTS = path.join(REPO_ROOT, '__tests__', 'data', 'dists')
const WHEEL = path.join(DISTS, 'peer_register_sample-0.1.0-py3-none-any.whl')

describe('checkDistFileName', () => {
  const release = { name: 'My.Package', version: '1.0.0rc1' }

  it.each([
    ['my_package-1.0.0rc1-py3-none-any.whl', 'my_package-1.0.0rc1.dist-info/METADATA'],
    ['My.Package-1.0.0rc1-1-py3-none-any.whl', 'My.Package-1.0.0rc1.dist-info/METADATA'],
    ['my_package-1.0rc1-py3-none-any.whl', 'my_package-1.0.0c1.dist-info/METADATA'],
    ['my_package-1.0.0rc1.tar.gz', 'my_package-1.0.0rc1/PKG-INFO'],
    ['My.Package-1.0.0rc1.tar.gz', 'My.Package-1.0.0rc1/PKG-INFO'],
    // A legacy sdist keeps the name as written, hyphens included.
    ['my-package-1.0.0rc1.zip', 'my-package-1.0.0rc1/PKG-INFO']
  ])('accepts %s holding %s', (fileName, member) => {
    expect(() => checkDistFileName(fileName, member, release)).not.toThrow()
  })

  it.each([
    [
      'goodpkg-1.0-py3-none-any.whl',
      'goodpkg-1.0.dist-info/METADATA',
      /its file name names "goodpkg-1\.0", but its metadata \(goodpkg-1\.0\.dist-info\/METADATA\) declares My\.Package 1\.0\.0rc1\./
    ],
    [
      'my_package-1.0.0rc1-py3-none-any.whl',
      'evilname-6.6.dist-info/METADATA',
      /its evilname-6\.6\.dist-info\/ folder names "evilname-6\.6"/
    ],
    [
      'my_package-1.0.0-py3-none-any.whl',
      'my_package-1.0.0rc1.dist-info/METADATA',
      /names "my_package-1\.0\.0"/
    ],
    ['my_package-1.0.0rc1-any.whl', 'x', /is not a valid wheel file name/],
    [
      'other-1.0.0rc1.tar.gz',
      'my_package-1.0.0rc1/PKG-INFO',
      /its file name names "other-1\.0\.0rc1"/
    ],
    [
      'my_package-1.0.0rc1.tar.gz',
      'evil-6.6/PKG-INFO',
      /its top folder evil-6\.6\/ names "evil-6\.6"/
    ]
  ])('refuses %s holding %s, naming both', (fileName, member, message) => {
    expect(() => checkDistFileName(fileName, member, release)).toThrow(MetadataError)
    expect(() => checkDistFileName(fileName, member, release)).toThrow(message)
  })

  it('agrees with packaging on what a wheel file name holds', () => {
    const names = [
      'my_package-1.0.0rc1-py3-none-any.whl',
      'my_package-1.0rc1-py3-none-any.whl',
      'My.Package-01.00.00rc1-7-py3-none-any.whl',
      'other-1.0.0rc1-py3-none-any.whl',
      'my_package-1.0.0-py3-none-any.whl'
    ]
    const python = runPython<boolean[]>(
      `import json, sys
from packaging.utils import parse_wheel_filename, canonicalize_name
from packaging.version import Version
print(json.dumps([n == canonicalize_name('My.Package') and v == Version('1.0.0rc1')
  for n, v, _, _ in map(parse_wheel_filename, json.load(sys.stdin))]))`,
      names
    )
    const ours = names.map(name => {
      try {
        checkDistFileName(name, 'my_package-1.0.0rc1.dist-info/METADATA', release)
        return true
      } catch {
        return false
      }
    })
    expect(ours).toEqual(python)
  })
})

describe('through the action', () => {
  async function projectWith(build: (dist: string) => void): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'dist-name-'))
    await cp(SAMPLE, dir, { recursive: true })
    await mkdir(path.join(dir, 'dist'), { recursive: true })
    build(path.join(dir, 'dist'))
    return dir
  }

  /** Copies the sample wheel to `target`, renaming its .dist-info folder and METADATA's name/version. */
  function rewrapWheel(target: string, folder: string, name: string, version: string): void {
    runPython(
      `import json, sys, zipfile
src, dst, folder, name, version = json.load(sys.stdin)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w') as zout:
    for item in zin.infolist():
        data = zin.read(item)
        if item.filename.endswith('.dist-info/METADATA'):
            data = data.replace(b'Name: peer-register-sample', b'Name: ' + name.encode())
            data = data.replace(b'Version: 0.1.0', b'Version: ' + version.encode())
        item.filename = folder + '/' + item.filename.split('/', 1)[1] if '.dist-info/' in item.filename else item.filename
        zout.writestr(item, data)
print('null')`,
      [WHEEL, target, folder, name, version]
    )
  }

  it.each([
    [
      'a wheel named goodpkg holding evilname-6.6.dist-info',
      'goodpkg-1.0-py3-none-any.whl',
      ['evilname-6.6.dist-info', 'evilname', '6.6'],
      /goodpkg-1\.0-py3-none-any\.whl: its file name names "goodpkg-1\.0", but its metadata \(evilname-6\.6\.dist-info\/METADATA\) declares evilname 6\.6\./
    ],
    [
      'a wheel whose METADATA names another project than its file and folder',
      'goodpkg-1.0-py3-none-any.whl',
      ['goodpkg-1.0.dist-info', 'evilname', '1.0'],
      /its file name names "goodpkg-1\.0", but its metadata \(goodpkg-1\.0\.dist-info\/METADATA\) declares evilname 1\.0\./
    ]
  ] as const)(
    '%s is refused before anything is sent',
    async (_, fileName, [folder, name, version], message) => {
      const project = await projectWith(dist =>
        rewrapWheel(path.join(dist, fileName), folder, name, version)
      )
      const index = await newIndex({ flavour: 'devpi', users: USERS })
      const run = await runMain(
        await newJob(),
        { repository: index.url, ...ALICE, 'metadata-source': 'dist' },
        project
      )
      expect(failureLine(run)).toMatch(message)
      expect(index.requests).toHaveLength(0)
    }
  )
})
