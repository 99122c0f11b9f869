/**
 * The PEP 517 path through the bundled action, as a runner runs it: what reaches the index equals
 * the METADATA of the wheel the backend builds, an isolated build installs its backend with pip from
 * a local wheel folder (no index), project code never sees a secret, files outside the project are
 * refused, and a static project needs no Python at all.
 */
import { describe, expect, it } from '@jest/globals'
import { chmod, cp, mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { registrationFields } from '../src/index-client/form.js'
import { parsePkgInfo } from '../src/metadata/pkginfo.js'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newIndex,
  newJob,
  projectCopy,
  runMain,
  SAMPLE,
  USERS,
  visibleText
} from './support/action-harness.js'
import { commitAfter, commitAndTag } from './support/git.js'
import { DEBIAN_PYTHON } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'
import { buildWheel, readWheelMetadata } from './support/wheels.js'

cleanUpAfterEach()

const PROJECTS = path.join(REPO_ROOT, '__tests__', 'data', 'projects')
/** Debian's setuptools, wheel and pip wheels: what its venv module uses offline. */
const DEBIAN_WHEELS = '/usr/share/python-wheels'
/** Backend runs with Debian's Python, which has the real backends, as it is. */
const NOT_ISOLATED = { python: DEBIAN_PYTHON, 'build-isolation': 'false' }

async function copyOf(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `e2e-${name}-`))
  await cp(path.join(PROJECTS, name), dir, {
    recursive: true,
    filter: source => !source.includes(`${path.sep}expected`)
  })
  return dir
}

/** The form fields of the one register request the index received. */
function sentFields(index: { requests: Array<{ fields?: Array<[string, string]> }> }) {
  const posts = index.requests.filter(request => request.fields !== undefined)
  expect(posts).toHaveLength(1)
  return posts[0]!.fields
}

/**
 * A build backend packaged as a wheel, to be installed by pip into the isolated environment: its
 * prepare_metadata_for_build_wheel sends the project's environment as the description (to check
 * that no secret reaches it) and prints a line shaped like a workflow command.
 */
async function backendWheel(out: string): Promise<void> {
  const src = await mkdtemp(path.join(tmpdir(), 'dumpback-'))
  await writeFile(
    path.join(src, 'pyproject.toml'),
    '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "dumpback"\nversion = "1.0"\n'
  )
  await writeFile(
    path.join(src, 'dumpback.py'),
    [
      'import json, os',
      '',
      'def get_requires_for_build_wheel(config_settings=None):',
      '    return []',
      '',
      'def prepare_metadata_for_build_wheel(directory, config_settings=None):',
      '    print("::warning::forged by the backend")',
      '    os.mkdir(os.path.join(directory, "dumped-2.0.dist-info"))',
      '    with open(os.path.join(directory, "dumped-2.0.dist-info", "METADATA"), "w") as f:',
      '        f.write("Metadata-Version: 2.1\\nName: dumped\\nVersion: 2.0\\nSummary: from an installed backend\\n\\n")',
      '        json.dump(dict(os.environ), f)',
      '    return "dumped-2.0.dist-info"',
      ''
    ].join('\n')
  )
  await buildWheel(src, out)
}

