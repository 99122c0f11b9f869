/**
 * What an index's answer means for the user. Pure: turns an HTTP answer or a network failure into an
 * outcome with a message and advice. Servers put their reasons in the status line (devpi, Warehouse),
 * so the reason phrase is part of every message.
 */

import { flavourAdvice, type AdviceContext } from './advice.js'
import type { ServerFlavour } from './flavour.js'
import { plainText } from '../sanitize.js'
import { Inputs } from '../constants.js'
import { either, inputName, startOfSentence } from '../wording.js'

export type OutcomeStatus =
  | 'registered'
  | 'not-stored'
  | 'not-an-index'
  | 'unsupported'
  | 'dry-run'
  | 'checked'
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'redirect'
  | 'not-found'
  | 'server-error'
  | 'http-error'
  | 'network-error'

export interface Outcome {
  status: OutcomeStatus
  /** False when the step must fail. */
  ok: boolean
  message: string
  advice?: string
  httpStatus?: number
  /** How many requests were sent (0 when none was). */
  attempts?: number
  /** Said in the log only, without a notice (on-unsupported: skip). */
  quiet?: boolean
  /** What reading the release back showed, when the index offers a way. */
  readBack?: ReadBackReport
  /** What a check without registering proved, and what it could not (check-only). */
  checks?: { proven: string[]; notProven: string[] }
}

/** The fields an index kept as sent, changed, or lost, or why that could not be known. */
export interface ReadBackReport {
  unchanged: string[]
  changed: string[]
  lost: string[]
  /** One line for the log and the summary. */
  summary: string
}

/** One index's outcome, with what the results output reports about it. */
export interface IndexResult {
  index: { section: string; url: string }
  outcome: Outcome
  attempts: number
  seconds: number
}

/**
 * What an index without registration support means, as the on-unsupported input says: a notice
 * (warn), a line in the log (skip), or a failure (fail).
 */
export function applyUnsupportedPolicy(
  outcome: Outcome,
  policy: 'warn' | 'skip' | 'fail'
): Outcome {
  if (outcome.status !== 'unsupported' || policy === 'warn') return outcome
  if (policy === 'skip') return { ...outcome, quiet: true }
  return {
    ...outcome,
    ok: false,
    advice: `${startOfSentence(inputName(Inputs.onUnsupported))} is fail; set it to warn or skip, or remove this index from ${inputName(Inputs.repository)}.`
  }
}

/**
 * The status output: the outcome itself for one index; with several, the first failure, else
 * registered if any index registered, else the outcome they share (see the results output).
 */
export function overallStatus(results: readonly IndexResult[]): OutcomeStatus {
  const failed = results.find(({ outcome }) => !outcome.ok)
  if (failed !== undefined) return failed.outcome.status
  if (results.some(({ outcome }) => outcome.status === 'registered')) return 'registered'
  if (results.some(({ outcome }) => outcome.status === 'not-stored')) return 'not-stored'
  return results[0]?.outcome.status ?? 'dry-run'
}

export interface HttpAnswer {
  status: number
  statusText: string
  /** The Location header, for redirects. */
  location?: string
  /** The start of the response body, as text. */
  body: string
}

const UNSUPPORTED_ADVICE = () =>
  `Nothing to do: upload your distributions with \`twine upload\`, which creates the project on first upload.${either(' The .pypirc written by this step works for that.', '')}`

/** The outcome of sending nothing to pypi.org or test.pypi.org, which dropped pre-registration. */
export function warehouseOutcome(url: string): Outcome {
  return {
    status: 'unsupported',
    ok: true,
    message: `${url} (pypi.org) does not support pre-registration, so no request was sent.`,
    advice: UNSUPPORTED_ADVICE(),
    attempts: 0
  }
}

/** Who answered, when known (the server's flavour), and who asked (see AdviceContext). */
export interface AnsweringServer extends AdviceContext {
  flavour: ServerFlavour
}

/**
 * Classifies an index's answer to `:action=submit` sent to `url`. With the server known, a refusal
 * gets that server's own advice. Server text is stripped of control characters first.
 */
export function classifyAnswer(answer: HttpAnswer, url: string, server?: AnsweringServer): Outcome {
  const outcome = classifyPlainAnswer(
    {
      ...answer,
      statusText: plainText(answer.statusText),
      body: plainText(answer.body),
      ...(answer.location === undefined ? {} : { location: plainText(answer.location) })
    },
    url
  )
  return server === undefined ? outcome : withServerAdvice(outcome, server)
}

/**
 * Replaces the advice of a failed answer with the server's own, where there is one (401, 403,
 * 404, 405, 409, 410). An HTTPS demand keeps its own advice: it names the URL to use.
 */
