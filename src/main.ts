/**
 * The main step: settings → metadata → .pypirc → register on every index at once → outputs and
 * summary. Every failure ends here as one line per failed index through the host's `setFailed`, never as
 * a stack trace; indexes that succeeded stay registered.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Inputs, Outputs, State, USER_AGENT } from './constants.js'
import type { ResolvedIndex } from './config/credentials.js'
import { ActionError, formatError, InputError, MetadataError } from './errors.js'
import { registrationFields, type FormField } from './index-client/form.js'
import { loadProjectMetadata } from './metadata/sources.js'
import type { LoadedMetadata } from './metadata/loaded-metadata.js'
import type { FieldLocator } from './metadata/locate.js'
import { defaultedTokenNotice } from './index-client/advice.js'
import { describeTimeBound, registerOnIndex } from './index-client/register-one.js'
import { plainText } from './sanitize.js'
import {
  applyUnsupportedPolicy,
  overallStatus,
  warehouseOutcome,
  type IndexResult,
  type Outcome
} from './index-client/outcome.js'
import { renderPypirc, writePypirc } from './config/pypirc-write.js'
import { credentialsOf, readSettings, type Settings } from './config/settings.js'
import { Secrets } from './secrets.js'
import { redactingHost } from './host/redacting-host.js'
import { renderFailureSummary, renderSummary, type MetadataOrigin } from './report/summary.js'
import { checkVerdict, reportProblems, type ReportedProblem } from './report/problems.js'
import { validateMetadata } from './check/validate.js'
import { checkReleaseTag } from './check/tag.js'
import { describeProxies, loadTlsMaterial, type TlsMaterial } from './config/connection.js'
import type { Host } from './host/host.js'
import { either, inputName, setting, speakingTo } from './wording.js'

/**
 * Runs the main step. Never throws: failures are reported through the host, which is wrapped so
 * that no form of a secret in `secrets` reaches anything it prints or writes.
 */
export function run(runner: Host, secrets = new Secrets()): Promise<void> {
  return speakingTo(runner.audience, () => runStep(runner, secrets))
}

async function runStep(runner: Host, secrets: Secrets): Promise<void> {
  const host = redactingHost(runner, secrets)
  const seen: SeenSoFar = { summaryWritten: false }
  try {
    await register(readSettings(host, secrets), host, secrets, seen)
  } catch (error) {
    try {
      host.setOutput(Outputs.status, 'error')
    } catch {
      // The failure below is what the user needs to see, even when outputs cannot be written.
    }
    host.debug(error instanceof Error && error.stack ? error.stack : String(error))
    const message = formatError(error)
    // The summary says why on every outcome, failures before sending included.
    if (!seen.summaryWritten) {
      await host
        .writeSummary(
          renderFailureSummary({
            ...seen,
            message,
            ...(error instanceof ActionError && error.advice ? { advice: error.advice } : {})
          })
        )
        .catch((summaryError: unknown) => host.debug(`No job summary: ${String(summaryError)}`))
    }
    host.setFailed(message)
  }
}

/** What is known when a step fails part-way: for the failure's summary. */
interface SeenSoFar {
  name?: string
  version?: string
  origin?: MetadataOrigin
  problems?: ReportedProblem[]
  summaryWritten: boolean
}

