/**
 * End to end: the committed bundles in dist/ run as child processes with a runner's environment,
 * against a real HTTP index on loopback.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { cp, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { createServer as createHttpServer } from 'node:http'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  closedPort,
  failureLine,
  listen,
  newIndex,
  newJob,
  projectCopy,
  runMain,
  SAMPLE,
  USERS,
  visibleText
} from './support/action-harness.js'
import { runPython } from './support/python.js'
import { REPO_ROOT, type StepRun } from './support/runner-job.js'
import type { LocalIndex } from './local-index/server.js'

cleanUpAfterEach()

/** A rule of an index's own, beyond the specifications: pypi.org has it, some private indexes too. */
const privateClassifierPolicy = (fields: ReadonlyArray<[string, string]>) =>
  fields.some(([name, value]) => name === 'classifiers' && value.startsWith('Private ::'))
    ? 'the classifier Private :: Do Not Upload is refused here'
    : undefined

const withPrivateClassifier = (pyproject: string) =>
  pyproject.replace('classifiers = [', 'classifiers = [\n    "Private :: Do Not Upload",')

describe('registering on a devpi-like index', () => {
  it('stores the metadata, sets the outputs, keeps the .pypirc private, and the post step removes it', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const job = await newJob()
    const main = await runMain(job, { repository: index.url, ...ALICE })

    expect(main.code).toBe(0)
    expect(main.outputs).toMatchObject({
      name: 'peer-register-sample',
      version: '0.1.0',
      status: 'registered'
    })

    // The index asked what it is, one register request, the release read back: all authenticated
    // up front, naming the action in its User-Agent.
    expect(index.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /alice/dev/',
      'POST /alice/dev/',
      'GET /alice/dev/peer-register-sample/0.1.0'
    ])
    const request = index.requests[1]!
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}`
    )
    expect(request.headers['user-agent']).toMatch(/^pypi-register\/\d+\.\d+\.\d+ /)

    const stored = index.record('peer-register-sample', '0.1.0')
    expect(stored).toMatchObject({
      name: 'peer-register-sample',
      version: '0.1.0',
      summary: 'Sample project for testing the legacy register call',
      description: await readFile(path.join(SAMPLE, 'README.md'), 'utf8'),
      description_content_type: 'text/markdown',
      author_email: 'Zoë Example <zoe@example.invalid>',
      classifiers: [
        'Development Status :: 3 - Alpha',
        'License :: OSI Approved :: MIT License',
        'Programming Language :: Python :: 3'
      ],
      requires_dist: ['requests>=2', 'pytest; extra == "test"'],
      provides_extras: ['test']
    })

    const pypirc = main.outputs['pypirc-path']!
    expect(path.dirname(pypirc)).toBe(job.runnerTemp)
    expect((await stat(pypirc)).mode & 0o777).toBe(0o600)
    const section = `127.0.0.1-${new URL(index.url).port}-alice-dev`
    // Read back the way twine reads it.
    const parsed = runPython<Record<string, Record<string, string>>>(
      `import configparser, json, sys
p = configparser.RawConfigParser()
p.read(json.load(sys.stdin), encoding='utf-8')
print(json.dumps({s: dict(p.items(s)) for s in p.sections()}))`,
      pypirc
    )
    expect(parsed[section]).toEqual({
      repository: index.url,
      username: ALICE.username,
      password: ALICE.password
    })
    expect(parsed.distutils?.['index-servers']?.split(/\s+/).filter(Boolean)).toEqual([section])

    expect(main.summary).toContain(`| \`${section}\`<br>${index.url} | ✅ registered (200) |`)
    expect(JSON.parse(main.outputs.results!)).toEqual([
      {
        repository: section,
        url: index.url,
        outcome: 'registered',
        http_status: 200,
        message: `Registered on ${index.url} (200 OK). Read back: 15 of 15 fields stored unchanged.`,
        advice: null,
        stored: expect.objectContaining({ changed: [], lost: [] }),
        attempts: 1,
        seconds: expect.any(Number)
      }
    ])

    const post = await job.run('post')
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`Removed ${pypirc}`)
    expect(existsSync(pypirc)).toBe(false)

    for (const run of [main, post]) expect(visibleText(run)).not.toContain(ALICE.password)
    expect(main.stdout).toContain(`::add-mask::${ALICE.password.replace(/%/g, '%25')}`)
  })

  it('reports the server’s reason for metadata it refuses by a rule of its own', async () => {
    const index = await newIndex({
      flavour: 'devpi',
      users: USERS,
      policy: privateClassifierPolicy
    })
    const project = await projectCopy(withPrivateClassifier)
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, project)
    expect(run.outputs.status).toBe('invalid')
    expect(failureLine(run)).toMatch(
      /rejected the metadata: 400 invalid metadata: the classifier Private :: Do Not Upload is refused here\. Fix the field/
    )
  })

  it('refuses metadata that breaks the specifications before sending, pointing at the line', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const project = await projectCopy(text =>
      text.replace('version = "0.1.0"', 'version = "not a version"')
    )
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, project)
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('error')
    expect(run.stdout).toMatch(
      /^::error title=Metadata error,file=pyproject\.toml,line=7::pyproject\.toml:7 \(project\.version\): Version "not a version" is not a PEP 440 version/m
    )
    expect(run.stdout).toMatch(
      /^::error::Metadata check: 1 error and 2 warnings in pyproject\.toml, each shown at its line; nothing was sent\./m
    )
    expect(run.stdout).toMatch(/^::warning title=Metadata warning,file=pyproject\.toml,line=12::/m)
    expect(run.outputs['pypirc-path']).toBeUndefined()
    expect(index.requests).toHaveLength(0)
  })

  it('strict makes the warnings errors', async () => {
    const run = await runMain(await newJob(), {
      repository: 'pypi',
      'dry-run': 'true',
      strict: 'true'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^::error title=Metadata error,file=pyproject\.toml,line=12::.*\.invalid.*\(an error because of strict: true\)$/m
    )
    expect(run.stdout).toContain(
      'Metadata check: 2 errors in pyproject.toml, each shown at its line'
    )
  })
})

