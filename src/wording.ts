/**
 * Who reads the action's own messages, and in whose words. A workflow's author on a runner sets
 * inputs (`dry-run: true`) and runs earlier steps; a terminal's user gives options (`--dry-run`)
 * and has no steps. Each message picks its words where it is written, through the functions
 * below; the run says once whom it speaks to (`speakingTo`), and that holds for everything the
 * run does, however deep. Text from the project or from an index never passes through here, so
 * it is shown exactly as it came.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { FLAG_INPUTS, type Inputs } from './constants.js'

export type Audience = 'workflow' | 'terminal'

/** The name of an input of action.yml, which is also the name of a command-line option. */
export type InputName = (typeof Inputs)[keyof typeof Inputs]

let context: AsyncLocalStorage<Audience> | undefined

/** Runs `work` (and everything it starts) speaking to `audience`. */
export function speakingTo<T>(audience: Audience, work: () => T): T {
  context ??= new AsyncLocalStorage<Audience>()
  return context.run(audience, work)
}

/** The audience of the run in progress; a workflow's author outside any run. */
export function audience(): Audience {
  return context?.getStore() ?? 'workflow'
}

/** Words chosen for each audience, side by side where the message is written. */
export function either(workflow: string, terminal: string): string {
  return audience() === 'terminal' ? terminal : workflow
}

/** An input named in a sentence: `input 'retries'` for a workflow, `--retries` in a terminal. */
export function inputName(name: InputName): string {
  return either(`input '${name}'`, `--${name}`)
}

/** Several inputs at once: `inputs 'username' and 'password'`, `--username and --password`. */
export function inputNames(names: readonly InputName[], conjunction: 'and' | 'or' = 'and'): string {
  const join = (words: string[]) =>
    words.length < 2
      ? words.join('')
      : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`
  return either(
    `input${names.length === 1 ? '' : 's'} ${join(names.map(name => `'${name}'`))}`,
    join(names.map(name => `--${name}`))
  )
}

/**
 * An input with its value, as the user writes it: `check-tag: false` under `with:`, and
 * `--check-tag=false` on a command line (a flag alone for true: `--dry-run`).
 */
export function setting(name: InputName, value: string): string {
  const flag = value === 'true' && FLAG_INPUTS.has(name)
  return either(`${name}: ${value}`, flag ? `--${name}` : `--${name}=${value}`)
}

/** The first letter in upper case, for a sentence that starts with an input's name. */
export function startOfSentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
