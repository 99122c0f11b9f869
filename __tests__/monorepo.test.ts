/**
 * A project in a subfolder of its git repository whose version comes from git (setuptools-scm's
 * `root = ".."`, hatch-vcs's `raw-options`), through the bundled action as a runner's user: with
 * project code contained (password-less sudo) and not (no sudo, no credential). Real git, real
 * setuptools-scm and hatch-vcs from Debian's Python. A probe backend reports everything project code
 * can read where the checkout's token lies on this machine (the job's folder, under /tmp: in the
 * sandbox a private /tmp with only what is shown in it), what git says its configuration is, and
 * its environment; the token is in none of it, and the checkout is the same afterwards.
 */
import { expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  appendFile,
  chmod,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import path from 'node:path'
import { cleanUpAfterEach, failureLine, newJob } from './support/action-harness.js'
import { collector } from './support/collector.js'
import { git } from './support/git.js'
import { DEBIAN_PYTHON } from './support/python.js'
import { REPO_ROOT, type RunnerJob, type StepRun } from './support/runner-job.js'
import { describeAsRunnerUsers, giveTo, PLAIN_USER, SUDO_USER } from './support/unprivileged.js'

cleanUpAfterEach()

const MONOREPO = path.join(REPO_ROOT, '__tests__', 'data', 'monorepo')
const TOKEN = 'ghs_monorepo-checkout-token'
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64')

/** What actions/checkout (persist-credentials left on) writes into a checkout's configuration. */
async function addCheckoutToken(gitDir: string): Promise<void> {
  await appendFile(
    path.join(gitDir, 'config'),
    `[remote "origin"]\n\turl = https://x-access-token:${TOKEN}@github.com/o/r\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${BASIC}\n`
  )
}

/**
 * The monorepo in the job's workspace: pkg-a (setuptools-scm, tags `pkg-a-v*`) and pkg-b
 * (hatch-vcs, plain `v*` tags). The first commit is tagged v2.0.0, the second (HEAD) pkg-a-v1.2.0,
 * annotated; the checkout's token is in its configuration, and in that of another repository
 * checked out inside it (`tools/`, as actions/checkout's `path:` does). `change` runs before the
 * first commit.
 */
async function monorepo(
  job: RunnerJob,
  change: (top: string) => Promise<void> = async () => undefined
): Promise<{ workspace: string; top: string }> {
  const workspace = path.join(job.root, 'workspace')
  const top = path.join(workspace, 'mono')
  await cp(MONOREPO, top, {
    recursive: true,
    filter: source => !isWithin(source, path.join(MONOREPO, 'probe'))
  })
  await writeFile(path.join(top, '.gitignore'), 'tools/\nprobe/\n')
  await change(top)
  git(top, 'init', '-q', '-b', 'main')
  git(top, 'add', '.')
  git(top, 'commit', '-qm', 'pkg-a and pkg-b')
  git(top, 'tag', 'v2.0.0')
  await writeFile(path.join(top, 'CHANGES.md'), 'pkg-a 1.2.0\n')
  git(top, 'add', '.')
  git(top, 'commit', '-qm', 'pkg-a 1.2.0')
  git(top, 'tag', '-a', '-m', 'pkg-a 1.2.0', 'pkg-a-v1.2.0')
  await addCheckoutToken(path.join(top, '.git'))
  const tools = path.join(top, 'tools')
  await mkdir(tools)
  git(tools, 'init', '-q')
  await addCheckoutToken(path.join(tools, '.git'))
  return { workspace, top }
}

function isWithin(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder + path.sep)
}

/** The version setuptools-scm gives pkg-b, from git's own description of HEAD. */
function pkgBVersion(top: string): string {
  const described = git(top, 'describe', '--tags', '--long', '--match', 'v[0-9]*')
  const [, distance, hash] = /^v2\.0\.0-(\d+)-g([0-9a-f]+)$/.exec(described) ?? []
  return `2.0.1.dev${distance}+g${hash}`
}

