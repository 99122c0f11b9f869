/**
 * Inputs made to break the action, through the bundle: damaged or mismatched TLS files, a proxy URL
 * with a broken escape, paths leading out of the workspace. Each must fail before anything is sent, with one clear line that names what
 * was wrong and where it was given, and shows none of the material.
 */
import { describe, expect, it } from '@jest/globals'
import { createPrivateKey } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ALICE,
  cleanUpAfterEach,
  closeAfterTest,
  failureLine,
  newIndex,
  newJob,
  runMain,
  SAMPLE,
  USERS,
  visibleText
} from './support/action-harness.js'
import { REPO_ROOT, type RunnerJob } from './support/runner-job.js'

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
  closeAfterTest(() => rm(dir, { recursive: true, force: true }))
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

describe('on a runner, paths stay in the workspace (and certificates may be in RUNNER_TEMP)', () => {
  /** A workspace holding a copy of the sample project, and a folder outside it. */
  async function workspace(): Promise<{ root: string; outside: string }> {
    const root = await mkdtemp(path.join(tmpdir(), 'workspace-'))
    await cp(SAMPLE, root, { recursive: true })
    const outside = await mkdtemp(path.join(tmpdir(), 'outside-'))
    closeAfterTest(() => rm(root, { recursive: true, force: true }))
    closeAfterTest(() => rm(outside, { recursive: true, force: true }))
    await cp(SAMPLE, outside, { recursive: true })
    await cp(path.join(TLS_DIR, 'ca.pem'), path.join(outside, 'ca.pem'))
    return { root, outside }
  }

  const run = async (inputs: Record<string, string>, root: string, job?: RunnerJob) =>
    runMain(job ?? (await newJob()), { repository: 'pypi', 'dry-run': 'true', ...inputs }, root, {
      GITHUB_WORKSPACE: root
    })

  it.each([
    ['project-dir', (outside: string) => ({ 'project-dir': outside }), "Input 'project-dir'"],
    ['project-dir ..', () => ({ 'project-dir': '..' }), "Input 'project-dir'"],
    ['dist-dir', (outside: string) => ({ 'dist-dir': outside }), "Input 'dist-dir'"],
    [
      'config-file',
      (outside: string) => ({ 'config-file': path.join(outside, 'pyproject.toml') }),
      "Input 'config-file'"
    ],
    [
      'ca-cert',
      (outside: string) => ({ 'ca-cert': path.join(outside, 'ca.pem') }),
      "Input 'ca-cert'"
    ]
  ])('%s outside is refused, naming the input and the workspace', async (_, inputs, given) => {
    const { root, outside } = await workspace()
    const line = failureLine(await run(inputs(outside), root))
    expect(line).toContain(`${given} names `)
    expect(line).toContain(`which is outside the workspace (${root})`)
  })

  it('a link inside the workspace that leads out is refused', async () => {
    const { root, outside } = await workspace()
    await symlink(outside, path.join(root, 'linked'))
    const line = failureLine(await run({ 'project-dir': 'linked' }, root))
    expect(line).toContain(`(${outside} once links are resolved), which is outside the workspace`)
  })

  it('a CA file in RUNNER_TEMP, or anything inside the workspace, is accepted', async () => {
    const { root } = await workspace()
    const job = await newJob()
    await cp(path.join(TLS_DIR, 'ca.pem'), path.join(job.runnerTemp, 'ca.pem'))
    const result = await run(
      { 'ca-cert': path.join(job.runnerTemp, 'ca.pem'), 'project-dir': '.', 'dist-dir': 'dist' },
      root,
      job
    )
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('dry-run')
  })
})
