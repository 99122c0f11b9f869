import { describe, expect, it } from '@jest/globals'
import {
  classifyAnswer,
  classifyNetworkError,
  type HttpAnswer
} from '../src/index-client/outcome.js'

const URL = 'https://devpi.example.invalid/alice/dev/'

function answer(status: number, statusText = '', extra: Partial<HttpAnswer> = {}): HttpAnswer {
  return { status, statusText, body: '', ...extra }
}

describe('classifyAnswer', () => {
  it('treats any 2xx as registered', () => {
    expect(classifyAnswer(answer(200, 'OK'), URL)).toMatchObject({
      status: 'registered',
      ok: true,
      httpStatus: 200
    })
    expect(classifyAnswer(answer(201), URL)).toMatchObject({ status: 'registered', ok: true })
  })

  it("recognises Warehouse's 410 and duplicate-key 400 as unsupported, not as failures", () => {
    const gone = classifyAnswer(
      answer(
        410,
        'Project pre-registration is no longer required or supported, upload your files instead.'
      ),
      URL
    )
    expect(gone).toMatchObject({ status: 'unsupported', ok: true })
    expect(gone.message).toContain('does not support pre-registration')
    expect(
      classifyAnswer(answer(400, 'POST body may not contain duplicate keys'), URL)
    ).toMatchObject({
      status: 'unsupported',
      ok: true
    })
  })

  it.each([
    ['GitLab', answer(400, 'Bad Request', { body: '{"error":"content is missing"}' })],
    ['a status line', answer(400, 'Missing required part: content')],
    ['a file field', answer(400, 'Bad Request', { body: 'file is required' })],
    ['a 422', answer(422, 'Unprocessable Entity', { body: 'No file was uploaded' })],
    ['a file part', answer(400, 'The content part was not provided')]
  ])('recognises an upload-only index asking for the file (%s) as unsupported', (_, given) => {
    const outcome = classifyAnswer(given, URL)
    expect(outcome).toMatchObject({ status: 'unsupported', ok: true })
    expect(outcome.message).toContain('takes uploads only, and asked for the file')
  })

  it.each([
    answer(400, 'invalid metadata: version'),
    answer(400, 'Bad Request', { body: 'summary: field is required' }),
    answer(400, 'profile content not allowed'),
    answer(403, 'Forbidden', { body: 'content is missing' })
  ])('keeps other 4xx answers that mention no missing file as they are (%#)', given => {
    expect(classifyAnswer(given, URL).status).not.toBe('unsupported')
  })

  it("puts devpi's status-line reason into an invalid-metadata failure", () => {
    const outcome = classifyAnswer(answer(400, 'invalid metadata: version'), URL)
    expect(outcome).toMatchObject({ status: 'invalid', ok: false })
    expect(outcome.message).toBe(`${URL} rejected the metadata: 400 invalid metadata: version.`)
  })

  it('explains 401 and the ownership rule behind 403', () => {
    const unauthorized = classifyAnswer(answer(401, 'Unauthorized'), URL)
    expect(unauthorized).toMatchObject({ status: 'unauthorized', ok: false })
    expect(unauthorized.advice).toContain('__token__')
    const forbidden = classifyAnswer(answer(403, 'no permission to submit'), URL)
    expect(forbidden.status).toBe('forbidden')
    expect(forbidden.message).toContain('403 no permission to submit')
    expect(forbidden.advice).toMatch(/Owner.*Maintainer/)
  })

  it('tells Warehouse’s “SSL is required” to use https', () => {
    const outcome = classifyAnswer(
      answer(403, 'SSL is required'),
      'http://pypi.example.invalid/legacy/'
    )
    expect(outcome.advice).toBe('Use https://pypi.example.invalid/legacy/ as the repository.')
  })

  it('reports a redirect with the URL to use, and spots a missing trailing slash', () => {
    const slash = classifyAnswer(
      answer(308, 'Permanent Redirect', { location: '/legacy/' }),
      'https://upload.example.invalid/legacy'
    )
    expect(slash).toMatchObject({ status: 'redirect', ok: false, httpStatus: 308 })
    expect(slash.message).toContain(
      'to https://upload.example.invalid/legacy/; the redirect was not followed'
    )
    expect(slash.advice).toBe(
      'The repository URL is missing its trailing slash: use https://upload.example.invalid/legacy/.'
    )
    const elsewhere = classifyAnswer(
      answer(302, 'Found', { location: 'https://other.invalid/x/' }),
      URL
    )
    expect(elsewhere.advice).toBe(
      'If that is the right index, set the repository to https://other.invalid/x/.'
    )
  })

  it('adds a short plain-text body to the message but not an HTML page', () => {
    expect(
      classifyAnswer(answer(500, 'Internal Server Error', { body: 'database locked\n' }), URL)
        .message
    ).toBe(`${URL} failed with a server error: 500 Internal Server Error (database locked).`)
    expect(
      classifyAnswer(answer(502, 'Bad Gateway', { body: '<html><body>nginx</body></html>' }), URL)
        .message
    ).toBe(`${URL} failed with a server error: 502 Bad Gateway.`)
  })

  it('points a 404 at the URL form devpi expects', () => {
    expect(classifyAnswer(answer(404, 'Not Found'), URL)).toMatchObject({
      status: 'not-found',
      advice: expect.stringContaining('https://HOST/USER/INDEX/')
    })
  })

  it('fails any other status with the status line', () => {
    expect(classifyAnswer(answer(418, "I'm a teapot"), URL)).toMatchObject({
      status: 'http-error',
      ok: false,
      message: `${URL} answered 418 I'm a teapot.`
    })
  })
})

describe('classifyNetworkError', () => {
  it('names the cause fetch wraps, in words and by code', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })
    })
    expect(classifyNetworkError(error, URL, 30_000)).toMatchObject({
      status: 'network-error',
      ok: false,
      message: `Could not reach ${URL}: the connection was refused (nothing listens there) (ECONNREFUSED).`
    })
  })

  it('advises the ca-cert input when the certificate is not trusted', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN'
      })
    })
    const outcome = classifyNetworkError(error, URL, 30_000)
    expect(outcome.message).toBe(
      `Could not reach ${URL}: its TLS certificate chain is not trusted (SELF_SIGNED_CERT_IN_CHAIN).`
    )
    expect(outcome.advice).toMatch(/input 'ca-cert' \(or as ca_cert/)
  })

  it('says when the proxy refused the tunnel, with advice for 407', () => {
    const error = new TypeError('fetch failed', {
      cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling')
    })
    const outcome = classifyNetworkError(error, URL, 30_000)
    expect(outcome.message).toBe(
      `Could not reach ${URL}: the proxy refused to open a tunnel to it (HTTP 407).`
    )
    expect(outcome.advice).toContain('HTTPS_PROXY=http://user:password@proxy:port')
  })

  it('reports a timeout with its length', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    expect(classifyNetworkError(error, URL, 1500).message).toBe(
      `${URL} did not answer within 1.5 s.`
    )
  })
})
