/**
 * The bundled action against the real pypiserver, and the README's register-then-upload step on
 * both real servers: the real twine uploads the built files with the .pypirc the action wrote,
 * naming the section from the `pypirc-section` output. twine must be on PATH (Debian's `twine`, or
 * `pip install twine`); TWINE_COMMAND names another one.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newJob,
  resultsOf,
  runMain,
  visibleText
} from './support/action-harness.js'
import { runStepScript, SAMPLE_DISTS, sampleCheckout } from './support/run-step.js'
import { newDevpiIndex, realServers } from './support/real-servers/servers.js'

cleanUpAfterEach()

const TWINE = process.env.TWINE_COMMAND ?? 'twine'

describe('pypiserver', () => {
  it('answers 200 and stores nothing: not-stored, a notice, not a failure', async () => {
    const { pypiserver } = realServers()
    const run = await runMain(await newJob(), { repository: pypiserver.url, ...ALICE })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('not-stored')
    expect(run.stdout).toMatch(
      /^::notice::.*\(pypiserver\) accepted peer-register-sample 0\.1\.0 \(200\) but stored nothing/m
    )
    expect(resultsOf(run)).toMatchObject([
      { outcome: 'not-stored', http_status: 200, stored: null }
    ])
  })

  it('a wrong password is forbidden (403), explained as pypiserver means it', async () => {
    const { pypiserver } = realServers()
    const run = await runMain(await newJob(), {
      repository: pypiserver.url,
      username: ALICE.username,
      password: 'wrong-Pa55word'
    })
    expect(run.outputs.status).toBe('forbidden')
    expect(failureLine(run)).toMatch(/403 Forbidden.*pypiserver answers 403 for a wrong password/)
    expect(visibleText(run)).not.toContain('wrong-Pa55word')
  })

  it('no password: sent without credentials, and the 401 says that none was given', async () => {
    const { pypiserver } = realServers()
    const run = await runMain(await newJob(), { repository: pypiserver.url })
    expect(run.outputs.status).toBe('unauthorized')
    expect(failureLine(run)).toMatch(/No password was given/)
  })

  it('its /simple/ page is not the upload URL: caught without a request', async () => {
    const { pypiserver } = realServers()
    const run = await runMain(await newJob(), {
      repository: `${pypiserver.url}simple/`,
      ...ALICE
    })
    expect(run.outputs.status).toBe('not-an-index')
    expect(failureLine(run)).toContain(`Use ${pypiserver.url} as the repository.`)
  })
})

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
}

describe('register, then twine upload with the .pypirc the action wrote', () => {
  it('twine is available to run these tests', async () => {
    const probe = await runStepScript(`${TWINE} --version`, process.cwd())
    expect(probe.code).toBe(0)
  })

  it.each(['devpi', 'pypiserver'] as const)('%s: every built file arrives', async server => {
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
      const response = await fetch(new URL('peer-register-sample/0.1.0', url), {
        headers: { accept: 'application/json' }
      })
      const links = (
        (await response.json()) as {
          result: { '+links': Array<{ href: string; hash_spec: string }> }
        }
      ).result['+links']
      expect(
        links
          .map(link => [
            path.basename(new URL(link.href).pathname),
            link.hash_spec.replace('sha256=', '')
          ])
          .sort()
      ).toEqual(expected.sort())
    } else {
      const files = await readdir(servers.pypiserver.packages)
      const uploaded = await Promise.all(
        SAMPLE_DISTS.map(async file => [
          file,
          await sha256(path.join(servers.pypiserver.packages, file))
        ])
      )
      expect(files).toEqual(expect.arrayContaining([...SAMPLE_DISTS]))
      expect(uploaded.sort()).toEqual(expected.sort())
    }

    const post = await job.run('post')
    expect(post.code).toBe(0)
    expect(existsSync(register.outputs['pypirc-path'] ?? '')).toBe(false)
  })
})
