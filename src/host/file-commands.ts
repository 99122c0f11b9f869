/**
 * The runner's file commands: GITHUB_OUTPUT and GITHUB_STATE take `name<<DELIMITER` blocks, the job
 * summary takes Markdown as it is. The format is @actions/core's; the writing is done here because
 * @actions/core's file-command module loads node:crypto for its delimiter (about 4 ms of every
 * start of a step that writes a few short values) and its summary module loads fs/promises.
 */
import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'
import { tokenAbsentFrom } from '../random-token.js'

/**
 * One `name<<DELIMITER` block. What keeps the block from being cut short, or a value from adding
 * outputs of its own, is that neither the name nor the value contains the delimiter: that is
 * checked, and a delimiter found in them is replaced by a new one, so the framing holds for every
 * value (@actions/core throws in that unlikely case instead).
 */
export function keyValueBlock(name: string, value: string, random = Math.random): string {
  const delimiter = tokenAbsentFrom([name, value], 'ghadelimiter_', 32, random)
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`
}

/**
 * Appends to the file the runner named in `variable`. The runner creates it before the step
 * starts; a missing one means the step runs somewhere else, and nothing should be created.
 */
export function appendToRunnerFile(variable: string, path: string, text: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${variable} names ${path}, which does not exist: the runner creates it before a step starts.`
    )
  }
  appendFileSync(path, text, 'utf8')
}
