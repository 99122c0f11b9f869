/**
 * The only reader of the action's inputs and environment. Everything is read once, validated here,
 * and handed on as one typed object; secrets are masked before anything else can print them.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Inputs } from '../constants.js'
import { resolveIndex, type CredentialSources, type ResolvedIndex } from './credentials.js'
import { assertConfined, workspaceRoots, type WorkspaceRoots } from './workspace-paths.js'
import { InputError } from '../errors.js'
import type { Host } from '../host/host.js'
import { SOURCE_KINDS, type SourceKind } from '../metadata/loaded-metadata.js'
import { parsePypirc, pypircSecrets, type PypircConfig } from './pypirc-read.js'
import { scratchDirectory } from './pypirc-write.js'
import type { Credentials } from './repository.js'
import { userinfoSecrets, type Secrets } from '../secrets.js'
import type { CheckTag } from '../check/tag.js'
import { proxyCredentials, type TlsFiles } from './connection.js'
import { undeclaredInputs } from './undeclared-inputs.js'
import {
  either,
  inputName,
  inputNames,
  setting,
  startOfSentence,
  type InputName
} from '../wording.js'

export interface Settings {
  /** Every index to register on, each with its own credentials. */
  indexes: ResolvedIndex[]
  projectDir: string
  /** Absolute folder of built distributions. */
  distDir: string
  metadataSource: 'auto' | SourceKind
  /** How a source tree's build backend runs: isolated or not, which Python, for how long. */
  build: { isolation: boolean; python?: string; timeoutMs: number; allowUncontained: boolean }
  /** How many times a transient failure is retried, per index. */
  retries: number
  /** The limit for one request. */
  timeoutMs: number
  /** What an index that does not support registration means: a notice, nothing, or a failure. */
  onUnsupported: 'warn' | 'skip' | 'fail'
  /** The tag this workflow run is for, when it was triggered by one. */
  runnerTag?: { name: string; commit: string }
  /** What the run is for (GITHUB_REF), for messages. */
  ref?: string
  /** Whether the tag must name the version, and what tags start with. */
  checkTag: CheckTag
  tagPrefix: string
  /** Warnings of the metadata check count as errors. */
  strict: boolean
  dryRun: boolean
  /** Check each index (credentials, upload right, kind) without registering. */
  checkOnly: boolean
  /** Show the exact fields sent on a real run, as a dry run does. */
  verbose: boolean
  /** Read the release back after a 200, where the index offers a way, to say what it stored. */
  readBack: boolean
  /** Where temporary files go: the job's RUNNER_TEMP, which the runner empties after the job. */
  scratchDir: string
}

/** The raw text of each input, as the runner passes it (empty when not given). */
export type RawInputs = Record<(typeof Inputs)[keyof typeof Inputs], string>

/**
 * Reads and validates every input, adding every secret to `secrets` first (the redacting host
 * around `host` redacts with them, and tells the runner which forms to mask).
 */