describe('the build backend decides, through the bundled action', () => {
  it('setup.cfg with setup() requirements: the index gets exactly the wheel’s METADATA (isolated, pip from a local folder)', async () => {
    const dir = await copyOf('setuptools-cfg-and-py')
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, python: DEBIAN_PYTHON },
      dir,
      { PIP_NO_INDEX: '1', PIP_FIND_LINKS: DEBIAN_WHEELS }
    )
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toContain('The build backend decides: the metadata is in setup.cfg.')
    expect(run.stdout).toContain('in a fresh virtual environment (build-isolation: true)')
    // Said once, as it starts: not again among what is said after.
    expect(run.stdout.split('Asking the build backend setuptools.build_meta')).toHaveLength(2)
    expect(run.stdout).toMatch(/Installed setuptools>=61 \(build-system\.requires\)/)
    const wheel = await buildWheel(
      await copyOf('setuptools-cfg-and-py'),
      await mkdtemp(path.join(tmpdir(), 'wheel-'))
    )
    const expected = registrationFields(parsePkgInfo(readWheelMetadata(wheel), 'METADATA').metadata)
    expect(sentFields(index)).toEqual(expected)
    // setup()'s install_requires and extras_require are in it, which setup.cfg alone lacks.
    const requirements = expected.filter(([name]) => name === 'requires_dist').map(([, v]) => v)
    expect(requirements).toHaveLength(4)
    expect(requirements.join('\n')).toMatch(
      /^requests.*\n^tomli.*\n^click.*extra == .cli.*\n^sphinx/m
    )
  })

  it('an installed backend never sees a secret, and its output is never a workflow command', async () => {
    const wheels = await mkdtemp(path.join(tmpdir(), 'wheels-'))
    await chmod(wheels, 0o755) // As a runner's folder is: the sandbox user reads it.
    for (const name of await readdir(DEBIAN_WHEELS))
      await cp(path.join(DEBIAN_WHEELS, name), path.join(wheels, name))
    await backendWheel(wheels)
    const dir = await mkdtemp(path.join(tmpdir(), 'dumped-'))
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      '[build-system]\nrequires = ["dumpback"]\nbuild-backend = "dumpback"\n'
    )
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const secrets = {
      TWINE_PASSWORD: 'twine-secret-value',
      GITHUB_TOKEN: 'ghs_github-secret-value',
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret-value',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret-value',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.invalid/?secret=oidc-url-secret',
      DEPLOY_API_KEY: 'api-key-secret-value',
      HTTPS_PROXY: 'http://proxyuser:proxy-secret-value@proxy.invalid:3128',
      SOMETHING_ELSE: `holds ${ALICE.password} inside`
    }
    const run = await runMain(
      await newJob(),
      { repository: index.url, ...ALICE, python: DEBIAN_PYTHON },
      dir,
      { ...secrets, NO_PROXY: '127.0.0.1,localhost', PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels }
    )
    expect(run.stdout).toContain('project code contained')
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs.name).toBe('dumped')
    const env = sentFields(index)?.find(([name]) => name === 'description')?.[1] ?? ''
    for (const value of [
      ALICE.password,
      ...Object.values(secrets).filter(value => !value.startsWith('http://proxyuser')),
      'proxy-secret-value',
      'proxyuser'
    ]) {
      expect(env).not.toContain(value)
    }
    const seen = JSON.parse(env) as Record<string, string>
    expect(Object.keys(seen).filter(name => name.startsWith('INPUT_'))).toEqual([])
    expect(seen.HTTPS_PROXY).toBe('http://proxy.invalid:3128')
    expect(seen.PIP_FIND_LINKS).toBe(wheels)
    expect(run.stdout).not.toMatch(/^::warning::forged/m)
  })

  it('a failing setup.py: one error line, its output quoted in the log', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'failing-'))
    await writeFile(
      path.join(dir, 'setup.py'),
      'import sys\nprint("::error::forged")\nsys.exit("cannot configure: missing Cython")\n'
    )
    const run = await runMain(
      await newJob(),
      { repository: 'pypi', 'dry-run': 'true', ...NOT_ISOLATED },
      dir
    )
    expect(failureLine(run)).toMatch(
      /^The build backend setuptools\.build_meta:__legacy__ failed in prepare_metadata_for_build_wheel \(SystemExit: cannot configure: missing Cython\); its output is shown above\./
    )
    expect(run.stdout).toContain('  | ::error::forged')
  })

  it('[build-system] without requires is refused, as pip and python -m build refuse it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'no-requires-'))
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      '[build-system]\nbuild-backend = "setuptools.build_meta"\n'
    )
    await writeFile(
      path.join(dir, 'setup.py'),
      'from setuptools import setup\nsetup(name="x", version="1")\n'
    )
    const run = await runMain(
      await newJob(),
      { repository: 'pypi', 'dry-run': 'true', ...NOT_ISOLATED },
      dir
    )
    expect(failureLine(run)).toMatch(
      /^pyproject\.toml: \[build-system\] has no requires, which PEP 518 makes mandatory/
    )
    expect(run.stdout).not.toContain('Asking the build backend')
  })

  it('no Python on the runner: the message names actions/setup-python', async () => {
    const dir = await copyOf('setuptools-setuppy')
    const run = await runMain(
      await newJob(),
      { repository: 'pypi', 'dry-run': 'true', python: 'no-such-python' },
      dir
    )
    expect(failureLine(run)).toMatch(/No Python 3\.8 or later .*actions\/setup-python/)
  })

  it('a dev version from git on a tag push still fails the tag check', async () => {
    const dir = await copyOf('setuptools-scm')
    commitAndTag(dir, 'v1.4.2')
    commitAfter(dir)
    const run = await runMain(
      await newJob(),
      { repository: 'pypi', 'dry-run': 'true', ...NOT_ISOLATED },
      dir,
      {
        GITHUB_REF: 'refs/tags/v1.4.2',
        GITHUB_REF_TYPE: 'tag',
        GITHUB_REF_NAME: 'v1.4.2'
      }
    )
    expect(failureLine(run)).toMatch(/v1\.4\.2.*1\.4\.3\.dev1\+g[0-9a-f]+/)
  })
})

describe('the static path', () => {
  it('a static [project] table registers with no Python on PATH', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, SAMPLE, {
      PATH: '/nonexistent'
    })
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toContain('Read the [project] table directly')
  })

  it.each([
    ['a path that climbs out', 'readme = {file = "../../etc/passwd", content-type = "text/plain"}'],
    ['a symbolic link that leads out', 'readme = {file = "LINK.txt", content-type = "text/plain"}']
  ])('refuses %s, naming the field', async (_label, readme) => {
    const dir = await projectCopy(text => text.replace('readme = "README.md"', readme))
    await symlink('/etc/passwd', path.join(dir, 'LINK.txt'))
    await mkdir(path.join(dir, 'dist'), { recursive: true })
    const run = await runMain(await newJob(), { repository: 'pypi', 'dry-run': 'true' }, dir)
    expect(failureLine(run)).toMatch(
      /^pyproject\.toml: project\.readme\.file names "(\.\.\/\.\.\/etc\/passwd|LINK\.txt)", which is outside the project folder/
    )
    expect(visibleText(run)).not.toContain('root:x:0:0')
  })
})
