/**
 * The job summary: what happened, told as a story. A headline says the outcome in one line
 * ("registered on 2 of 2 indexes"), a table gives each index its outcome once, what to do follows
 * for each index that needs it, and every metadata problem is listed with its file, line and
 * field. Pure. Everything that comes from a server or from the project is escaped, so that it
 * shows as text and never renders as an image, a link or a broken table; only the action's own
 * advice keeps its commands as code.
 */
import type { FormField } from '../index-client/form.js'
import { markdownText, plainText } from '../sanitize.js'
import type { IndexResult } from '../index-client/outcome.js'
import type { ReportedProblem } from './problems.js'

/** What the run did with the indexes. */
export type RunMode = 'register' | 'dry-run' | 'check-only'

/** Where the metadata came from, for one line of the summary. */
export interface MetadataOrigin {
  /** The file, relative to the workspace. */
  file: string
  /** The source kind (dist, pyproject, ...) and why it was chosen. */
  kind: string
  reason: string
}

export interface SummaryReport {
  name: string
  version: string
  origin: MetadataOrigin
  mode: RunMode
  /** One per index, in the order they were listed. */
  results: readonly IndexResult[]
  /** The metadata check's findings that did not stop the run (warnings). */
  problems: readonly ReportedProblem[]
  /** In a dry run, the fields that would have been sent. */
  fields?: readonly FormField[]
}

const STATUS_ICONS: Record<string, string> = {
  registered: '✅',
  checked: '✅',
  unsupported: 'ℹ️',
  'not-stored': '⚠️',
  'dry-run': '📝'
}

/** Renders the job summary for one release on every index. */
export function renderSummary(report: SummaryReport): string {
  const release = code(`${report.name} ${report.version}`)
  const lines = [`## ${headline(report, release)}`, '', originLine(report.origin), '']
  lines.push(...indexTable(report), '')
  lines.push(...adviceList(report.results))
  lines.push(...checkLists(report.results))
  lines.push(...readBackTable(report.results))
  lines.push(...problemList(report.problems, 'The metadata check found'))
  if (report.fields !== undefined) lines.push(...fieldList(report.fields))
  return finish(lines)
}

export interface FailureReport {
  /** The failure, as the step reports it (its advice included). */
  message: string
  /** Its advice alone, shown under the list when the metadata check stopped the step. */
  advice?: string
  /** What was known of the release when it failed, if anything. */
  name?: string
  version?: string
  origin?: MetadataOrigin
  /** The metadata check's findings, when it was the check that stopped the step. */
  problems?: readonly ReportedProblem[]
}

/** The summary of a step that failed before any index was asked (bad input, metadata, tag). */
export function renderFailureSummary(report: FailureReport): string {
  const known = report.name !== undefined && report.version !== undefined
  const release = known ? `${code(`${report.name} ${report.version}`)}: ` : ''
  const errors = (report.problems ?? []).filter(problem => problem.severity === 'error').length
  const lines = [
    `## ❌ ${release}nothing was sent${errors > 0 ? `, the metadata check found ${count(errors, 'error')}` : ''}`,
    ''
  ]
  if (report.origin !== undefined) lines.push(originLine(report.origin), '')
  if (errors > 0) {
    // The headline gives the count and the list every problem: only the advice is left to say.
    lines.push(...problemList(report.problems ?? [], 'The metadata check found'))
    if (report.advice) lines.push(adviceMarkdown(report.advice))
    return finish(lines)
  }
  lines.push(
    // The headline says it; the message need not say it again.
    ...report.message
      .replace(/(?:[;.])? *nothing was sent\b\.?/gi, '.')
      .split(/\r?\n/)
      .map(line => adviceMarkdown(line.trim()))
      .filter(Boolean)
      .flatMap(line => [line, ''])
  )
  return finish(lines)
}

function finish(lines: string[]): string {
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}

/** One line for the whole run, by outcome. */
function headline(report: SummaryReport, release: string): string {
  const { results, mode } = report
  const total = results.length
  const failed = results.filter(result => !result.outcome.ok).length
  const of = (n: number) => `${n} of ${count(total, 'index', 'indexes')}`
  if (mode === 'dry-run')
    return `📝 Dry run: ${release} checked, nothing sent to ${count(total, 'index', 'indexes')}`
  if (failed > 0) {
    const verb = mode === 'check-only' ? 'check' : 'registration'
    return `❌ ${release}: ${verb} failed on ${of(failed)}`
  }
  if (mode === 'check-only') {
    // pypi.org and the like are reported, never contacted: not counted as checked.
    const checked = results.filter(result => result.outcome.status === 'checked').length
    const others = total - checked
    return `${checked > 0 ? '✅' : 'ℹ️'} ${release}: checked on ${of(checked)}, nothing registered${others > 0 ? ` (${others} not checked: see below)` : ''}`
  }
  const registered = results.filter(result => result.outcome.status === 'registered').length
  const others = total - registered
  return `${registered > 0 ? '✅' : 'ℹ️'} ${release} registered on ${of(registered)}${others > 0 ? ` (${others} without registration: see below)` : ''}`
}

function originLine(origin: MetadataOrigin): string {
  return `Metadata from ${code(origin.file)} (${markdownText(origin.kind)}, ${markdownText(origin.reason)}).`
}

