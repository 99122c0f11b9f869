/**
 * A Host that lets no secret through: every message, annotation, group line, output and summary
 * passes through the run's Secrets before it reaches the host it wraps. The last line of defence,
 * behind the redaction of what comes in (every answer of an index, as it is received): the runner
 * masks its log, but not the outputs or the job summary, and not the encoded forms an echoing
 * index sends back; a terminal masks nothing. State is passed on as it is: it is never shown, and
 * the post step must find the very path main saved, even when a secret happens to occur in it.
 */
import { Outputs } from '../constants.js'
import type { Secrets } from '../secrets.js'
import type { Host, Place } from './host.js'

/**
 * Outputs made of the action's own values (the .pypirc it wrote, its section names, the
 * package's name and version): later steps use them as they are, and a short password that
 * happens to occur in them (`dev` in `alice-dev`) would turn them into names that do not exist.
 * No secret reaches them: section names and paths are made from the index URL without its
 * credentials, and the name and version are checked to be PEP 508 and PEP 440 values.
 */
const OWN_VALUES: ReadonlySet<string> = new Set([
  Outputs.pypircPath,
  Outputs.pypircSection,
  Outputs.name,
  Outputs.version
])

/**
 * An output redacted without breaking its form: the JSON of `results` string by string, so that
 * it stays JSON (a password `200` must not turn `"http_status":200` into `***`). Pure.
 */
function redactedOutput(name: string, value: string, clean: (text: string) => string): string {
  if (OWN_VALUES.has(name)) return value
  if (name !== Outputs.results) return clean(value)
  try {
    return JSON.stringify(redactStrings(JSON.parse(value), clean))
  } catch {
    return clean(value)
  }
}

function redactStrings(value: unknown, clean: (text: string) => string): unknown {
  if (typeof value === 'string') return clean(value)
  if (Array.isArray(value)) return value.map(item => redactStrings(item, clean))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactStrings(item, clean)])
    )
  return value
}

/**
 * Wraps `inner` so that everything it is given to print is redacted with `secrets`. `setSecret`
 * adds the value to `secrets`; the wrapped host is told every literal form the runner should mask,
 * whoever added the secret.
 */
export function redactingHost(inner: Host, secrets: Secrets): Host {
  const clean = secrets.redact
  secrets.onRunnerForm(form => inner.setSecret(form))
  const place = (where: Place | undefined): Place | undefined =>
    where === undefined
      ? undefined
      : {
          ...where,
          ...(where.file !== undefined ? { file: clean(where.file) } : {}),
          ...(where.title !== undefined ? { title: clean(where.title) } : {})
        }
  return {
    audience: inner.audience,
    getInput: name => inner.getInput(name),
    givenInputs: () => inner.givenInputs(),
    getState: name => inner.getState(name),
    setOutput: (name, value) => inner.setOutput(name, redactedOutput(name, value, clean)),
    saveState: (name, value) => inner.saveState(name, value),
    setSecret: secret => secrets.add(secret),
    info: message => inner.info(clean(message)),
    debug: message => inner.debug(clean(message)),
    notice: (message, where) => inner.notice(clean(message), place(where)),
    warning: (message, where) => inner.warning(clean(message), place(where)),
    error: (message, where) => inner.error(clean(message), place(where)),
    group: (title, lines) => inner.group(clean(title), lines.map(clean)),
    setFailed: message => inner.setFailed(clean(message)),
    writeSummary: markdown => inner.writeSummary(clean(markdown))
  }
}
