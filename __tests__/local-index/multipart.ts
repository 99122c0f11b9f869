/**
 * A strict multipart/form-data reader for the local index. It refuses anything a careful client
 * would not send (bare LF framing, preambles, folded headers, invalid UTF-8), so the end-to-end
 * tests catch encoding mistakes that lenient servers would hide.
 */
import { TextDecoder } from 'node:util'

/** Raised for any request body or content type that is not well-formed multipart/form-data. */
export class MultipartError extends Error {
  override name = 'MultipartError'
}

/** A part that carries a `filename`: an upload, which a register request never contains. */
export interface FilePart {
  name: string
  filename: string
  contentType: string | undefined
  data: Buffer
}

/** The parts of a form in order: plain fields as `[name, value]`, file parts on their own. */
export interface ParsedForm {
  fields: Array<[string, string]>
  files: FilePart[]
}

interface RawPart {
  headers: Buffer
  content: Buffer
}

interface HeaderValue {
  value: string
  params: Map<string, string>
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const LEADING_VALUE = new RegExp(`^[ \\t]*(${TOKEN}(?:/${TOKEN})?)`)
const PARAMETER = `[ \\t]*;[ \\t]*(${TOKEN})=(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))`
const HEADER_LINE = new RegExp(`^(${TOKEN}):[ \\t]*(.*?)[ \\t]*$`)
// RFC 2046 section 5.1.1: 1 to 70 characters, not ending in a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/
const CRLF = Buffer.from('\r\n')
const BLANK_LINE = Buffer.from('\r\n\r\n')
// ignoreBOM keeps a leading U+FEFF in a value instead of silently dropping it.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Parses a multipart/form-data body into its plain fields, in order, with values decoded as UTF-8
 * byte for byte. File parts are left out; use {@link parseForm} to see them.
 * @throws MultipartError when the content type or the body is malformed.
 */
export function parseMultipart(body: Buffer, contentType: string): Array<[string, string]> {
  return parseForm(body, contentType).fields
}

/**
 * Parses a multipart/form-data body into its plain fields and its file parts, each in order.
 * @throws MultipartError when the content type or the body is malformed.
 */
export function parseForm(body: Buffer, contentType: string): ParsedForm {
  const boundary = boundaryOf(contentType)
  const form: ParsedForm = { fields: [], files: [] }
  splitParts(body, boundary).forEach((part, index) => addPart(form, part, index + 1))
  return form
}

/**
 * Reads the boundary parameter (quoted or not) of a multipart/form-data content type.
 * @throws MultipartError when the type is not multipart/form-data or the boundary is missing or invalid.
 */
export function boundaryOf(contentType: string): string {
  const { value, params } = parseHeaderValue(contentType, 'Content-Type')
  if (value.toLowerCase() !== 'multipart/form-data') {
    throw new MultipartError(`content type is ${value}, not multipart/form-data`)
  }
  const boundary = params.get('boundary')
  if (boundary === undefined) throw new MultipartError('content type has no boundary parameter')
  if (!BOUNDARY.test(boundary)) throw new MultipartError(`invalid boundary: ${boundary}`)
  return boundary
}

function parseHeaderValue(text: string, header: string): HeaderValue {
  const leading = LEADING_VALUE.exec(text)
  if (leading === null) throw new MultipartError(`${header} header has no value`)
  const params = new Map<string, string>()
  const parameter = new RegExp(PARAMETER, 'y')
  parameter.lastIndex = leading[0].length
  while (!/^[ \t]*$/.test(text.slice(parameter.lastIndex))) {
    const match = parameter.exec(text)
    if (match === null) throw new MultipartError(`malformed ${header} header: ${text}`)
    const key = (match[1] ?? '').toLowerCase()
    if (params.has(key)) throw new MultipartError(`${header} header repeats parameter ${key}`)
    params.set(key, match[2] === undefined ? (match[3] ?? '') : unquote(match[2]))
  }
  return { value: leading[1] ?? '', params }
}

function unquote(quoted: string): string {
  return quoted.replace(/\\(.)/gs, '$1')
}

function splitParts(body: Buffer, boundary: string): RawPart[] {
  const opening = Buffer.from(`--${boundary}`)
  const delimiter = Buffer.from(`\r\n--${boundary}`)
  if (!body.subarray(0, opening.length).equals(opening)) {
    throw new MultipartError('body does not start with the boundary delimiter')
  }
  const parts: RawPart[] = []
  let cursor = opening.length
  while (!isClosingMark(body, cursor)) {
    expectLineBreakAfterDelimiter(body, cursor)
    const start = cursor + CRLF.length
    const end = body.indexOf(delimiter, start)
    if (end === -1) throw new MultipartError('missing closing delimiter')
    parts.push(splitHeaders(body.subarray(start, end), parts.length + 1))
    cursor = end + delimiter.length
  }
  expectNothingAfterClose(body.subarray(cursor + 2))
  if (parts.length === 0) throw new MultipartError('form has no parts')
  return parts
}

function isClosingMark(body: Buffer, offset: number): boolean {
  return body.subarray(offset, offset + 2).toString('latin1') === '--'
}

function expectLineBreakAfterDelimiter(body: Buffer, offset: number): void {
  if (offset + CRLF.length > body.length) throw new MultipartError('missing closing delimiter')
  if (!body.subarray(offset, offset + CRLF.length).equals(CRLF)) {
    throw new MultipartError(`boundary delimiter at byte ${offset} is not followed by CRLF or "--"`)
  }
}

// RFC 2046 allows an epilogue, but no client sends one: anything beyond a final CRLF is a bug.
function expectNothingAfterClose(rest: Buffer): void {
  if (rest.length > 0 && !rest.equals(CRLF)) {
    throw new MultipartError('unexpected data after the closing delimiter')
  }
}

function splitHeaders(raw: Buffer, index: number): RawPart {
  const end = raw.indexOf(BLANK_LINE)
  if (end === -1) throw new MultipartError(`part ${index} has no blank line after its headers`)
  return { headers: raw.subarray(0, end), content: raw.subarray(end + BLANK_LINE.length) }
}

function addPart(form: ParsedForm, raw: RawPart, index: number): void {
  const headers = parsePartHeaders(raw.headers, index)
  const { name, filename } = dispositionOf(headers, index)
  if (filename === undefined) {
    form.fields.push([name, decodeUtf8(raw.content, `value of field ${name}`)])
  } else {
    const contentType = headers.get('content-type')
    form.files.push({ name, filename, contentType, data: Buffer.from(raw.content) })
  }
}

function parsePartHeaders(raw: Buffer, index: number): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of decodeUtf8(raw, `headers of part ${index}`).split('\r\n')) {
    const match = /[\r\n]/.test(line) ? null : HEADER_LINE.exec(line)
    if (match === null) throw new MultipartError(`part ${index} has a malformed header line`)
    const name = (match[1] ?? '').toLowerCase()
    if (headers.has(name)) throw new MultipartError(`part ${index} repeats header ${name}`)
    headers.set(name, match[2] ?? '')
  }
  return headers
}

function dispositionOf(
  headers: Map<string, string>,
  index: number
): { name: string; filename: string | undefined } {
  const header = headers.get('content-disposition')
  if (header === undefined) throw new MultipartError(`part ${index} has no Content-Disposition`)
  const { value, params } = parseHeaderValue(header, 'Content-Disposition')
  if (value.toLowerCase() !== 'form-data') {
    throw new MultipartError(`part ${index} has disposition ${value}, not form-data`)
  }
  const name = params.get('name')
  if (name === undefined || name === '') throw new MultipartError(`part ${index} has no name`)
  return { name, filename: params.get('filename') }
}

function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw new MultipartError(`${what} is not valid UTF-8`)
  }
}
