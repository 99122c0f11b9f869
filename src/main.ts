/**
 * The main step: settings → metadata → .pypirc → register → outputs and summary.
 * Every failure ends here as one line through `core.setFailed`, never as a stack trace.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { Outputs, REQUEST_TIMEOUT_MS, State, USER_AGENT } from './constants.js'
import { formatError } from './errors.js'
import { registrationFields, type FormField } from './form.js'
import { submitRegistration } from './index-client.js'
import { loadProjectMetadata } from './metadata/load.js'
import { warehouseOutcome, type Outcome } from './outcome.js'
import { renderPypirc, writePypirc } from './pypirc.js'
import { credentialsOf, readSettings, redactSecrets, type Settings } from './settings.js'
import { renderSummary } from './summary.js'

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
  const { target } = settings
  // Rendered before anything else so that a password .pypirc cannot hold fails first.
  const pypirc = renderPypirc([
    {
      section: target.section,
      repository: target.url,
      username: settings.username,
      password: settings.password,
      caCert: settings.caCert,
      clientCert: settings.clientCert
    }
  ])
  const { origins } = settings
  core.info(
    `Index ${target.url} (from ${origins.repository}); user ${settings.username} (from ${origins.username}); ${origins.password ? `password from ${origins.password}` : 'no password'}`
  )
  for (const notice of settings.notices) core.notice(notice)

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
  core.info(
    `Wrote ${pypircPath} with section [${target.section}] (readable by this user only; removed after the job)`
  )

  const fields = registrationFields(metadata)
  const outcome = await send(settings, fields, `${metadata.name} ${metadata.version}`)
  core.setOutput(Outputs.status, outcome.status)
  await writeSummary({
    name: metadata.name,
    version: metadata.version,
    source: `${sourceName} (${loaded.kind}, ${loaded.reason})`,
    index: target.url,
    outcome,
    ...(settings.dryRun ? { fields } : {})
  })
  report(outcome)
}

async function send(settings: Settings, fields: FormField[], release: string): Promise<Outcome> {
  const { target } = settings
  if (settings.dryRun) {
    core.startGroup(`Dry run: the ${fields.length} fields that would be sent to ${target.url}`)
    for (const [name, value] of fields) core.info(`${name} = ${JSON.stringify(value)}`)
    core.endGroup()
    return {
      status: 'dry-run',
      ok: true,
      message: `Dry run: ${release} was not sent to ${target.url}.`
    }
  }
  if (target.warehouse) return warehouseOutcome(target.url)
  core.info(`Registering ${release} on ${target.url} as ${settings.username}`)
  const credentials = credentialsOf(settings)
  return submitRegistration({
    url: target.url,
    fields,
    userAgent: USER_AGENT,
    timeoutMs: REQUEST_TIMEOUT_MS,
    redact: redactSecrets,
    ...(credentials !== undefined ? { credentials } : {})
  })
}

function report(outcome: Outcome): void {
  const line = [outcome.message, outcome.advice].filter(Boolean).join(' ')
  if (!outcome.ok) core.setFailed(line)
  else if (outcome.status === 'unsupported') core.notice(line)
  else core.info(line)
}

async function writeSummary(report: Parameters<typeof renderSummary>[0]): Promise<void> {
  // Outside a runner (a local run, another CI) there is no summary file to write to.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(renderSummary(report)).write()
}