async function register(
  settings: Settings,
  host: Host,
  secrets: Secrets,
  seen: SeenSoFar
): Promise<void> {
  // The index client starts loading now, while the project is read, when something will be sent.
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
  for (const { target, username, password, origins, notices, warnings } of settings.indexes) {
    host.info(
      `Index ${target.url} (from ${origins.repository}); user ${username} (from ${origins.username}); ${origins.password ? `password from ${origins.password}` : 'no password'}`
    )
    for (const notice of notices) host.notice(notice)
    for (const warning of warnings) host.warning(warning)
    const tokenNotice = target.warehouse
      ? undefined
      : defaultedTokenNotice(origins.username, username, password)
    if (tokenNotice !== undefined) host.notice(`${target.url}: ${tokenNotice}`)
    // A check without a password proves nothing, and an empty password is what a missing secret
    // gives: the run that is meant to fail fast must not pass green on it.
    if (settings.checkOnly && !target.warehouse && !password) {
      throw new InputError(
        `${setting(Inputs.checkOnly, 'true')} has no password to check for ${target.url} (user ${username}): an empty password is what a missing or misspelt secret gives.`,
        `Pass the password from a secret (${inputName(Inputs.password)}, TWINE_PASSWORD or the .pypirc section), or leave ${inputName(Inputs.checkOnly)} out.`
      )
    }
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
    `Reading project metadata in ${settings.projectDir} (${setting(Inputs.metadataSource, settings.metadataSource)})`
  )
  const loaded = await loadProjectMetadata({
    projectDir: settings.projectDir,
    distDir: settings.distDir,
    source: settings.metadataSource,
    backend: {
      isolation: settings.build.isolation,
      timeoutMs: settings.build.timeoutMs,
      ...(settings.build.python !== undefined ? { python: settings.build.python } : {}),
      secrets: secrets.all,
      // Every secret known is a credential this process holds (passwords, proxy userinfo).
      holdsCredentials: secrets.all.length > 0,
      allowUncontained: settings.build.allowUncontained,
      log: line => host.info(line)
    }
  })
  const { metadata } = loaded
  for (const notice of loaded.notices) host.info(notice)
  for (const warning of loaded.warnings) host.warning(warning)
  // As the user knows it: relative to the workspace on a runner (as annotations need it), else to
  // the current folder.
  const base = process.env.GITHUB_WORKSPACE || process.cwd()
  const sourceName = path.relative(base, loaded.source) || loaded.source
  seen.name = metadata.name
  seen.version = metadata.version
  seen.origin = { file: sourceName, kind: loaded.kind, reason: relativePaths(loaded.reason, base) }
  // The name and version are the project's text: shown without the control characters they may hold.
  const release = plainText(`${metadata.name} ${metadata.version}`)
  host.info(
    `Found ${release} in ${sourceName} (${loaded.kind}, ${loaded.reason}, ${loaded.path === 'backend' ? 'from its build backend' : 'read directly'}; metadata version ${plainText(metadata.metadata_version)})`
  )
  // pypi.org's own publishing rules are errors under strict only when pypi.org is a target.
  const pypiTargeted = settings.indexes.some(index => index.target.warehouse)
  const problems = await checkMetadata(
    loaded,
    sourceName,
    settings.strict,
    pypiTargeted,
    host,
    seen
  )
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
  // Space-separated, as twine reads index-servers: one name for `twine upload -r`, or a list to loop over.
  const sectionNames = [...new Set(settings.indexes.map(index => index.target.section))]
  host.setOutput(Outputs.pypircSection, sectionNames.join(' '))
  const sections = sectionNames.map(name => `[${name}]`).join(', ')
  host.info(
    `Wrote ${pypircPath} with ${sections} (readable by this user only; removed ${either('after the job', 'before the command exits')})`
  )

  const fields = registrationFields(metadata)
  // The project's values, redacted before they are quoted, escaped or rendered, which could hide a
  // secret in them from the final redaction; what is sent stays as it is.
  const shownFields =
    settings.dryRun || settings.verbose
      ? fields.map(([name, value]): FormField => [name, secrets.redact(value)])
      : []
  if (settings.dryRun || settings.verbose) showFields(shownFields, settings, host)
  if (!settings.dryRun && !settings.checkOnly) logTimeBound(settings, host)
  const results = settings.dryRun
    ? settings.indexes.map(index => notSent(index, release))
    : await registerEverywhere(
        settings,
        tls,
        fields,
        { name: metadata.name, version: metadata.version, release },
        host,
        secrets,
        await (client ?? loadIndexClient())
      )

  host.setOutput(Outputs.status, overallStatus(results))
  host.setOutput(Outputs.results, JSON.stringify(results.map(resultRecord)))
  seen.summaryWritten = true
  await host.writeSummary(
    renderSummary({
      name: metadata.name,
      version: metadata.version,
      origin: seen.origin,
      mode: settings.dryRun ? 'dry-run' : settings.checkOnly ? 'check-only' : 'register',
      problems,
      results,
      ...(settings.dryRun ? { fields: shownFields } : {})
    })
  )
  report(results, host)
}

