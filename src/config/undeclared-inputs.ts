/**
 * Inputs a step was given that action.yml does not declare, and which the user plausibly meant as
 * one of ours: the names pypa/gh-action-pypi-publish uses (`repository-url`, `user`,
 * `packages-dir`, ...), and near misspellings (`dry_run`, `dryrun`, `dist_dir`). The runner passes
 * every `with:` key to the step, declared or not, and merely warns about the undeclared ones; left
 * at that, `repository-url` would be ignored and the password go with the default user name, and
 * `dry_run: true` would register for real. Pure.
 */
import { distance } from 'fastest-levenshtein'
import { Inputs } from '../constants.js'
import { type InputName } from '../wording.js'

export interface UndeclaredInput {
  /** The name as given. */
  given: string
  /** Whether the step must stop: the input would have changed where or how it registers. */
  severity: 'error' | 'warning'
  message: string
}

const DECLARED: ReadonlySet<string> = new Set(Object.values(Inputs))

type OtherName = { use: InputName; publishAction?: true } | { none: string }

/**
 * gh-action-pypi-publish's inputs (and two other common names), with ours that does the same, or
 * why there is none. Its `password` and `verbose` are ours too.
 */
const OTHER_NAMES: Readonly<Record<string, OtherName>> = {
  'repository-url': { use: Inputs.repository, publishAction: true },
  'index-url': { use: Inputs.repository },
  user: { use: Inputs.username, publishAction: true },
  token: { use: Inputs.password },
  'packages-dir': { use: Inputs.distDir, publishAction: true },
  'verify-metadata': {
    none: `the metadata is always checked before anything is sent; ${Inputs.strict}: true makes its warnings errors`
  },
  'skip-existing': {
    none: 'a registration has nothing to skip: registering a version again updates its metadata'
  },
  'print-hash': { none: 'nothing is uploaded, so there is no hash to print' },
  attestations: { none: 'nothing is uploaded, so there is nothing to attest' }
}

/** The form names are compared in: lower case, `_` and spaces read as `-`. */
function canonical(name: string): string {
  return name.toLowerCase().replace(/[_ ]/g, '-')
}

/** Our input a misspelt name is closest to, if it is close enough to have been meant. */
function nearest(name: string): InputName | undefined {
  const given = canonical(name)
  // One slip in a short name, two in a longer one; a name like `url` is too short to guess from.
  const allowed = given.length < 4 ? 0 : given.length < 6 ? 1 : 2
  let best: { name: InputName; distance: number } | undefined
  for (const declared of Object.values(Inputs)) {
    const apart = Math.min(distance(given, declared), distance(given.replace(/-/g, ''), declared))
    if (apart <= allowed && (best === undefined || apart < best.distance))
      best = { name: declared, distance: apart }
  }
  return best?.name
}

/**
 * What to say about each given input name that action.yml does not declare: an error where the
 * user plausibly meant one of ours, a warning where ours has no such setting, and nothing for a
 * name too far from any (the runner's own warning lists those).
 */
export function undeclaredInputs(given: readonly string[]): UndeclaredInput[] {
  const found: UndeclaredInput[] = []
  for (const name of given) {
    if (DECLARED.has(name)) continue
    const other = OTHER_NAMES[canonical(name)]
    if (other !== undefined && 'use' in other) {
      found.push({
        given: name,
        severity: 'error',
        message: `Input '${name}' is not an input of this action${other.publishAction ? " (it is gh-action-pypi-publish's name)" : ''}, so it would be ignored: use '${other.use}' instead.`
      })
      continue
    }
    if (other !== undefined) {
      found.push({
        given: name,
        severity: 'warning',
        message: `Input '${name}' is not an input of this action and is ignored: ${other.none}.`
      })
      continue
    }
    const meant = nearest(name)
    if (meant !== undefined) {
      found.push({
        given: name,
        severity: 'error',
        message: `Input '${name}' is not an input of this action, so it would be ignored: did you mean '${meant}'?`
      })
    }
  }
  return found
}