describe('other index flavours', () => {
  it('Warehouse over plain http demands https', async () => {
    const index = await newIndex({ flavour: 'warehouse' })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE })
    expect(failureLine(run)).toMatch(/requires HTTPS: 403 SSL is required\. Use https:/)
  })

  it('Warehouse’s 410 is a notice that pre-registration is gone, not a failure', async () => {
    const index = await newIndex({ flavour: 'warehouse', behindTls: true })
    const minimal = await mkdtemp(path.join(tmpdir(), 'minimal-'))
    await writeFile(
      path.join(minimal, 'pyproject.toml'),
      '[project]\nname = "minimal"\nversion = "1.0"\n'
    )
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, minimal)
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('unsupported')
    expect(run.stdout).toMatch(/^::notice::.*does not support pre-registration \(it answered 410 /m)
  })

  it('Warehouse’s 400 for repeated keys (classifiers) is the same notice', async () => {
    const index = await newIndex({ flavour: 'warehouse', behindTls: true })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('unsupported')
    expect(run.stdout).toMatch(
      /^::notice::.*\(it answered 400 POST body may not contain duplicate keys \(URL: 'http:\/\/127\.0\.0\.1:\d+\/'\)\)/m
    )
  })

  it('a redirect is reported with the URL to use and is not followed', async () => {
    const index = await newIndex({ flavour: 'warehouse', behindTls: true, path: '/legacy/' })
    const withoutSlash = index.url.replace(/\/$/, '')
    const run = await runMain(await newJob(), { repository: withoutSlash, ...ALICE })
    expect(run.outputs.status).toBe('redirect')
    expect(failureLine(run)).toContain(
      `The repository URL is missing its trailing slash: use ${index.url}.`
    )
    expect(index.requests.filter(request => request.method === 'POST')).toHaveLength(1)
  })
})

describe('without sending', () => {
  it('pypi.org gets no request, only a notice, and the .pypirc is still written for twine upload', async () => {
    const job = await newJob()
    const run = await runMain(job, { repository: 'pypi', password: 'pypi-AgEIcHlwaS5vcmc-token' })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('unsupported')
    expect(run.stdout).toMatch(
      /^::notice::https:\/\/upload\.pypi\.org\/legacy\/ \(pypi\.org\) does not support/m
    )
    const text = await readFile(run.outputs['pypirc-path']!, 'utf8')
    expect(text).toContain(
      '[pypi]\nrepository = https://upload.pypi.org/legacy/\nusername = __token__\n'
    )
    expect(visibleText(run)).not.toContain('pypi-AgEIcHlwaS5vcmc-token')
  })

  it('a dry run sends nothing, needs no password, and shows every field', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, 'dry-run': 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('dry-run')
    expect(index.requests).toHaveLength(0)
    expect(run.stdout).toContain('name = "peer-register-sample"')
    expect(run.stdout).toContain('description = "# peer-register-sample\\n\\nLine two')
    expect(run.summary).toContain('Fields that would be sent')
  })
})

