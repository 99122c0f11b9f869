/**
 * The step users take after registering: the real twine uploads the built files with the .pypirc
 * this action wrote, naming the section from the `pypirc-section` output, exactly as the README's
 * register-then-upload workflow does. twine must be on PATH (Debian's `twine`, or `pip install
 * twine`); TWINE_COMMAND names another one.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ALICE, cleanUpAfterEach, newIndex, newJob, runMain } from './support/action-harness.js'
import { runStepScript, SAMPLE_DISTS, sampleCheckout } from './support/run-step.js'

cleanUpAfterEach()

const TWINE = process.env.TWINE_COMMAND ?? 'twine'
const FILES = SAMPLE_DISTS

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
}

describe('twine upload with the .pypirc the action wrote', () => {
  it('twine is available to run these tests', () => {
    const probe = spawnSync(TWINE, ['--version'], { encoding: 'utf8' })
    expect(probe.error?.message ?? `exit ${probe.status}`).toBe('exit 0')
  })

  it('uploads every built file to the index named by pypirc-section, then the post step removes the file', async () => {
    const index = await newIndex({ flavour: 'devpi', users: { [ALICE.username]: ALICE.password } })
    const project = await sampleCheckout(true)
    const job = await newJob()
    const register = await runMain(job, { repository: index.url, ...ALICE }, project)
    expect(register.code).toBe(0)
    expect(register.outputs.status).toBe('registered')
    // The section is generated from the URL: without the output a user would have to guess it.
    const section = register.outputs['pypirc-section'] ?? ''
    expect(section).toMatch(/^127\.0\.0\.1-\d+$/)

    const upload = await runStepScript(
      `${TWINE} upload --non-interactive --config-file "$PYPIRC_PATH" -r "$PYPIRC_SECTION" dist/*`,
      project,
      {
        PYPIRC_PATH: register.outputs['pypirc-path'] ?? '',
        PYPIRC_SECTION: section
      }
    )
    expect(upload.output).not.toContain(ALICE.password)
    expect(upload.code).toBe(0)
    const stored = index.projects.get('peer-register-sample')?.files ?? []
    expect(stored.map(file => [file.filename, file.sha256]).sort()).toEqual(
      (
        await Promise.all(
          FILES.map(async file => [file, await sha256(path.join(project, 'dist', file))])
        )
      ).sort()
    )

    const post = await job.run('post')
    expect(post.code).toBe(0)
    expect(existsSync(register.outputs['pypirc-path'] ?? '')).toBe(false)
  })

  it('with several indexes, the output lists every section, and a loop uploads to each', async () => {
    const users = { [ALICE.username]: ALICE.password }
    const staging = await newIndex({ flavour: 'devpi', users, path: '/alice/staging/' })
    const production = await newIndex({ flavour: 'devpi', users, path: '/alice/production/' })
    const project = await sampleCheckout(true)
    const register = await runMain(
      await newJob(),
      { repository: `${staging.url}\n${production.url}`, ...ALICE },
      project
    )
    expect(register.outputs.status).toBe('registered')
    const sections = (register.outputs['pypirc-section'] ?? '').split(' ')
    expect(sections).toHaveLength(2)
    expect(sections[0]).toMatch(/-alice-staging$/)
    expect(sections[1]).toMatch(/-alice-production$/)

    const upload = await runStepScript(
      `for section in $PYPIRC_SECTION; do ${TWINE} upload --non-interactive --config-file "$PYPIRC_PATH" -r "$section" dist/*.whl; done`,
      project,
      {
        PYPIRC_PATH: register.outputs['pypirc-path'] ?? '',
        PYPIRC_SECTION: register.outputs['pypirc-section'] ?? ''
      }
    )
    expect(upload.code).toBe(0)
    for (const index of [staging, production]) {
      const files = index.projects.get('peer-register-sample')?.files ?? []
      expect(files.map(file => file.filename)).toEqual([FILES[0]])
    }
  })

  it('a dry run names the section too, so a workflow can be tried without a password', async () => {
    const index = await newIndex({ flavour: 'devpi' })
    const run = await runMain(await newJob(), { repository: index.url, 'dry-run': 'true' })
    expect(run.outputs.status).toBe('dry-run')
    expect(run.outputs['pypirc-section']).toMatch(/^127\.0\.0\.1-\d+$/)
    const pypirc = await readFile(run.outputs['pypirc-path'] ?? '', 'utf8')
    expect(pypirc).toContain(`[${run.outputs['pypirc-section']}]`)
  })
})