/** One row per index: its name and URL once, the outcome, and what it said. */
function indexTable(report: SummaryReport): string[] {
  // Nothing was sent in a dry run: no HTTP status, attempts or time to show.
  const timed = report.mode !== 'dry-run'
  const lines = [
    timed ? '| Index | Outcome | Time | Details |' : '| Index | Outcome | Details |',
    timed ? '| --- | --- | --- | --- |' : '| --- | --- | --- |'
  ]
  for (const { index, outcome, attempts, seconds } of report.results) {
    const icon = outcome.ok ? (STATUS_ICONS[outcome.status] ?? '✅') : '❌'
    const status = `${icon} ${outcome.status}${outcome.httpStatus === undefined ? '' : ` (${outcome.httpStatus})`}`
    const time =
      attempts === 0
        ? '—'
        : `${seconds.toFixed(2)}\u00a0s${attempts > 1 ? `, ${attempts} attempts` : ''}`
    const cells = [
      `${code(index.section)}<br>${urlText(index.url)}`,
      status,
      ...(timed ? [time] : []),
      markdownText(withoutUrl(outcome.message, index.url))
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines
}

/** The URL is in the Index column: the details call it "the index" instead of repeating it. */
function withoutUrl(message: string, url: string): string {
  const text = message.split(url).join('the index')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** What to do, once per index that needs it, with the commands it names as code. */
function adviceList(results: readonly IndexResult[]): string[] {
  const advised = results.filter(({ outcome }) => outcome.advice)
  if (advised.length === 0) return []
  return [
    '### What to do',
    '',
    ...advised.map(
      ({ index, outcome }) => `- ${code(index.section)}: ${adviceMarkdown(outcome.advice ?? '')}`
    ),
    ''
  ]
}

/** check-only: what each index proved, and what it could not. */
function checkLists(results: readonly IndexResult[]): string[] {
  const checked = results.filter(({ outcome }) => outcome.checks !== undefined)
  if (checked.length === 0) return []
  const lines = ['### Checked without registering', '']
  for (const { index, outcome } of checked) {
    const { proven, notProven } = outcome.checks!
    lines.push(`${code(index.section)}:`, '')
    for (const item of proven) lines.push(`- ✅ ${markdownText(item)}`)
    for (const item of notProven) lines.push(`- ❔ not proven: ${markdownText(item)}`)
    lines.push('')
  }
  return lines
}

/**
 * Which fields each index changed or lost when read back. Only when one did: a release stored as
 * sent is said in its row already.
 */
function readBackTable(results: readonly IndexResult[]): string[] {
  const readBacks = results.filter(result => result.outcome.readBack !== undefined)
  const altered = readBacks.some(
    ({ outcome }) => outcome.readBack!.changed.length + outcome.readBack!.lost.length > 0
  )
  if (!altered) return []
  const lines = [
    '| Read back from | Stored unchanged | Changed | Lost |',
    '| --- | --- | --- | --- |'
  ]
  for (const { index, outcome } of readBacks) {
    const { unchanged, changed, lost } = outcome.readBack!
    const list = (names: string[]) => markdownText(names.join(', ')) || '—'
    lines.push(
      `| ${code(index.section)} | ${unchanged.length} | ${list(changed)} | ${list(lost)} |`
    )
  }
  return [...lines, '']
}

/** Every problem the metadata check found, with its file, line and field. */
function problemList(problems: readonly ReportedProblem[], lead: string): string[] {
  if (problems.length === 0) return []
  const errors = problems.filter(problem => problem.severity === 'error').length
  const warnings = problems.length - errors
  const found = [
    errors > 0 ? count(errors, 'error') : '',
    warnings > 0 ? count(warnings, 'warning') : ''
  ]
    .filter(Boolean)
    .join(' and ')
  return [
    `### ${lead} ${found}`,
    '',
    ...problems.map(
      problem =>
        `- ${problem.severity === 'error' ? '❌' : '⚠️'} ${code(problem.at)} ${code(problem.key)}: ${markdownText(problem.text)}`
    ),
    ''
  ]
}

function fieldList(fields: readonly FormField[]): string[] {
  return [
    '<details><summary>Fields that would be sent</summary>',
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...fields.map(([name, value]) => `| ${code(name)} | ${code(JSON.stringify(value))} |`),
    '',
    '</details>'
  ]
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * The action's own advice: text escaped as everywhere, and each `command` it names kept as code,
 * so that it can be copied.
 */
function adviceMarkdown(advice: string): string {
  return advice
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? code(part.slice(1, -1)) : markdownText(part)))
    .join('')
}

/** A URL as text: no HTML and no table break; left otherwise as typed, so it reads as a URL. */
function urlText(url: string): string {
  return plainText(url).replace(/[<>&|]/g, char => `&#${char.charCodeAt(0)};`)
}

/**
 * An inline code span, in which nothing renders; a table cell still needs its pipes escaped.
 * Text holding backticks gets a fence longer than its longest run of them, as CommonMark allows.
 */
function code(text: string): string {
  const plain = plainText(text).replace(/\|/g, '\\|')
  if (!plain.includes('`')) return `\`${plain}\``
  // A code span ends at the first run of exactly as many backticks as opened it: the fence is
  // one longer than the longest run inside, so that no run inside can close it early.
  const longest = Math.max(...(plain.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence} ${plain} ${fence}`
}
