/**
 * A secret is found however a server wrote it back. The echoes are made by Python's own encoders
 * (urllib.parse, json, base64, email's MIME base64, html, bytes repr, codecs), the way real servers
 * make them, so that the redaction is checked against them rather than against our idea of them.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Secrets, userinfoSecrets } from '../src/secrets.js'
import { markdownText } from '../src/sanitize.js'
import { runPython } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

const USER = 'alice'

/** ASCII with every character encoders treat apart, non-ASCII of one to four bytes, and short. */
const PASSWORDS = [
  'Ab/cd+ef=gh9',
  'Pass_word!#<>|`*[x](y)',
  'back\\slash%25"q\'',
  'pä$$wörd€',
  'ключ-секрет',
  'emoji-🔑-key',
  // 0x9D, the second byte of Ý in UTF-8, is one of the bytes cp1252 leaves undefined.
  'Ý-undefined-in-cp1252',
  'pw'
]

/** Each password as servers echo it, labelled, from Python. */
const ECHOES = runPython<Array<Array<[string, string]>>>(
  String.raw`
import base64, email.base64mime, html, json, re, sys
from urllib.parse import quote, quote_plus, urlencode

def lower_escapes(text):
    return re.sub(r'%[0-9A-F]{2}', lambda m: m.group().lower(), text)

out = []
for user, password in json.load(sys.stdin):
    raw = password.encode()
    pair = f'{user}:{password}'.encode()
    basic = base64.b64encode(pair).decode()
    # A long line before the pair, so that MIME's 76-column wrapping cuts through the password.
    wrapped = b'x' * 50 + b' Authorization header received: ' + pair
    forms = {
        'raw': password,
        'quote (keeps /)': quote(password),
        'quote, nothing safe': quote(password, safe=''),
        'quote, lower-case escapes': lower_escapes(quote(password, safe='')),
        'quote, /:@+= safe': quote(password, safe='/:@+='),
        'quote_plus': quote_plus(password),
        'urlencode': urlencode({'password': password}),
        'json.dumps': json.dumps(password),
        'json.dumps, ensure_ascii=False': json.dumps(password, ensure_ascii=False),
        'PHP json_encode (\\/)': json.dumps(password).replace('/', '\\/'),
        'json.dumps of a dict': json.dumps({'auth': {'password': password}}),
        'repr of the bytes': repr(raw),
        'repr of the text': repr(password),
        'UTF-8 read as Latin-1': raw.decode('latin-1'),
        'UTF-8 read as Latin-1, in JSON': json.dumps(raw.decode('latin-1')),
        'html.escape': html.escape(password),
        'xmlcharrefreplace': password.encode('ascii', 'xmlcharrefreplace').decode(),
        'base64 of the password': base64.b64encode(raw).decode(),
        'Basic header': 'Basic ' + basic,
        'base64, no padding': basic.rstrip('='),
        'base64url': base64.urlsafe_b64encode(pair).decode(),
        'base64url, no padding': base64.urlsafe_b64encode(pair).decode().rstrip('='),
        'base64 in PHP JSON (\\/)': json.dumps(basic).replace('/', '\\/'),
        'MIME base64, 76 columns': base64.encodebytes(wrapped).decode(),
        'MIME base64, CRLF': email.base64mime.body_encode(wrapped, maxlinelen=76, eol='\r\n'),
        'MIME base64 in JSON': json.dumps(base64.encodebytes(wrapped).decode()),
        'percent-encoded, in JSON': json.dumps(quote(password, safe='')),
        'JSON, percent-encoded': quote(json.dumps(password)),
        'percent-encoded twice': quote(quote(password, safe=''), safe=''),
    }
    try:
        forms['UTF-8 read as cp1252'] = raw.decode('cp1252')
    except UnicodeDecodeError:
        pass
    out.append(list(forms.items()))
print(json.dumps(out))
`,
  PASSWORDS.map(password => [USER, password])
)

function secretsOf(password: string): Secrets {
  const secrets = new Secrets()
  secrets.addCredentials(USER, password)
  return secrets
}

