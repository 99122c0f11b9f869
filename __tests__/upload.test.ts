/**
 * The step users take after registering: the real twine uploads the built files with the .pypirc
 * this action wrote, naming the section from the `pypirc-section` output, exactly as the README's
 * register-then-upload workflow does, to the real devpi-server and pypiserver. twine must be on
 * PATH (Debian's `twine`, or `pip install twine`); TWINE_COMMAND names another one.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ALICE, cleanUpAfterEach, newJob, runMain } from './support/action-harness.js'
import { newDevpiIndex, realServers } from './support/real-servers/servers.js'
import { runStepScript, SAMPLE_DISTS, sampleCheckout } from './support/run-step.js'

cleanUpAfterEach()

const TWINE = process.env.TWINE_COMMAND ?? 'twine'

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
}

/** The files devpi holds for a release, by name, with their SHA-256. */
async function devpiFiles(indexUrl: string): Promise<string[][]> {
  const response = await fetch(new URL('peer-register-sample/0.1.0', indexUrl), {
    headers: { accept: 'application/json' }
  })
  const { result } = (await response.json()) as {
    result: { '+links'?: Array<{ href: string; hash_spec: string }> }
  }
  return (result['+links'] ?? []).map(link => [
    path.basename(new URL(link.href).pathname),
    link.hash_spec.replace('sha256=', '')
  ])
}

describe('twine upload with the .pypirc the action wrote', () => {
  it('twine is available to run these tests', async () => {
    const probe = await runStepScript(`${TWINE} --version`, process.cwd())
    expect(probe.code).toBe(0)
  })

  it.each(['devpi', 'pypiserver'] as const)(
    '%s: every built file arrives, then the post step removes the .pypirc',
    async server => {
      const servers = realServers()
      const url =
        server === 'devpi'
          ? await newDevpiIndex(servers.devpi, { owner: ALICE })
          : servers.pypiserver.url
      const project = await sampleCheckout(true)
      const job = await newJob()
      const register = await runMain(job, { repository: url, ...ALICE }, project)
      expect(register.outputs.status).toBe(server === 'devpi' ? 'registered' : 'not-stored')
      const upload = await runStepScript(
        `${TWINE} upload --non-interactive --config-file "$PYPIRC_PATH" -r "$PYPIRC_SECTION" dist/*`,
        project,
        {
          PYPIRC_PATH: register.outputs['pypirc-path'] ?? '',
          PYPIRC_SECTION: register.outputs['pypirc-section'] ?? ''
        }
      )
      expect(upload.output).not.toContain(ALICE.password)
      expect(upload.code).toBe(0)

      const expected = await Promise.all(
        SAMPLE_DISTS.map(async file => [file, await sha256(path.join(project, 'dist', file))])
      )
      if (server === 'devpi') {
        expect((await devpiFiles(url)).sort()).toEqual(expected.sort())
      } else {
        const { packages } = servers.pypiserver
        expect(await readdir(packages)).toEqual(expect.arrayContaining([...SAMPLE_DISTS]))
        const stored = await Promise.all(
          SAMPLE_DISTS.map(async file => [file, await sha256(path.join(packages, file))])
        )
        expect(stored.sort()).toEqual(expected.sort())
      }

      const post = await job.run('post')
      expect(post.code).toBe(0)
      expect(existsSync(register.outputs['pypirc-path'] ?? '')).toBe(false)
    }
  )

  it('with several indexes, the output lists every section, and a loop uploads to each', async () => {
    const { devpi } = realServers()
    const staging = await newDevpiIndex(devpi, { owner: ALICE })
    const production = await newDevpiIndex(devpi, { owner: ALICE })
    const project = await sampleCheckout(true)
    const register = await runMain(
      await newJob(),
      { repository: `${staging}\n${production}`, ...ALICE },
      project
    )
    expect(register.outputs.status).toBe('registered')
    const sections = (register.outputs['pypirc-section'] ?? '').split(' ')
    expect(sections).toHaveLength(2)
    expect(sections[0]).toMatch(new RegExp(`-alice-${path.basename(staging)}$`))
    expect(sections[1]).toMatch(new RegExp(`-alice-${path.basename(production)}$`))

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
      expect((await devpiFiles(index)).map(([file]) => file)).toEqual([SAMPLE_DISTS[0]])
    }
  })

  it('a dry run names the section too, so a workflow can be tried without a password', async () => {
    const run = await runMain(await newJob(), {
      repository: 'https://devpi.example.invalid/alice/dev/',
      'dry-run': 'true'
    })
    expect(run.outputs.status).toBe('dry-run')
    expect(run.outputs['pypirc-section']).toBe('devpi.example.invalid-alice-dev')
    const pypirc = await readFile(run.outputs['pypirc-path'] ?? '', 'utf8')
    expect(pypirc).toContain(`[${run.outputs['pypirc-section']}]`)
  })
})