/** The folders in a message as the user knows them: relative to `base` (`.` for itself). */
function relativePaths(text: string, base: string): string {
  return text.split(`${base}${path.sep}`).join('').split(base).join('.')
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
 * The index client and the connections it opens, loaded only when something is to be sent: a dry
 * run never pays for them.
 */
function loadIndexClient(): Promise<typeof import('./index-client/client.js')> {
  return import('./index-client/client.js')
}

/** Registers on every index at once; with check-only, checks each without registering. */
async function registerEverywhere(
  settings: Settings,
  tls: readonly TlsMaterial[],
  fields: FormField[],
  { name, version, release }: { name: string; version: string; release: string },
  host: Host,
  secrets: Secrets,
  {
    openTransport,
    redactingTransport,
    submitRegistration,
    fetchJsonOver
  }: typeof import('./index-client/client.js')
): Promise<IndexResult[]> {
  return Promise.all(
    settings.indexes.map(async (index, i) => {
      // process.hrtime rather than performance.now(), whose first use loads perf_hooks.
      const started = process.hrtime.bigint()
      const { target } = index
      let outcome: Outcome
      if (target.warehouse) outcome = warehouseOutcome(target.url)
      else {
        host.info(
          settings.checkOnly
            ? `Checking ${target.url} as ${index.username}, without registering ${release}`
            : `Registering ${release} on ${target.url} as ${index.username}`
        )
        const transport = redactingTransport(
          await openTransport(target.url, tls[i] ?? {}, process.env),
          secrets.redact
        )
        host.debug(`${target.url}: ${transport.kind} connection`)
        const credentials = credentialsOf(index)
        const given = credentials !== undefined ? { credentials } : {}
        const common = { index, userAgent: USER_AGENT, timeoutMs: settings.timeoutMs, ...given }
        // The check's code loads only for a check: a registration or a dry run never pays for it.
        const work = settings.checkOnly
          ? (await import('./index-client/check-one.js')).checkOnIndex({
              ...common,
              transport,
              fetchJson: fetchJsonOver(transport)
            })
          : registerOnIndex({
              ...common,
              fields,
              name,
              version,
              readBack: settings.readBack,
              fetchJson: fetchJsonOver(transport),
              log: message => host.info(message),
              redact: secrets.redact,
              submit: () =>
                submitRegistration({
                  url: target.url,
                  fields,
                  userAgent: USER_AGENT,
                  timeoutMs: settings.timeoutMs,
                  retries: settings.retries,
                  transport,
                  // A retry that may still succeed is news for the log, not a warning on a green run.
                  onRetry: message => host.info(message),
                  ...given
                })
            })
        outcome = await work.finally(() => transport.close())
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
async function checkMetadata(
  loaded: LoadedMetadata,
  sourceName: string,
  strict: boolean,
  pypiTargeted: boolean,
  host: Host,
  seen: SeenSoFar
): Promise<ReportedProblem[]> {
  const problems = validateMetadata(loaded.metadata)
  // The file is read again, and the locator loaded, only to point at lines, so only when there is
  // something to point at. A backend's answer need not follow the file's
  // order, so only a direct reading is located.
  const lexical =
    problems.length > 0 &&
    loaded.path === 'static' &&
    (loaded.kind === 'pyproject' || loaded.kind === 'pkg-info')
  let locate: FieldLocator | undefined
  if (lexical) {
    const { fieldLocator } = await import('./metadata/locate.js')
    locate = fieldLocator(loaded.kind, readFileSync(loaded.source, 'utf8'))
  }
  const reported = reportProblems(
    problems,
    { file: sourceName, ...(locate !== undefined ? { locate } : {}) },
    strict,
    pypiTargeted
  )
  for (const problem of reported) host[problem.severity](problem.message, problem.place)
  const verdict = checkVerdict(reported)
  host.info(verdict)
  seen.problems = reported
  if (reported.some(problem => problem.severity === 'error')) {
    throw new MetadataError(
      `${verdict.replace(/\.$/, '')} in ${sourceName}, each shown at its line; nothing was sent.`,
      strict
        ? `Fix them in the project, or set ${setting(Inputs.strict, 'false')} to let warnings through.`
        : `Fix them in the project and run again; a dry run (${setting(Inputs.dryRun, 'true')}) shows them without sending.`
    )
  }
  return reported
}

/**
 * Every request is cut off at its timeout and every wait is capped, so the step's time is bounded;
 * the log says by how much.
 */
function logTimeBound(settings: Settings, host: Host): void {
  const count = settings.indexes.length
  host.info(
    `Registering on ${count === 1 ? 'one index' : `${count} indexes at once`}; ${describeTimeBound(settings)}.`
  )
}

/** The exact fields, in order; the password is never among them (it goes in a header). */
function showFields(fields: FormField[], settings: Settings, host: Host): void {
  const urls = settings.indexes.map(index => index.target.url).join(', ')
  host.group(
    settings.dryRun
      ? `Dry run: the ${fields.length} fields that would be sent to ${urls}`
      : `The ${fields.length} fields sent to ${urls}`,
    // JSON.stringify writes control characters as escapes, so a value cannot drive the terminal.
    fields.map(([name, value]) => `${name} = ${plainText(JSON.stringify(value))}`)
  )
}

/** One line per index; the step fails with one line per index that failed. */
function report(results: IndexResult[], host: Host): void {
  const failures: string[] = []
  for (const { outcome } of results) {
    const line = [outcome.message, outcome.advice].filter(Boolean).join(' ')
    if (!outcome.ok) failures.push(line)
    else if (
      (outcome.status === 'unsupported' || outcome.status === 'not-stored') &&
      !outcome.quiet
    )
      host.notice(line)
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
    advice: outcome.advice ?? null,
    stored:
      outcome.readBack === undefined
        ? null
        : {
            unchanged: outcome.readBack.unchanged,
            changed: outcome.readBack.changed,
            lost: outcome.readBack.lost
          },
    attempts,
    seconds: Math.round(seconds * 1000) / 1000
  }
}
