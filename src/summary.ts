/** The job summary: what was registered where, in Markdown. Pure. */
import type { FormField } from './form.js'
import type { IndexResult } from './outcome.js'

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
  'dry-run': '📝'
}

/** Renders the job summary for one release on every index. */
export function renderSummary(report: SummaryReport): string {
  const lines = [
    '## pypi-register',
    '',
    '| | |',
    '| --- | --- |',
    `| Project | ${cell(code(report.name))} |`,
    `| Version | ${cell(code(report.version))} |`,
    `| Metadata from | ${cell(code(report.source))} |`,
    '',
    '| Index | Outcome | HTTP | Attempts | Seconds | Details |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const { index, outcome, attempts, seconds } of report.results) {
    const icon = outcome.ok ? (STATUS_ICONS[outcome.status] ?? '✅') : '❌'
    const details = [outcome.message, outcome.advice].filter(Boolean).join(' ')
    const row = [
      `${index.url} [${index.section}]`,
      `${icon} ${outcome.status}`,
      outcome.httpStatus === undefined ? '' : String(outcome.httpStatus),
      String(attempts),
      seconds.toFixed(2),
      details
    ]
    lines.push(`| ${row.map(cell).join(' | ')} |`)
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
      lines.push(`| ${cell(code(name))} | ${cell(code(JSON.stringify(value)))} |`)
    }
    lines.push('', '</details>')
  }
  return lines.join('\n') + '\n'
}

/** Table cells cannot hold line breaks or bare pipes. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

/** An inline code span; text holding a backtick gets a double-backtick fence, as CommonMark allows. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``
}
