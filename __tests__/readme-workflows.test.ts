/**
 * The README's workflows, as a user copies them. Every YAML block is parsed: each `with:` key of
 * this action must be an input of action.yml, and each `steps.<id>.outputs.<name>` an output of a
 * step of this action in the same block. The quick start, the register-then-upload release and the
 * several-indexes upload loop are then run as a runner runs them: this action's step through the
 * bundled dist/ (in place of `uses: OWNER/pypi-register@v1`), with action.yml's defaults for the
 * inputs not given and `${{ }}` expressions substituted, and `run:` steps with bash. Only the steps
 * of other actions are stood for: actions/checkout by a copy of the example project, and
 * `python -m build` by that project's distributions, which scripts/regenerate-fixtures.sh built.
 */
import { describe, expect, it } from '@jest/globals'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import {
  ALICE,
  cleanUpAfterEach,
  closeAfterTest,
  newIndex,
  newJob
} from './support/action-harness.js'
import { REPO_ROOT, type RunnerJob, type StepRun } from './support/runner-job.js'
import { runStepScript, sampleCheckout } from './support/run-step.js'

cleanUpAfterEach()

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  with?: Record<string, string | boolean | number>
}

interface Block {
  text: string
  steps: Step[]
  name?: string
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string
}
const THIS_ACTION = /^[\w.-]+\/pypi-register@(v\d+)$/

/** Every ```yaml block of the README, with its steps, whether it is a workflow or a list of steps. */
function readmeBlocks(): Block[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
  return [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map(match => {
    const text = match[1] as string
    const parsed = parse(text) as unknown
    if (Array.isArray(parsed)) return { text, steps: parsed as Step[] }
    const workflow = parsed as { name?: string; jobs?: Record<string, { steps: Step[] }> }
    const steps = Object.values(workflow.jobs ?? {}).flatMap(job => job.steps)
    return { text, steps, ...(workflow.name ? { name: workflow.name } : {}) }
  })
}

function ours(step: Step): boolean {
  return THIS_ACTION.test(step.uses ?? '')
}

/** Replaces `${{ ... }}` as the runner does; an expression the test cannot answer fails it. */
function substitute(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const value = context[expression]
    if (value === undefined) throw new Error(`no value for the expression ${expression}`)
    return value
  })
}

/** The inputs the runner gives the step: action.yml's defaults, then the step's `with:`. */
function stepInputs(step: Step, context: Record<string, string>): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default !== undefined) inputs[name] = input.default
  }
  for (const [name, value] of Object.entries(step.with ?? {})) {
    inputs[name] = substitute(String(value), context)
  }
  return inputs
}

const TAG_PUSH = {
  GITHUB_REF: 'refs/tags/v0.1.0',
  GITHUB_REF_TYPE: 'tag',
  GITHUB_REF_NAME: 'v0.1.0'
}

function runOurs(
  job: RunnerJob,
  step: Step,
  workspace: string,
  context: Record<string, string>
): Promise<StepRun> {
  return job.run('main', { cwd: workspace, inputs: stepInputs(step, context), env: TAG_PUSH })
}

/** A `run:` step, after the runner substituted its expressions. */
function runShell(step: Step, workspace: string, context: Record<string, string>) {
  return runStepScript(substitute(step.run ?? '', context), workspace)
}

/** The context a step's expressions see: secrets, and the outputs of the steps before it. */
function outputsContext(id: string, run: StepRun): Record<string, string> {
  return Object.fromEntries(
    Object.entries(run.outputs).map(([name, value]) => [`steps.${id}.outputs.${name}`, value])
  )
}

/** The README's devpi URL, pointed at the local index that stands for it. */
function localised(step: Step, indexUrl: string): Step {
  const repository = String(step.with?.repository ?? '')
  return {
    ...step,
    with: {
      ...step.with,
      repository: repository.replace('https://devpi.example.com/alice/dev/', indexUrl)
    }
  }
}

function blockNamed(name: string): Block {
  const block = readmeBlocks().find(candidate => candidate.name === name)
  if (block === undefined) throw new Error(`the README has no workflow named ${name}`)
  return block
}

describe("the README's YAML blocks", () => {
  const blocks = readmeBlocks()

  it('are there, and several use this action', () => {
    expect(blocks.filter(block => block.steps.some(ours)).length).toBeGreaterThanOrEqual(5)
  })

  it.each(blocks.map((block, i) => [i + 1, block] as const))(
    'block %i uses only real inputs and outputs',
    (_, block) => {
      const steps = block.steps.filter(ours)
      for (const step of steps) {
        expect(Object.keys(step.with ?? {}).filter(name => !(name in action.inputs))).toEqual([])
        expect(step.uses?.replace(THIS_ACTION, '$1')).toBe(`v${manifest.version.split('.')[0]}`)
      }
      const ids = new Set(steps.map(step => step.id))
      for (const [, id, output] of block.text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect({ id, known: ids.has(id) }).toEqual({ id, known: true })
        expect({ output, known: (output as string) in action.outputs }).toEqual({
          output,
          known: true
        })
      }
    }
  )
})

