import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { appendToRunnerFile, keyValueBlock } from '../src/host/file-commands.js'
import { randomToken, tokenAbsentFrom } from '../src/random-token.js'
import { parseFileCommands } from './support/runner-job.js'

/** A stand-in for Math.random that returns the given values in turn, then the last one again. */
function sequence(...values: number[]): () => number {
  let next = 0
  return () => values[Math.min(next++, values.length - 1)]!
}

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map(folder => rm(folder, { recursive: true, force: true })))
})

async function scratch(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'file-commands-'))
  folders.push(folder)
  return folder
}

describe('randomToken', () => {
  it('gives the requested number of hexadecimal digits, zero-padded per draw', () => {
    expect(randomToken(16, sequence(0, 0.5))).toBe('0000000080000000')
    expect(randomToken(5, sequence(0.999999999))).toBe('fffff')
    expect(randomToken(32)).toMatch(/^[0-9a-f]{32}$/)
    expect(randomToken(32)).not.toBe(randomToken(32))
  })

  it('draws again while the token occurs in one of the texts', () => {
    expect(tokenAbsentFrom(['a', 'xp-40000000x'], 'p-', 8, sequence(0.25, 0.5))).toBe('p-80000000')
    expect(tokenAbsentFrom(['a', 'xp-40000000x'], 'q-', 8, sequence(0.25, 0.5))).toBe('q-40000000')
  })
})

describe('keyValueBlock', () => {
  it('frames a multi-line value so that the runner reads back exactly that value', () => {
    const value = 'line one\nname<<EOF\nline three'
    expect(parseFileCommands(keyValueBlock('results', value))).toEqual({ results: value })
  })

  it('never uses a delimiter that occurs in the value, so a value cannot end its block early', () => {
    // The first delimiter drawn is planted in the value, followed by a forged output.
    const planted = `ghadelimiter_${randomToken(32, sequence(0.125))}`
    const value = `harmless\n${planted}\nforged<<X\nevil\nX`
    const block = keyValueBlock('name', value, sequence(0.125, 0.125, 0.125, 0.125, 0.75))
    expect(block.split('\n')[0]).toBe(`name<<ghadelimiter_${'c0000000'.repeat(4)}`)
    expect(block).not.toContain(`name<<${planted}`)
    expect(parseFileCommands(block)).toEqual({ name: value })
  })
})

describe('appendToRunnerFile', () => {
  it('appends to the file the runner created', async () => {
    const file = path.join(await scratch(), 'output')
    await writeFile(file, 'before\n')
    appendToRunnerFile('GITHUB_OUTPUT', file, 'after\n')
    expect(await readFile(file, 'utf8')).toBe('before\nafter\n')
  })

  it('refuses a file the runner did not create, naming the variable, and creates nothing', async () => {
    const file = path.join(await scratch(), 'missing')
    expect(() => appendToRunnerFile('GITHUB_STATE', file, 'x')).toThrow(
      `GITHUB_STATE names ${file}, which does not exist`
    )
    expect(existsSync(file)).toBe(false)
  })
})
