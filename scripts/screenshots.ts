/**
 * `npm run screenshots`: the job summaries of the scenarios the summary's tests check, as GitHub
 * would show them, so that a person can look: each real run's Markdown rendered by cmark-gfm
 * (GitHub's renderer), styled roughly like a GitHub page, and photographed by headless Chromium.
 * Writes screenshots/<scenario>.md, .html and .png (git-ignored). Needs cmark-gfm and chromium
 * (Debian: apt-get install cmark-gfm chromium) and the bundles built (npm run bundle).
 */
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { renderGfm } from '../__tests__/support/gfm.js'
import { runScenario, SCENARIOS } from '../__tests__/support/summary-scenarios.js'

const OUT = path.join(process.cwd(), 'screenshots')

/** Enough of GitHub's look to judge layout: its fonts, table borders, code spans and widths. */
const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  color: #1f2328; background: #fff; margin: 0; padding: 24px 32px; max-width: 1012px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 0 0 16px; }
h3 { font-size: 1.25em; margin: 24px 0 16px; }
table { border-collapse: collapse; display: block; width: max-content; max-width: 100%;
  overflow: auto; margin: 0 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: rgba(129,139,152,.12); border-radius: 6px; padding: .2em .4em; }
a { color: #0969da; } ul { padding-left: 2em; } details { margin: 0 0 16px; }`

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true })
  const profile = await mkdtemp(path.join(tmpdir(), 'screenshots-chromium-'))
  try {
    for (const name of SCENARIOS) {
      console.log(`${name}: running the action`)
      const { summary } = await runScenario(name)
      const html = `<!doctype html><meta charset="utf-8"><title>${name}</title><style>${STYLE}</style>\n${renderGfm(summary)}`
      const page = path.join(OUT, `${name}.html`)
      await writeFile(path.join(OUT, `${name}.md`), summary)
      await writeFile(page, html)
      execFileSync(
        'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--hide-scrollbars',
          `--user-data-dir=${profile}`,
          `--screenshot=${path.join(OUT, `${name}.png`)}`,
          '--window-size=1100,900',
          `file://${page}`
        ],
        { stdio: 'ignore' }
      )
      console.log(`${name}: ${path.join(OUT, `${name}.png`)}`)
    }
  } finally {
    await rm(profile, { recursive: true, force: true })
  }
}

await main()
