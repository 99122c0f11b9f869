/**
 * The PEP 517 path on its own: what project code may see, how failures, hangs and a missing Python
 * are reported, backend-path confinement, and the shallow-clone advice. Real backends, real Python.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { loadProjectMetadata } from '../src/metadata/sources.js'
import { isSecretName, scrubEnvironment } from '../src/metadata/pep517/environment.js'
import { surveyProject } from '../src/metadata/pep517/project-tree.js'
import { quoteOutput } from '../src/metadata/pep517/run.js'
import {
  closeSandbox,
  openSandbox,
  processesOf,
  runInSandbox,
  SandboxUnavailable
} from '../src/metadata/pep517/sandbox.js'
import { commitAfter, commitAndTag } from './support/git.js'
import { sourceTree } from './support/load-options.js'
import { REPO_ROOT } from './support/runner-job.js'

const PROJECTS = path.join(REPO_ROOT, '__tests__', 'data', 'projects')

/** A project whose in-tree backend runs `body` in prepare_metadata_for_build_wheel. */
async function backendProject(body: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pep517-'))
  await mkdir(path.join(dir, 'backend'))
  await writeFile(
    path.join(dir, 'pyproject.toml'),
    '[build-system]\nrequires = []\nbuild-backend = "inline"\nbackend-path = ["backend"]\n'
  )
  await writeFile(
    path.join(dir, 'backend', 'inline.py'),
    `import os, sys, time\n\ndef prepare_metadata_for_build_wheel(directory, config_settings=None):\n${body
      .split('\n')
      .map(line => `    ${line}`)
      .join(
        '\n'
      )}\n    os.mkdir(os.path.join(directory, "x-1.dist-info"))\n    with open(os.path.join(directory, "x-1.dist-info", "METADATA"), "w") as f:\n        f.write("Metadata-Version: 2.1\\nName: x\\nVersion: 1\\n")\n    return "x-1.dist-info"\n`
  )
  return dir
}

function collect(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = []
  return { lines, log: line => lines.push(line) }
}

describe('the environment of project code', () => {
  it('keeps what a build needs and drops every secret, by name and by value', () => {
    const env = scrubEnvironment(
      {
        PATH: '/usr/bin',
        HOME: '/home/runner',
        LANG: 'C.UTF-8',
        PWD: '/work',
        SOURCE_DATE_EPOCH: '1700000000',
        PIP_INDEX_URL: 'https://user:pip-pass@pypi.example/simple',
        PIP_FIND_LINKS: '/wheels',
        HTTPS_PROXY: 'http://proxyuser:proxy-pass@proxy.example:3128',
        no_proxy: 'localhost',
        INPUT_PASSWORD: 'p',
        INPUT_REPOSITORY: 'https://index',
        TWINE_PASSWORD: 'p',
        GITHUB_TOKEN: 'ghs_x',
        ACTIONS_RUNTIME_TOKEN: 'x',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
        STATE_pypirc: '/tmp/x',
        GITHUB_ENV: '/tmp/env',
        NPM_TOKEN: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        MY_API_KEY: 'x',
        SOME_SETTING: 'contains the-index-password inside',
        KEYBOARD_LAYOUT: 'us'
      },
      ['the-index-password']
    )
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      PWD: '/work',
      SOURCE_DATE_EPOCH: '1700000000',
      PIP_INDEX_URL: 'https://pypi.example/simple',
      PIP_FIND_LINKS: '/wheels',
      HTTPS_PROXY: 'http://proxy.example:3128',
      no_proxy: 'localhost',
      KEYBOARD_LAYOUT: 'us'
    })
    // Every other name is dropped: only these are left, with the three that tell Python and pip
    // how to behave.
    expect(Object.keys(env).sort()).toEqual(
      [
        'HOME',
        'HTTPS_PROXY',
        'KEYBOARD_LAYOUT',
        'LANG',
        'PATH',
        'PIP_DISABLE_PIP_VERSION_CHECK',
        'PIP_FIND_LINKS',
        'PIP_INDEX_URL',
        'PIP_NO_INPUT',
        'PWD',
        'PYTHONIOENCODING',
        'SOURCE_DATE_EPOCH',
        'no_proxy'
      ].sort()
    )
    expect(JSON.stringify(env)).not.toMatch(/pip-pass|proxy-pass|the-index-password/)
  })

  it('judges names by words, not by letters inside them', () => {
    expect(['MONKEY_PATH', 'KEYBOARD', 'PASSAGE_DIR'].filter(isSecretName)).toEqual([])
    expect(['DB_PASSWORD', 'APIKEY', 'SSH_AUTH_SOCK', 'github_token'].every(isSecretName)).toBe(
      true
    )
  })

  it('quotes child output so that no line can be a workflow command', () => {
    const quoted = quoteOutput('::error::forged\n::add-mask::x\nplain')
    expect(quoted.split('\n').every(line => line.startsWith('  | '))).toBe(true)
  })
})