export function readSettings(host: Host, secrets: Secrets): Settings {
  const undeclared = undeclaredInputs(host.givenInputs())
  for (const { message } of undeclared.filter(input => input.severity === 'warning'))
    host.warning(message)
  const misnamed = undeclared.filter(input => input.severity === 'error')
  if (misnamed.length > 0) {
    throw new InputError(
      misnamed.map(input => input.message).join(' '),
      "Rename it in the step's with: block (action.yml lists this action's inputs)."
    )
  }
  const raw = Object.fromEntries(
    Object.values(Inputs).map(name => [name, host.getInput(name)])
  ) as RawInputs
  // Added before validation, so that not even an error about a secret can show it.
  const env = process.env
  // On a runner, every path must stay in the job's folders (config/workspace-paths.ts).
  const roots = workspaceRoots(env)
  const configText = readConfigFile(raw[Inputs.configFile], process.cwd(), roots)
  for (const secret of [
    raw[Inputs.password],
    // Whole as well as split: a password holding a comma would otherwise be cut in two.
    ...userinfoSecrets(raw[Inputs.repository]),
    ...splitRepositories(raw[Inputs.repository]).flatMap(userinfoSecrets),
    env.TWINE_PASSWORD,
    ...userinfoSecrets(env.TWINE_REPOSITORY_URL ?? ''),
    ...pypircSecrets(raw[Inputs.pypirc]),
    ...pypircSecrets(configText ?? '')
  ]) {
    secrets.add(secret)
  }
  for (const [username, password] of proxyCredentials(env)) {
    if (password === '') secrets.add(username)
    else secrets.addCredentials(username, password)
  }
  const settings = parseSettings(raw, env, process.cwd(), configText)
  assertConfined(settings.projectDir, inputName(Inputs.projectDir), roots, 'project')
  assertConfined(settings.distDir, inputName(Inputs.distDir), roots, 'project')
  for (const { tls } of settings.indexes) {
    for (const file of [tls.caCert, tls.clientCert]) {
      if (file !== undefined) assertConfined(file.path, file.origin, roots, 'certificate')
    }
  }
  for (const index of settings.indexes) {
    const credentials = credentialsOf(index)
    if (credentials !== undefined)
      secrets.addCredentials(credentials.username, credentials.password)
    // A user name written in a URL without a password is a token (https://TOKEN@host/).
    const fromUrl = index.target.urlCredentials
    if (fromUrl !== undefined && fromUrl.password === '') secrets.add(fromUrl.username)
  }
  return settings
}

/**
 * Validates raw inputs. Pure: the environment, the working folder and the text of the config-file
 * input's file are passed in.
 */
export function parseSettings(
  raw: RawInputs,
  env: NodeJS.ProcessEnv,
  cwd: string,
  configFileText?: string
): Settings {
  const dryRun = parseBoolean(raw[Inputs.dryRun], Inputs.dryRun, false)
  const checkOnly = parseBoolean(raw[Inputs.checkOnly], Inputs.checkOnly, false)
  if (dryRun && checkOnly) {
    throw new InputError(
      `${startOfSentence(inputNames([Inputs.dryRun, Inputs.checkOnly]))} are both true.`,
      `Choose one: ${setting(Inputs.dryRun, 'true')} contacts no index, ${setting(Inputs.checkOnly, 'true')} contacts each one without registering.`
    )
  }
  const allowInsecureHttp = parseBoolean(
    raw[Inputs.allowInsecureHttp],
    Inputs.allowInsecureHttp,
    false
  )
  const projectDir = path.resolve(cwd, raw[Inputs.projectDir].trim() || '.')
  // Every input that stands alone is read first, so that a bad value of one is reported as such.
  const settings: Settings = {
    indexes: [],
    projectDir,
    distDir: path.resolve(projectDir, raw[Inputs.distDir].trim() || 'dist'),
    metadataSource: parseChoice(
      raw[Inputs.metadataSource],
      Inputs.metadataSource,
      ['auto', ...SOURCE_KINDS],
      'auto'
    ),
    build: {
      isolation: parseBoolean(raw[Inputs.buildIsolation], Inputs.buildIsolation, true),
      timeoutMs:
        parseWholeNumber(raw[Inputs.buildTimeout], Inputs.buildTimeout, 600, 1, 3600) * 1000,
      allowUncontained: parseBoolean(
        raw[Inputs.allowUncontainedBuild],
        Inputs.allowUncontainedBuild,
        false
      ),
      ...(raw[Inputs.python].trim() ? { python: raw[Inputs.python].trim() } : {})
    },
    onUnsupported: parseChoice(
      raw[Inputs.onUnsupported],
      Inputs.onUnsupported,
      ['warn', 'skip', 'fail'],
      'warn'
    ),
    retries: parseWholeNumber(raw[Inputs.retries], Inputs.retries, 3, 0, 10),
    timeoutMs: parseWholeNumber(raw[Inputs.timeout], Inputs.timeout, 30, 1, 600) * 1000,
    checkTag: parseChoice(raw[Inputs.checkTag], Inputs.checkTag, ['auto', 'true', 'false'], 'auto'),
    tagPrefix: raw[Inputs.tagPrefix].trim() || 'v',
    strict: parseBoolean(raw[Inputs.strict], Inputs.strict, false),
    dryRun,
    checkOnly,
    verbose: parseBoolean(raw[Inputs.verbose], Inputs.verbose, false),
    readBack: parseBoolean(raw[Inputs.readBack], Inputs.readBack, true),
    scratchDir: scratchDirectory(env)
  }
  const sources: Omit<CredentialSources, 'repository'> = {
    username: raw[Inputs.username].trim(),
    password: raw[Inputs.password],
    caCert: raw[Inputs.caCert].trim(),
    clientCert: raw[Inputs.clientCert].trim(),
    env: {
      TWINE_REPOSITORY: env.TWINE_REPOSITORY?.trim(),
      TWINE_REPOSITORY_URL: env.TWINE_REPOSITORY_URL?.trim(),
      TWINE_USERNAME: env.TWINE_USERNAME?.trim(),
      TWINE_PASSWORD: env.TWINE_PASSWORD
    }
  }
  const pypirc = pypircFrom(raw, configFileText)
  const specs = splitRepositories(raw[Inputs.repository])
  const indexes = uniqueSections(
    (specs.length > 0 ? specs : ['']).map(repository =>
      resolveIndex({ ...sources, repository, ...(pypirc ? { pypirc } : {}) })
    )
  ).map(index => ({ ...index, tls: absoluteTlsPaths(index.tls, cwd) }))
  // Without a password the registration goes without credentials: an index open to anyone (a
  // devpi index whose acl_upload has :ANONYMOUS:) takes it, any other says so (401), and the
  // advice then names the missing password.
  for (const { target, password } of indexes) {
    if (password !== undefined && !dryRun && !allowInsecureHttp) assertEncrypted(target.url)
  }
  settings.indexes = indexes
  const tag = tagOfRun(env)
  if (tag !== undefined) settings.runnerTag = { name: tag, commit: env.GITHUB_SHA ?? '' }
  if (env.GITHUB_REF) settings.ref = env.GITHUB_REF
  return settings
}

