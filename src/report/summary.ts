/**
 * The job summary: what was registered where, in Markdown. Pure. Everything that comes from a
 * server or from the project (messages, names, values) is escaped, so that it shows as text and
 * never renders as an image, a link or a broken table.
 */
import type { FormField } from '../index-client/form.js'
import { markdownText, plainText } from '../sanitize.js'
import type { IndexResult } from '../index-client/outcome.js'

export interface SummaryReport {
  name: string
  version: string
  source: string
  /** One row per index, in the order they were listed. */
  results: readonly IndexResult[]
  /** In a dry run, the fields that would have been sent. */
  fields?: readonly FormField[]
}

const STATUS_ICONS: Record<string, string> = {
  registered: '✅',
  unsupported: 'ℹ️',
  'not-stored': '⚠️',
  'dry-run': '📝'
}

/** Renders the job summary for one release on every index. */
export function renderSummary(report: SummaryReport): string {
  const lines = [
    ...releaseTable(report),
    '',
    '| Index | Outcome | HTTP | Attempts | Seconds | Details |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const { index, outcome, attempts, seconds } of report.results) {
    const icon = outcome.ok ? (STATUS_ICONS[outcome.status] ?? '✅') : '❌'
    const details = [outcome.message, outcome.advice].filter(Boolean).join(' ')
    const row = [
      `${urlText(index.url)} [${markdownText(index.section)}]`,
      `${icon} ${outcome.status}`,
      outcome.httpStatus === undefined ? '' : String(outcome.httpStatus),
      String(attempts),
      seconds.toFixed(2),
      markdownText(details)
    ]
    lines.push(`| ${row.join(' | ')} |`)
  }
  const readBacks = report.results.filter(result => result.outcome.readBack !== undefined)
  if (readBacks.length > 0) {
    lines.push(
      '',
      '| Read back from | Stored unchanged | Changed | Lost |',
      '| --- | --- | --- | --- |'
    )
    for (const { index, outcome } of readBacks) {
      const { unchanged, changed, lost } = outcome.readBack!
      const list = (names: string[]) => markdownText(names.join(', ')) || '—'
      lines.push(
        `| ${code(index.section)} | ${unchanged.length} | ${list(changed)} | ${list(lost)} |`
      )
    }
  }
  if (report.fields !== undefined) {
    lines.push(
      '',
      '<details><summary>Fields that would be sent</summary>',
      '',
      '| Field | Value |',
      '| --- | --- |'
    )
    for (const [name, value] of report.fields) {
      lines.push(`| ${code(name)} | ${code(JSON.stringify(value))} |`)
    }
    lines.push('', '</details>')
  }
  return lines.join('\n') + '\n'
}

export interface FailureReport {
  /** The failure, as the step reports it. */
  message: string
  /** What was known of the release when it failed, if anything. */
  name?: string
  version?: string
  source?: string
}

/** The summary of a step that failed before any index answered (bad input, metadata, tag). */
export function renderFailureSummary(report: FailureReport): string {
  const lines = [
    ...(report.name !== undefined && report.version !== undefined
      ? releaseTable({ name: report.name, version: report.version, source: report.source ?? '' })
      : ['## pypi-register']),
    '',
    `❌ **Nothing was sent.** ${report.message.split(/\r?\n/).map(markdownText).join('<br>')}`
  ]
  return lines.join('\n') + '\n'
}

function releaseTable(report: { name: string; version: string; source: string }): string[] {
  return [
    '## pypi-register',
    '',
    '| | |',
    '| --- | --- |',
    `| Project | ${code(report.name)} |`,
    `| Version | ${code(report.version)} |`,
    `| Metadata from | ${code(report.source)} |`
  ]
}

/** A URL as text: no HTML and no table break; left otherwise as typed, so it reads as a URL. */
function urlText(url: string): string {
  return plainText(url).replace(/[<>&|]/g, char => `&#${char.charCodeAt(0)};`)
}

/**
 * An inline code span, in which nothing renders; a table cell still needs its pipes escaped.
 * Text holding a backtick gets a double-backtick fence, as CommonMark allows.
 */
function code(text: string): string {
  const plain = plainText(text).replace(/\|/g, '\\|')
  return plain.includes('`') ? `\`\` ${plain} \`\`` : `\`${plain}\``
}
