/**
 * Project code is contained: the bundled action runs as a runner's unprivileged user, against a
 * hostile build backend (__tests__/data/hostile) that tries every way out and reports what it
 * reached to a loopback collector. With password-less sudo it reaches no secret and changes nothing
 * outside its scratch folder; without sudo, and with a credential set, it never runs at all.
 */
import { expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newIndex,
  newJob,
  USERS
} from './support/action-harness.js'
import { collector, type Report } from './support/collector.js'
import { DEBIAN_PYTHON } from './support/python.js'
import { REPO_ROOT, type RunnerJob, type StepRun } from './support/runner-job.js'
import {
  asUser,
  describeAsRunnerUsers,
  giveTo,
  PLAIN_USER,
  SUDO_USER
} from './support/unprivileged.js'

cleanUpAfterEach()

const HOSTILE = path.join(REPO_ROOT, '__tests__', 'data', 'hostile')
const SECRETS = {
  TWINE_PASSWORD: 'twine-secret-value',
  ACTIONS_RUNTIME_TOKEN: 'runtime-secret-value',
  GITHUB_TOKEN: 'ghs_github-secret-value'
}

const CHECKOUT_TOKEN = 'ghs_checkout-token-value'

interface Setup {
  job: RunnerJob
  project: string
  files: { env: string; path: string }
  outside: string
  collector: { url: string; reports: Report[] }
  env: Record<string, string>
}

/** The hostile project in a workspace of the job, with its orders, and the runner's files. */
async function hostileSetup(user: string, mode: string): Promise<Setup> {
  const job = await newJob(user)
  const workspace = path.join(job.root, 'workspace')
  const project = path.join(workspace, 'project')
  await mkdir(workspace)
  await cp(HOSTILE, project, { recursive: true })
  const files = { env: path.join(job.root, 'set_env'), path: path.join(job.root, 'add_path') }
  await writeFile(files.env, '')
  await writeFile(files.path, '')
  // What actions/checkout (before v6, persist-credentials left on) writes into the checkout.
  await mkdir(path.join(project, '.git'))
  await writeFile(
    path.join(project, '.git', 'config'),
    `[remote "origin"]\n\turl = https://x-access-token:${CHECKOUT_TOKEN}@github.com/o/r\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${Buffer.from(`x-access-token:${CHECKOUT_TOKEN}`).toString('base64')}\n`
  )
  const outside = path.join(tmpdir(), `hostile-marker-${path.basename(job.root)}`)
  const sink = await collector()
  await writeFile(
    path.join(project, 'hostile.json'),
    JSON.stringify({
      collector: sink.url,
      mode,
      files: [files.env, files.path],
      folders: [job.runnerTemp, job.root, `/home/${user}`],
      outside: [outside, path.join(project, 'marker'), path.join(job.runnerTemp, 'marker')]
    })
  )
  const env = {
    ...SECRETS,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_WORKSPACE: workspace,
    HOME: `/home/${user}`,
    NO_PROXY: '127.0.0.1'
  }
  return { job, project, files, outside, collector: sink, env }
}

async function exists(file: string): Promise<boolean> {
  return readFile(file).then(
    () => true,
    () => false
  )
}

/**
 * A dry run of the bundled action on the hostile project, as the runner runs it: `pypi` named, so
 * that nothing is sent, and Debian's Python.
 */
function dryRun(
  setup: Setup,
  inputs: Record<string, string> = {},
  env: Record<string, string> = setup.env
): Promise<StepRun> {
  return setup.job.run('main', {
    cwd: path.dirname(setup.project),
    env,
    inputs: {
      repository: 'pypi',
      'dry-run': 'true',
      'project-dir': 'project',
      python: DEBIAN_PYTHON,
      ...inputs
    }
  })
}

