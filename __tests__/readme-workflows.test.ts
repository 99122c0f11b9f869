/**
 * The README's workflows, as a user copies them. Every YAML block is parsed: each `with:` key of
 * this action must be an input of action.yml, and each `steps.<id>.outputs.<name>` an output of a
 * step of this action in the same block. The quick start, the register-then-upload release, the
 * two-job release, the several-indexes upload loop and the matrix job (both with the example
 * .pypirc secret), and the command-line example are then run as a runner or a shell runs them: this action's step through the
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

/** The README's example `.pypirc` secret, its URLs and password those of the local indexes. */
function readmePypirc(urls: { staging: string; production: string }): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
  const ini = /^```ini\n([\s\S]*?)^```$/m.exec(readme)?.[1]
  if (ini === undefined) throw new Error('the README has no example .pypirc')
  return ini
    .replace('https://devpi.example.com/alice/staging/', urls.staging)
    .replace('https://devpi.example.com/alice/production/', urls.production)
    .replace(/the-devpi-password/g, ALICE.password)
}

/**
 * Runs a block's step of this action on a local devpi index standing for the README's, then its
 * upload step with the step's outputs, as the runner would.
 */
async function registerThenUpload(register: Step, upload: Step, workspace: string) {
  const index = await newIndex({
    flavour: 'devpi',
    users: { alice: ALICE.password },
    path: '/alice/dev/'
  })
  const secrets = { 'secrets.DEVPI_PASSWORD': ALICE.password }
  return {
    index,
    ...(await runThenUpload(localised(register, index.url), upload, workspace, secrets))
  }
}

/** Runs this action's step, then the upload step with its outputs in the context. */
async function runThenUpload(
  register: Step,
  upload: Step,
  workspace: string,
  context: Record<string, string>
) {
  const job = await newJob()
  const run = await runOurs(job, register, workspace, context)
  const uploaded = await runShell(upload, workspace, {
    ...context,
    ...outputsContext(register.id as string, run)
  })
  return { job, run, upload: uploaded }
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
    const { index, job, run, upload } = await registerThenUpload(
      block.steps[4] as Step,
      block.steps[5] as Step,
      await sampleCheckout(true)
    )
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['metadata-source']).toBe('dist')
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
    const pypirc = readmePypirc({ staging: staging.url, production: production.url })
    const { run, upload: result } = await runThenUpload(
      register,
      upload,
      await sampleCheckout(true),
      { 'secrets.PYPIRC': pypirc }
    )
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['pypirc-section']).toBe('devpi-staging devpi-production')
    expect(result.code).toBe(0)
    for (const index of [staging, production]) {
      expect(index.projects.get('peer-register-sample')?.files).toHaveLength(2)
    }
    expect(await readFile(run.outputs['pypirc-path'] as string, 'utf8')).toContain(
      '[devpi-production]'
    )
  })

  it('the two-job release builds without secrets, and registers and uploads from the built files alone', async () => {
    const block = blockNamed('Release in two jobs')
    const split = block.steps.findIndex(step => step.uses?.startsWith('actions/download-artifact'))
    const build = block.steps.slice(0, split)
    const publish = block.steps.slice(split)
    expect(build.map(step => step.uses ?? step.run)).toEqual([
      'actions/checkout@v5',
      'actions/setup-python@v6',
      'python -m pip install build',
      'python -m build',
      'actions/upload-artifact@v4'
    ])
    expect(publish.map(step => step.uses ?? step.run)).toEqual([
      'actions/download-artifact@v4',
      'python -m pip install twine',
      expect.stringMatching(THIS_ACTION),
      expect.stringContaining('twine upload')
    ])
    // The build job holds no secret and leaves no token in the checkout; the artifact goes as it came.
    expect(build[0]?.with).toEqual({ 'persist-credentials': false })
    expect(block.text).not.toMatch(/build:[\s\S]*secrets\.[\s\S]*publish:/)
    expect(publish[0]?.with).toEqual(build[4]?.with)
    // The artifact: dist/ and nothing else of the project.
    const checkout = await sampleCheckout(true)
    const workspace = await mkdtemp(path.join(tmpdir(), 'artifact-'))
    closeAfterTest(() => rm(workspace, { recursive: true, force: true }))
    await cp(path.join(checkout, 'dist'), path.join(workspace, 'dist'), { recursive: true })
    const { index, run, upload } = await registerThenUpload(
      publish[2] as Step,
      publish[3] as Step,
      workspace
    )
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['metadata-source']).toBe('dist')
    expect(run.stdout).not.toContain('build backend')
    expect(upload.code).toBe(0)
    expect(index.projects.get('peer-register-sample')?.files).toHaveLength(2)
  })

  it('the matrix job registers and uploads to its one index, from the example .pypirc secret', async () => {
    const block = readmeBlocks().find(candidate => candidate.text.includes('matrix.index'))
    expect(block).toBeDefined()
    const steps = (block as Block).steps
    const register = steps.find(ours) as Step
    const upload = steps[steps.length - 1] as Step
    expect(upload.run).toContain('twine upload')
    const users = { alice: ALICE.password }
    const staging = await newIndex({ flavour: 'devpi', users, path: '/alice/staging/' })
    const production = await newIndex({ flavour: 'devpi', users, path: '/alice/production/' })
    const context = {
      'secrets.PYPIRC': readmePypirc({ staging: staging.url, production: production.url }),
      'matrix.index': 'devpi-production'
    }
    const { run, upload: result } = await runThenUpload(
      register,
      upload,
      await sampleCheckout(true),
      context
    )
    expect(run.outputs.status).toBe('registered')
    expect(run.outputs['pypirc-section']).toBe('devpi-production')
    expect(result.code).toBe(0)
    expect(production.projects.get('peer-register-sample')?.files).toHaveLength(2)
    expect(staging.requests).toHaveLength(0)
  })

  it('the command-line example runs as written, in the project folder', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
    const example = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
      .map(match => match[1] as string)
      .find(text => text.includes('dist/cli/index.cjs'))
    expect(example).toBeDefined()
    const script = (example as string)
      .replace('cd my-project', `cd ${JSON.stringify(await sampleCheckout(false))}`)
      .replace('~/pypi-register', REPO_ROOT)
    const result = await runStepScript(script, tmpdir())
    expect(result.output).toMatch(/\nstatus: dry-run\n/)
    expect(result.code).toBe(0)
  })
})