export function withServerAdvice(outcome: Outcome, server: AnsweringServer): Outcome {
  if (outcome.ok || outcome.httpStatus === undefined) return outcome
  if (/requires HTTPS/.test(outcome.message)) return outcome
  const advice = flavourAdvice(server.flavour, outcome.httpStatus, server)
  return advice === undefined ? outcome : { ...outcome, advice }
}

function classifyPlainAnswer(answer: HttpAnswer, url: string): Outcome {
  const { status } = answer
  const statusLine = `${status}${answer.statusText ? ` ${answer.statusText}` : ''}`
  const base = { httpStatus: status }
  if (status >= 200 && status < 300) {
    return {
      ...base,
      status: 'registered',
      ok: true,
      message: `Registered on ${url} (${statusLine}).`
    }
  }
  if (status >= 300 && status < 400) return { ...base, ...redirectOutcome(answer, url, statusLine) }
  if (status === 410 || (status === 400 && /duplicate keys/i.test(answer.statusText))) {
    return {
      ...base,
      status: 'unsupported',
      ok: true,
      message: `${url} does not support pre-registration (it answered ${statusLine}).`,
      advice: UNSUPPORTED_ADVICE()
    }
  }
  const detail = serverDetail(answer)
  if ((status === 400 || status === 422) && demandsFile(answer)) {
    return {
      ...base,
      status: 'unsupported',
      ok: true,
      message: `${url} does not support pre-registration: it takes uploads only, and asked for the file (${statusLine}${detail}).`,
      advice: UNSUPPORTED_ADVICE()
    }
  }
  switch (status) {
    case 400:
      return {
        ...base,
        status: 'invalid',
        ok: false,
        message: `${url} rejected the metadata: ${statusLine}${detail}.`,
        advice: 'Fix the field the index names in your project metadata and run again.'
      }
    case 401:
      return {
        ...base,
        status: 'unauthorized',
        ok: false,
        message: `${url} did not accept the credentials: ${statusLine}${detail}.`,
        advice: `Check ${either('the username and password inputs (their secrets may be empty or stale)', 'the user name and password (--username, TWINE_USERNAME, TWINE_PASSWORD, the .pypirc)')}. With an API token, the username is __token__.`
      }
    case 403:
      if (/ssl is required/i.test(answer.statusText)) {
        return {
          ...base,
          status: 'forbidden',
          ok: false,
          message: `${url} requires HTTPS: ${statusLine}.`,
          advice: `Use ${url.replace(/^http:/, 'https:')} as the repository.`
        }
      }
      return {
        ...base,
        status: 'forbidden',
        ok: false,
        message: `${url} refused the registration: ${statusLine}${detail}.`,
        advice:
          'The project name belongs to another user, or this user may not write to this index. The first user to register a name becomes its Owner: ask an Owner to make you a Maintainer (or Owner) of the project, or check the index permissions.'
      }
    case 404:
    case 405:
      return {
        ...base,
        status: 'not-found',
        ok: false,
        message: `${url} is not an index that takes registrations: ${statusLine}${detail}.`,
        advice:
          'Check the repository URL: for devpi it is https://HOST/USER/INDEX/ (a mirror index such as root/pypi cannot take registrations).'
      }
  }
  if (status >= 500) {
    return {
      ...base,
      status: 'server-error',
      ok: false,
      message: `${url} failed with a server error: ${statusLine}${detail}.`,
      advice:
        'The index had a problem; try again later, and tell its administrators if it persists.'
    }
  }
  return {
    ...base,
    status: 'http-error',
    ok: false,
    message: `${url} answered ${statusLine}${detail}.`
  }
}

function redirectOutcome(
  answer: HttpAnswer,
  url: string,
  statusLine: string
): Omit<Outcome, 'httpStatus'> {
  if (answer.location === undefined) {
    return {
      status: 'redirect',
      ok: false,
      message: `${url} answered ${statusLine} without saying where to.`,
      advice: 'Check the repository URL.'
    }
  }
  const target = new URL(answer.location, url).href
  const onlySlash = target === `${url}/` || target === `${url.replace(/\?.*$/, '')}/`
  return {
    status: 'redirect',
    ok: false,
    message: `${url} redirects (${statusLine}) to ${target}; the redirect was not followed, so the credentials were not sent there.`,
    advice: onlySlash
      ? `The repository URL is missing its trailing slash: use ${target}.`
      : `If that is the right index, set the repository to ${target}.`
  }
}

/**
 * Upload-only indexes (GitLab, Nexus, Artifactory) read a register request as an upload without
 * its file, and say so: GitLab answers `{"error":"content is missing"}`, others name a missing
 * `content` or file part. devpi's own 400s (invalid metadata) never speak of a file.
 */