describeAsRunnerUsers('project code on a runner with password-less sudo', () => {
  it('reaches no secret, changes nothing outside its scratch folder, and nothing it starts survives', async () => {
    const setup = await hostileSetup(SUDO_USER, 'everything')
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await setup.job.run('main', {
      cwd: path.dirname(setup.project),
      env: setup.env,
      inputs: { repository: index.url, ...ALICE, 'project-dir': 'project', python: DEBIAN_PYTHON }
    })
    const ended = Date.now()
    expect(run.stdout).toContain('project code contained')
    expect(run.outputs.status).toBe('registered')
    const attempts = setup.collector.reports.find(report => report.kind === 'attempts')
    expect(attempts).toBeDefined() // The hostile code ran, and could reach the loopback network.
    const found = attempts!.data
    // Every process it can see is in its namespace; none is the action's, none gives a secret.
    const reached = JSON.stringify(setup.collector.reports)
    for (const secret of [ALICE.password, ...Object.values(SECRETS), CHECKOUT_TOKEN])
      expect(reached).not.toContain(secret)
    expect(found['git config']).toContain('url = https://github.com/o/r')
    expect(found['git config']).not.toContain('extraheader')
    expect(reached).not.toContain('INPUT_')
    // Memory and stdout it could open only of its own processes, in its own namespace.
    const opened = Object.keys(found).filter(key => /\/(mem|fd\/1)$/.test(key))
    expect(opened.map(key => found[`${key.split('/')[0]}/owner`])).toEqual(
      opened.map(() => found.uid)
    )
    expect(found.uid).not.toBe(Number(spawnSync('id', ['-u', SUDO_USER]).stdout.toString()))
    // Its /tmp is a private one, gone with it: the marker it wrote there is not in the real /tmp.
    expect(Object.keys(found).filter(key => key.startsWith('wrote '))).toEqual([
      `wrote ${setup.outside}`
    ])
    expect(Object.keys(found).filter(key => key.startsWith('read '))).toEqual([])
    expect(Object.keys(found).filter(key => key.startsWith('list '))).toEqual(
      expect.not.arrayContaining([`list ${setup.job.runnerTemp}`])
    )
    // The runner's files, the project and the shared /tmp are as they were.
    expect(await readFile(setup.files.env, 'utf8')).toBe('')
    expect(await readFile(setup.files.path, 'utf8')).toBe('')
    expect(await exists(setup.outside)).toBe(false)
    expect((await readdir(setup.project)).sort()).toEqual(
      ['.git', 'backend', 'hostile.json', 'pyproject.toml'].sort()
    )
    expect(await readFile(path.join(setup.project, '.git', 'config'), 'utf8')).toContain(
      CHECKOUT_TOKEN
    )
    expect(run.stdout).not.toMatch(/^::warning::written by project code/m)
    // The watcher it left behind, in a session of its own, died with the backend path: it never
    // saw the .pypirc, and no heartbeat came after the step.
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(
      setup.collector.reports.filter(report => report.kind === 'heartbeat').length
    ).toBeGreaterThan(0)
    expect(setup.collector.reports.filter(report => report.at > ended)).toEqual([])
  })

  it('the deadline holds when a grandchild keeps stdout open, and it is gone afterwards', async () => {
    const setup = await hostileSetup(SUDO_USER, 'hold-stdout')
    const started = Date.now()
    const run = await dryRun(setup, { 'build-timeout': '20' })
    expect(run.outputs.status).toBe('dry-run')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it("a forged answer on the driver's channel is refused, and prints nothing live", async () => {
    const setup = await hostileSetup(SUDO_USER, 'forge')
    const run = await dryRun(setup)
    expect(failureLine(run)).toMatch(/with something that is not the driver's answer/)
    expect(run.stdout).not.toMatch(/^::warning::forged/m)
  })

  it('terminal escapes and control characters in its output are stripped', async () => {
    const setup = await hostileSetup(SUDO_USER, 'escapes')
    const run = await dryRun(setup)
    expect(failureLine(run)).toMatch(
      /failed in prepare_metadata_for_build_wheel \(RuntimeError: failing/
    )
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\x1b\x07\x9b\r]/)
    expect(run.stdout).toMatch(/^ {2}\| link red/m)
    expect(failureLine(run)).toContain('(RuntimeError: failing  on purpose)')
  })

  it('its output is decoded as UTF-8 across chunk boundaries', async () => {
    const setup = await hostileSetup(SUDO_USER, 'utf8')
    const run = await dryRun(setup)
    expect(failureLine(run)).toContain('(RuntimeError: failing after a long line)')
    expect(run.stdout).toMatch(/^ {2}\| é{1000}/m)
    expect(run.stdout).not.toContain('\ufffd')
  })

  it("the project's venv.py, pip/ and sitecustomize, and PYTHONPATH, are never imported by the action's Python", async () => {
    const setup = await hostileSetup(SUDO_USER, 'plain')
    const trap = (name: string) =>
      `import urllib.request\nurllib.request.urlopen(${JSON.stringify(setup.collector.url)}, b'{"kind": "imported ${name}", "data": {}}')\nraise SystemExit("${name} imported")\n`
    await writeFile(path.join(setup.project, 'venv.py'), trap('venv.py'))
    await mkdir(path.join(setup.project, 'pip'))
    await writeFile(path.join(setup.project, 'pip', '__init__.py'), trap('pip/'))
    await writeFile(path.join(setup.project, 'pip', '__main__.py'), trap('pip/'))
    await writeFile(path.join(setup.project, 'sitecustomize.py'), trap('sitecustomize'))
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'pythonpath-'))
    await writeFile(path.join(elsewhere, 'sitecustomize.py'), trap('PYTHONPATH'))
    giveTo(SUDO_USER, elsewhere)
    await writeFile(
      path.join(setup.project, 'pyproject.toml'),
      '[build-system]\nrequires = ["setuptools>=40"]\nbuild-backend = "hostile"\nbackend-path = ["backend"]\n'
    )
    const run = await dryRun(
      setup,
      {},
      {
        ...setup.env,
        PYTHONPATH: elsewhere,
        PIP_NO_INDEX: '1',
        PIP_FIND_LINKS: '/usr/share/python-wheels'
      }
    )
    expect(run.outputs.status).toBe('dry-run')
    expect(run.stdout).toMatch(/Installed setuptools>=40/)
    expect(setup.collector.reports.map(report => report.kind)).toEqual([])
  })

  it('project code that breaks its work folder stops the step; the next hook never runs uncontained', async () => {
    const setup = await hostileSetup(SUDO_USER, 'break-work')
    // Without credentials, so that nothing but this rule keeps the next hook contained.
    const env: Record<string, string> = { ...setup.env }
    for (const name of Object.keys(SECRETS)) delete env[name]
    const run = await dryRun(setup, { 'build-isolation': 'true' }, env)
    expect(failureLine(run)).toContain(
      'Project code changed its work folder so that the sandbox could not be entered again'
    )
    expect(failureLine(run)).toContain('and nothing more was run.')
    expect(run.stdout).not.toContain('not contained')
    // get_requires_for_build_wheel ran once, in the sandbox; prepare_metadata never ran.
    expect(setup.collector.reports.map(report => report.kind)).toEqual(['requires'])
    expect(setup.collector.reports[0]!.data.uid).not.toBe(
      Number(spawnSync('id', ['-u', SUDO_USER]).stdout.toString())
    )
  })

  it.each([
    ['a README', 'README.md', '/etc/passwd'],
    ['the backend module', 'backend/hostile.py', '/etc/passwd']
  ])(
    '%s linked to a file outside the project is refused before anything runs',
    async (_what, name, target) => {
      const setup = await hostileSetup(SUDO_USER, 'everything')
      await rm(path.join(setup.project, name), { force: true })
      await symlink(target, path.join(setup.project, name))
      const run = await dryRun(setup)
      expect(failureLine(run)).toContain(
        `${name} in the project folder is a link to ${target}, outside the project: the build backend would read it, so nothing was run.`
      )
      expect(run.stdout).not.toContain('root:x:0:0')
      expect(setup.collector.reports).toEqual([])
    }
  )
})