/**
 * The probe backend in `project` (unless it is there already), with its orders: its collector, and
 * where the repository's work tree is from the project. Returns the collector.
 */
async function probeIn(
  project: string,
  root: string,
  look: string[] = []
): Promise<Awaited<ReturnType<typeof collector>>> {
  await cp(path.join(MONOREPO, 'probe'), project, { recursive: true, force: false })
  const sink = await collector()
  await writeFile(
    path.join(project, 'probe.json'),
    JSON.stringify({ collector: sink.url, root, look })
  )
  return sink
}

/** A dry run of the bundled action on `project`, inside the workspace, as a runner runs it. */
function dryRun(
  job: RunnerJob,
  workspace: string,
  project: string,
  env: Record<string, string> = {}
): Promise<StepRun> {
  return job.run('main', {
    cwd: workspace,
    env: {
      GITHUB_WORKSPACE: workspace,
      HOME: `/home/${job.user}`,
      NO_PROXY: '127.0.0.1',
      ...env
    },
    inputs: {
      repository: 'pypi',
      'dry-run': 'true',
      'project-dir': path.relative(workspace, project),
      python: DEBIAN_PYTHON,
      'build-isolation': 'false'
    }
  })
}

/** Every entry below `folder`: its kind, mode, owner, time and content, to show nothing changed. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {}
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      const stats = await lstat(file)
      const state = `${stats.mode} ${stats.uid} ${stats.mtimeMs}`
      const key = path.relative(folder, file)
      if (entry.isSymbolicLink()) entries[key] = `link ${await readlink(file)}`
      else if (entry.isDirectory()) {
        entries[key] = `folder ${state}`
        await visit(file)
      } else {
        const digest = createHash('sha256')
          .update(await readFile(file))
          .digest('hex')
        entries[key] = `file ${state} ${digest}`
      }
    }
  }
  await visit(folder)
  return entries
}

describeAsRunnerUsers('a project in a subfolder of its git repository', () => {
  it('contained: each package gets the version its own tags give, and the checkout is as it was', async () => {
    const job = await newJob(SUDO_USER)
    const { workspace, top } = await monorepo(job)
    const expectedB = pkgBVersion(top)
    giveTo(SUDO_USER, job.root)
    const before = await snapshot(workspace)
    const a = await dryRun(job, workspace, path.join(top, 'pkg-a'))
    expect(a.stdout).toContain(
      `Checking the links in the git repository around the project (${top})`
    )
    expect(a.stdout).toContain(
      `project code contained: a copy of the project, in its place in its git repository ${top}`
    )
    expect(a.outputs.status).toBe('dry-run')
    expect(a.outputs.version).toBe('1.2.0')
    const b = await dryRun(job, workspace, path.join(top, 'pkg-b'))
    expect(b.outputs.version).toBe(expectedB)
    expect(expectedB).toMatch(/^2\.0\.1\.dev1\+g[0-9a-f]{7,}$/)
    expect(await snapshot(workspace)).toEqual(before)
  })

  it('not contained (no sudo, no credential): the same versions', async () => {
    const job = await newJob(PLAIN_USER)
    const { workspace, top } = await monorepo(job)
    const expectedB = pkgBVersion(top)
    const a = await dryRun(job, workspace, path.join(top, 'pkg-a'))
    expect(a.stdout).toContain('Project code runs as this user, not contained')
    expect(a.outputs.version).toBe('1.2.0')
    const b = await dryRun(job, workspace, path.join(top, 'pkg-b'))
    expect(b.outputs.version).toBe(expectedB)
  })

  /**
   * Where the probe goes in each layout, the git configurations that hold the token, and the one
   * project code reads as the repository's.
   */
  const layouts: Array<
    [
      string,
      (
        job: RunnerJob
      ) => Promise<{ workspace: string; project: string; root: string; configs: string[] }>,
      string
    ]
  > = [
    [
      'a clone',
      async job => {
        const { workspace, top } = await monorepo(job)
        const configs = [
          path.join(top, '.git', 'config'),
          path.join(top, 'tools', '.git', 'config')
        ]
        return { workspace, project: path.join(top, 'probe'), root: '..', configs }
      },
      '1.2.0'
    ],
    [
      'a linked worktree',
      async job => {
        const { workspace, top } = await monorepo(job)
        const worktree = path.join(workspace, 'release')
        git(top, 'worktree', 'add', '-q', '--detach', worktree, 'pkg-a-v1.2.0')
        const configs = [path.join(top, '.git', 'config')]
        return { workspace, project: path.join(worktree, 'probe'), root: '..', configs }
      },
      '1.2.0'
    ],
    [
      'a submodule',
      async job => {
        const { workspace, top } = await monorepo(job)
        const superproject = path.join(workspace, 'super')
        await mkdir(superproject)
        git(superproject, 'init', '-q', '-b', 'main')
        git(superproject, 'submodule', 'add', '-q', top, 'libs')
        git(superproject, 'commit', '-qm', 'libs')
        const modules = path.join(superproject, '.git', 'modules', 'libs')
        await addCheckoutToken(path.join(superproject, '.git'))
        await addCheckoutToken(modules)
        const configs = [path.join(superproject, '.git', 'config'), path.join(modules, 'config')]
        return { workspace, project: path.join(superproject, 'libs', 'probe'), root: '..', configs }
      },
      '1.2.0'
    ],
    [
      'its own top folder (no subfolder)',
      async job => {
        const workspace = path.join(job.root, 'workspace')
        const top = path.join(workspace, 'solo')
        await cp(path.join(MONOREPO, 'probe'), top, { recursive: true })
        await writeFile(path.join(top, '.gitignore'), 'probe.json\n')
        git(top, 'init', '-q', '-b', 'main')
        git(top, 'add', '.')
        git(top, 'commit', '-qm', 'solo')
        git(top, 'tag', 'v3.0.0')
        await addCheckoutToken(path.join(top, '.git'))
        return { workspace, project: top, root: '.', configs: [path.join(top, '.git', 'config')] }
      },
      '3.0.0'
    ]
  ]

  it.each(layouts)(
    'contained, in %s: the version from git, and the checkout token out of reach of project code',
    async (_layout, setUp, version) => {
      const job = await newJob(SUDO_USER)
      const { workspace, project, root, configs } = await setUp(job)
      const sink = await probeIn(project, root)
      giveTo(SUDO_USER, job.root)
      // Open to every user, so that only the read-only view keeps project code from changing them.
      const top = path.resolve(project, root)
      const writable = [top, path.join(top, '.git'), ...configs]
      await Promise.all(writable.map(file => chmod(file, 0o777).catch(() => undefined)))
      const before = await snapshot(workspace)
      const run = await dryRun(job, workspace, project)
      expect(run.stdout).toContain('project code contained: a copy of the project, in its place')
      expect(run.outputs.version).toBe(version)
      const report = sink.reports.find(each => each.kind === 'probe')?.data
      expect(report?.version).toBe(version)
      expect(report?.described).toMatch(/^(pkg-a-v1\.2\.0|v3\.0\.0)-0-g[0-9a-f]+$/)
      // Everything it read, git's view of the configuration and its environment: no token.
      const reached = JSON.stringify(sink.reports)
      expect(reached).not.toContain(TOKEN)
      expect(reached).not.toContain(BASIC)
      expect(report?.['git config']).toMatch(/\tremote\.origin\.url=https:\/\/github\.com\/o\/r$/m)
      // It read the configurations in reach, without their credentials.
      const files = report?.files as Record<string, string>
      const read = configs.filter(config => files[config] !== undefined)
      expect(read.length).toBeGreaterThan(0)
      for (const config of read) expect(files[config]).toContain('url = https://github.com/o/r')
      // It could change nothing in the repository, even where the files let every user write;
      // what it writes in the project's own folder (not its .git) goes into its copy (the snapshot
      // below shows the checkout unchanged).
      const changes = Object.entries(report?.changes as Record<string, string>)
      const inCopy = (file: string): boolean =>
        isWithin(file, project) && !isWithin(file, path.join(project, '.git'))
      const outsideProject = changes.filter(([file]) => !inCopy(file))
      expect(outsideProject.length).toBeGreaterThanOrEqual(2)
      for (const [file, result] of outsideProject)
        expect(`${file}: ${result}`).not.toMatch(/written$/)
      // The checkout's own configuration still has it, and nothing else changed.
      for (const config of configs) expect(await readFile(config, 'utf8')).toContain(TOKEN)
      expect(await snapshot(workspace)).toEqual(before)
    }
  )

  it('contained, with the copy on another file system than the repository (TMPDIR=/dev/shm), git finds the repository from the project folder', async () => {
    const job = await newJob(SUDO_USER)
    const { workspace, top } = await monorepo(job)
    const project = path.join(top, 'probe')
    const sink = await probeIn(project, '..')
    const run = await dryRun(job, workspace, project, { TMPDIR: '/dev/shm' })
    expect(run.stdout).toContain('project code contained')
    expect(run.outputs.version).toBe('1.2.0')
    const report = sink.reports.find(each => each.kind === 'probe')?.data
    expect(report?.described).toMatch(/^pkg-a-v1\.2\.0-0-g[0-9a-f]+$/)
  })

  it('contained, with the workspace inside the hidden home folder (as on GitHub): the repository is shown, the rest of the home folder is not', async () => {
    const job = await newJob(SUDO_USER)
    const { workspace, top } = await monorepo(job)
    const project = path.join(top, 'probe')
    const sink = await probeIn(project, '..', [job.root])
    const other = path.join(job.root, 'other-file-in-home')
    await writeFile(other, 'not for project code', { mode: 0o644 })
    giveTo(SUDO_USER, job.root)
    // Readable by every user: only the hiding keeps it from project code.
    await chmod(job.root, 0o755)
    const run = await dryRun(job, workspace, project, { HOME: job.root })
    expect(run.stdout).toContain('project code contained')
    expect(run.stdout).toContain(`hidden: ${job.root}`)
    expect(run.outputs.version).toBe('1.2.0')
    const files = sink.reports.find(each => each.kind === 'probe')?.data.files as Record<
      string,
      string
    >
    expect(files[path.join(top, 'pkg-a', 'pyproject.toml')]).toContain('pkg-a')
    expect(Object.keys(files)).not.toContain(other)
    expect(JSON.stringify(files)).not.toContain(TOKEN)
  })

  it("a link to a file elsewhere in the repository is read; one leading out of the repository is refused, even in another package's folder", async () => {
    const job = await newJob(SUDO_USER)
    const { workspace, top } = await monorepo(job, async top => {
      await rm(path.join(top, 'pkg-a', 'README.md'))
      await symlink(path.join('..', 'README.md'), path.join(top, 'pkg-a', 'README.md'))
    })
    const a = await dryRun(job, workspace, path.join(top, 'pkg-a'))
    expect(a.outputs.version).toBe('1.2.0')
    expect(a.stdout).toContain('Two packages, each released from its own tags')
    await symlink('/etc/passwd', path.join(top, 'pkg-b', 'LICENSE'))
    const refused = await dryRun(job, workspace, path.join(top, 'pkg-a'))
    expect(failureLine(refused)).toContain(
      `pkg-b/LICENSE in the git repository of the project (${top}) is a link to /etc/passwd, outside the repository: the build backend could read it, so nothing was run.`
    )
    expect(refused.stdout).not.toContain('root:x:0:0')
  })
})
