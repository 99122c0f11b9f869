/**
 * No form of a secret leaves the action: an index that echoes the request back (in a status line,
 * a body, a redirect's Location) gets its echo replaced everywhere the action prints or writes,
 * through the bundled action (log, annotations, outputs, summary) and the command line.
 */
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import path from 'node:path'
import {
  cleanUpAfterEach,
  failureLine,
  listen,
  newJob,
  resultsOf,
  runMain,
  SAMPLE,
  visibleText
} from './support/action-harness.js'
import { REPO_ROOT } from './support/runner-job.js'
import { secretValues, Secrets } from '../src/secrets.js'
import { redactingHost } from '../src/host/redacting-host.js'
import type { Host } from '../src/host/host.js'

cleanUpAfterEach()

const USER = 'alice'
// Every character class an encoder treats differently: `;` `%` `"` `/` a space, and a non-ASCII one.
const PASSWORD = 'p;w%"x S3cr3t/é+1'

/** The forms an echoing server may send back, computed here independently of src/secrets.ts. */
function echoedForms(user: string, password: string): string[] {
  const component = encodeURIComponent(password)
  const basic = Buffer.from(`${user}:${password}`).toString('base64')
  return [
    password,
    component,
    component.replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase()),
    new URLSearchParams({ p: password }).toString().slice(2),
    JSON.stringify(password).slice(1, -1),
    basic,
    `Basic ${basic}`
  ]
}

describe('the forms of a secret', () => {
  it('covers raw, URL-, form- and JSON-encoded, base64 and Basic-header forms', () => {
    const secrets = new Secrets()
    secrets.addCredentials(USER, PASSWORD)
    for (const form of echoedForms(USER, PASSWORD)) {
      // The header's scheme may stay: `Basic ***` hides all there is to hide.
      expect(secrets.redact(`before ${form} after`)).toMatch(/^before (Basic )?\*\*\* after$/)
    }
  })

  it('masks a multi-line secret whole, and only its lines long enough to be secrets', () => {
    expect(secretValues('first-line\n}\nab\nlast-line-x')).toEqual([
      'first-line\n}\nab\nlast-line-x',
      'first-line',
      'last-line-x'
    ])
    const secrets = new Secrets()
    secrets.add('first-line\n}\nab\nlast-line-x')
    expect(secrets.redact('a } b ab c first-line')).toBe('a } b ab c ***')
  })

  it('never masks a single character, or whitespace', () => {
    expect(secretValues('x')).toEqual([])
    expect(secretValues('  \n ')).toEqual([])
    const secrets = new Secrets()
    secrets.add('x')
    expect(secrets.redact('x marks the spot')).toBe('x marks the spot')
  })

  it('replaces a secret containing another one whole', () => {
    const secrets = new Secrets()
    secrets.add('abc')
    secrets.add('abcdef')
    expect(secrets.redact('key: abcdef')).toBe('key: ***')
  })

  it('the redacting host passes every message, output and summary through it, and state as it is', async () => {
    const seen: string[] = []
    const masks: string[] = []
    const record = (text: string) => void seen.push(text)
    const inner: Host = {
      audience: 'workflow',
      getInput: () => '',
      givenInputs: () => [],
      getState: () => '',
      setOutput: (name, value) => record(value),
      saveState: (name, value) => record(value),
      setSecret: secret => void masks.push(secret),
      info: record,
      debug: record,
      notice: (message, place) => record(`${message} ${place?.title ?? ''}`),
      warning: record,
      error: record,
      group: (title, lines) => [title, ...lines].forEach(record),
      setFailed: record,
      writeSummary: async markdown => record(markdown)
    }
    const host = redactingHost(inner, new Secrets())
    host.setSecret(PASSWORD)
    const encoded = encodeURIComponent(PASSWORD)
    host.setOutput('o', encoded)
    host.saveState('s', encoded)
    host.info(encoded)
    host.debug(encoded)
    host.notice(encoded, { title: encoded })
    host.warning(encoded)
    host.error(encoded)
    host.group(encoded, [encoded])
    host.setFailed(encoded)
    await host.writeSummary(encoded)
    expect(seen).toHaveLength(11)
    // State is never shown, and the post step needs the exact value main saved.
    expect(seen.filter(text => text.includes(encoded))).toEqual([encoded])
    seen.splice(seen.indexOf(encoded), 1)
    for (const text of seen) expect(text).not.toContain(encoded)
    // The runner is told to mask each form once, never a one-character piece.
    expect(masks).toContain(PASSWORD)
    expect(masks).toContain(encoded)
    host.setSecret(PASSWORD)
    expect(masks.filter(mask => mask === PASSWORD)).toHaveLength(1)
  })
})

/**
 * A hostile index that echoes the credentials it received, in the form the mode names: a 401 or
 * 403 quoting them percent-encoded in the status line, a 302 whose Location carries them as
 * userinfo, a 500 whose body and status line repeat the Authorization header.
 */
async function echoingIndex(mode: 401 | 403 | 302 | 500): Promise<string> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume()
    request.on('end', () => {
      const authorization = request.headers.authorization ?? ''
      const [user, password] = Buffer.from(authorization.replace(/^Basic /, ''), 'base64')
        .toString('utf8')
        .split(/:(.*)/s) as [string, string]
      const encoded = encodeURIComponent(password)
      const lower = encoded.replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase())
      response.setHeader('content-type', 'text/plain; charset=utf-8')
      if (mode === 302) {
        response.statusCode = 302
        response.statusMessage = `Found; login as ${user}:${encoded}`
        response.setHeader('location', `http://${user}:${encoded}@127.0.0.1:1/elsewhere/`)
        response.end(`moved, credentials ${lower}`)
        return
      }
      response.statusCode = mode
      response.statusMessage = `${mode === 500 ? 'Boom' : 'Denied'} for ${user}:${encoded}`
      const form = new URLSearchParams({ password }).toString()
      response.end(
        `you sent ${authorization}; ${form}; ${lower}; ${JSON.stringify({ password })}; ${password}`
      )
    })
  })
  return `${await listen(server)}/`
}

describe('an index that echoes the credentials', () => {
  const forms = echoedForms(USER, PASSWORD)

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [302, 'redirect'],
    [500, 'server-error']
  ] as const)(
    'a %s: no form reaches the log, annotations, outputs or summary',
    async (mode, outcome) => {
      const url = await echoingIndex(mode)
      const run = await runMain(await newJob(), {
        repository: url,
        username: USER,
        password: PASSWORD,
        'allow-insecure-http': 'true',
        retries: '0'
      })
      failureLine(run)
      expect(resultsOf(run)[0]?.outcome).toBe(outcome)
      const text = visibleText(run)
      // The echo did arrive, redacted, so the test would see it otherwise.
      expect(text).toContain('***')
      for (const form of forms) expect(text).not.toContain(form)
    }
  )

  it.each([401, 302, 500] as const)(
    'a %s through the command line: no form in its output',
    async mode => {
      const url = await echoingIndex(mode)
      const run = await new Promise<{ code: number; out: string }>(resolve => {
        execFile(
          process.execPath,
          [path.join(REPO_ROOT, 'dist', 'cli', 'index.cjs'), '--repository', url, '--retries=0'],
          {
            cwd: SAMPLE,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              TWINE_USERNAME: USER,
              TWINE_PASSWORD: PASSWORD
            }
          },
          (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code) : 0, out: `${stdout}\n${stderr}` })
          }
        )
      })
      expect(run.code).toBe(1)
      expect(run.out).toContain('***')
      for (const form of forms) expect(run.out).not.toContain(form)
    }
  )
})
