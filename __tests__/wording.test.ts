/**
 * The two vocabularies of the action's own messages, chosen where each message is written: a
 * workflow's inputs and steps, or a terminal's options. The audience holds for everything a run
 * does, across awaits and timers, and two runs at once keep their own.
 */
import { describe, expect, it } from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import { Inputs } from '../src/constants.js'
import {
  audience,
  either,
  inputName,
  inputNames,
  setting,
  speakingTo,
  startOfSentence
} from '../src/wording.js'

describe('wording', () => {
  it('speaks to a workflow outside any run', () => {
    expect(audience()).toBe('workflow')
    expect(inputName(Inputs.retries)).toBe("input 'retries'")
  })

  it.each([
    [() => inputName(Inputs.configFile), "input 'config-file'", '--config-file'],
    [
      () => inputNames([Inputs.username, Inputs.password]),
      "inputs 'username' and 'password'",
      '--username and --password'
    ],
    [
      () => inputNames([Inputs.pypirc, Inputs.configFile], 'or'),
      "inputs 'pypirc' or 'config-file'",
      '--pypirc or --config-file'
    ],
    [() => setting(Inputs.dryRun, 'true'), 'dry-run: true', '--dry-run'],
    [() => setting(Inputs.strict, 'false'), 'strict: false', '--strict=false'],
    // Not a flag on the command line: a bare --check-tag would take the next argument as its value.
    [() => setting(Inputs.checkTag, 'true'), 'check-tag: true', '--check-tag=true'],
    [() => either('before this step', 'first'), 'before this step', 'first'],
    [() => startOfSentence(inputName(Inputs.retries)), "Input 'retries'", '--retries']
  ])('%#: words each audience its own way', (words, workflow, terminal) => {
    expect(speakingTo('workflow', words)).toBe(workflow)
    expect(speakingTo('terminal', words)).toBe(terminal)
  })

  it('holds across awaits and timers, and two runs at once keep their own audience', async () => {
    const run = (who: 'workflow' | 'terminal') =>
      speakingTo(who, async () => {
        await sleep(5)
        const later = await new Promise<string>(resolve =>
          setTimeout(() => resolve(inputName(Inputs.dryRun)), 5)
        )
        return [audience(), later]
      })
    expect(await Promise.all([run('terminal'), run('workflow')])).toEqual([
      ['terminal', '--dry-run'],
      ['workflow', "input 'dry-run'"]
    ])
    expect(audience()).toBe('workflow')
  })
})
