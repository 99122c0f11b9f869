/**
 * The bundled action against the real pypiserver 2.4.1, which takes a registration with good
 * credentials (200) and stores nothing. The upload that follows is in upload.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newJob,
  resultsOf,
  runMain,
  visibleText
} from './support/action-harness.js'
import { realServers } from './support/real-servers/servers.js'

cleanUpAfterEach()

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

  it('a password without a user name: the 403 says so, in pypiserver’s terms', async () => {
    const { pypiserver } = realServers()
    const run = await runMain(await newJob(), {
      repository: pypiserver.url,
      password: 'not-a-token'
    })
    expect(run.outputs.status).toBe('forbidden')
    const line = failureLine(run)
    expect(line).toMatch(/pypiserver answers 403 for a wrong password/)
    expect(line).toMatch(/The user name is __token__ because none was given/)
    expect(line).not.toMatch(/Owner/)
    expect(run.stdout).toMatch(/^::notice::.*does not look like an API token/m)
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
