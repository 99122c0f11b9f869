/**
 * The workflow commands the runner host writes, against @actions/core's own output for the same
 * calls: core is the oracle, so that the hand-written escaping cannot drift from it.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { actionsHost } from '../src/host/actions-host.js'
import { escapeData, escapeProperty, renderCommand } from '../src/host/workflow-commands.js'

const TRICKY = [
  'plain',
  '',
  '100% done',
  'two\nlines\r\nand a CR\r',
  'a:b,c=d::e',
  '%0A is not a line break',
  'naïve ünïcode ✓',
  '::error::injected'
]

/** What `act` writes to stdout, with the host's and core's process.exitCode left as they were. */
function stdoutOf(act: () => void): string {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  const exitCode = process.exitCode
  try {
    act()
  } finally {
    spy.mockRestore()
    process.exitCode = exitCode
  }
  return written.join('')
}

afterEach(() => {
  jest.restoreAllMocks()
})

describe('workflow commands, against @actions/core', () => {
  const host = actionsHost()

  it.each(TRICKY)('annotations and debug lines of %j are what core writes', message => {
    const place = { file: 'dir,x/py:project.toml', line: 12, title: `Title: ${message}` }
    expect(stdoutOf(() => host.warning(message, place))).toBe(
      stdoutOf(() => core.warning(message, { file: place.file, startLine: 12, title: place.title }))
    )
    expect(stdoutOf(() => host.notice(message, { file: 'a' }))).toBe(
      stdoutOf(() => core.notice(message, { file: 'a' }))
    )
    expect(stdoutOf(() => host.error(message))).toBe(stdoutOf(() => core.error(message)))
    expect(stdoutOf(() => host.debug(message))).toBe(stdoutOf(() => core.debug(message)))
  })

  it('masks a secret and groups lines as core does', () => {
    expect(stdoutOf(() => host.setSecret('pa%ss\nword'))).toBe(
      stdoutOf(() => core.setSecret('pa%ss\nword'))
    )
    expect(stdoutOf(() => host.group('Fields: a, b', ['x = 1']))).toBe(
      stdoutOf(() => {
        core.startGroup('Fields: a, b')
        process.stdout.write('x = 1\n')
        core.endGroup()
      })
    )
  })

  it('fails the step with an error annotation, as core.setFailed does', () => {
    expect(stdoutOf(() => host.setFailed('it broke:\nhere'))).toBe(
      stdoutOf(() => core.setFailed('it broke:\nhere'))
    )
  })
})

describe('the escaping', () => {
  it('keeps one command on one line and properties apart', () => {
    expect(escapeData('50%\r\n')).toBe('50%25%0D%0A')
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc')
    expect(renderCommand('warning', { file: 'f', line: 0, title: '' }, 'm')).toBe(
      '::warning file=f::m\n'
    )
    expect(renderCommand('endgroup', {}, '')).toBe('::endgroup::\n')
  })
})
