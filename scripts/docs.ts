/**
 * `npm run docs`: writes the README's inputs and outputs tables from action.yml, so that the two
 * never disagree; `npm run docs:check` (run in CI) fails when the README is out of date.
 * The tables live between `<!-- inputs:begin -->` / `<!-- inputs:end -->` and the same for outputs.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { parse } from 'yaml'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const README = path.join(ROOT, 'README.md')

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

/** Markdown table cells: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()
}

export function inputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.default ? `\`${input.default}\`` : ''} | ${cell(input.description)} |`
  )
  return ['| input | default | meaning |', '| --- | --- | --- |', ...rows].join('\n')
}

export function outputsTable(action: ActionMetadata): string {
  const rows = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  )
  return ['| output | meaning |', '| --- | --- |', ...rows].join('\n')
}

/** The README with both tables replaced; throws when a marker is missing. */
export function withTables(readme: string, action: ActionMetadata): string {
  let text = readme
  for (const [name, table] of [
    ['inputs', inputsTable(action)],
    ['outputs', outputsTable(action)]
  ] as const) {
    const pattern = new RegExp(`(<!-- ${name}:begin -->)[^]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(text))
      throw new Error(`README.md lacks the <!-- ${name}:begin/end --> markers`)
    text = text.replace(
      pattern,
      (_, begin: string, end: string) => `${begin}\n\n${table}\n\n${end}`
    )
  }
  return text
}

export function readActionMetadata(): ActionMetadata {
  return parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata
}

/** Formatted as `npm run format` would, so that the check and prettier agree on the bytes. */
async function formatted(markdown: string): Promise<string> {
  const options = (await prettier.resolveConfig(README)) ?? {}
  return prettier.format(markdown, { ...options, filepath: README })
}

async function main(): Promise<void> {
  const readme = readFileSync(README, 'utf8')
  const expected = await formatted(withTables(readme, readActionMetadata()))
  if (process.argv.includes('--check')) {
    if (expected !== readme) {
      console.error(
        'README.md: the inputs or outputs tables differ from action.yml. Run `npm run docs` and commit the result.'
      )
      process.exitCode = 1
    } else console.log('README.md tables match action.yml.')
    return
  }
  writeFileSync(README, expected)
  console.log('README.md tables written from action.yml.')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