describe('running the backend', () => {
  it('a backend that fails: its own output is shown quoted, and the step says where it failed', async () => {
    const dir = await backendProject(
      'sys.stderr.write("::error::forged by the backend\\n")\nraise RuntimeError("cannot find the compiler")'
    )
    const { lines, log } = collect()
    await expect(loadProjectMetadata(sourceTree(dir, { backend: { log } }))).rejects.toThrow(
      'The build backend inline failed in prepare_metadata_for_build_wheel (RuntimeError: cannot find the compiler); its output is shown above.'
    )
    const output = lines.find(line => line.startsWith('Output of the failed step'))
    expect(output).toContain('  | ::error::forged by the backend')
    expect(output).toContain('  | RuntimeError: cannot find the compiler')
    expect(lines.join('\n')).not.toMatch(/^::/m)
  })

  it('uncontained, a backend that hangs past build-timeout is stopped, with its process group', async () => {
    const dir = await backendProject(
      'import subprocess\nchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])\nopen("child.pid", "w").write(str(child.pid))\ntime.sleep(60)'
    )
    const started = Date.now()
    await expect(
      loadProjectMetadata(sourceTree(dir, { backend: { timeoutMs: 2000, contain: false } }))
    ).rejects.toThrow(
      `The build backend inline failed in prepare_metadata_for_build_wheel: it did not finish within 2 s (input 'build-timeout'), so it was stopped.`
    )
    expect(Date.now() - started).toBeLessThan(10_000)
    // What the backend started was stopped too: gone, or dead and waiting to be reaped ("Z").
    const child = Number(await readFile(path.join(dir, 'child.pid'), 'utf8'))
    await new Promise(resolve => setTimeout(resolve, 200))
    const state = await readFile(`/proc/${child}/stat`, 'utf8').then(
      stat => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3),
      () => 'gone'
    )
    expect(['gone', 'Z']).toContain(state)
  })

  it('no Python: a message that names actions/setup-python', async () => {
    const dir = await backendProject('pass')
    const attempt = loadProjectMetadata(
      sourceTree(dir, { backend: { python: 'no-such-python-here' } })
    )
    await expect(attempt).rejects.toThrow(
      "No Python 3.8 or later was found to run the project's build backend (no-such-python-here: not found)."
    )
    await expect(attempt).rejects.toMatchObject({
      advice: expect.stringContaining('actions/setup-python')
    })
  })

  it('the backend must be installed when isolation is off', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pep517-'))
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      '[build-system]\nrequires = ["nobackend>=1"]\nbuild-backend = "nobackend.api"\n'
    )
    const attempt = loadProjectMetadata(sourceTree(dir))
    await expect(attempt).rejects.toThrow(
      "The build backend nobackend.api cannot be imported (ModuleNotFoundError: No module named 'nobackend')"
    )
    await expect(attempt).rejects.toMatchObject({
      advice: expect.stringContaining('pip install "nobackend>=1"')
    })
  })

  it('backend-path must stay inside the project', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pep517-'))
    await writeFile(
      path.join(dir, 'pyproject.toml'),
      '[build-system]\nrequires = []\nbuild-backend = "x"\nbackend-path = [".."]\n'
    )
    await expect(loadProjectMetadata(sourceTree(dir))).rejects.toThrow(
      /build-system\.backend-path names "\.\.", which is outside the project folder/
    )
  })

  it('a shallow clone gets the fetch-depth advice', async () => {
    const origin = await mkdtemp(path.join(tmpdir(), 'pep517-origin-'))
    await cp(path.join(PROJECTS, 'setuptools-scm'), origin, {
      recursive: true,
      filter: source => !source.includes(`${path.sep}expected`)
    })
    commitAndTag(origin, 'v1.4.2')
    commitAfter(origin)
    const clone = path.join(await mkdtemp(path.join(tmpdir(), 'pep517-clone-')), 'c')
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, clone], {
      stdio: 'ignore'
    })
    const loaded = await loadProjectMetadata(sourceTree(clone))
    expect(loaded.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /The checkout is shallow, .* set `fetch-depth: 0` on actions\/checkout/
        )
      ])
    )
  })

  it('a sandbox that cannot be set up runs nothing, and says why', async () => {
    const project = await backendProject('pass')
    const opening = await openSandbox(await surveyProject(project, []), tmpdir(), [], [])
    if ('unavailable' in opening) {
      // No root and no sudo -n here: containment.test.ts says so loudly; nothing to set up.
      expect(opening.unavailable).toMatch(/sudo|Linux|util-linux/)
      return
    }
    const { sandbox } = opening
    try {
      // Its work folder gone, the init script stops before the command: exit 125, no ready line.
      await rm(sandbox.work, { recursive: true, force: true })
      const marker = path.join(project, 'ran')
      const attempt = runInSandbox(sandbox, ['/usr/bin/touch', marker], {
        env: {},
        cwd: '/',
        deadline: Date.now() + 30_000
      })
      await expect(attempt).rejects.toThrow(SandboxUnavailable)
      await expect(attempt).rejects.toThrow(/the namespaces could not be set up \(.+\)/)
      await expect(readFile(marker)).rejects.toThrow(/ENOENT/)
    } finally {
      closeSandbox(sandbox)
    }
  })

  it('a bind target that goes through a link planted in the work folder stops the sandbox, and nothing is made through it', async () => {
    const project = await backendProject('pass')
    const opening = await openSandbox(await surveyProject(project, []), tmpdir(), [], [])
    if ('unavailable' in opening) {
      expect(opening.unavailable).toMatch(/sudo|Linux|util-linux/)
      return
    }
    const { sandbox } = opening
    // Not in /tmp, which the sandbox gets a private one of.
    const outside = await mkdtemp(path.join(homedir(), 'pep517-outside-'))
    try {
      const options = { env: {}, cwd: '/', deadline: Date.now() + 30_000 }
      await runInSandbox(sandbox, ['/bin/true'], options)
      // What the sandbox user could leave in its home folder for the next entry.
      const planted = path.join(sandbox.work, 'home', 'planted')
      await symlink(outside, planted)
      sandbox.mounts.binds.push({
        source: path.join(sandbox.work, 'tmp'),
        target: path.join(planted, 'made'),
        readOnly: false
      })
      const attempt = runInSandbox(sandbox, ['/bin/true'], options)
      await expect(attempt).rejects.toThrow(/could not be entered again/)
      expect(await readdir(outside)).toEqual([])
    } finally {
      closeSandbox(sandbox)
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('closing a sandbox kills every process of its user, wherever it runs, and removes its folder', async () => {
    const tree = await surveyProject(await backendProject('pass'), [])
    const opening = await openSandbox(tree, tmpdir(), [], [])
    if ('unavailable' in opening) {
      expect(opening.unavailable).toMatch(/sudo|Linux|util-linux/)
      return
    }
    const { sandbox } = opening
    // A process of the sandbox user outside any namespace, as a leak would be.
    const [program, ...args] = [
      ...sandbox.elevate,
      'setpriv',
      `--reuid=${sandbox.id}`,
      `--regid=${sandbox.id}`,
      '--clear-groups',
      'sleep',
      '60'
    ]
    const straggler = spawn(program!, args, { stdio: 'ignore' })
    const gone = new Promise(resolve => straggler.on('exit', resolve))
    for (let i = 0; i < 100 && processesOf(sandbox.id).length === 0; i++)
      await new Promise(resolve => setTimeout(resolve, 20))
    expect(processesOf(sandbox.id)).toHaveLength(1)
    closeSandbox(sandbox)
    await gone
    expect(processesOf(sandbox.id)).toEqual([])
    await expect(readFile(sandbox.scratch)).rejects.toThrow(/ENOENT/)
  })
})