describeAsRunnerUsers('project code on a runner without sudo', () => {
  it('with a credential set, the step stops before project code runs, naming the safe pattern', async () => {
    const setup = await hostileSetup(PLAIN_USER, 'everything')
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const run = await setup.job.run('main', {
      cwd: path.dirname(setup.project),
      env: setup.env,
      inputs: { repository: index.url, ...ALICE, 'project-dir': 'project', python: DEBIAN_PYTHON }
    })
    const line = failureLine(run)
    expect(line).toContain(
      'cannot be contained here (the action is not root and `sudo -n` asks for a password), so nothing was run.'
    )
    expect(line).toContain('Build the distributions in a job without secrets')
    expect(line).toContain('allow-uncontained-build: true')
    expect(setup.collector.reports).toEqual([])
    expect(index.requests).toEqual([])
  })

  it('a dry run without credentials runs it uncontained, and the deadline still holds', async () => {
    const setup = await hostileSetup(PLAIN_USER, 'hold-stdout')
    const started = Date.now()
    const env: Record<string, string> = { ...setup.env }
    for (const name of Object.keys(SECRETS)) delete env[name]
    const run = await dryRun(setup, { 'build-timeout': '20' }, env)
    // Uncontained, what it started in a session of its own outlives the step: ended here.
    spawnSync(...asUser(PLAIN_USER, ['kill', '-KILL', '-1']))
    expect(run.stdout).toContain('Project code runs as this user, not contained')
    expect(run.outputs.status).toBe('dry-run')
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
