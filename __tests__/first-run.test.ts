/**
 * A first run that cannot go wrong, through the bundled action as a runner runs it: no index is
 * guessed when the repository is empty (what a missing secret gives), a password that is no PyPI
 * token never lands in a pypi.org section of the .pypirc, and inputs named as other actions name
 * them are reported with the input to use before anything is sent.
 */
import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newIndex,
  newJob,
  runMain
} from './support/action-harness.js'

cleanUpAfterEach()

describe('safe defaults, through the bundle', () => {
  it('fails when no index is named, says a secret may be missing, and writes no .pypirc', async () => {
    const run = await runMain(await newJob(), { password: ALICE.password })
    expect(failureLine(run)).toMatch(
      /^No index to register on: input 'repository' is empty, and so are TWINE_REPOSITORY_URL and TWINE_REPOSITORY\. If input 'repository' comes from a secret, check that the secret exists/
    )
    expect(run.outputs.status).toBe('error')
    expect(run.outputs['pypirc-path']).toBeUndefined()
    expect(run.summary).toContain('No index to register on')
  })

  it('keeps a password that is no PyPI token out of the .pypirc section for pypi.org', async () => {
    const run = await runMain(await newJob(), { repository: 'pypi', password: ALICE.password })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^::warning::The password from input 'password' is not a PyPI API token .* left out of the \.pypirc section \[pypi\]/m
    )
    const pypirc = await readFile(run.outputs['pypirc-path'] as string, 'utf8')
    expect(pypirc).toContain('[pypi]')
    expect(pypirc).not.toMatch(/password/)
  })

  it("reports gh-action-pypi-publish's input names with ours, before anything is sent", async () => {
    const index = await newIndex({ flavour: 'devpi', users: { [ALICE.username]: ALICE.password } })
    const run = await runMain(await newJob(), {
      'repository-url': index.url,
      user: ALICE.username,
      password: ALICE.password,
      'skip-existing': 'true'
    })
    const line = failureLine(run)
    expect(line).toContain(
      "Input 'repository-url' is not an input of this action (it is gh-action-pypi-publish's name), so it would be ignored: use 'repository' instead."
    )
    expect(line).toContain("Input 'user' is not an input")
    expect(line).toContain("use 'username' instead")
    expect(run.stdout).toMatch(
      /^::warning::Input 'skip-existing' is not an input of this action and is ignored/m
    )
    expect(index.requests).toHaveLength(0)
  })

  it('stops a misspelt dry_run before it registers for real', async () => {
    const index = await newIndex({ flavour: 'devpi', users: { [ALICE.username]: ALICE.password } })
    const run = await runMain(await newJob(), {
      repository: index.url,
      username: ALICE.username,
      password: ALICE.password,
      dry_run: 'true'
    })
    expect(failureLine(run)).toContain(
      "Input 'dry_run' is not an input of this action, so it would be ignored: did you mean 'dry-run'?"
    )
    expect(index.requests).toHaveLength(0)
  })
})
