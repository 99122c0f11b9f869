/**
 * Finding a secret in text however it was encoded on the way. Pure.
 *
 * Servers echo what they received in the encoding their language gives them: `urllib.parse.quote`
 * keeps `/`, `json.dumps` writes `\u00e4`, PHP's `json_encode` writes `\/`, MIME wraps base64 at 76
 * characters, a Latin-1 log shows UTF-8 as `Ã¤`; and the job summary escapes Markdown (`Pass\_word`).
 * Listing spellings of the secret cannot keep up with their combinations. Instead the text is read
 * again with each encoding undone (a "reading"), every character of a reading remembering where in
 * the original it came from, and the secret is looked for in each reading. A match names the span
 * of the original to replace, whatever escapes it was written with. Base64 is looked for in bytes:
 * a run of base64 characters is decoded at each of its four alignments, so that the password is
 * found inside `user:password` whichever alphabet, padding or line-wrapping was used.
 */

/** A secret as the search looks for it. */
export interface Needle {
  /** Spellings looked for in every reading: the secret, and its UTF-8 bytes read as Latin-1 or cp1252. */
  texts: readonly string[]
  /** Its bytes as UTF-8 (and as Latin-1, when it fits), looked for in decoded base64. */
  bytes: readonly Buffer[]
}

/** A span of the original text, start inclusive, end exclusive. */
export type Span = [number, number]

/**
 * Bytes shorter than this are looked for in base64 only as a whole run: four bytes make a chance
 * match in decoded prose negligible (one in four billion per position); two would not.
 */
const BYTES_ANYWHERE = 4

/** Each reading may be decoded again, up to this depth (Markdown of JSON of a percent-escape). */
const MAX_DEPTH = 3

/** Enough readings for every layering seen in practice; the bound keeps the cost of a line fixed. */
const MAX_READINGS = 16

/** The search form of one secret value. Pure. */
export function needleFor(secret: string): Needle {
  const utf8 = Buffer.from(secret, 'utf8')
  const texts = new Set([secret, utf8.toString('latin1'), cp1252(utf8)])
  const bytes = [utf8]
  // A secret of Latin-1 characters may have been encoded as Latin-1 before base64.
  const latin1 = Buffer.from(secret, 'latin1')
  if (!latin1.equals(utf8) && latin1.toString('latin1') === secret) bytes.push(latin1)
  return { texts: [...texts], bytes }
}

/**
 * The spans of `text` that hold one of the needles in any reading, merged where they overlap,
 * in order. Pure.
 */
export function findSecrets(text: string, needles: readonly Needle[]): Span[] {
  const spans: Span[] = []
  for (const reading of readingsOf(text)) {
    for (const needle of needles) {
      for (const form of needle.texts) {
        for (
          let at = reading.text.indexOf(form);
          at >= 0;
          at = reading.text.indexOf(form, at + 1)
        ) {
          spans.push(originalSpan(reading, at, at + form.length))
        }
      }
    }
    base64Matches(reading, needles, spans)
  }
  return mergeSpans(spans)
}

/** `text` with each span replaced by `replacement`. Pure. */
export function replaceSpans(text: string, spans: readonly Span[], replacement: string): string {
  let result = ''
  let done = 0
  for (const [start, end] of spans) {
    result += text.slice(done, start) + replacement
    done = end
  }
  return result + text.slice(done)
}

/**
 * A text with an encoding undone. `from[i]` is where its unit `i` starts in the original, and
 * `from[text.length]` where the reading's end lies; identity readings carry no map.
 */
interface Reading {
  text: string
  from?: Int32Array
}

function originalSpan(reading: Reading, start: number, end: number): Span {
  const from = reading.from
  return from === undefined ? [start, end] : [from[start]!, from[end]!]
}

function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: Span[] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push([span[0], span[1]])
  }
  return merged
}

/** Builds a decoded text and the map of each of its units to the start of its source. */
class ReadingBuilder {
  private readonly parts: string[] = []
  private readonly starts: number[] = []

  /** Adds `value`, every unit of which came from the source at `start`. */
  add(value: string, start: number): void {
    this.parts.push(value)
    for (let i = 0; i < value.length; i++) this.starts.push(start)
  }

  /** The reading of a source of `length` units, mapped through the parent's map. */
  build(parent: Reading, length: number): Reading {
    const local = [...this.starts, length]
    const from = new Int32Array(local.length)
    for (let i = 0; i < local.length; i++) {
      from[i] = parent.from === undefined ? local[i]! : parent.from[local[i]!]!
    }
    return { text: this.parts.join(''), from }
  }
}

