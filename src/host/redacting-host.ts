/**
 * A Host that lets no secret through: every message, annotation, group line, output, state value
 * and summary passes through the run's Secrets before it reaches the host it wraps. One place for
 * redaction, so that no path of the code can forget it (the runner masks its log, but not the
 * outputs or the job summary, and not the encoded forms an echoing index sends back; a terminal
 * masks nothing).
 */
import type { Secrets } from '../secrets.js'
import type { Host, Place } from './host.js'

/**
 * Wraps `inner` so that everything it is given to print or write is redacted with `secrets`.
 * `setSecret` adds the value (with every form of it) to `secrets` and tells the wrapped host about
 * each new form, so that the runner masks them too.
 */
export function redactingHost(inner: Host, secrets: Secrets): Host {
  const clean = secrets.redact
  const place = (where: Place | undefined): Place | undefined =>
    where?.title === undefined ? where : { ...where, title: clean(where.title) }
  return {
    audience: inner.audience,
    getInput: name => inner.getInput(name),
    givenInputs: () => inner.givenInputs(),
    getState: name => inner.getState(name),
    setOutput: (name, value) => inner.setOutput(name, clean(value)),
    saveState: (name, value) => inner.saveState(name, clean(value)),
    setSecret: secret => {
      for (const form of secrets.add(secret)) inner.setSecret(form)
    },
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
