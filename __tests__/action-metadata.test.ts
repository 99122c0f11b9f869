/** action.yml, the code's input and output names and the command line's options must agree. */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { OPTION_HELP } from '../src/cli.js'
import { ACTION_VERSION, Inputs, Outputs } from '../src/constants.js'
import { REPO_ROOT } from './support/runner-job.js'

interface ActionYml {
  name: string
  description: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post: string; 'post-if': string }
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, and the command line offers each', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort())
    expect(Object.keys(OPTION_HELP).sort()).toEqual(Object.values(Inputs).sort())
  })

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort())
  })

  it('runs the committed bundles on node24, the post step even after a failure', () => {
    expect(action.runs).toMatchObject({ using: 'node24', 'post-if': 'always()' })
    expect(existsSync(path.join(REPO_ROOT, action.runs.main))).toBe(true)
    expect(existsSync(path.join(REPO_ROOT, action.runs.post))).toBe(true)
  })

  it('gives every input and output a description', () => {
    const undescribed = [...Object.entries(action.inputs), ...Object.entries(action.outputs)]
      .filter(([, entry]) => (entry.description ?? '').trim().length < 10)
      .map(([name]) => name)
    expect(undescribed).toEqual([])
  })

  it('meets the Marketplace rules: a name, a description under 125 characters, branding', () => {
    expect(action.name.length).toBeGreaterThan(0)
    expect(action.description.length).toBeLessThan(125)
    expect(action.branding.icon).toMatch(/^[a-z0-9-]+$/)
    const colors = [
      'white',
      'black',
      'yellow',
      'blue',
      'green',
      'orange',
      'red',
      'purple',
      'gray-dark'
    ]
    expect(colors).toContain(action.branding.color)
  })

  it('names the version package.json has, and the command line its bin points at', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string
      bin: Record<string, string>
    }
    expect(ACTION_VERSION).toBe(manifest.version)
    expect(existsSync(path.join(REPO_ROOT, manifest.bin['pypi-register']!))).toBe(true)
  })
})
