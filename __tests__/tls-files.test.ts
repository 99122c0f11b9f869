/**
 * A CA file is accepted exactly when Python's ssl (what twine uses in the steps after this one)
 * loads it: damaged files cut short, with a block left open or closed by another label, are refused
 * before anything is sent, and text or stray END lines between blocks are not.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { checkCaCertificates } from '../src/config/tls-files.js'
import { InputError } from '../src/errors.js'
import { runPython } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

const CA = readFileSync(path.join(REPO_ROOT, '__tests__', 'data', 'tls', 'ca.pem'), 'utf8')
const KEY = readFileSync(path.join(REPO_ROOT, '__tests__', 'data', 'tls', 'server-key.pem'), 'utf8')
const lines = CA.trimEnd().split('\n')

const VARIANTS: Array<[string, string]> = [
  ['one certificate', CA],
  ['a certificate, then an unterminated one', `${CA}-----BEGIN CERTIFICATE-----\n${lines[1]}\n`],
  ['a certificate, then a BEGIN line alone', `${CA}-----BEGIN CERTIFICATE-----\n`],
  [
    'a certificate, then one whose END line is cut',
    `${CA}${lines.slice(0, -1).join('\n')}\n-----END CERT\n`
  ],
  [
    'a certificate closed by another label',
    CA.replace('-----END CERTIFICATE-----', '-----END X509 CRL-----')
  ],
  ['a BEGIN inside a block', `-----BEGIN CERTIFICATE-----\n${CA}`],
  ['an unterminated private key after the certificate', `${CA}-----BEGIN PRIVATE KEY-----\nMIIE\n`],
  ['a certificate and a complete private key', `${CA}${KEY}`],
  ['text between blocks', `# our CA\n${CA}trailing words\n`],
  ['a stray END line', `${CA}-----END CERTIFICATE-----\n`],
  ['Windows line ends', CA.replace(/\n/g, '\r\n')]
]

/** Python's verdict on each file: true when ssl loads it as a CA file. */
function pythonLoads(texts: readonly string[]): boolean[] {
  return runPython<boolean[]>(
    String.raw`
import json, ssl, sys, tempfile
verdicts = []
for text in json.load(sys.stdin):
    with tempfile.NamedTemporaryFile('w', suffix='.pem', newline='') as f:
        f.write(text)
        f.flush()
        try:
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=f.name)
            verdicts.append(True)
        except ssl.SSLError:
            verdicts.append(False)
print(json.dumps(verdicts))
`,
    texts
  )
}

describe('a CA file', () => {
  const python = pythonLoads(VARIANTS.map(([, text]) => text))

  it.each(VARIANTS.map(([name, text], i) => [name, text, python[i]] as const))(
    "%s: the same verdict as Python's ssl",
    (_, text, loads) => {
      let accepted = true
      try {
        checkCaCertificates(text, { path: 'ca.pem', origin: "input 'ca-cert'" })
      } catch (error) {
        expect(error).toBeInstanceOf(InputError)
        expect((error as Error).message).not.toContain(lines[1])
        accepted = false
      }
      expect(accepted).toBe(loads)
    }
  )

  it('has files Python accepts and files it refuses', () => {
    expect(python.filter(Boolean).length).toBeGreaterThan(2)
    expect(python.filter(loads => !loads).length).toBeGreaterThan(2)
  })
})
