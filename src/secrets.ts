/**
 * The secrets of one run and every form in which they could come back to be printed. Pure: nothing
 * here prints or reads; the host decorator (host/redacting-host.ts) applies it to everything the
 * action prints or writes, and tells the runner which forms to mask in its own log.
 *
 * Why so many forms: an index that echoes the request puts the password back in whatever encoding
 * it saw or chose, such as percent-encoded in a redirect's Location (`p%3Bw%25`), form-encoded in a
 * body, base64 inside an echoed Authorization header, or JSON-escaped once the action writes its
 * `results` output. Replacing only the raw value misses all of these.
 */

/**
 * The shortest line of a multi-line secret that is masked on its own. A line shorter than this
 * (a lone `}` of a JSON key file, a one-letter line) would, masked, turn every such character of
 * the log into `***` while hiding nothing an attacker could not guess. The runner's own masker
 * splits multi-line secrets into lines in the same way; four characters keeps short fragments out.
 */
const MIN_LINE_LENGTH = 4

/**
 * The shortest whole value that is masked: a single character is never masked, for the reason
 * above (it would destroy the log and protects nothing).
 */
const MIN_SECRET_LENGTH = 2

/** What redacted text shows in place of a secret. */
const REDACTED = '***'

/**
 * Every printable form of one secret: as given, percent-decoded when it was given encoded, its lines
 * (when long enough), and the encodings an echoing server or our own output would apply. Pure.
 */
export function secretForms(secret: string): string[] {
  if (secret.trim().length < MIN_SECRET_LENGTH) return []
  const bases = new Set<string>([secret])
  const decoded = percentDecoded(secret)
  if (decoded !== undefined && decoded.trim().length >= MIN_SECRET_LENGTH) bases.add(decoded)
  for (const line of secret.split(/\r\n|\n|\r/)) {
    if (line.trim().length >= MIN_LINE_LENGTH) bases.add(line)
  }
  const forms = new Set<string>()
  for (const base of bases) for (const form of encodings(base)) forms.add(form)
  return [...forms].filter(form => form.trim().length >= MIN_SECRET_LENGTH)
}

/**
 * The forms of a user name and password pair as HTTP Basic carries it: the base64 of `user:pass`
 * and the whole header value. Pure.
 */
export function credentialForms(username: string, password: string): string[] {
  const token = Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
  return [`Basic ${token}`, token]
}

/**
 * Replaces every occurrence of any of `forms` in `text` with `***`, longest first, so that a form
 * containing another is replaced whole. Pure.
 */
export function redactText(text: string, forms: readonly string[]): string {
  let redacted = text
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (redacted.includes(form)) redacted = redacted.split(form).join(REDACTED)
  }
  return redacted
}

/**
 * The secrets of one run. Created where the host is built and passed explicitly to whatever needs
 * to redact server text; the host decorator adds to it through `setSecret`.
 */
export class Secrets {
  private readonly known = new Set<string>()
  private sorted: string[] = []

  /**
   * Adds a secret with all its forms; returns the forms not known before (what the runner must be
   * told to mask). An undefined or too short value adds nothing.
   */
  add(secret: string | undefined): string[] {
    if (secret === undefined) return []
    const added = secretForms(secret).filter(form => !this.known.has(form))
    for (const form of added) this.known.add(form)
    if (added.length > 0) this.sorted = [...this.known].sort((a, b) => b.length - a.length)
    return added
  }

  /** Adds a password and the Basic-header forms of the pair; returns the new forms. */
  addCredentials(username: string, password: string): string[] {
    return [password, ...credentialForms(username, password)].flatMap(form => this.add(form))
  }

  /** Every known form, longest first. */
  get forms(): readonly string[] {
    return this.sorted
  }

  /** The text with every known form of every secret replaced by `***`. */
  redact = (text: string): string => redactText(text, this.sorted)
}

/** The value percent-decoded, when it holds a valid escape; undefined otherwise. */
function percentDecoded(value: string): string | undefined {
  if (!/%[0-9a-f]{2}/i.test(value)) return undefined
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

/** One value as it may be printed after an encoding. */
function encodings(value: string): string[] {
  const component = encodeURIComponent(value)
  return [
    value,
    component,
    lowerHex(component),
    // application/x-www-form-urlencoded, as a server echoing a form or a query string writes it.
    new URLSearchParams([['', value]]).toString().slice(1),
    // Every byte escaped, as some servers log a value they consider unsafe.
    everyByteEscaped(value),
    lowerHex(everyByteEscaped(value)),
    userinfoEncoded(value),
    // Inside a JSON string, such as the results output.
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value, 'utf8').toString('base64')
  ]
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase())
}

function everyByteEscaped(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map(byte => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('')
}

/** The password as a URL's userinfo holds it (WHATWG URL), as in a redirect's Location. */
function userinfoEncoded(value: string): string {
  const url = new URL('http://host/')
  url.password = value
  return url.password
}