const FILE_PART_MISSING =
  /\b(?:content|file)\b(?: part| field| parameter)?(?: is| was)? (?:missing|required|empty|not (?:found|present|provided|given))|\b(?:missing|no)\b[\w '"`:-]{0,24}?\b(?:content|file|upload)\b/i

function demandsFile(answer: HttpAnswer): boolean {
  return (
    FILE_PART_MISSING.test(answer.statusText) || FILE_PART_MISSING.test(answer.body.slice(0, 300))
  )
}

/** A short plain-text body adds to the status line; HTML pages and long bodies do not. */
function serverDetail(answer: HttpAnswer): string {
  const text = answer.body.trim()
  if (text === '' || text.length > 300 || /^<|<html/i.test(text) || text === answer.statusText)
    return ''
  return ` (${text.replace(/\s+/g, ' ')})`
}

/** Classifies a request that got no HTTP answer at all. */
export function classifyNetworkError(error: unknown, url: string, timeoutMs: number): Outcome {
  if (isTimeout(error)) {
    return {
      status: 'network-error',
      ok: false,
      message: `${url} did not answer within ${timeoutMs / 1000} s.`,
      advice: `Check that the index is up and reachable from ${either('the runner', 'this machine')}, or raise ${inputName(Inputs.timeout)}.`
    }
  }
  const cause = rootCause(error)
  const causeMessage = cause instanceof Error ? cause.message : String(cause)
  const proxyStatus = /^Proxy response \((\d+)\)/.exec(causeMessage)?.[1]
  if (proxyStatus !== undefined) {
    return {
      status: 'network-error',
      ok: false,
      message: `Could not reach ${url}: the proxy refused to open a tunnel to it (HTTP ${proxyStatus}).`,
      advice:
        proxyStatus === '407'
          ? 'The proxy wants credentials: put them in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port), from a secret.'
          : `Check that the proxy lets ${either('the runner', 'this machine')} reach this host, or list the host in NO_PROXY.`
    }
  }
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? ''
  const reason = NETWORK_REASONS[code] ?? causeMessage
  return {
    status: 'network-error',
    ok: false,
    message: `Could not reach ${url}: ${reason}${code ? ` (${code})` : ''}.`,
    advice: networkAdvice(code, url)
  }
}

/** Certificate checks that fail when the index's CA is not trusted. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED'
])

function networkAdvice(code: string, url: string): string {
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return `If the index uses a private CA, give that CA's PEM certificate in ${inputName(Inputs.caCert)} (or as ca_cert in its .pypirc section).`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return 'Use the host name that the certificate names in the repository URL.'
  }
  if (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA/.test(code)) {
    return `The index refused the TLS connection: if it demands a client certificate, give one (certificate and key in one PEM file) in ${inputName(Inputs.clientCert)} or as client_cert in its .pypirc section.`
  }
  // Under TLS 1.3 a server that wants a client certificate hangs up after the handshake, and the
  // client only sees the connection closed.
  if (code === 'UND_ERR_SOCKET' && url.startsWith('https:')) {
    return `If the index demands a client certificate (mutual TLS), give it (certificate and key in one PEM file) in ${inputName(Inputs.clientCert)} or as client_cert in its .pypirc section; otherwise check the index and any proxy in between.`
  }
  return `Check the repository URL and that the index is reachable from ${either('the runner', 'this machine')} (firewall, proxy, DNS).`
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing listens there)',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  UND_ERR_SOCKET: 'the server closed the connection before answering',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'the connection could not be opened in time',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the CA that signed its TLS certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'it demands a client certificate, and none was given',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'it did not accept the client certificate',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'it does not trust the CA of the client certificate'
}

/** The error code of a request that got no answer: TIMEOUT, or the system's code (ECONNRESET, ...). */
export function networkErrorCode(error: unknown): string | undefined {
  if (isTimeout(error)) return 'TIMEOUT'
  return (rootCause(error) as NodeJS.ErrnoException | undefined)?.code
}

/**
 * The per-attempt signal ran out. undici's own aborts (UND_ERR_ABORTED, such as a proxy refusing
 * the tunnel) share the AbortError name but are not timeouts.
 */
function isTimeout(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: string; code?: string }
  return name === 'TimeoutError' || (name === 'AbortError' && code !== 'UND_ERR_ABORTED')
}

/** fetch wraps the real failure (`TypeError: fetch failed`) in `cause`, sometimes twice. */
function rootCause(error: unknown): unknown {
  let current = error
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown } | undefined)?.cause
    if (next === undefined || next === null) break
    current = next
  }
  return current
}