export function credentialsOf(index: ResolvedIndex): Credentials | undefined {
  return index.password === undefined
    ? undefined
    : { username: index.username, password: index.password }
}

/** The repository input may list several indexes, one per line or separated by commas. */
function splitRepositories(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(Boolean)
}

/**
 * Refuses an index listed twice, and keeps the written .pypirc's section names distinct: two URLs
 * could make the same name.
 */
function uniqueSections(indexes: ResolvedIndex[]): ResolvedIndex[] {
  const urls = new Set<string>()
  const sections = new Set<string>()
  return indexes.map(index => {
    if (urls.has(index.target.url)) {
      throw new InputError(
        `${startOfSentence(inputName(Inputs.repository))} lists ${index.target.url} more than once.`,
        'List each index once.'
      )
    }
    urls.add(index.target.url)
    let section = index.target.section
    for (let n = 2; sections.has(section); n++) section = `${index.target.section}-${n}`
    sections.add(section)
    return section === index.target.section
      ? index
      : { ...index, target: { ...index.target, section } }
  })
}

/** The tag a workflow run is for: GITHUB_REF_TYPE and _NAME on a runner, else refs/tags/ in GITHUB_REF. */
function tagOfRun(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) return env.GITHUB_REF_NAME
  const fromRef = /^refs\/tags\/(.+)$/.exec(env.GITHUB_REF ?? '')?.[1]
  return env.GITHUB_REF_TYPE === undefined || env.GITHUB_REF_TYPE === '' ? fromRef : undefined
}