describe('metadata from built distributions', () => {
  const DISTS = path.join(REPO_ROOT, '__tests__', 'data', 'dists')

  async function projectWithDists(
    extra: (dist: string) => Promise<void> = async () => undefined
  ): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'with-dists-'))
    await cp(SAMPLE, dir, { recursive: true })
    const dist = path.join(dir, 'dist')
    await cp(
      path.join(DISTS, 'peer_register_sample-0.1.0-py3-none-any.whl'),
      path.join(dist, 'peer_register_sample-0.1.0-py3-none-any.whl')
    )
    await cp(
      path.join(DISTS, 'peer-register-sample-0.1.0.tar.gz'),
      path.join(dist, 'peer-register-sample-0.1.0.tar.gz')
    )
    await extra(dist)
    return dir
  }

  it('prefers the wheel over the sdist, skips files that are not distributions, and says so', async () => {
    const project = await projectWithDists(async dist => {
      await writeFile(path.join(dist, 'SHA256SUMS'), 'abc  x.whl\n')
      await writeFile(
        path.join(dist, 'peer_register_sample-0.1.0-py3-none-any.whl.asc'),
        'signature'
      )
      await mkdtemp(path.join(dist, 'sub-'))
    })
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, project)
    expect(run.code).toBe(0)
    expect(run.outputs['metadata-source']).toBe('dist')
    expect(run.stdout).toContain('Skipped SHA256SUMS in ')
    expect(run.stdout).toContain('Skipped peer_register_sample-0.1.0-py3-none-any.whl.asc in ')
    expect(run.stdout).toContain(
      'Using the metadata of peer_register_sample-0.1.0-py3-none-any.whl (2 distributions agree'
    )
    // As the wheel's METADATA writes them: the sdist's PKG-INFO from setuptools 66 has none.
    expect(index.record('peer-register-sample', '0.1.0')?.requires_dist).toEqual([
      'requests (>=2)',
      "pytest ; extra == 'test'"
    ])
  })

  it('refuses distributions that disagree on the version, listing each', async () => {
    const project = await projectWithDists(async dist => {
      runPython(
        `import json, sys, zipfile
src, dst = json.load(sys.stdin)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w') as zout:
    for item in zin.infolist():
        data = zin.read(item)
        if item.filename.endswith('METADATA'):
            data = data.replace(b'Version: 0.1.0', b'Version: 0.2.0')
        # A consistent 0.2.0 wheel: its .dist-info folder names the version too.
        item.filename = item.filename.replace('-0.1.0.dist-info/', '-0.2.0.dist-info/')
        zout.writestr(item, data)
print('null')`,
        [
          path.join(DISTS, 'peer_register_sample-0.1.0-py3-none-any.whl'),
          path.join(dist, 'peer_register_sample-0.2.0-py3-none-any.whl')
        ]
      )
    })
    const run = await runMain(
      await newJob(),
      { repository: 'pypi', 'metadata-source': 'dist' },
      project
    )
    expect(failureLine(run)).toMatch(
      /disagree on the project name or version: peer-register-sample-0\.1\.0\.tar\.gz: peer-register-sample 0\.1\.0; peer_register_sample-0\.1\.0-py3-none-any\.whl: peer-register-sample 0\.1\.0; peer_register_sample-0\.2\.0-py3-none-any\.whl: peer-register-sample 0\.2\.0\./
    )
  })

  it('metadata-source: dist without distributions says where it looked', async () => {
    const run = await runMain(await newJob(), {
      repository: 'pypi',
      'metadata-source': 'dist',
      'dist-dir': 'build/out'
    })
    expect(failureLine(run)).toContain(
      `Input 'metadata-source' is dist, but there is no built distribution (.whl, .tar.gz, .zip) in ${path.join(SAMPLE, 'build', 'out')}.`
    )
  })
})

