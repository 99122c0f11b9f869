/**
 * The job summary as GitHub shows it: rendered by cmark-gfm, GitHub's own Markdown renderer, with
 * the extensions GitHub enables (tables, autolinks, strikethrough, task lists, the tag filter), and
 * the text a reader then sees.
 */
import { execFileSync } from 'node:child_process'

/** The HTML of `markdown`; raw HTML kept, as GitHub keeps the tags it allows (`<details>`). */
export function renderGfm(markdown: string): string {
  const extensions = ['table', 'autolink', 'strikethrough', 'tasklist', 'tagfilter']
  return execFileSync('cmark-gfm', [...extensions.flatMap(name => ['-e', name]), '--unsafe'], {
    input: markdown,
    encoding: 'utf8'
  })
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** What a reader sees of rendered HTML: tags and comments dropped, references decoded. */
export function shownText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(parseInt(name.slice(2), 16))
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
      return ENTITIES[name] ?? whole
    })
}
