/**
 * The secrets of one run, and their redaction. Pure: nothing here prints or reads; the host
 * decorator (host/redacting-host.ts) applies it to everything the action prints or writes, the
 * index client to every answer it receives, and the build backend's environment is chosen with it.
 *
 * A secret is found however it was encoded on the way back (secret-search.ts): percent-encoded with
 * any set of characters kept, form-encoded, JSON-, JavaScript- or Python-escaped, Markdown-escaped
 * or written as HTML references, as UTF-8 shown in Latin-1 or cp1252, inside base64 in either
 * alphabet, padded or not, wrapped or not, and any layering of these.
 */
import {
  base64Needle,
  findSecrets,
  matcherFor,
  needleFor,
  replaceSpans,
  type Matcher,
  type Needle
} from './secret-search.js'

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
export const REDACTED = '***'

/**
 * The values that stand for one secret: as given, percent-decoded when it was given encoded (a
 * password written in a URL), and its lines, when long enough. Pure.
 */
export function secretValues(secret: string): string[] {
  if (secret.trim().length < MIN_SECRET_LENGTH) return []
  const values = new Set<string>([secret])
  const decoded = percentDecoded(secret)
  if (decoded !== undefined && decoded.trim().length >= MIN_SECRET_LENGTH) values.add(decoded)
  for (const line of secret.split(/\r\n|\n|\r/)) {
    if (line.trim().length >= MIN_LINE_LENGTH) values.add(line)
  }
  return [...values]
}

/**
 * The literal forms the runner is told to mask in its own log, for the steps after this one,
 * whose output the action never sees: the value, its percent-encoding and its base64. Pure.
 */
function runnerForms(value: string): string[] {
  return [value, encodeURIComponent(value), Buffer.from(value, 'utf8').toString('base64')].filter(
    form => form.trim().length >= MIN_SECRET_LENGTH
  )
}

/** The base64 of `user:password` that HTTP Basic sends (UTF-8, as twine sends it). Pure. */
export function basicToken(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}

/** The value of the HTTP Basic header for a user name and password, and its base64 part. Pure. */
function basicForms(username: string, password: string): string[] {
  const token = basicToken(username, password)
  return [`Basic ${token}`, token]
}

/**
 * The credentials written in a URL's userinfo (`scheme://user:password@host`): the password, or,
 * when there is none, the user name, which is then a token (`https://TOKEN@host/`). Raw as
 * written; `Secrets.add` also knows them percent-decoded. Read without parsing the URL, so that a
 * value too broken to parse is masked all the same. Pure.
 */
export function userinfoSecrets(url: string): string[] {
  // Up to the last `@` before the path, as URL parsers read a password holding a raw `@`.
  const userinfo = /^\s*[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(url)?.[1]
  if (userinfo === undefined) return []
  const colon = userinfo.indexOf(':')
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon)
  const password = colon < 0 ? '' : userinfo.slice(colon + 1)
  return [password !== '' ? password : user].filter(value => value !== '')
}

/**
 * The secrets of one run. Created where the host is built and passed explicitly to whatever needs
 * to redact; the host decorator adds to it through `setSecret`, the settings through `add` and
 * `addCredentials`.
 */
export class Secrets {
  private readonly values = new Set<string>()
  private readonly pairs = new Set<string>()
  private readonly needles: Needle[] = []
  /** Built again when a secret is added, at the next search. */
  private matcher: Matcher | undefined
  private readonly masked = new Set<string>()
  private readonly listeners: Array<(form: string) => void> = []

  /**
   * Calls `listener` with every literal form the runner should mask, those known already and each
   * one added later (the runner's own log then hides them in later steps too).
   */
  onRunnerForm(listener: (form: string) => void): void {
    this.listeners.push(listener)
    for (const form of this.masked) listener(form)
  }

  /** Adds a secret; an undefined or too short value adds nothing. */
  add(secret: string | undefined): void {
    if (secret === undefined) return
    for (const value of secretValues(secret)) {
      if (this.values.has(value)) continue
      this.values.add(value)
      this.needles.push(needleFor(value))
      this.matcher = undefined
      this.tellRunner(runnerForms(value))
    }
  }

  /**
   * Adds a password and its user name as HTTP Basic carries them: the password is a secret, and so
   * is the pair, whose base64 holds even a password too short to be looked for on its own.
   */
  addCredentials(username: string, password: string): void {
    this.add(password)
    const pair = `${username}:${password}`
    if (password.trim().length < MIN_SECRET_LENGTH || this.pairs.has(pair)) return
    this.pairs.add(pair)
    this.needles.push(base64Needle(Buffer.from(pair, 'utf8')))
    this.matcher = undefined
    this.tellRunner(basicForms(username, password))
  }

  /** Every secret value known, as given and decoded: what project code must not be given. */
  get all(): readonly string[] {
    return [...this.values]
  }

  /** Whether the text holds any secret, in any form. */
  holds(text: string): boolean {
    return this.needles.length > 0 && findSecrets(text, this.search()).length > 0
  }

  /** The text with every form of every secret replaced by `***`. */
  redact = (text: string): string => {
    if (this.needles.length === 0 || text.length < MIN_SECRET_LENGTH) return text
    const spans = findSecrets(text, this.search())
    return spans.length === 0 ? text : replaceSpans(text, spans, REDACTED)
  }

  private search(): Matcher {
    this.matcher ??= matcherFor(this.needles)
    return this.matcher
  }

  private tellRunner(forms: readonly string[]): void {
    for (const form of forms) {
      if (this.masked.has(form)) continue
      this.masked.add(form)
      for (const listener of this.listeners) listener(form)
    }
  }
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