describe('bad input', () => {
  let unusedPort = 0
  beforeAll(async () => {
    unusedPort = await closedPort()
  })

  it('an unreachable index is a network error with its cause', async () => {
    const run = await runMain(await newJob(), {
      repository: `http://127.0.0.1:${unusedPort}/`,
      ...ALICE
    })
    expect(run.outputs.status).toBe('network-error')
    expect(failureLine(run)).toMatch(
      /Could not reach http:\/\/127\.0\.0\.1:\d+\/: the connection was refused/
    )
  })

  it('no pyproject.toml', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'empty-'))
    const run = await runMain(await newJob(), { repository: 'pypi', password: 'x' }, empty)
    expect(run.outputs.status).toBe('error')
    expect(failureLine(run)).toContain(
      `No project metadata found: no built distribution (.whl, .tar.gz, .zip) in ${empty}/dist; no PKG-INFO in ${empty}; no pyproject.toml with a [project] table in ${empty}; no setup.cfg with a [metadata] name in ${empty}; no setup.py in ${empty}.`
    )
  })

  it('malformed TOML names the line and column', async () => {
    const project = await projectCopy(text => text.replace('version = "0.1.0"', 'version = 0.1.0'))
    const run = await runMain(await newJob(), { repository: 'pypi', password: 'x' }, project)
    expect(failureLine(run)).toMatch(/pyproject\.toml is not valid TOML: .* at line 7, column 14\./)
  })

  it('a missing name or version', async () => {
    const noVersion = await projectCopy(text => text.replace(/^version = .*$/m, ''))
    expect(failureLine(await runMain(await newJob(), { repository: 'pypi' }, noVersion))).toMatch(
      /project\.version is missing/
    )
    const noName = await projectCopy(text => text.replace(/^name = .*$/m, ''))
    expect(failureLine(await runMain(await newJob(), { repository: 'pypi' }, noName))).toMatch(
      /project\.name is missing/
    )
  })

  it('a password .pypirc cannot hold is refused before anything is written or sent, without showing it', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const job = await newJob()
    const run = await runMain(job, {
      repository: index.url,
      username: 'alice',
      password: 'Tr4iling-newline\n'
    })
    expect(failureLine(run)).toMatch(/contains a line break/)
    expect(visibleText(run)).not.toContain('Tr4iling-newline')
    expect(index.requests).toHaveLength(0)
    expect(run.state).toEqual({})
  })

  it('the post step has nothing to do when main wrote nothing', async () => {
    const post = await (await newJob()).run('post')
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('nothing to remove')
  })
})

