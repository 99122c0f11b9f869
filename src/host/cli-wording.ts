/**
 * The command line's vocabulary. The core words its messages for the runner, where settings are
 * inputs (`input 'retries'`, `set dry-run: true`) and earlier work happens in steps; in a terminal
 * the same settings are options (`--retries`, `--dry-run`) and there are no steps. The command-line
 * host passes every line through `toCommandLineWording`, so that each message is written once, in
 * the core, and still reads right in both places. Pure.
 */
import { Inputs } from '../constants.js'

const NAMES = Object.values(Inputs).join('|')
// Names that are also plain words (repository, password, timeout...) are rewritten only where the
// sentence says they are inputs; these cannot be mistaken for prose.
const BARE = Object.values(Inputs)
  .filter(name => name.includes('-') || name === Inputs.strict || name === Inputs.pypirc)
  .join('|')

/** Whole phrases about the runner, replaced first, longest first within a message. */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /,? and (?:make sure )?(?:that )?actions\/checkout runs before this step/g,
    ', and that it is there'
  ],
  [
    /the username and password inputs \(their secrets may be empty or stale\)/g,
    'the user name and password (--username, TWINE_USERNAME, TWINE_PASSWORD, the .pypirc)'
  ],
  // The command removes its .pypirc before it exits: there is nothing left for twine to use.
  [/ The \.pypirc written by this step works for that\./g, ''],
  [/the log of this step/g, 'the output of this command'],
  [/from the runner\b/g, 'from this machine'],
  [
    /Check out the repository with actions\/checkout before this step/g,
    'Run it in a git clone of the repository'
  ],
  [/Add an actions\/setup-python step before this one/g, 'Install Python 3 as python3 on PATH'],
  [
    /Register from a tag-triggered workflow \(on: push: tags: \[[^\]]*\]\)/g,
    'Register from a checkout of the release tag'
  ],
  [
    /Run the workflow on a tag push \(on: push: tags\)/g,
    'Set GITHUB_REF=refs/tags/<tag> for the release tag'
  ],
  [
    /Pass it from a secret: `password: \$\{\{ secrets\.[A-Z_]+ \}\}` \([^)]*\)\./g,
    'Set TWINE_PASSWORD, or give a .pypirc with --config-file.'
  ],
  [/ \(from a secret\)/g, ''],
  [/ in (?:a|an earlier) step before this one| in an earlier step| by an earlier step/g, ' first'],
  [/ before this step/g, ' first'],
  [/ by the main step/g, ''],
  [/this runner[’']s Python/g, "this machine's Python"],
  [/(?:on|to) (?:this|the) runner/g, 'on this machine'],
  [/ between the runner and the index/g, ' between this machine and the index'],
  [/relative to the workspace/g, 'relative to the current folder']
]

/** Input names as options: `input 'x'`, `the x input`, `the x or y input`, `x: value`, `set x to`. */
const OPTIONS: ReadonlyArray<readonly [RegExp, (...groups: string[]) => string]> = [
  [
    new RegExp(`\\b([Ii])nputs '(${NAMES})' and '(${NAMES})'`, 'g'),
    (_, i, a, b) => `${i === 'I' ? 'O' : 'o'}ptions --${a} and --${b}`
  ],
  [
    new RegExp(`\\b([Ii])nput '(${NAMES})'`, 'g'),
    (_, i, name) => `${i === 'I' ? 'O' : 'o'}ption --${name}`
  ],
  [
    new RegExp(`\\bthe '?(${NAMES})'? and '?(${NAMES})'? inputs\\b`, 'g'),
    (_, a, b) => `--${a} and --${b}`
  ],
  [
    new RegExp(`\\bthe '?(${NAMES})'? or '?(${NAMES})'? input\\b`, 'g'),
    (_, a, b) => `--${a} or --${b}`
  ],
  [new RegExp(`\\bthe '?(${NAMES})'? input\\b`, 'g'), (_, name) => `--${name}`],
  [new RegExp(`(?<![\\w.\\[/-])(${BARE}): true\\b`, 'g'), (_, name) => `--${name}`],
  [
    new RegExp(`(?<![\\w.\\[/-])(${BARE}): ([\\w.-]+)`, 'g'),
    (_, name, value) => `--${name}=${value}`
  ],
  [new RegExp(`(?<![\\w.\\[/-])(${BARE})(?= (?:is|to|in) )`, 'g'), (_, name) => `--${name}`],
  [new RegExp(`(?<=\\bin )(${BARE})(?![\\w-])`, 'g'), (_, name) => `--${name}`]
]

/** Rewords a message written for the runner so that it speaks of this command's options. */
export function toCommandLineWording(message: string): string {
  let text = message
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement)
  for (const [pattern, replace] of OPTIONS) {
    text = text.replace(pattern, (...match) => replace(...(match.slice(0, -2) as string[])))
  }
  return text
}
