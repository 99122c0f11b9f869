/**
 * The only reader of the action's inputs and environment. Everything is read once, validated here,
 * and handed on as one typed object; secrets are masked before anything else can print them.
 */
import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Inputs, TOKEN_USERNAME } from './constants.js'
import { InputError } from './errors.js'
import { SOURCE_KINDS, type SourceKind } from './metadata/load.js'
import {
  basicAuthorization,
  resolveRepository,
  type Credentials,
  type IndexTarget
} from './repository.js'

export interface Settings {
  target: IndexTarget
  username: string
  /** Absent only in a dry run, which sends nothing. */
  password?: string
  projectDir: string
  /** Absolute folder of built distributions. */
  distDir: string
  metadataSource: 'auto' | SourceKind
  /** The tag this workflow run is for, when it was triggered by one. */
  runnerTag?: { name: string; commit: string }
  dryRun: boolean
  /** Where temporary files go: the job's RUNNER_TEMP, which the runner empties after the job. */
  scratchDir: string
}

/** The raw text of each input, as the runner passes it (empty when not given). */
export type RawInputs = Record<(typeof Inputs)[keyof typeof Inputs], string>

/** Reads and validates every input, masking secrets first. */
export function readSettings(): Settings {
  const raw = Object.fromEntries(
    Object.values(Inputs).map(name => [name, core.getInput(name, { trimWhitespace: false })])
  ) as RawInputs
  // Masked before validation, so that not even an error about a secret can show it.
  maskSecret(raw[Inputs.password])
  maskSecret(userinfoPassword(raw[Inputs.repository]))
  const settings = parseSettings(raw, process.env, process.cwd())
  const credentials = credentialsOf(settings)
  if (credentials !== undefined) {
    maskSecret(credentials.password)
    maskSecret(basicAuthorization(credentials))
    // The header's base64 part on its own, in case a server echoes it back.
    maskSecret(basicAuthorization(credentials).slice('Basic '.length))
  }
  return settings
}

/** Validates raw inputs. Pure: the environment and working folder are passed in. */
export function parseSettings(raw: RawInputs, env: NodeJS.ProcessEnv, cwd: string): Settings {
  const target = resolveRepository(raw[Inputs.repository], Inputs.repository)
  const dryRun = parseBoolean(raw[Inputs.dryRun], Inputs.dryRun, false)
  const username = raw[Inputs.username].trim() || target.urlCredentials?.username || TOKEN_USERNAME
  const password = raw[Inputs.password] || target.urlCredentials?.password || undefined
  if (password === undefined && !dryRun && !target.warehouse) {
    throw new InputError(
      `Input '${Inputs.password}' is empty, and ${target.url} needs credentials to register.`,
      `Pass it from a secret: \`${Inputs.password}: \${{ secrets.INDEX_PASSWORD }}\` (a secret that does not exist, or is not available to this workflow, arrives empty).`
    )
  }
  const projectDir = path.resolve(cwd, raw[Inputs.projectDir].trim() || '.')
  const settings: Settings = {
    target,
    username,
    projectDir,
    distDir: path.resolve(projectDir, raw[Inputs.distDir].trim() || 'dist'),
    metadataSource: parseChoice(
      raw[Inputs.metadataSource],
      Inputs.metadataSource,
      ['auto', ...SOURCE_KINDS],
      'auto'
    ),
    dryRun,
    scratchDir: scratchDirectory(env)
  }
  if (password !== undefined) settings.password = password
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME && env.GITHUB_SHA) {
    settings.runnerTag = { name: env.GITHUB_REF_NAME, commit: env.GITHUB_SHA }
  }
  return settings
}

export function credentialsOf(settings: Settings): Credentials | undefined {
  return settings.password === undefined
    ? undefined
    : { username: settings.username, password: settings.password }
}

/** The job's scratch folder: RUNNER_TEMP on a runner, the system's temp folder elsewhere. */
export function scratchDirectory(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP?.trim() || tmpdir()
}

/** One of a fixed set of words; the message lists them. */
function parseChoice<T extends string>(
  value: string,
  input: string,
  choices: readonly T[],
  fallback: T
): T {
  const text = value.trim()
  if (text === '') return fallback
  if ((choices as readonly string[]).includes(text)) return text as T
  throw new InputError(
    `Input '${input}' is "${text}", which is not one of ${choices.join(', ')}.`,
    `Use one of ${choices.join(', ')}.`
  )
}

/** YAML 1.2 booleans, as the runner's own inputs accept them. */
function parseBoolean(value: string, input: string, fallback: boolean): boolean {
  const text = value.trim()
  if (text === '') return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(
    `Input '${input}' is "${text}", which is not a boolean.`,
    'Use true or false.'
  )
}

/** The password written into a URL (`scheme://user:password@host`), raw as typed. */
function userinfoPassword(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^/@]*)@/i.exec(url.trim())?.[1]
}

/** Values already registered with the runner, so that each is masked once. */
const masked = new Set<string>()

/**
 * Masks a secret in every form it could be printed in: as given, percent-decoded (as a URL carries
 * it), and line by line, because the runner masks within one log line at a time.
 */
function maskSecret(secret: string | undefined): void {
  if (secret === undefined || secret === '') return
  const forms = new Set([secret, ...secret.split(/\r?\n|\r/)])
  try {
    forms.add(decodeURIComponent(secret))
  } catch {
    // Not percent-encoded: the raw form is already masked.
  }
  for (const form of forms) {
    if (form.trim() === '' || masked.has(form)) continue
    masked.add(form)
    core.setSecret(form)
  }
}