describe('a secret echoed in any encoding', () => {
  const cases = PASSWORDS.flatMap((password, i) =>
    (ECHOES[i] ?? []).map(([label, echo]) => [password, label, echo] as const)
  )

  it('has every case from Python', () => {
    expect(cases.length).toBeGreaterThan(PASSWORDS.length * 28)
  })

  it.each(cases)('%j as %s: replaced, the text around it kept', (password, _label, echo) => {
    const secrets = secretsOf(password)
    const redacted = secrets.redact(`before ${echo} after`)
    expect(redacted).toMatch(/^before [\s\S]*\*\*\*[\s\S]* after$/)
    expect(redacted).not.toContain(echo)
    expect(secrets.holds(redacted)).toBe(false)
  })

  // Server text loses its C1 control characters on the way into the summary, after which a
  // Latin-1 reading no longer spells the secret: such echoes are caught whole where they arrive.
  const markdownCases = cases.filter(([, , echo]) => !/[\u0080-\u009f]/.test(echo))

  it.each(markdownCases)('%j as %s: found through Markdown escaping', (password, _l, echo) => {
    const secrets = secretsOf(password)
    const markdown = markdownText(echo)
    expect(secrets.holds(markdown)).toBe(true)
    expect(secrets.holds(secrets.redact(markdown))).toBe(false)
  })
})

describe('what is replaced', () => {
  it('exactly the span that holds the secret, escapes included', () => {
    const secrets = new Secrets()
    secrets.add('äbc/d')
    expect(secrets.redact('x=%C3%A4bc%2Fd; y=%c3%a4bc/d, "\\u00e4bc\\/d" ok')).toBe(
      'x=***; y=***, "***" ok'
    )
    secrets.add('Pass_word!#')
    expect(secrets.redact('| Pass\\_word\\!\\# |')).toBe('| *** |')
    expect(secrets.redact('Pass&#95;word&#x21;<!-- -->#.')).toBe('***.')
  })

  it('a Latin-1 echo read as UTF-8, as a body without a charset is read', () => {
    const secrets = new Secrets()
    secrets.add('Pässwort-Geheim-2024')
    const body = Buffer.from('Invalid password Pässwort-Geheim-2024 for alice', 'latin1')
    expect(secrets.redact(body.toString('utf8'))).toBe('Invalid password *** for alice')
  })

  it('every base64 character carrying a bit of the secret, and no other', () => {
    const secrets = new Secrets()
    secrets.add('s3cr3t-value')
    const token = Buffer.from('a-rather-long-user-name:s3cr3t-value').toString('base64')
    const redacted = secrets.redact(`Basic ${token}`)
    expect(redacted).toMatch(/^Basic [A-Za-z0-9+/]{8,}\*\*\*$/)
    // The characters kept decode to the user name and its colon, and no more.
    const kept = redacted.slice('Basic '.length, -3)
    expect(Buffer.from(kept, 'base64').toString()).toBe('a-rather-long-user-name:')
  })

  it('a short secret in base64 only as a whole token, never inside other words', () => {
    const secrets = new Secrets()
    secrets.add('pw')
    expect(secrets.redact('token cHc= and cHc')).toBe('token *** and ***')
    // "Hello" decodes, at some alignment, to bytes that hold no "pw": left alone.
    expect(secrets.redact('Hello world, ordinary prose')).toBe('Hello world, ordinary prose')
  })

  it('nothing in text that holds no secret', () => {
    const text = ['README.md', 'SECURITY.md', 'src/main.ts', 'src/secret-search.ts']
      .map(file => readFileSync(path.join(REPO_ROOT, file), 'utf8'))
      .join('\n')
    const secrets = new Secrets()
    const generated = fc.sample(
      fc
        .string({ unit: 'grapheme', minLength: 4, maxLength: 16 })
        .filter(s => s.trim().length >= 4),
      { seed: 20261130, numRuns: 40 }
    )
    for (const secret of generated.filter(secret => !text.includes(secret))) secrets.add(secret)
    expect(secrets.redact(text) === text).toBe(true)
  })
})

describe('credentials in a URL', () => {
  it.each([
    ['https://glpat-TOKEN@gitlab.example/api/', ['glpat-TOKEN']],
    ['https://user:p%40ss@host/', ['p%40ss']],
    ['https://user:p@ss@host/path', ['p@ss']],
    ['http://user:@host/', ['user']],
    ['https://host/?user=a@b', []],
    ['host:3128', []]
  ])('%s: %j', (url, expected) => {
    expect(userinfoSecrets(url)).toEqual(expected)
  })

  it('a user name without a password, percent-encoded or not, is masked', () => {
    const secrets = new Secrets()
    for (const value of userinfoSecrets('https://tok%2Fen-value@host/')) secrets.add(value)
    expect(secrets.redact('user tok/en-value, tok%2Fen-value')).toBe('user ***, ***')
  })
})
