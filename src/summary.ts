/** The job summary: what was registered where, in Markdown. Pure. */
import type { FormField } from './form.js'
import type { Outcome } from './outcome.js'

export interface SummaryReport {
  name: string
  version: string
  source: string
  index: string
  outcome: Outcome
  /** In a dry run, the fields that would have been sent. */
  fields?: readonly FormField[]
}

const STATUS_ICONS: Record<string, string> = {
  registered: '✅',
  unsupported: 'ℹ️',
  'dry-run': '📝'
}

/** Renders the job summary for one registration. */
export function renderSummary(report: SummaryReport): string {
  const { outcome } = report
  const icon = STATUS_ICONS[outcome.status] ?? '❌'
  const rows = [
    ['Project', code(report.name)],
    ['Version', code(report.version)],
    ['Metadata from', code(report.source)],
    ['Index', report.index],
    ['Outcome', `${icon} ${outcome.status}`],
    ['Details', [outcome.message, outcome.advice].filter(Boolean).join(' ')]
  ]
  const lines = [
    '## pypi-register',
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([label, value]) => `| ${label} | ${cell(value ?? '')} |`)
  ]
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
