/**
 * scripts/release-check.sh, run as the release workflow runs it, on a scratch copy of the files it
 * reads (package.json, the lock file, the bundled command line, CHANGELOG.md, README.md) in a git
 * repository of its own: good tags pass and say where the major tag goes, bad ones are refused
 * with what to do.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { REPO_ROOT } from './support/runner-job.js'

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'release-check.sh')
const scratch: string[] = []

afterEach(async () => {
  await Promise.all(scratch.splice(0).map(dir => rm(dir, { recursive: true, force: true })))
})

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com'
    }
  })
}

/** The files the check reads, copied from this repository, with 1.0.0 dated as a release commit has it. */
async function releaseCheckout(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'release-'))
  scratch.push(dir)
  for (const file of ['package.json', 'package-lock.json', 'CHANGELOG.md', 'README.md']) {
    await cp(path.join(REPO_ROOT, file), path.join(dir, file))
  }
  await cp(path.join(REPO_ROOT, 'dist', 'cli'), path.join(dir, 'dist', 'cli'), { recursive: true })
  await edit(dir, 'CHANGELOG.md', text =>
    text.replace('## 1.0.0 (unreleased)', '## 1.0.0 (2026-01-15)')
  )
  git(dir, 'init', '-q')
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'release')
  return dir
}

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const target = path.join(dir, file)
  await writeFile(target, change(await readFile(target, 'utf8')))
}

interface CheckRun {
  code: number
  stdout: string
  stderr: string
}

function check(dir: string, args: string[], env: Record<string, string> = {}): Promise<CheckRun> {
  return new Promise(resolve => {
    execFile(
      'bash',
      [SCRIPT, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ code, stdout, stderr })
      }
    )
  })
}

function outputsOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map(line => line.split('=') as [string, string])
  )
}

describe('release-check.sh', () => {
  it('passes v1.0.0 on this repository, moves v1, and writes the notes and the step outputs', async () => {
    const dir = await releaseCheckout()
    const outputFile = path.join(dir, 'github-output')
    await writeFile(outputFile, '')
    const run = await check(dir, ['--notes', 'notes.md'], {
      GITHUB_REF_NAME: 'v1.0.0',
      GITHUB_OUTPUT: outputFile
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const expected = { version: '1.0.0', major: 'v1', prerelease: 'false', 'move-major': 'true' }
    expect(outputsOf(run.stdout)).toEqual(expected)
    expect(outputsOf(await readFile(outputFile, 'utf8'))).toEqual(expected)
    const notes = await readFile(path.join(dir, 'notes.md'), 'utf8')
    expect(notes).toMatch(/^The first release\./)
    expect(notes).toContain('### Registration')
    expect(notes).not.toContain('## 1.0.0')
  })

  it('refuses a tag that package.json, the lock file and the bundle disagree with, naming each', async () => {
    const dir = await releaseCheckout()
    const run = await check(dir, ['v1.0.1'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain("package.json says version '1.0.0', the tag says '1.0.1'.")
    expect(run.stderr).toContain("package-lock.json says version '1.0.0', the tag says '1.0.1'.")
    expect(run.stderr).toContain("dist/cli/index.cjs --version says '1.0.0', the tag says '1.0.1'.")
    expect(run.stderr).toContain('npm version 1.0.1 --no-git-tag-version')
    expect(run.stderr).toContain('The tag v1.0.1 was refused: nothing was released.')
  })

  it('refuses the old v0.1.0, which would have made a v0 tag', async () => {
    const dir = await releaseCheckout()
    const run = await check(dir, ['v0.1.0'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("package.json says version '1.0.0', the tag says '0.1.0'.")
    expect(run.stderr).toContain(
      "README.md has 'uses: org/pypi-register@v1', which is not the major tag v0"
    )
  })

  it.each(['1.0.0', 'v1.0', 'v01.0.0', 'v1.0.0.1', 'release-1.0.0', 'v1'])(
    'refuses %s, which is not a release tag',
    async tag => {
      const dir = await releaseCheckout()
      const run = await check(dir, [tag])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `the tag '${tag}' is not a release tag: write vMAJOR.MINOR.PATCH`
      )
    }
  )

  it('refuses a version whose changelog section is missing or still unreleased', async () => {
    const dir = await releaseCheckout()
    await edit(dir, 'CHANGELOG.md', text =>
      text.replace('## 1.0.0 (2026-01-15)', '## 1.0.0 (unreleased)')
    )
    const unreleased = await check(dir, ['v1.0.0'])
    expect(unreleased.code).toBe(1)
    expect(unreleased.stderr).toContain('CHANGELOG.md marks 1.0.0 as unreleased')
    await edit(dir, 'CHANGELOG.md', text => text.replace('## 1.0.0 (unreleased)', '## 1.0.0-beta'))
    const missing = await check(dir, ['v1.0.0'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("CHANGELOG.md has no '## 1.0.0' section")
  })

  it('on a runner, refuses a README whose workflows name another repository', async () => {
    const dir = await releaseCheckout()
    const elsewhere = await check(dir, ['v1.0.0'], { GITHUB_REPOSITORY: 'acme/pypi-register' })
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.stderr).toContain(
      "but this repository is acme/pypi-register: write 'uses: acme/pypi-register@v1'"
    )
    await edit(dir, 'README.md', text =>
      text.replaceAll('org/pypi-register@', 'acme/pypi-register@')
    )
    const here = await check(dir, ['v1.0.0'], { GITHUB_REPOSITORY: 'acme/pypi-register' })
    expect(here.stderr).toBe('')
    expect(here.code).toBe(0)
  })

  it('leaves v1 alone for a fix released after a later minor version', async () => {
    const dir = await releaseCheckout()
    git(dir, 'tag', 'v1.2.0')
    git(dir, 'tag', 'v1.10.0-rc.1')
    const backport = await check(dir, ['v1.0.0'])
    expect(backport.code).toBe(0)
    expect(outputsOf(backport.stdout)['move-major']).toBe('false')
    git(dir, 'tag', '-d', 'v1.2.0')
    git(dir, 'tag', 'v1.0.0')
    git(dir, 'tag', 'v0.9.0')
    const latest = await check(dir, ['v1.0.0'])
    expect(outputsOf(latest.stdout)['move-major']).toBe('true')
  })

  it('is what the release workflow runs, and the major tag moves only when it says so', async () => {
    const workflow = parse(
      await readFile(path.join(REPO_ROOT, '.github', 'workflows', 'release.yml'), 'utf8')
    ) as { jobs: { release: { steps: Array<{ id?: string; run?: string; if?: string }> } } }
    const steps = workflow.jobs.release.steps
    const checkStep = steps.find(step => step.run?.includes('scripts/release-check.sh'))
    expect(checkStep?.id).toBe('check')
    const move = steps.find(step => step.run?.includes('git push -f origin'))
    expect(move?.if).toBe("steps.check.outputs.move-major == 'true'")
    expect(steps.indexOf(move as object)).toBeGreaterThan(steps.indexOf(checkStep as object))
  })
})