/** One encoding to undo: whether a text may hold it, and the reading with it undone. */
interface Decoder {
  may: RegExp
  decode: (source: string, out: ReadingBuilder) => void
}

const PERCENT_ESCAPE = /%[0-9a-f]{2}/i

const DECODERS: readonly Decoder[] = [
  // Percent-encoding with any set of characters left as they are (`quote`, `encodeURIComponent`).
  { may: PERCENT_ESCAPE, decode: (source, out) => percentDecode(source, out, false) },
  // Form encoding, where `+` is a space.
  { may: /\+/, decode: (source, out) => percentDecode(source, out, true) },
  // JSON, JavaScript and Python escapes, and Markdown's backslash before punctuation.
  { may: /\\/, decode: backslashDecode },
  // HTML character references, and the comments that keep text inert in the job summary.
  { may: /&#?[0-9a-z]+;|<!--/i, decode: htmlDecode }
]

/** The text as given, then with each encoding undone, in layers. */
function readingsOf(text: string): Reading[] {
  const readings: Reading[] = [{ text }]
  const seen = new Set([text])
  let layer: Reading[] = readings.slice()
  for (let depth = 0; depth < MAX_DEPTH && layer.length > 0; depth++) {
    const next: Reading[] = []
    for (const reading of layer) {
      for (const decoder of DECODERS) {
        if (readings.length >= MAX_READINGS) return readings
        if (!decoder.may.test(reading.text)) continue
        const out = new ReadingBuilder()
        decoder.decode(reading.text, out)
        const decoded = out.build(reading, reading.text.length)
        if (seen.has(decoded.text)) continue
        seen.add(decoded.text)
        readings.push(decoded)
        next.push(decoded)
      }
    }
    layer = next
  }
  return readings
}

/** Runs of `%XX` escapes become bytes, read as UTF-8 where they are UTF-8 and as Latin-1 otherwise. */
function percentDecode(source: string, out: ReadingBuilder, plusIsSpace: boolean): void {
  const escapes = /(?:%[0-9a-f]{2})+/gi
  let done = 0
  const copy = (end: number) => {
    for (let i = done; i < end; i++) {
      const char = source[i]!
      out.add(plusIsSpace && char === '+' ? ' ' : char, i)
    }
  }
  for (const match of source.matchAll(escapes)) {
    copy(match.index)
    const bytes: number[] = []
    const starts: number[] = []
    for (let i = 0; i < match[0].length; i += 3) {
      bytes.push(parseInt(match[0].slice(i + 1, i + 3), 16))
      starts.push(match.index + i)
    }
    utf8Decode(bytes, starts, out)
    done = match.index + match[0].length
  }
  copy(source.length)
}

/** Decodes bytes as UTF-8 sequence by sequence; a byte of no valid sequence stands for itself. */
function utf8Decode(
  bytes: readonly number[],
  starts: readonly number[],
  out: ReadingBuilder
): void {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0
    let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1))
    let valid = length > 0 && i + length <= bytes.length
    for (let k = 1; valid && k < length; k++) {
      const next = bytes[i + k]!
      valid = (next & 0xc0) === 0x80
      codePoint = (codePoint << 6) | (next & 0x3f)
    }
    const minimum = [0, 0, 0x80, 0x800, 0x10000][length] ?? 0
    valid &&=
      codePoint >= minimum && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint < 0xe000)
    if (valid) {
      out.add(String.fromCodePoint(codePoint), starts[i]!)
      i += length
    } else {
      out.add(String.fromCharCode(lead), starts[i]!)
      i += 1
    }
  }
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0'
}

