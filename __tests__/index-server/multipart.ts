/**
 * A strict multipart/form-data parser for the test index: it checks the framing a register client
 * sends (CRLF line ends, a closing delimiter) and returns the values exactly, byte for byte.
 */

export class MultipartError extends Error {
  override name = 'MultipartError'
}

export interface FormPart {
  name: string
  value: string
  /** Set when the part is a file upload, which a register request never has. */
  filename?: string
}

/** The boundary named in a Content-Type header, quoted or not. */
export function boundaryOf(contentType: string): string {
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new MultipartError(`not multipart/form-data: ${contentType || '(no content type)'}`)
  }
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  if (boundary === undefined) throw new MultipartError('multipart content type without a boundary')
  return boundary
}

/** Splits a multipart body into its parts, in order. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`)
  if (body.indexOf(delimiter) !== 0)
    throw new MultipartError('body does not start with the boundary')
  const parts: FormPart[] = []
  let position = delimiter.length
  for (;;) {
    const after = body.subarray(position, position + 2).toString('latin1')
    if (after === '--') return parts
    if (after !== '\r\n') throw new MultipartError('boundary line not ended by CRLF')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), position + 2)
    if (next === -1) throw new MultipartError('missing closing delimiter')
    parts.push(parsePart(body.subarray(position + 2, next)))
    position = next + 2 + delimiter.length
  }
}

function parsePart(part: Buffer): FormPart {
  const headerEnd = part.indexOf('\r\n\r\n')
  if (headerEnd === -1) throw new MultipartError('part without a blank line after its headers')
  const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n')
  const disposition = headers.find(line => /^content-disposition:/i.test(line))
  if (disposition === undefined) throw new MultipartError('part without Content-Disposition')
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1]
  if (name === undefined) throw new MultipartError('part without a name')
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1]
  const formPart: FormPart = { name, value: part.subarray(headerEnd + 4).toString('utf8') }
  if (filename !== undefined) formPart.filename = filename
  return formPart
}
