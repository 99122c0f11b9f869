/**
 * The job summary as GitHub shows it: each scenario a user meets most is a real run of the bundled
 * action, and its summary is rendered by cmark-gfm, GitHub's own Markdown renderer. The HTML is
 * what is checked: a headline per outcome, one row per index with its URL once, no empty header
 * row and no zero columns in a dry run, what to do with its commands as code, every metadata
 * problem with its file, line and field, and paths relative to the workspace.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { renderGfm } from './support/gfm.js'
import { runScenario, SCENARIOS, type ScenarioName } from './support/summary-scenarios.js'

const html: Partial<Record<ScenarioName, string>> = {}

beforeAll(async () => {
  for (const name of SCENARIOS) html[name] = renderGfm((await runScenario(name)).summary)
}, 120_000)

/** The text of the page, tags removed, entities of the escaped text restored. */
function text(page: string): string {
  return page
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

function headerRows(page: string): string[] {
  return [...page.matchAll(/<thead>\s*<tr>([\s\S]*?)<\/tr>/g)].map(match =>
    text(match[1] as string)
      .replace(/\s+/g, ' ')
      .trim()
  )
}

describe('the job summary, rendered', () => {
  it('a success on two indexes: the headline counts them, each index has one row', () => {
    const page = html['two-indexes'] as string
    expect(page).toMatch(
      /<h2>✅ <code>peer-register-sample 0\.1\.0<\/code> registered on 2 of 2 indexes<\/h2>/
    )
    // Stored as sent: the row says so, and no read-back table repeats it.
    expect(headerRows(page)).toEqual(['Index Outcome Time Details'])
    const rows = page.match(/<td><code>127\.0\.0\.1-\d+-alice-(staging|production)<\/code><br>/g)
    expect(rows).toHaveLength(2)
    // The URL is in the Index column only.
    const urls = text(page).match(/http:\/\/127\.0\.0\.1:\d+\/alice\/\w+\//g) ?? []
    expect(new Set(urls).size).toBe(2)
    expect(urls).toHaveLength(2)
    expect(text(page)).toContain('Registered on the index (200 OK). Read back: 15 of 15 fields')
    expect(text(page)).toContain(
      'Metadata from pyproject.toml (pyproject, found after no built distribution (.whl, .tar.gz, .zip) in dist; no PKG-INFO in .).'
    )
    expect(page).not.toMatch(/\/tmp\//)
  })

  it('a metadata failure: nothing was sent, said once, and every problem listed with file, line and field', () => {
    const page = html['metadata-failure'] as string
    expect(page).toMatch(
      /<h2>❌ <code>peer-register-sample 0\.1\.0 final<\/code>: nothing was sent, the metadata check found 1 error<\/h2>/
    )
    expect(text(page).match(/nothing was sent/gi)).toHaveLength(1)
    expect(page).toContain(
      '<li>❌ <code>pyproject.toml:7</code> <code>project.version</code>: Version &quot;0.1.0 final&quot; is not a PEP 440 version'
    )
    expect(
      page.match(
        /<li>⚠️ <code>pyproject\.toml:1[23]<\/code> <code>project\.(authors|maintainers)<\/code>/g
      )
    ).toHaveLength(2)
    expect(text(page)).not.toMatch(/listed above/)
    expect(text(page)).toContain('a dry run (dry-run: true) shows them without sending')
    expect(page).not.toContain('<table>')
  })

  it('a 403: the outcome in the table, the advice once, its command as code', () => {
    const page = html.forbidden as string
    expect(page).toMatch(
      /<h2>❌ <code>peer-register-sample 0\.1\.0<\/code>: registration failed on 1 of 1 index<\/h2>/
    )
    expect(page).toContain('<td>❌ forbidden (403)</td>')
    expect(text(page)).toContain('The index refused the registration: 403 no permission to submit.')
    expect(page).toContain('<h3>What to do</h3>')
    expect(page).toContain('<code>devpi index alice/dev acl_upload+=bob</code>')
    expect(text(page).match(/acl_upload\+=bob/g)).toHaveLength(1)
  })

  it('a dry run: no HTTP, attempts or time column, and the fields folded away', () => {
    const page = html['dry-run'] as string
    expect(page).toMatch(
      /<h2>📝 Dry run: <code>peer-register-sample 0\.1\.0<\/code> checked, nothing sent to 1 index<\/h2>/
    )
    expect(headerRows(page)).toEqual(['Index Outcome Details', 'Field Value'])
    expect(page).toContain('<td>📝 dry-run</td>')
    expect(page).toMatch(/<details><summary>Fields that would be sent<\/summary>/)
    expect(page).toContain('<td><code>&quot;peer-register-sample&quot;</code></td>')
  })

  it('has no empty cell in any header row', () => {
    for (const name of SCENARIOS)
      expect({ name, empty: /<th[^>]*>\s*<\/th>/.test(html[name] as string) }).toEqual({
        name,
        empty: false
      })
  })
})
