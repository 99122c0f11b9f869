/**
 * The main step: settings → metadata → .pypirc → register on every index at once → outputs and
 * summary. Every failure ends here as one line per failed index through `core.setFailed`, never as
 * a stack trace; indexes that succeeded stay registered.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { Outputs, State, USER_AGENT } from './constants.js'
import type { ResolvedIndex } from './credentials.js'
import { formatError } from './errors.js'
import { registrationFields, type FormField } from './form.js'
import { submitRegistration } from './index-client.js'
import { loadProjectMetadata } from './metadata/load.js'
import {
  applyUnsupportedPolicy,
  overallStatus,
  warehouseOutcome,
  type IndexResult,
  type Outcome
} from './outcome.js'
import { renderPypirc, writePypirc } from './pypirc.js'
import { credentialsOf, readSettings, redactSecrets, type Settings } from './settings.js'
import { MAX_DELAY_MS } from './retry.js'
import { renderSummary } from './summary.js'
import { createDispatcher, describeProxies, loadTlsMaterial } from './transport.js'
import type { Dispatcher } from 'undici'

/** Runs the main step. Never throws: failures are reported through the runner. */
export async function run(): Promise<void> {
  try {
    await register(readSettings())
  } catch (error) {
    core.setOutput(Outputs.status, 'error')
    core.debug(error instanceof Error && error.stack ? error.stack : String(error))
    core.setFailed(formatError(error))
  }
}

async function register(settings: Settings): Promise<void> {
  // Rendered before anything else so that a password .pypirc cannot hold fails first.
  const pypirc = renderPypirc(
    settings.indexes.map(index => ({
      section: index.target.section,
      repository: index.target.url,
      username: index.username,
      password: index.password,
      caCert: index.tls.caCert?.path,
      clientCert: index.tls.clientCert?.path
    }))
  )
  for (const { target, username, origins, notices } of settings.indexes) {
    core.info(
      `Index ${target.url} (from ${origins.repository}); user ${username} (from ${origins.username}); ${origins.password ? `password from ${origins.password}` : 'no password'}`
    )
    for (const notice of notices) core.notice(notice)
  }
  // Read before the metadata, so that a wrong certificate path fails before any other work.
  const dispatchers = await Promise.all(
    settings.indexes.map(async index => createDispatcher(await loadTlsMaterial(index.tls)))
  )
  const proxies = describeProxies(process.env)
  if (proxies !== undefined) core.info(`Proxy settings: ${proxies}`)

  core.info(
    `Reading project metadata in ${settings.projectDir} (metadata-source: ${settings.metadataSource})`
  )
  const loaded = await loadProjectMetadata({
    projectDir: settings.projectDir,
    distDir: settings.distDir,
    source: settings.metadataSource,
    ...(settings.runnerTag ? { runnerTag: settings.runnerTag } : {})
  })
  const { metadata } = loaded
  for (const notice of loaded.notices) core.info(notice)
  for (const warning of loaded.warnings) core.warning(warning)
  const sourceName = path.relative(process.cwd(), loaded.source) || loaded.source
  core.info(
    `Found ${metadata.name} ${metadata.version} in ${sourceName} (${loaded.kind}, ${loaded.reason}; metadata version ${metadata.metadata_version})`
  )
  core.setOutput(Outputs.name, metadata.name)
  core.setOutput(Outputs.version, metadata.version)
  core.setOutput(Outputs.metadataSource, loaded.kind)

  const pypircPath = await writePypirc(pypirc, settings.scratchDir)
  // Saved at once, so that the post step removes the file even if a later step of main fails.
  core.saveState(State.pypircPath, pypircPath)
  core.setOutput(Outputs.pypircPath, pypircPath)
  const sections = settings.indexes.map(index => `[${index.target.section}]`).join(', ')
  core.info(
    `Wrote ${pypircPath} with ${sections} (readable by this user only; removed after the job)`
  )

  const fields = registrationFields(metadata)
  const release = `${metadata.name} ${metadata.version}`
  if (settings.dryRun) showFields(fields, settings.indexes)
  else logTimeBound(settings)
  const results = await Promise.all(
    settings.indexes.map((index, i) =>
      registerOn(index, settings, fields, release, dispatchers[i] as Dispatcher)
    )
  ).finally(() => Promise.all(dispatchers.map(dispatcher => dispatcher.close())))

  core.setOutput(Outputs.status, overallStatus(results))
  core.setOutput(Outputs.results, JSON.stringify(results.map(resultRecord)))
  await writeSummary({
    name: metadata.name,
    version: metadata.version,
    source: `${sourceName} (${loaded.kind}, ${loaded.reason})`,
    results,
    ...(settings.dryRun ? { fields } : {})
  })
  report(results)
}

