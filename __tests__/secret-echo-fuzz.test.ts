/**
 * Random secrets, echoed back by a loopback index in every encoding servers use, through every
 * request the action sends (the register request, the server probe, the read-back), must not
 * reach anything the bundled action or the command line shows: the log, the outputs, or the job
 * summary as GitHub renders it (cmark-gfm). The secrets come from a fixed seed, printed with any
 * failure; FUZZ_SEED=<seed> explores others.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { execFile } from 'node:child_process'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import path from 'node:path'
import {
  cleanUpAfterEach,
  listen,
  newJob,
  runMain,
  SAMPLE,
  visibleText
} from './support/action-harness.js'
import { asHeader, credentialEncodings, VALUE_ENCODINGS } from './support/echo-encodings.js'
import { renderGfm, shownText } from './support/gfm.js'
import { REPO_ROOT, STEP_NODE } from './support/runner-job.js'

cleanUpAfterEach()

const SEED = Number(process.env.FUZZ_SEED ?? 20261130)
const USER = 'alice'

/** Characters encoders treat apart, and non-ASCII ones of two, three and four UTF-8 bytes. */
const SPECIAL = [...'/+=%\\"\'&<>_*#!|`[]():;@?,.~ ', 'ä', 'é', 'Ý', 'ß', 'ж', '€', '中', '🔑']
const ALNUM = [...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789']

/** A password: letters and digits with special characters among them, no edge whitespace. */
const password = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ALNUM) }, fc.constantFrom(...SPECIAL)),
    {
      minLength: 6,
      maxLength: 16
    }
  )
  .map(chars => chars.join(''))
  .filter(text => text.trim() === text && /[^A-Za-z0-9]/.test(text) && /[A-Za-z0-9]{2}/.test(text))

type Channel = 'register' | 'redirect' | 'probe' | 'read-back'
const CHANNELS: readonly Channel[] = ['register', 'probe', 'read-back', 'redirect']

/** Every way of writing the credentials back, by name. */
function echoesOf(secret: string): Array<[string, string]> {
  return [
    ...Object.entries(VALUE_ENCODINGS).map(([name, encode]): [string, string] => [
      name,
      encode(secret)
    ]),
    ...Object.entries(credentialEncodings(USER, secret))
  ]
}

const KINDS = echoesOf('x').map(([name]) => name)

interface Case {
  secret: string
  channel: Channel
  /** Names of the two echoes this case sends. */
  kinds: [string, string]
}

/** Enough cases that every echo is sent at least once, on the channels in turn. */
const CASES: Case[] = fc
  .sample(password, { seed: SEED, numRuns: Math.ceil(KINDS.length / 2) })
  .map((secret, i) => ({
    secret,
    channel: CHANNELS[i % CHANNELS.length]!,
    kinds: [KINDS[(2 * i) % KINDS.length]!, KINDS[(2 * i + 1) % KINDS.length]!]
  }))

/** The credentials a request carried. */
function credentialsOf(request: IncomingMessage): [string, string] {
  const token = (request.headers.authorization ?? '').replace(/^Basic /, '')
  const [user, secret] = Buffer.from(token, 'base64').toString('utf8').split(/:(.*)/s)
  return [user ?? '', secret ?? '']
}

/** An index that answers each request of `plan.channel` with the echoes of the credentials. */
async function echoingIndex(plan: Case): Promise<{ url: string; echoed: () => number }> {
  let echoed = 0
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume()
    request.on('end', () => {
      const [user, secret] = credentialsOf(request)
      const all = new Map(echoesOf(secret))
      const [first, second] = plan.kinds.map(kind => all.get(kind) ?? '') as [string, string]
      const probe = request.method === 'GET' && request.url === '/index/'
      const json = (body: unknown) => {
        response.setHeader('content-type', 'application/json')
        response.end(JSON.stringify(body))
      }
      if (probe && plan.channel === 'probe') {
        echoed++
        return json({ type: 'indexconfig', result: { type: 'stage', acl_upload: [first, second] } })
      }
      if (probe && plan.channel === 'read-back') {
        return json({ type: 'indexconfig', result: { type: 'stage', acl_upload: [user] } })
      }
      if (probe) return response.writeHead(404).end()
      if (request.method === 'POST' && plan.channel === 'read-back') return response.end()
      echoed++
      response.setHeader('content-type', 'text/plain; charset=utf-8')
      if (plan.channel === 'redirect') {
        response.setHeader('location', asHeader(`http://127.0.0.1:1/elsewhere/?${first}`))
        response.writeHead(302, asHeader(`Found ${second}`)).end()
        return
      }
      // The read-back's failure shows its status line only; a register request's, a short body too.
      if (plan.channel === 'read-back') {
        response.writeHead(500, asHeader(`Broken ${first} and ${second}`)).end()
        return
      }
      response.writeHead(403, asHeader(`Denied ${first}`))
      response.end(`you sent ${second}`)
    })
  })
  return { url: `${await listen(server)}/index/`, echoed: () => echoed }
}