/** `\uXXXX`, `\xXX`, `\n` and the like, and a backslash before ASCII punctuation. */
function backslashDecode(source: string, out: ReadingBuilder): void {
  const escape = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrtbfv0])|([!-/:-@[-`{-~]))/g
  let done = 0
  for (const match of source.matchAll(escape)) {
    for (let i = done; i < match.index; i++) out.add(source[i]!, i)
    const [, unit, byte, control, punctuation] = match
    const decoded =
      unit !== undefined || byte !== undefined
        ? String.fromCharCode(parseInt((unit ?? byte)!, 16))
        : control !== undefined
          ? CONTROL_ESCAPES[control]!
          : punctuation!
    out.add(decoded, match.index)
    done = match.index + match[0].length
  }
  for (let i = done; i < source.length; i++) out.add(source[i]!, i)
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0'
}

/** Character references (`&#64;`, `&#x40;`, `&lt;`) decoded, and HTML comments left out. */
function htmlDecode(source: string, out: ReadingBuilder): void {
  const reference = /&#(\d{1,7});|&#x([0-9a-f]{1,6});|&([a-z]+);|<!--[\s\S]*?-->/gi
  let done = 0
  for (const match of source.matchAll(reference)) {
    for (let i = done; i < match.index; i++) out.add(source[i]!, i)
    const [whole, decimal, hex, name] = match
    let decoded: string | undefined = ''
    if (decimal !== undefined || hex !== undefined) {
      const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16)
      decoded = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : undefined
    } else if (name !== undefined) decoded = NAMED_REFERENCES[name.toLowerCase()]
    if (decoded === undefined) {
      for (let i = 0; i < whole.length; i++) out.add(whole[i]!, match.index + i)
    } else out.add(decoded, match.index)
    done = match.index + whole.length
  }
  for (let i = done; i < source.length; i++) out.add(source[i]!, i)
}

/**
 * Runs of base64 characters (either alphabet), which may be wrapped onto several lines or
 * separated by the spaces a log line puts in place of line breaks, with any padding.
 */
const BASE64_RUN = /[A-Za-z0-9+/_-]+(?:(?:\r?\n|[ \t])[A-Za-z0-9+/_-]+)*=*/g

/** Adds the spans of `reading` whose base64 decodes to bytes holding a needle. */
function base64Matches(reading: Reading, needles: readonly Needle[], spans: Span[]): void {
  const anywhere: Buffer[] = []
  const whole: Buffer[] = []
  for (const needle of needles) {
    for (const bytes of needle.bytes)
      (bytes.length >= BYTES_ANYWHERE ? anywhere : whole).push(bytes)
  }
  if (anywhere.length > 0) {
    // The fewest base64 characters that can carry the shortest needle.
    const minimumRun = Math.ceil((Math.min(...anywhere.map(bytes => bytes.length)) * 4) / 3)
    for (const match of reading.text.matchAll(BASE64_RUN)) {
      if (match[0].length < minimumRun) continue
      const run = base64Characters(match[0], match.index)
      for (const [start, end] of base64Spans(run.chars, anywhere)) {
        // To just after the last character (the padding too, at the end of the run), leaving the
        // spaces of a wrapped run that follow it.
        const stop =
          end === run.chars.length ? match.index + match[0].length : run.positions[end - 1]! + 1
        spans.push(originalSpan(reading, run.positions[start]!, stop))
      }
    }
  }
  // A short secret counts only as a whole token of base64: inside longer runs it would be chance.
  if (whole.length > 0) {
    for (const match of reading.text.matchAll(BASE64_TOKEN)) {
      const decoded = Buffer.from(match[0], 'base64')
      if (whole.some(bytes => decoded.equals(bytes))) {
        spans.push(originalSpan(reading, match.index, match.index + match[0].length))
      }
    }
  }
}

/** One token of base64, padding included. */
const BASE64_TOKEN = /[A-Za-z0-9+/_-]+=*/g

/** A run without its spaces, line breaks and padding, and where each character stands. */
function base64Characters(run: string, at: number): { chars: string; positions: number[] } {
  const positions: number[] = []
  let chars = ''
  for (let i = 0; i < run.length; i++) {
    const char = run[i]!
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '=') continue
    chars += char
    positions.push(at + i)
  }
  return { chars, positions }
}

/** Spans of base64 characters, by index in `chars`, whose bytes at any alignment hold a needle. */
function base64Spans(chars: string, needles: readonly Buffer[]): Span[] {
  const found: Span[] = []
  for (let offset = 0; offset < 4 && offset < chars.length; offset++) {
    const decoded = Buffer.from(chars.slice(offset), 'base64')
    for (const bytes of needles) {
      for (let at = decoded.indexOf(bytes); at >= 0; at = decoded.indexOf(bytes, at + 1)) {
        // Every character that carries a bit of it (six bits each), and none after it.
        const start = offset + Math.floor((at * 8) / 6)
        const end = Math.min(chars.length, offset + Math.ceil(((at + bytes.length) * 8) / 6))
        found.push([start, end])
      }
    }
  }
  return found
}

/**
 * Windows-1252 for the bytes where it differs from Latin-1, as a Windows or browser log decodes
 * UTF-8 by mistake. Written out because Node 20's TextDecoder reads `windows-1252` as Latin-1.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function cp1252(bytes: Buffer): string {
  let text = ''
  for (const byte of bytes) {
    text += byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte)
  }
  return text
}
