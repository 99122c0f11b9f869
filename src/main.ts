/**
 * The main step: settings → metadata → .pypirc → register on every index at once → outputs and
 * summary. Every failure ends here as one line per failed index through the host's `setFailed`, never as
 * a stack trace; indexes that succeeded stay registered.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Outputs, State, USER_AGENT } from './constants.js'
import type { ResolvedIndex } from './credentials.js'
import { formatError, MetadataError } from './errors.js'
import { registrationFields, type FormField } from './form.js'
import { loadProjectMetadata, type LoadedMetadata } from './metadata/load.js'
import {
  applyUnsupportedPolicy,
  overallStatus,
  warehouseOutcome,
  type IndexResult,
  type Outcome
} from './outcome.js'
import { renderPypirc, writePypirc } from './pypirc.js'
import { credentialsOf, readSettings, type Settings } from './settings.js'
import { Secrets } from './secrets.js'
import { redactingHost } from './host/redacting-host.js'
import { MAX_DELAY_MS } from './retry.js'
import { renderSummary } from './summary.js'
import { checkVerdict, reportProblems } from './metadata-check.js'
import { validateMetadata } from './validate.js'
import { checkReleaseTag } from './tag-check.js'
import { describeProxies, loadTlsMaterial, type TlsMaterial } from './transport.js'
import type { Host } from './host/host.js'

/**
 * Runs the main step. Never throws: failures are reported through the host, which is wrapped so
 * that no form of a secret in `secrets` reaches anything it prints or writes.
 */
export async function run(runner: Host, secrets = new Secrets()): Promise<void> {
  const host = redactingHost(runner, secrets)
  try {
    await register(readSettings(host), host, secrets)
  } catch (error) {
    try {
      host.setOutput(Outputs.status, 'error')
    } catch {
      // The failure below is what the user needs to see, even when outputs cannot be written.
    }
    host.debug(error instanceof Error && error.stack ? error.stack : String(error))
    host.setFailed(formatError(error))
  }
}

async function register(settings: Settings, host: Host, secrets: Secrets): Promise<void> {
  // The HTTP client starts loading now, while the project is read, when something will be sent.
  const client = settings.dryRun ? undefined : loadIndexClient()
  client?.catch(() => undefined) // Awaited (and reported) where it is used.
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
    host.info(
      `Index ${target.url} (from ${origins.repository}); user ${username} (from ${origins.username}); ${origins.password ? `password from ${origins.password}` : 'no password'}`
    )
    for (const notice of notices) host.notice(notice)
  }
  // Read before the metadata, so that a wrong certificate path fails before any other work.
  // Indexes given the same files (the inputs apply to all) share one reading and check of them.
  const tlsByFiles = new Map<string, Promise<TlsMaterial>>()
  const tls = await Promise.all(
    settings.indexes.map(({ tls: files }) => {
      const key = `${files.caCert?.path ?? ''}\0${files.clientCert?.path ?? ''}`
      if (!tlsByFiles.has(key)) tlsByFiles.set(key, loadTlsMaterial(files))
      return tlsByFiles.get(key) as Promise<TlsMaterial>
    })
  )
  const proxies = describeProxies(process.env)
  if (proxies !== undefined) host.info(`Proxy settings: ${proxies}`)

  host.info(
    `Reading project metadata in ${settings.projectDir} (metadata-source: ${settings.metadataSource})`
  )
  const loaded = await loadProjectMetadata({
    projectDir: settings.projectDir,
    distDir: settings.distDir,
    source: settings.metadataSource,
    ...(settings.runnerTag ? { runnerTag: settings.runnerTag } : {})
  })
  const { metadata } = loaded
  for (const notice of loaded.notices) host.info(notice)
  for (const warning of loaded.warnings) host.warning(warning)
  const sourceName = path.relative(process.cwd(), loaded.source) || loaded.source
  host.info(
    `Found ${metadata.name} ${metadata.version} in ${sourceName} (${loaded.kind}, ${loaded.reason}; metadata version ${metadata.metadata_version})`
  )
  checkMetadata(loaded, sourceName, settings.strict, host)
  const tagCheck = checkReleaseTag({
    checkTag: settings.checkTag,
    tagPrefix: settings.tagPrefix,
    version: metadata.version,
    source: sourceName,
    ...(settings.runnerTag ? { tag: settings.runnerTag.name } : {}),
    ...(settings.ref ? { ref: settings.ref } : {})
  })
  if (tagCheck !== undefined) host.info(tagCheck)
  host.setOutput(Outputs.name, metadata.name)
  host.setOutput(Outputs.version, metadata.version)
  host.setOutput(Outputs.metadataSource, loaded.kind)

  const pypircPath = await writePypirc(pypirc, settings.scratchDir)
  // Saved at once, so that the post step removes the file even if a later step of main fails.
  host.saveState(State.pypircPath, pypircPath)
  host.setOutput(Outputs.pypircPath, pypircPath)
  const sections = settings.indexes.map(index => `[${index.target.section}]`).join(', ')
  host.info(
    `Wrote ${pypircPath} with ${sections} (readable by this user only; removed after the job)`
  )

  const fields = registrationFields(metadata)
  const release = `${metadata.name} ${metadata.version}`
  if (settings.dryRun) showFields(fields, settings.indexes, host)
  else logTimeBound(settings, host)
  const results = settings.dryRun
    ? settings.indexes.map(index => notSent(index, release))
    : await registerEverywhere(
        settings,
        tls,
        fields,
        release,
        host,
        secrets,
        await (client ?? loadIndexClient())
      )

  host.setOutput(Outputs.status, overallStatus(results))
  host.setOutput(Outputs.results, JSON.stringify(results.map(resultRecord)))
  await host.writeSummary(
    renderSummary({
      name: metadata.name,
      version: metadata.version,
      source: `${sourceName} (${loaded.kind}, ${loaded.reason})`,
      results,
      ...(settings.dryRun ? { fields } : {})
    })
  )
  report(results, host)
}