/** Registers on one index and times it; never throws. */
async function registerOn(
  index: ResolvedIndex,
  settings: Settings,
  fields: FormField[],
  release: string,
  dispatcher: Dispatcher
): Promise<IndexResult> {
  const started = performance.now()
  const outcome = applyUnsupportedPolicy(
    await send(index, settings, fields, release, dispatcher),
    settings.onUnsupported
  )
  return {
    index: index.target,
    outcome,
    attempts: outcome.attempts ?? 0,
    seconds: (performance.now() - started) / 1000
  }
}

async function send(
  index: ResolvedIndex,
  settings: Settings,
  fields: FormField[],
  release: string,
  dispatcher: Dispatcher
): Promise<Outcome> {
  const { target } = index
  if (settings.dryRun) {
    return {
      status: 'dry-run',
      ok: true,
      message: `Dry run: ${release} was not sent to ${target.url}.`
    }
  }
  if (target.warehouse) return warehouseOutcome(target.url)
  core.info(
    `Registering ${release} on ${target.url} as ${index.username} (at most ${settings.retries + 1} attempts of ${settings.timeoutMs / 1000} s each)`
  )
  const credentials = credentialsOf(index)
  return submitRegistration({
    url: target.url,
    fields,
    userAgent: USER_AGENT,
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    redact: redactSecrets,
    dispatcher,
    onRetry: message => core.warning(message),
    ...(credentials !== undefined ? { credentials } : {})
  })
}

/** Every attempt is cut off at the timeout and every wait is capped, so the step's time is bounded. */
function logTimeBound(settings: Settings): void {
  const attempts = settings.retries + 1
  const bound = (attempts * settings.timeoutMs + settings.retries * MAX_DELAY_MS) / 1000
  const count = settings.indexes.length
  core.info(
    `Registering on ${count === 1 ? 'one index' : `${count} indexes at once`}; at most ${bound} s in all (${attempts} attempt${attempts === 1 ? '' : 's'} of up to ${settings.timeoutMs / 1000} s, and waits of up to ${MAX_DELAY_MS / 1000} s between them).`
  )
}

function showFields(fields: FormField[], indexes: ResolvedIndex[]): void {
  const urls = indexes.map(index => index.target.url).join(', ')
  core.startGroup(`Dry run: the ${fields.length} fields that would be sent to ${urls}`)
  for (const [name, value] of fields) core.info(`${name} = ${JSON.stringify(value)}`)
  core.endGroup()
}

/** One line per index; the step fails with one line per index that failed. */
function report(results: IndexResult[]): void {
  const failures: string[] = []
  for (const { outcome } of results) {
    const line = [outcome.message, outcome.advice].filter(Boolean).join(' ')
    if (!outcome.ok) failures.push(line)
    else if (outcome.status === 'unsupported' && !outcome.quiet) core.notice(line)
    else core.info(line)
  }
  if (failures.length > 0) core.setFailed(failures.join('\n'))
}

/** The `results` output: one object per index, in the order they were listed. */
function resultRecord({ index, outcome, attempts, seconds }: IndexResult): Record<string, unknown> {
  return {
    repository: index.section,
    url: index.url,
    outcome: outcome.status,
    http_status: outcome.httpStatus ?? null,
    message: outcome.message,
    attempts,
    seconds: Math.round(seconds * 1000) / 1000
  }
}

async function writeSummary(report: Parameters<typeof renderSummary>[0]): Promise<void> {
  // Outside a runner (a local run, another CI) there is no summary file to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(renderSummary(report)).write()
}
