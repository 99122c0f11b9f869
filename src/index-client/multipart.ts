/**
 * multipart/form-data encoding written out by hand: undici's FormData rewrites `\n` to `\r\n` inside
 * text values, which would change the description the index stores. Values go out byte for byte.
 */
import type { FormField } from './form.js'
import { tokenAbsentFrom } from '../random-token.js'

export interface EncodedForm {
  body: Buffer
  contentType: string
}

/** Encodes text fields as multipart/form-data with CRLF framing and UTF-8 values, unchanged. */
export function encodeMultipart(
  fields: readonly FormField[],
  boundary = freshBoundary(fields)
): EncodedForm {
  const parts: Buffer[] = []
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n`
      ),
      Buffer.from(value, 'utf8'),
      Buffer.from('\r\n')
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A boundary that occurs in no value, which is all the framing needs (see random-token.ts). */
function freshBoundary(fields: readonly FormField[]): string {
  return tokenAbsentFrom(
    fields.map(([, value]) => value),
    '',
    32
  )
}

/** Field names are quoted; the HTML form encoding escapes the three characters that would break that. */
function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')
}
