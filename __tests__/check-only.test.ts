/**
 * check-only against the real servers, through the bundled action: what each proves about the
 * credentials and the upload right without registering, what it cannot prove, and that nothing
 * is stored (devpi's index of its own holds no such project, pypiserver's package folder gains
 * no file).
 */
import { describe, expect, it } from '@jest/globals'
import { readdir } from 'node:fs/promises'
import { createServer } from 'node:http'
import {
  cleanUpAfterEach,
  failureLine,
  listen,
  newJob,
  resultsOf,
  runMain
} from './support/action-harness.js'
import { devpiRelease, newDevpiIndex, realServers } from './support/real-servers/servers.js'
import { ALICE, BOB } from './support/test-users.js'

cleanUpAfterEach()

const WRONG = 'not-the-password'

describe('check-only on devpi-server', () => {
  const aliceIndex = (aclUpload?: string[]) =>
    newDevpiIndex(realServers().devpi, { owner: ALICE, ...(aclUpload ? { aclUpload } : {}) })

  it('proves the credentials and the upload right, and stores nothing', async () => {
    const dev = await aliceIndex()
    const run = await runMain(await newJob(), { repository: dev, ...ALICE, 'check-only': 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('checked')
    const [result] = resultsOf(run)
    expect(result).toMatchObject({ outcome: 'checked', http_status: 400, attempts: 2 })
    // devpi-web answers the probe's GET with a redirect; without it the probe reads the index.
    expect(result?.message).toMatch(
      /Proven: the URL answers as a devpi (stage )?index; the credentials of alice are accepted \(the same request without them was refused\); alice may upload to this index \(devpi checks acl_upload before anything else\)\. Not proven: what the index says of this release's metadata/
    )
    expect(await devpiRelease(dev, 'peer-register-sample', '0.1.0')).toBeUndefined()
    expect((await fetch(`${dev}peer-register-sample`)).status).toBe(404)
    expect(run.outputs['pypirc-path']).toBeDefined()
    expect(run.summary).toMatch(
      /^## ✅ `peer-register-sample 0\.1\.0`: checked on 1 of 1 index, nothing registered\n/
    )
    expect(run.summary).toContain('### Checked without registering')
    expect(run.summary).toMatch(/^- ✅ alice may upload to this index/m)
    expect(run.summary).toMatch(/^- ❔ not proven: what the index says of this release's metadata/m)
  })

  it('fails on a wrong password with 401, before any registration', async () => {
    const dev = await aliceIndex()
    const run = await runMain(await newJob(), {
      repository: dev,
      username: ALICE.username,
      password: WRONG,
      'check-only': 'true'
    })
    expect(failureLine(run)).toMatch(
      /refused alice \(401 Unauthorized\); nothing was registered\. devpi did not accept the password of alice/
    )
    expect(run.outputs.status).toBe('unauthorized')
  })

  it('fails for a user outside acl_upload', async () => {
    const dev = await aliceIndex()
    const run = await runMain(await newJob(), { repository: dev, ...BOB, 'check-only': 'true' })
    // From the index configuration where the probe can read it, else from devpi's 403.
    expect(failureLine(run)).toMatch(
      /upload right \(acl_upload\) goes to alice, not to bob|refused bob \(403 no permission to submit\); nothing was registered\. On devpi a 403 means that bob is not in this index's acl_upload/
    )
    expect(run.outputs.status).toBe('forbidden')
  })

  it('says the credentials are not proven where the index lets anyone upload', async () => {
    const open = await aliceIndex([':ANONYMOUS:'])
    const run = await runMain(await newJob(), { repository: open, ...ALICE, 'check-only': 'true' })
    expect(run.outputs.status).toBe('checked')
    expect(resultsOf(run)[0]?.message).toContain(
      'Not proven: the credentials of alice: this index takes the request from anyone, so it did not need them'
    )
  })
})

describe('check-only on pypiserver', () => {
  it('proves the password, and stores nothing', async () => {
    const server = realServers().pypiserver
    const before = await readdir(server.packages)
    const run = await runMain(await newJob(), {
      repository: server.url,
      ...BOB,
      'check-only': 'true'
    })
    expect(run.code).toBe(0)
    expect(resultsOf(run)[0]?.message).toContain(
      'Proven: the URL answers as a pypiserver index; the credentials of bob are accepted (the same request without them was refused); bob may upload here (pypiserver lets every user of its password file upload).'
    )
    expect(await readdir(server.packages)).toEqual(before)
  })

  it('fails on a wrong password, which pypiserver answers with 403', async () => {
    const run = await runMain(await newJob(), {
      repository: realServers().pypiserver.url,
      username: BOB.username,
      password: WRONG,
      'check-only': 'true'
    })
    expect(failureLine(run)).toMatch(
      /refused bob \(403 Forbidden\); nothing was registered\. pypiserver answers 403 for a wrong password/
    )
    expect(run.outputs.status).toBe('forbidden')
  })
})

describe('check-only on a server it does not know', () => {
  it('says what it could not prove, and succeeds', async () => {
    const origin = await listen(
      createServer((request, response) => {
        request.resume()
        response.statusCode = request.method === 'GET' ? 404 : 400
        response.end()
      })
    )
    const run = await runMain(await newJob(), {
      repository: `${origin}/simple-index/`,
      ...ALICE,
      'check-only': 'true'
    })
    expect(run.outputs.status).toBe('checked')
    expect(resultsOf(run)[0]?.message).toContain(
      'Proven: the URL answers as an index of a kind not recognised. Not proven: the credentials of alice: this index answered 400 without saying whether it checked them; whether alice may upload here;'
    )
    expect(resultsOf(run)[0]?.attempts).toBe(1)
  })
})

describe('check-only settings', () => {
  it('is refused without a password, which a missing secret gives, before anything is sent', async () => {
    const dev = await newDevpiIndex(realServers().devpi, { owner: ALICE })
    const run = await runMain(await newJob(), {
      repository: dev,
      username: ALICE.username,
      'check-only': 'true'
    })
    expect(failureLine(run)).toContain(
      `check-only: true has no password to check for ${dev} (user alice): an empty password is what a missing or misspelt secret gives.`
    )
  })

  it('counts only the indexes it checked: pypi.org is named, never contacted', async () => {
    const dev = await newDevpiIndex(realServers().devpi, { owner: ALICE })
    const run = await runMain(await newJob(), {
      repository: `${dev}, pypi`,
      ...ALICE,
      'check-only': 'true'
    })
    expect(run.summary).toMatch(
      /^## ✅ `peer-register-sample 0\.1\.0`: checked on 1 of 2 indexes, nothing registered \(1 not checked: see below\)\n/
    )
  })

  it('is refused together with dry-run', async () => {
    const run = await runMain(await newJob(), {
      repository: 'pypi',
      'dry-run': 'true',
      'check-only': 'true'
    })
    expect(failureLine(run)).toMatch(/^Inputs 'dry-run' and 'check-only' are both true\./)
  })
})