/** TLS paths are relative to the workspace; absolute, they also work in the .pypirc written. */
function absoluteTlsPaths(tls: TlsFiles, cwd: string): TlsFiles {
  const resolved: TlsFiles = {}
  if (tls.caCert) resolved.caCert = { ...tls.caCert, path: path.resolve(cwd, tls.caCert.path) }
  if (tls.clientCert)
    resolved.clientCert = { ...tls.clientCert, path: path.resolve(cwd, tls.clientCert.path) }
  return resolved
}

/** The .pypirc given by the pypirc input (its text) or the config-file input (a path), if any. */
function pypircFrom(raw: RawInputs, configFileText: string | undefined): PypircConfig | undefined {
  const inline = raw[Inputs.pypirc]
  if (inline.trim() !== '' && raw[Inputs.configFile].trim() !== '') {
    throw new InputError(
      `${startOfSentence(inputNames([Inputs.pypirc, Inputs.configFile]))} are both set.`,
      either(
        `Give the .pypirc one way: its content in ${Inputs.pypirc} (from a secret), or its path in ${Inputs.configFile}.`,
        `Give the .pypirc one way: its path in --${Inputs.configFile}, or its content in --${Inputs.pypirc}.`
      )
    )
  }
  if (inline.trim() !== '') return parsePypirc(inline, inputName(Inputs.pypirc))
  if (configFileText !== undefined)
    return parsePypirc(configFileText, raw[Inputs.configFile].trim())
  return undefined
}

/** Reads the file the config-file input names; never ~/.pypirc unless it is named. */
function readConfigFile(
  configFile: string,
  cwd: string,
  roots: WorkspaceRoots | undefined
): string | undefined {
  const given = configFile.trim()
  if (given === '') return undefined
  const file = path.resolve(cwd, given)
  assertConfined(file, inputName(Inputs.configFile), roots, 'project')
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      `${startOfSentence(inputName(Inputs.configFile))} names ${file}, which ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}.`,
      either(
        `Give the path of an existing .pypirc (relative to the workspace), or pass its content in the ${Inputs.pypirc} input.`,
        'Give the path of an existing .pypirc (relative to the current folder).'
      )
    )
  }
}

/** Loopback hosts, where plain http never leaves the machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  )
}

/** A password over plain http to another machine could be read on the way: refused unless allowed. */
function assertEncrypted(url: string): void {
  const { protocol, hostname } = new URL(url)
  if (protocol === 'http:' && !isLoopback(hostname)) {
    throw new InputError(
      `${url} is plain http, so the password would cross the network unencrypted.`,
      `Use the https:// URL of the index, or set ${setting(Inputs.allowInsecureHttp, 'true')} if the network between ${either('the runner', 'this machine')} and the index is trusted.`
    )
  }
}

/** One of a fixed set of words; the message lists them. */
function parseChoice<T extends string>(
  value: string,
  input: InputName,
  choices: readonly T[],
  fallback: T
): T {
  const text = value.trim()
  if (text === '') return fallback
  if ((choices as readonly string[]).includes(text)) return text as T
  throw new InputError(
    `${startOfSentence(inputName(input))} is "${text}", which is not one of ${choices.join(', ')}.`,
    `Use one of ${choices.join(', ')}.`
  )
}

/** A whole number within bounds, such as retries or a timeout in seconds. */
function parseWholeNumber(
  value: string,
  input: InputName,
  fallback: number,
  min: number,
  max: number
): number {
  const text = value.trim()
  if (text === '') return fallback
  const number = Number(text)
  if (!/^\d+$/.test(text) || number < min || number > max) {
    throw new InputError(
      `${startOfSentence(inputName(input))} is "${text}", which is not a whole number from ${min} to ${max}.`,
      `Give a whole number from ${min} to ${max} (default ${fallback}).`
    )
  }
  return number
}

/** YAML 1.2 booleans, as the runner's own inputs accept them. */
function parseBoolean(value: string, input: InputName, fallback: boolean): boolean {
  const text = value.trim()
  if (text === '') return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(
    `${startOfSentence(inputName(input))} is "${text}", which is not a boolean.`,
    'Use true or false.'
  )
}
