/** Inputs a step was given that action.yml does not declare, where the user plausibly meant ours. */
import { describe, expect, it } from '@jest/globals'
import { Inputs } from '../src/constants.js'
import { undeclaredInputs } from '../src/config/undeclared-inputs.js'

describe('undeclaredInputs', () => {
  it("says nothing of this action's own inputs", () => {
    expect(undeclaredInputs(Object.values(Inputs))).toEqual([])
  })

  it.each([
    [
      'repository-url',
      "(it is gh-action-pypi-publish's name), so it would be ignored: use 'repository'"
    ],
    ['user', "(it is gh-action-pypi-publish's name), so it would be ignored: use 'username'"],
    [
      'packages-dir',
      "(it is gh-action-pypi-publish's name), so it would be ignored: use 'dist-dir'"
    ],
    ['repository_url', "use 'repository'"],
    ['token', "so it would be ignored: use 'password'"],
    ['dry_run', "did you mean 'dry-run'?"],
    ['dryrun', "did you mean 'dry-run'?"],
    ['Dry-Run', "did you mean 'dry-run'?"],
    ['usename', "did you mean 'username'?"],
    ['repositry', "did you mean 'repository'?"],
    ['metadata_sorce', "did you mean 'metadata-source'?"],
    ['strcit', "did you mean 'strict'?"]
  ])('stops the step for %s, naming the input to use', (given, expected) => {
    expect(undeclaredInputs([given])).toEqual([
      {
        given,
        severity: 'error',
        message: expect.stringContaining(`Input '${given}' is not an input of this action`)
      }
    ])
    expect(undeclaredInputs([given])[0]?.message).toContain(expected)
  })

  it.each([
    ['verify-metadata', 'the metadata is always checked before anything is sent'],
    ['skip-existing', 'a registration has nothing to skip'],
    ['print-hash', 'nothing is uploaded'],
    ['attestations', 'nothing is uploaded']
  ])('warns that %s has no counterpart here', (given, reason) => {
    const [found] = undeclaredInputs([given])
    expect(found).toMatchObject({ given, severity: 'warning' })
    expect(found?.message).toContain(`is ignored: ${reason}`)
  })

  it("leaves names too far from any of ours to the runner's own warning", () => {
    expect(undeclaredInputs(['url', 'foo', 'entrypoint', 'timeouts-per-request'])).toEqual([])
  })
})