/**
 * Whether `text` shows the secret in any of the forms the index sent. Compared also with every
 * run of white space removed (wrapped base64 loses its line breaks in a log line) and with control
 * characters as the log shows them (spaces).
 */
function leaks(text: string, secret: string): string[] {
  const squeezed = text.replace(/\s+/g, '')
  const pairBase64 = Buffer.from(`${USER}:${secret}`).toString('base64').replace(/=+$/, '')
  // The part of the base64 that only the password's bytes decide, past the user name's.
  const passwordPart = pairBase64.slice(Math.ceil(((USER.length + 1) * 8) / 6) + 1, -2)
  const forms = echoesOf(secret).flatMap(([name, form]) => [
    [name, form],
    // eslint-disable-next-line no-control-regex -- the control characters are the point here
    [`${name} (controls as spaces)`, form.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ')]
  ])
  return [
    ...forms
      .filter(([, form]) => form!.trim() !== '' && text.includes(form!))
      .map(([name]) => name!),
    ...(squeezed.includes(passwordPart) ||
    squeezed.includes(passwordPart.replace(/\+/g, '-').replace(/\//g, '_'))
      ? ['base64 of the password']
      : [])
  ]
}

describe(`secrets echoed in every encoding (seed ${SEED})`, () => {
  it('covers every echo and every channel', () => {
    expect(new Set(CASES.flatMap(c => c.kinds))).toEqual(new Set(KINDS))
    expect(new Set(CASES.map(c => c.channel))).toEqual(new Set(CHANNELS))
  })

  it.each(CASES.map(c => [c.channel, c.kinds.join(' + '), c] as const))(
    'the action, %s channel: %s',
    async (_channel, _kinds, plan) => {
      const index = await echoingIndex(plan)
      const run = await runMain(await newJob(), {
        repository: index.url,
        username: USER,
        password: plan.secret,
        'allow-insecure-http': 'true',
        retries: '0'
      })
      const context = `seed ${SEED}, secret ${JSON.stringify(plan.secret)}`
      expect({ context, echoed: index.echoed() > 0 }).toEqual({ context, echoed: true })
      const html = renderGfm(run.summary)
      const shown = [visibleText(run), shownText(html)].join('\n')
      expect(shown).toContain('***')
      expect({ context, leaks: leaks(shown, plan.secret) }).toEqual({ context, leaks: [] })
      // The only link is the index's own URL, which the summary names; nothing the index said.
      const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(match => match[1])
      expect(new Set(links)).toEqual(new Set([index.url]))
    }
  )

  it.each(CASES.map(c => [c.channel, c.kinds.join(' + '), c] as const))(
    'the command line, %s channel: %s',
    async (_channel, _kinds, plan) => {
      const index = await echoingIndex(plan)
      const out = await new Promise<string>(resolve => {
        execFile(
          STEP_NODE,
          [
            path.join(REPO_ROOT, 'dist', 'cli', 'index.cjs'),
            '--repository',
            index.url,
            '--retries=0'
          ],
          {
            cwd: SAMPLE,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              TWINE_USERNAME: USER,
              TWINE_PASSWORD: plan.secret
            }
          },
          (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`)
        )
      })
      const context = `seed ${SEED}, secret ${JSON.stringify(plan.secret)}`
      expect({ context, echoed: index.echoed() > 0 }).toEqual({ context, echoed: true })
      expect(out).toContain('***')
      expect({ context, leaks: leaks(out, plan.secret) }).toEqual({ context, leaks: [] })
    }
  )
})