describe('credentials from a .pypirc, the environment or a config file', () => {
  /** A .pypirc with the index under test and a second index whose password must never show. */
  function pypircFor(index: LocalIndex, password = ALICE.password): string {
    return `[distutils]
index-servers =
    devpi
    other

[devpi]
repository = ${index.url}
username = alice
password = ${password}

[other]
repository = https://other.example.invalid/
username = bob
password = other-S3cret-pw
`
  }

  it('a pypirc secret: repository names its section, and the written .pypirc carries it for twine', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), { repository: 'devpi', pypirc: pypircFor(index) })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toContain(
      `Index ${index.url} (from input 'repository', [devpi] in input 'pypirc'); user alice`
    )
    const written = await readFile(run.outputs['pypirc-path']!, 'utf8')
    expect(written).toBe(
      `[distutils]\nindex-servers =\n    devpi\n\n[devpi]\nrepository = ${index.url}\nusername = alice\npassword = ${ALICE.password}\n`
    )
    expect(visibleText(run)).not.toContain(ALICE.password)
    expect(visibleText(run)).not.toContain('other-S3cret-pw')
  })

  it('the TWINE_* variables alone', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await runMain(await newJob(), {}, SAMPLE, {
      TWINE_REPOSITORY_URL: index.url,
      TWINE_USERNAME: ALICE.username,
      TWINE_PASSWORD: ALICE.password
    })
    expect(run.outputs.status).toBe('registered')
    expect(run.stdout).toContain('user alice (from TWINE_USERNAME); password from TWINE_PASSWORD')
    expect(visibleText(run)).not.toContain(ALICE.password)
  })

  it('a config file in the workspace, its section found by the repository URL', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const project = await projectCopy(text => text)
    await mkdir(path.join(project, 'ci'))
    await writeFile(path.join(project, 'ci', 'pypirc'), pypircFor(index))
    const run = await runMain(
      await newJob(),
      { repository: index.url, 'config-file': 'ci/pypirc' },
      project
    )
    expect(run.outputs.status).toBe('registered')
    expect(index.record('peer-register-sample', '0.1.0')).toBeDefined()
    expect(visibleText(run)).not.toContain(ALICE.password)
  })

  it('the post step removes the .pypirc even when main failed after writing it', async () => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const job = await newJob()
    const main = await runMain(job, {
      repository: 'devpi',
      pypirc: pypircFor(index, 'wrong-password')
    })
    expect(main.code).toBe(1)
    const written = main.state['pypirc-path']!
    expect(existsSync(written)).toBe(true)
    const post = await job.run('post')
    expect(post.code).toBe(0)
    expect(existsSync(written)).toBe(false)
  })

  it('a config file that does not exist', async () => {
    const run = await runMain(await newJob(), { 'config-file': 'missing/.pypirc' })
    expect(failureLine(run)).toContain(
      `Input 'config-file' names ${path.join(SAMPLE, 'missing', '.pypirc')}, which does not exist.`
    )
  })

  describe('no secret reaches the log, the outputs or the summary, on any failure path', () => {
    const SECRETS = [
      'other-S3cret-pw',
      'env-Pa55-word-x',
      'url-Pa55-word-y',
      'wrong-Pa55-word-z',
      'broken-line-S3cret'
    ]
    const base64Forms = (user: string, password: string) => [
      Buffer.from(`${user}:${password}`).toString('base64')
    ]

    function expectNoSecret(run: StepRun): void {
      const text = visibleText(run)
      for (const secret of [...SECRETS, ALICE.password]) expect(text).not.toContain(secret)
      for (const form of [
        ...base64Forms('alice', 'wrong-Pa55-word-z'),
        ...base64Forms('alice', ALICE.password),
        ...base64Forms('alice', 'env-Pa55-word-x')
      ]) {
        expect(text).not.toContain(form)
      }
    }

    it.each([
      ['a wrong password in the .pypirc (401)', 'unauthorized'],
      ['a malformed .pypirc', 'error'],
      ['a section that does not exist', 'error'],
      ['an unreachable index', 'network-error'],
      ['a server error that echoes the credentials', 'server-error'],
      ['metadata the index rejects (400)', 'invalid'],
      ['credentials in the URL, refused (401)', 'unauthorized']
    ])('%s', async (label, status) => {
      const index = await newIndex({
        flavour: 'devpi',
        users: USERS,
        policy: privateClassifierPolicy
      })
      // TWINE_PASSWORD outranks the .pypirc section, so it is set only where it is the one in use.
      const env: Record<string, string> = {}
      const useEnvPassword = (): void => {
        env.TWINE_PASSWORD = 'env-Pa55-word-x'
      }
      let inputs: Record<string, string> = { repository: 'devpi', pypirc: pypircFor(index) }
      let project = SAMPLE
      if (label.startsWith('a wrong password'))
        inputs.pypirc = pypircFor(index, 'wrong-Pa55-word-z')
      if (label.startsWith('a malformed')) inputs.pypirc = `${pypircFor(index)}broken-line-S3cret\n`
      if (label.startsWith('a section')) inputs.repository = 'devpii'
      if (label.startsWith('an unreachable')) {
        inputs = { repository: `http://127.0.0.1:${await closedPort()}/` }
        useEnvPassword()
      }
      if (label.startsWith('a server error')) {
        inputs = { repository: await echoingServer(), username: 'alice', retries: '0' }
        useEnvPassword()
      }
      if (label.startsWith('metadata')) project = await projectCopy(withPrivateClassifier)
      if (label.startsWith('credentials in the URL')) {
        inputs = { repository: index.url.replace('http://', 'http://alice:url-Pa55-word-y@') }
      }
      const run = await runMain(await newJob(), inputs, project, env)
      expect(run.outputs.status).toBe(status)
      failureLine(run)
      expectNoSecret(run)
    })
  })
})

/** A hostile index: it answers 500 with the request's Authorization header in its body and status line. */
async function echoingServer(): Promise<string> {
  const server = createHttpServer((request, response) => {
    request.resume()
    request.on('end', () => {
      const authorization = request.headers.authorization ?? ''
      response.statusCode = 500
      response.statusMessage = `boom ${authorization}`
      response.setHeader('content-type', 'text/plain')
      response.end(`you sent ${authorization}`)
    })
  })
  return `${await listen(server)}/`
}