describe("the README's workflows, run", () => {
  it('the quick start registers on a tag push', async () => {
    const block = blockNamed('Register release')
    const step = block.steps.find(ours) as Step
    const index = await newIndex({
      flavour: 'devpi',
      users: { alice: ALICE.password },
      path: '/alice/dev/'
    })
    const run = await runOurs(
      await newJob(),
      localised(step, index.url),
      await sampleCheckout(false),
      {
        'secrets.DEVPI_PASSWORD': ALICE.password
      }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('registered')
    expect(index.record('peer-register-sample', '0.1.0')).toMatchObject({
      name: 'peer-register-sample'
    })
  })

  it('the release registers from the built files, then its upload step sends them to the same index', async () => {
    const block = blockNamed('Release')
    const uses = block.steps.map(step => step.uses ?? step.run)
    expect(uses).toEqual([
      'actions/checkout@v5',
      'actions/setup-python@v6',
      'python -m pip install build twine',
      'python -m build',
      expect.stringMatching(THIS_ACTION),
      expect.stringContaining('twine upload')
    ])
    const index = await newIndex({
      flavour: 'devpi',
      users: { alice: ALICE.password },
      path: '/alice/dev/'
    })
    const workspace = await sampleCheckout(true)
    const job = await newJob()
    const secrets = { 'secrets.DEVPI_PASSWORD': ALICE.password }
    const register = block.steps[4] as Step
    const run = await runOurs(job, localised(register, index.url), workspace, secrets)
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['metadata-source']).toBe('dist')
    const upload = await runShell(block.steps[5] as Step, workspace, {
      ...secrets,
      ...outputsContext(register.id as string, run)
    })
    expect(upload.output).not.toContain(ALICE.password)
    expect(upload.code).toBe(0)
    const files = index.projects.get('peer-register-sample')?.files ?? []
    expect(files.map(file => file.filename).sort()).toEqual([
      'peer-register-sample-0.1.0.tar.gz',
      'peer_register_sample-0.1.0-py3-none-any.whl'
    ])
    expect((await job.run('post')).code).toBe(0)
  })

  it('the several-indexes loop uploads to every section of one .pypirc secret', async () => {
    const block = readmeBlocks().find(candidate =>
      candidate.steps.some(step => step.run?.includes('for section in'))
    )
    expect(block).toBeDefined()
    const [register, upload] = (block as Block).steps as [Step, Step]
    const users = { alice: ALICE.password }
    const staging = await newIndex({ flavour: 'devpi', users, path: '/alice/staging/' })
    const production = await newIndex({ flavour: 'devpi', users, path: '/alice/production/' })
    const pypirc = [
      '[distutils]',
      'index-servers =',
      '    devpi-staging',
      '    devpi-production',
      '',
      '[devpi-staging]',
      `repository = ${staging.url}`,
      'username = alice',
      `password = ${ALICE.password}`,
      '',
      '[devpi-production]',
      `repository = ${production.url}`,
      'username = alice',
      `password = ${ALICE.password}`,
      ''
    ].join('\n')
    const workspace = await sampleCheckout(true)
    const secrets = { 'secrets.PYPIRC': pypirc }
    const run = await runOurs(await newJob(), register, workspace, secrets)
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['pypirc-section']).toBe('devpi-staging devpi-production')
    const result = await runShell(upload, workspace, {
      ...secrets,
      ...outputsContext(register.id as string, run)
    })
    expect(result.code).toBe(0)
    for (const index of [staging, production]) {
      expect(index.projects.get('peer-register-sample')?.files).toHaveLength(2)
    }
    expect(await readFile(run.outputs['pypirc-path'] as string, 'utf8')).toContain(
      '[devpi-production]'
    )
  })

  it('the build without secrets hands dist/ to a register job that runs no project code', async () => {
    const block = blockNamed('Release from a build without secrets')
    expect(block.steps.map(step => step.uses ?? step.run)).toEqual([
      'actions/checkout@v5',
      'actions/setup-python@v6',
      'python -m pip install build',
      'python -m build',
      'actions/upload-artifact@v4',
      'actions/download-artifact@v4',
      expect.stringMatching(THIS_ACTION)
    ])
    const [upload, download, register] = block.steps.slice(4) as [Step, Step, Step]
    expect(download.with).toEqual(upload.with)
    expect(block.text).not.toMatch(/build:[\s\S]*secrets\.[\s\S]*register:/)
    const index = await newIndex({
      flavour: 'devpi',
      users: { alice: ALICE.password },
      path: '/alice/dev/'
    })
    // The artifact: the built files alone, in a workspace with no checkout.
    const built = await sampleCheckout(true)
    const workspace = await mkdtemp(path.join(tmpdir(), 'register-job-'))
    closeAfterTest(() => rm(workspace, { recursive: true, force: true }))
    await cp(path.join(built, 'dist'), path.join(workspace, String(download.with?.path)), {
      recursive: true
    })
    const run = await runOurs(await newJob(), localised(register, index.url), workspace, {
      'secrets.DEVPI_PASSWORD': ALICE.password
    })
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['metadata-source']).toBe('dist')
    expect(run.stdout).not.toContain('build backend')
  })
})
