/**
 * Core metadata from PKG-INFO / METADATA files: RFC 822-style headers, then, since metadata 2.1,
 * the description as the message body. Pure.
 *
 * Values are kept as the file writes them, with two exceptions that undo an encoding, not change a
 * value: a folded header line is unfolded (RFC 5322), and the `Description` and `License` headers lose
 * the eight-space continuation indent that distutils and setuptools add (`rfc822_escape`), as
 * setuptools and pkginfo (twine's reader) remove it when they read the file back; a `License` folded
 * with another indent loses its common indentation, as setuptools' reader does.
 */
import { TextDecoder } from 'node:util'
import { MetadataError } from '../errors.js'
import { CORE_METADATA_FIELDS, fieldOfHeader, headerOf, type CoreMetadata } from './fields.js'

export interface ParsedPkgInfo {
  metadata: CoreMetadata
  warnings: string[]
}

/** Headers whose continuation lines carry the `rfc822_escape` indent rather than folding. */
const ESCAPED_MULTILINE = new Set(['description', 'license'])

interface Header {
  name: string
  /** The raw value: first line without the space after the colon, continuation lines as written. */
  lines: string[]
  line: number
}

/**
 * Parses a PKG-INFO or METADATA file.
 * @param source the file's bytes (must be UTF-8) or text
 * @param fileName how to name the file in messages, e.g. `dist/x.whl (x.dist-info/METADATA)`
 */
export function parsePkgInfo(source: Uint8Array | string, fileName: string): ParsedPkgInfo {
  const text = typeof source === 'string' ? source : decodeUtf8(source, fileName)
  const { headers, body } = splitMessage(text, fileName)
  const warnings: string[] = []
  const values = new Map<string, string[]>()
  const firstLine = new Map<string, number>()

  for (const header of headers) {
    const key = header.name.toLowerCase()
    const spec = fieldOfHeader(key)
    if (spec === undefined) continue // Unknown headers (tool-specific, future fields) are not sent.
    const value = headerValue(key, header.lines)
    const list = values.get(spec.form) ?? []
    if (list.length > 0 && !spec.multiple) {
      throw new MetadataError(
        `${fileName}, line ${header.line}: ${spec.header} appears a second time (first on line ${firstLine.get(spec.form)}), but it may appear only once.`,
        'Rebuild the distribution with a current build backend.'
      )
    }
    firstLine.set(spec.form, header.line)
    values.set(spec.form, [...list, value])
  }

  if (body.length > 0) {
    if (values.has('description')) {
      warnings.push(
        `${fileName} has a Description header and a message body; the body is the description since metadata 2.1, so it is used.`
      )
    }
    values.set('description', [body])
  }

  for (const required of ['metadata_version', 'name', 'version'] as const) {
    if ((values.get(required)?.[0] ?? '').trim() === '') {
      throw new MetadataError(
        `${fileName} has no ${headerOf(required)} header, so it is not a valid metadata file.`,
        'Rebuild the distribution with a current build backend.'
      )
    }
  }

  const metadata: Record<string, string | string[]> = {}
  for (const spec of CORE_METADATA_FIELDS) {
    const list = values.get(spec.form)
    if (list !== undefined) metadata[spec.form] = spec.multiple ? list : (list[0] as string)
  }
  return { metadata: metadata as unknown as CoreMetadata, warnings }
}

function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new MetadataError(
      `${fileName} is not valid UTF-8, as core metadata must be.`,
      'Rebuild the distribution with a current build backend, which writes UTF-8.'
    )
  }
}

/** Splits headers from the body at the first empty line; line ends may be LF or CRLF. */
function splitMessage(text: string, fileName: string): { headers: Header[]; body: string } {
  const headers: Header[] = []
  let offset = 0
  let lineNumber = 0
  while (offset < text.length) {
    const end = text.indexOf('\n', offset)
    const next = end === -1 ? text.length : end + 1
    const line = text.slice(offset, end === -1 ? text.length : end).replace(/\r$/, '')
    lineNumber++
    if (line === '') return { headers, body: text.slice(next) }
    if (/^[ \t]/.test(line)) {
      const current = headers[headers.length - 1]
      if (current === undefined) {
        throw new MetadataError(
          `${fileName}, line ${lineNumber}: a continuation line comes before any header.`,
          'The file is damaged: rebuild the distribution.'
        )
      }
      current.lines.push(line)
    } else {
      const colon = line.indexOf(':')
      if (colon <= 0 || !/^[\x21-\x39\x3b-\x7e]+$/.test(line.slice(0, colon))) {
        throw new MetadataError(
          `${fileName}, line ${lineNumber}: not a "Name: value" header.`,
          'The file is damaged: rebuild the distribution.'
        )
      }
      headers.push({
        name: line.slice(0, colon),
        lines: [line.slice(colon + 1).replace(/^[ \t]+/, '')],
        line: lineNumber
      })
    }
    offset = next
  }
  return { headers, body: '' }
}

function headerValue(key: string, lines: string[]): string {
  const [first = '', ...rest] = lines
  if (rest.length === 0) return first
  if (key === 'license' && !rest.every(line => line.startsWith('       |')))
    return [first, ...dedent(rest)].join('\n')
  if (ESCAPED_MULTILINE.has(key)) return [first, ...rest.map(unescapeContinuation)].join('\n')
  // RFC 5322 unfolding: the line break goes, the whitespace that began the next line stays.
  return [first, ...rest].join('')
}

/**
 * A multi-line License as setuptools reads it back (`rfc822_unescape`): the continuation lines lose
 * their common indentation, whatever its width (Python's `textwrap.dedent`), so that a writer
 * folding with nine spaces, or with a tab, gives the same text as one folding with eight. Lines of
 * whitespace only become empty and do not count towards the common indentation.
 */
function dedent(lines: readonly string[]): string[] {
  const blank = (line: string): boolean => /^[ \t]*$/.test(line)
  let margin: string | undefined
  for (const line of lines) {
    if (blank(line)) continue
    const indent = /^[ \t]*/.exec(line)?.[0] ?? ''
    if (margin === undefined) margin = indent
    while (!indent.startsWith(margin)) margin = margin.slice(0, -1)
  }
  return lines.map(line => (blank(line) ? '' : line.slice(margin?.length ?? 0)))
}

/** Undoes `rfc822_escape`: 8 spaces, or setuptools' older 7 spaces and a `|`, begin each line. */
function unescapeContinuation(line: string): string {
  if (line.startsWith('        ') || line.startsWith('       |')) return line.slice(8)
  return line.replace(/^[ \t]+/, '')
}
