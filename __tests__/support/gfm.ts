/**
 * GitHub-flavoured Markdown as GitHub renders a job summary: cmark-gfm (GitHub's own renderer)
 * with its table, autolink, strikethrough and tag-filter extensions, raw HTML let through as
 * GitHub lets `<br>` and `<details>` through.
 */
import { execFileSync } from 'node:child_process'

export function renderGfm(markdown: string): string {
  return execFileSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tagfilter'],
    { input: markdown, encoding: 'utf8' }
  )
}
