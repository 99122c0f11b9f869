/**
 * Inputs made to break the action, through the bundle: damaged or mismatched TLS files, a proxy URL
 * with a broken escape. Each must fail before anything is sent, with one clear line that names what
 * was wrong and where it was given, and shows none of the material.
 */
import { describe, expect, it } from '@jest/globals'
import { createPrivateKey } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  failureLine,
  newIndex,
  newJob,
  runMain,
  USERS,
  visibleText
} from './support/action-harness.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const TLS_DIR = path.join(REPO_ROOT, '__tests__', 'data', 'tls')
const pem = (name: string): Promise<string> => readFile(path.join(TLS_DIR, name), 'utf8')

/**
 * The PEM text with two lines of its first block's base64 replaced by other valid base64: in the
 * middle, or at the start, where the DER headers are.
 */
function garbled(text: string, at: 'middle' | 'start' = 'middle'): string {
  const lines = text.split('\n')
  const end = lines.findIndex(line => line.startsWith('-----END'))
  const middle = at === 'start' ? 1 : Math.floor(end / 2)
  lines[middle] = 'A'.repeat((lines[middle] ?? '').length)
  lines[middle + 1] = 'Z'.repeat((lines[middle + 1] ?? '').length)
  return lines.join('\n')
}

async function writeTemp(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostile-'))
  const file = path.join(dir, name)
  await writeFile(file, text)
  return file
}

describe('TLS files are parsed before anything is sent', () => {
  const clientParts = async () => {
    const client = await pem('client.pem')
    const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(
      client
    )?.[0] as string
    return { certificate, key: client.replace(certificate, '') }
  }

  it.each([
    [
      'a CA file whose certificate holds garbage',
      async () => ({ 'ca-cert': await writeTemp('ca.pem', garbled(await pem('ca.pem'))) }),
      /The certificate at line 1 of .*ca\.pem \(input 'ca-cert'\) is damaged: it is not a readable X\.509 certificate/
    ],
    [
      'a client file whose key holds garbage',
      async () => {
        const { certificate, key } = await clientParts()
        return { 'client-cert': await writeTemp('client.pem', certificate + garbled(key, 'start')) }
      },
      /The private key at line \d+ of .*client\.pem \(input 'client-cert'\) is damaged/
    ],
    [
      'a client file whose key has damaged private numbers (its public part still matches)',
      async () => {
        const { certificate, key } = await clientParts()
        const jwk = createPrivateKey(key).export({ format: 'jwk' })
        for (const field of ['d', 'dp', 'dq'] as const) {
          const value = jwk[field] as string
          jwk[field] = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11)
        }
        const damaged = createPrivateKey({ key: jwk, format: 'jwk' })
        const text = damaged.export({ format: 'pem', type: 'pkcs8' }) as string
        return { 'client-cert': await writeTemp('client.pem', certificate + text) }
      },
      /The private key at line \d+ of .*client\.pem \(input 'client-cert'\) is damaged: its public part matches the certificate, but a signature made with it does not verify\./
    ],
    [
      'a client file whose key belongs to another certificate',
      async () => {
        const { certificate } = await clientParts()
        const other = await pem('server-key.pem')
        return { 'client-cert': await writeTemp('client.pem', certificate + other) }
      },
      /The private key in .*client\.pem \(input 'client-cert'\) \(line \d+\) does not belong to its certificate \(line 1\)\./
    ]
  ])('%s', async (_, files, message) => {
    const index = await newIndex({ flavour: 'devpi', users: USERS })
    const inputs = await files()
    const run = await runMain(await newJob(), { repository: index.url, ...ALICE, ...inputs })
    expect(failureLine(run)).toMatch(message)
    const text = visibleText(run)
    expect(text).not.toMatch(/AAAAAAAA|ZZZZZZZZ|PRIVATE KEY|BEGIN/)
    expect(run.outputs['pypirc-path']).toBeUndefined()
    expect(index.requests).toHaveLength(0)
  })
})

describe('a proxy URL', () => {
  it.each(['HTTPS_PROXY', 'http_proxy'])(
    'in %s with a broken %% escape in its password is an input error that names it',
    async variable => {
      const index = await newIndex({ flavour: 'devpi', users: USERS })
      const run = await runMain(await newJob(), { repository: index.url, ...ALICE }, undefined, {
        [variable]: 'http://relay:Pr0xy%zzS3cret@127.0.0.1:9/'
      })
      // The ::error:: command escapes % as %25; the runner shows it unescaped.
      const line = failureLine(run).replace(/%25/g, '%')
      expect(line).toContain(
        `The password in ${variable} has a % that does not start a valid escape`
      )
      expect(line).not.toContain('Unexpected error')
      expect(visibleText(run)).not.toContain('Pr0xy')
      expect(index.requests).toHaveLength(0)
    }
  )
})