/** The result for an index in a dry run: nothing was sent. */
function notSent(index: ResolvedIndex, release: string): IndexResult {
  const { target } = index
  return {
    index: target,
    outcome: {
      status: 'dry-run',
      ok: true,
      message: `Dry run: ${release} was not sent to ${target.url}.`
    },
    attempts: 0,
    seconds: 0
  }
}

/**
 * The HTTP client, loaded only when something is to be sent: a dry run never pays for it.
 */
async function loadIndexClient(): Promise<typeof import('./index-client.js')> {
  // undici parses HTTP with a small WebAssembly module. By default V8 also optimises it on
  // background threads that the process then waits for at exit: about 150 ms and 35 MB for the
  // handful of responses this step reads. Set before the module is compiled, so it applies. (node:v8
  // itself is loaded here too: 5 ms that a dry run need not spend.)
  const v8 = await import('node:v8')
  v8.setFlagsFromString('--liftoff-only')
  return import('./index-client.js')
}

/** Registers on every index at once. */
async function registerEverywhere(
  settings: Settings,
  tls: readonly TlsMaterial[],
  fields: FormField[],
  release: string,
  host: Host,
  secrets: Secrets,
  { createDispatcher, submitRegistration }: typeof import('./index-client.js')
): Promise<IndexResult[]> {
  return Promise.all(
    settings.indexes.map(async (index, i) => {
      // process.hrtime rather than performance.now(), whose first use loads perf_hooks.
      const started = process.hrtime.bigint()
      const { target } = index
      let outcome: Outcome
      if (target.warehouse) outcome = warehouseOutcome(target.url)
      else {
        host.info(`Registering ${release} on ${target.url} as ${index.username}`)
        const dispatcher = createDispatcher(tls[i] ?? {})
        const credentials = credentialsOf(index)
        outcome = await submitRegistration({
          url: target.url,
          fields,
          userAgent: USER_AGENT,
          timeoutMs: settings.timeoutMs,
          retries: settings.retries,
          redact: secrets.redact,
          dispatcher,
          onRetry: message => host.warning(message),
          ...(credentials !== undefined ? { credentials } : {})
        }).finally(() => dispatcher.close())
      }
      outcome = applyUnsupportedPolicy(outcome, settings.onUnsupported)
      return {
        index: target,
        outcome,
        attempts: outcome.attempts ?? 0,
        seconds: Number(process.hrtime.bigint() - started) / 1e9
      }
    })
  )
}

/**
 * Validates the metadata and reports every problem at once, as annotations on the file it came
 * from; throws when any is an error, so that nothing is written or sent.
 */
function checkMetadata(
  loaded: LoadedMetadata,
  sourceName: string,
  strict: boolean,
  host: Host
): void {
  const problems = validateMetadata(loaded.metadata)
  // The file is read again only to point at lines, so only when there is something to point at.
  const lexical =
    problems.length > 0 &&
    (loaded.kind === 'pyproject' || loaded.kind === 'setup-cfg' || loaded.kind === 'pkg-info')
  const reported = reportProblems(
    problems,
    {
      kind: loaded.kind,
      file: sourceName,
      ...(lexical ? { text: readFileSync(loaded.source, 'utf8') } : {})
    },
    strict
  )
  for (const problem of reported) host[problem.severity](problem.message, problem.place)
  const verdict = checkVerdict(reported)
  host.info(verdict)
  if (reported.some(problem => problem.severity === 'error')) {
    throw new MetadataError(
      `${verdict.replace(/\.$/, '')} in ${sourceName}, listed above; nothing was sent.`,
      strict
        ? 'Fix them in the project, or set strict: false to let warnings through.'
        : 'Fix them in the project and run again; a dry run (dry-run: true) shows them without sending.'
    )
  }
}

/** Every attempt is cut off at the timeout and every wait is capped, so the step's time is bounded. */
function logTimeBound(settings: Settings, host: Host): void {
  const attempts = settings.retries + 1
  const bound = (attempts * settings.timeoutMs + settings.retries * MAX_DELAY_MS) / 1000
  const count = settings.indexes.length
  host.info(
    `Registering on ${count === 1 ? 'one index' : `${count} indexes at once`}; at most ${bound} s in all (${attempts} attempt${attempts === 1 ? '' : 's'} of up to ${settings.timeoutMs / 1000} s, and waits of up to ${MAX_DELAY_MS / 1000} s between them).`
  )
}

function showFields(fields: FormField[], indexes: ResolvedIndex[], host: Host): void {
  const urls = indexes.map(index => index.target.url).join(', ')
  host.group(
    `Dry run: the ${fields.length} fields that would be sent to ${urls}`,
    fields.map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
  )
}

/** One line per index; the step fails with one line per index that failed. */
function report(results: IndexResult[], host: Host): void {
  const failures: string[] = []
  for (const { outcome } of results) {
    const line = [outcome.message, outcome.advice].filter(Boolean).join(' ')
    if (!outcome.ok) failures.push(line)
    else if (outcome.status === 'unsupported' && !outcome.quiet) host.notice(line)
    else host.info(line)
  }
  if (failures.length > 0) host.setFailed(failures.join('\n'))
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
