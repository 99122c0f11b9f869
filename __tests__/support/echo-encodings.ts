/**
 * How servers write a secret back, written here independently of src/ (the way Python's
 * urllib.parse.quote, json.dumps, PHP's json_encode, a Latin-1 log, html, Markdown and MIME base64
 * write it), so that the redaction is tested against the echoes and not against itself.
 */

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0')

/** JSON with every non-ASCII character as `\uXXXX`, as json.dumps writes by default. */
function asciiJson(value: string): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/** Python's repr of the UTF-8 bytes: `b'p\xc3\xa4ss'`. */
function pythonBytesRepr(value: string): string {
  const body = [...Buffer.from(value, 'utf8')]
    .map(byte => {
      if (byte === 0x5c) return '\\\\'
      if (byte === 0x27) return "\\'"
      return byte >= 0x20 && byte < 0x7f
        ? String.fromCharCode(byte)
        : `\\x${hex(byte).toLowerCase()}`
    })
    .join('')
  return `b'${body}'`
}

/** Ways of writing one value (a password) back. */
export const VALUE_ENCODINGS: Readonly<Record<string, (value: string) => string>> = {
  raw: value => value,
  'percent-encoded, / kept (urllib.parse.quote)': value =>
    encodeURIComponent(value).replace(/%2F/g, '/'),
  'percent-encoded, every byte': value =>
    [...Buffer.from(value, 'utf8')].map(byte => `%${hex(byte)}`).join(''),
  'percent-encoded, lower-case escapes': value =>
    encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, escape => escape.toLowerCase()),
  'form-encoded': value => new URLSearchParams({ p: value }).toString().slice(2),
  'percent-encoded twice': value => encodeURIComponent(encodeURIComponent(value)),
  'JSON, ASCII only (json.dumps)': value => asciiJson(value),
  'JSON, PHP json_encode (\\/)': value => asciiJson(value).replace(/\//g, '\\/'),
  'UTF-8 read as Latin-1': value => Buffer.from(value, 'utf8').toString('latin1'),
  'HTML character references': value =>
    [...value]
      .map(char => (/[A-Za-z0-9]/.test(char) ? char : `&#${char.codePointAt(0)};`))
      .join(''),
  'Markdown-escaped': value => value.replace(/[!-/:-@[-`{-~]/g, char => `\\${char}`),
  'Python bytes repr': value => pythonBytesRepr(value)
}

/** Ways of writing the Basic credentials (`user:password`) back. */
export function credentialEncodings(user: string, password: string): Record<string, string> {
  const pair = Buffer.from(`${user}:${password}`, 'utf8')
  const base64 = pair.toString('base64')
  // A header line long enough that MIME's 76 columns wrap inside the credentials.
  const long = Buffer.concat([Buffer.from(`${'x'.repeat(40)} Authorization: `), pair])
  return {
    'Basic header': `Basic ${base64}`,
    'base64 without padding': base64.replace(/=+$/, ''),
    'base64url without padding': pair.toString('base64url'),
    'base64 wrapped at 76 columns (MIME)': (long.toString('base64').match(/.{1,76}/g) ?? []).join(
      '\r\n'
    ),
    'base64 in PHP JSON (\\/)': JSON.stringify(base64).replace(/\//g, '\\/')
  }
}

/**
 * `text` as a header line can carry it: line breaks as spaces (a header cannot hold them), and
 * other characters as UTF-8 bytes, which the client reads back as Latin-1.
 */
export function asHeader(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ')
  return /[^\t\x20-\x7e\x80-\xff]/.test(oneLine)
    ? Buffer.from(oneLine, 'utf8').toString('latin1')
    : oneLine
}
