/**
 * A Host that lets no secret through: every message, annotation, group line, output and summary
 * passes through the run's Secrets before it reaches the host it wraps. The last line of defence,
 * behind the redaction of what comes in (every answer of an index, as it is received): the runner
 * masks its log, but not the outputs or the job summary, and not the encoded forms an echoing
 * index sends back; a terminal masks nothing. State is passed on as it is: it is never shown, and
 * the post step must find the very path main saved, even when a secret happens to occur in it.
 */
import type { Secrets } from '../secrets.js'
import type { Host, Place } from './host.js'

/**
 * Wraps `inner` so that everything it is given to print is redacted with `secrets`. `setSecret`
 * adds the value to `secrets`; the wrapped host is told every literal form the runner should mask,
 * whoever added the secret.
 */
export function redactingHost(inner: Host, secrets: Secrets): Host {
  const clean = secrets.redact
  secrets.onRunnerForm(form => inner.setSecret(form))
  const place = (where: Place | undefined): Place | undefined =>
    where?.title === undefined ? where : { ...where, title: clean(where.title) }
  return {
    audience: inner.audience,
    getInput: name => inner.getInput(name),
    givenInputs: () => inner.givenInputs(),
    getState: name => inner.getState(name),
    setOutput: (name, value) => inner.setOutput(name, clean(value)),
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