describe('several indexes', () => {
  it('registers on all of them; one failing fails the step with its own line, the others stay registered', async () => {
    const devpi = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/dev/' })
    const second = await newIndex({ flavour: 'devpi', users: USERS, path: '/alice/prod/' })
    const refusing = await newIndex({ flavour: 'pypiserver', users: { alice: 'another-password' } })
    const run = await runMain(await newJob(), {
      repository: `${devpi.url}\n${second.url}, ${refusing.url}`,
      ...ALICE
    })
    expect(run.outputs.status).toBe('forbidden')
    expect(failureLine(run)).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/ refused the registration: 403 Forbidden\./
    )
    expect(devpi.record('peer-register-sample', '0.1.0')).toBeDefined()
    expect(second.record('peer-register-sample', '0.1.0')).toBeDefined()
    const results = JSON.parse(run.outputs.results!) as Array<{ url: string; outcome: string }>
    expect(results.map(result => [result.url, result.outcome])).toEqual([
      [devpi.url, 'registered'],
      [second.url, 'registered'],
      [refusing.url, 'forbidden']
    ])
    expect(run.summary.match(/^\| `[^`]+`<br>http:\/\/127/gm)).toHaveLength(3)
    const written = await readFile(run.outputs['pypirc-path']!, 'utf8')
    expect(written.match(/^\[127\.0\.0\.1-\d+[^\]]*\]$/gm)).toHaveLength(3)
  })

  it('sends to all indexes at once: each answers only when all three requests have arrived', async () => {
    const urls = await barrierServers(3)
    const run = await runMain(await newJob(), { repository: urls.join(','), ...ALICE })
    expect(run.outputs.status).toBe('registered')
    expect(
      (JSON.parse(run.outputs.results!) as Array<{ outcome: string }>).map(r => r.outcome)
    ).toEqual(['registered', 'registered', 'registered'])
  })

  it('on-unsupported: fail makes pypi.org a failure; skip keeps it out of the notices', async () => {
    const fail = await runMain(await newJob(), { repository: 'pypi', 'on-unsupported': 'fail' })
    expect(failureLine(fail)).toMatch(
      /does not support pre-registration, so no request was sent\. Input 'on-unsupported' is fail/
    )
    const skip = await runMain(await newJob(), { repository: 'pypi', 'on-unsupported': 'skip' })
    expect(skip.code).toBe(0)
    expect(skip.stdout).not.toContain('::notice::')
    expect(skip.stdout).toContain('does not support pre-registration')
  })
})

/**
 * `count` indexes sharing one barrier: none answers before all have a request, so a client that sent
 * one at a time would get the 503 each sends after 5 s of waiting instead.
 */
async function barrierServers(count: number): Promise<string[]> {
  const waiting: Array<() => void> = []
  const release = (): void => {
    if (waiting.length === count) for (const answer of waiting.splice(0)) answer()
  }
  const urls: string[] = []
  for (let i = 0; i < count; i++) {
    const server = createHttpServer((request, response) => {
      request.resume()
      // Only the register requests meet at the barrier; the probe before them is answered at once.
      if (request.method === 'GET') return void response.writeHead(404).end()
      request.on('end', () => {
        const giveUp = setTimeout(() => {
          response.statusCode = 503
          response.end()
        }, 5000)
        waiting.push(() => {
          clearTimeout(giveUp)
          response.end()
        })
        release()
      })
    })
    urls.push(`${await listen(server)}/index-${i}/`)
  }
  return urls
}

describe('retries through the bundle', () => {
  it('a 500 then a 200: registered after a logged retry, two attempts in the results', async () => {
    let requests = 0
    const server = createHttpServer((request, response) => {
      request.resume()
      request.on('end', () => {
        if (request.method === 'GET') return void response.writeHead(404).end()
        requests++
        response
          .writeHead(requests === 1 ? 500 : 200, requests === 1 ? 'Internal Server Error' : 'OK')
          .end()
      })
    })
    const url = `${await listen(server)}/`
    const run = await runMain(await newJob(), { repository: url, ...ALICE })
    expect(run.outputs.status).toBe('registered')
    // A retry that succeeds is a line in the log, not a warning on a green run.
    expect(run.stdout).toMatch(
      /^[^:].*500 Internal Server Error\. Trying again in 0\.\d s \(attempt 2 of 4\)\./m
    )
    expect(run.stdout).not.toContain('::warning::')
    expect(JSON.parse(run.outputs.results!)).toMatchObject([{ outcome: 'registered', attempts: 2 }])
  })

  it('refuses retries and timeout values out of range', async () => {
    expect(failureLine(await runMain(await newJob(), { retries: 'many' }))).toBe(
      'Input \'retries\' is "many", which is not a whole number from 0 to 10. Give a whole number from 0 to 10 (default 3).'
    )
    expect(failureLine(await runMain(await newJob(), { timeout: '0' }))).toMatch(
      /Input 'timeout' is "0", which is not a whole number from 1 to 600\./
    )
  })
})
