/**
 * Readings of a text: the text again with an encoding undone (percent-encoding, form encoding,
 * JSON, JavaScript, Python and Markdown backslash escapes, HTML references, wrapped base64), in
 * layers, each unit of a reading knowing which span of the original it came from. Pure. What the
 * secret search (secret-search.ts) looks in, so that a match in any reading names the characters
 * of the original to replace, whatever escapes they were written with.
 */

/** A span of the original text, start inclusive, end exclusive. */
export type Span = [number, number]

/** Each reading may be decoded again, up to this depth (Markdown of JSON of a percent-escape). */
const MAX_DEPTH = 3

/** Enough readings for every layering seen in practice; the bound keeps the cost of a line fixed. */
const MAX_READINGS = 16

/**
 * A text with an encoding undone: its text, the reading it was made from, and the runs that say
 * which part of that reading each part of the text came from. The text as given has no parent.
 * `by` is the decoder that made it.
 */
interface Reading {
  text: string
  parent?: Reading
  runs?: readonly Run[]
  by?: number
}

/**
 * Units `at` to `at + length` of a reading, and the parent's units `start` to `end` they came from:
 * one for one when copied, all from the whole span when decoded (an escape).
 */
interface Run {
  at: number
  length: number
  start: number
  end: number
  decoded: boolean
}

/** The index of the run holding unit `unit` (runs are in order and cover the text). */
function runAt(runs: readonly Run[], unit: number): number {
  let low = 0
  let high = runs.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (runs[middle]!.at <= unit) low = middle
    else high = middle - 1
  }
  return low
}

/** The span of the original that units `start` to `end` (exclusive, at least one) came from. */
export function originalSpan(reading: Reading, start: number, end: number): Span {
  let span: Span = [start, end]
  for (let current = reading; current.runs !== undefined; current = current.parent!) {
    const runs = current.runs
    const first = runs[runAt(runs, span[0])]!
    const last = runs[runAt(runs, span[1] - 1)]!
    span = [
      first.decoded ? first.start : first.start + (span[0] - first.at),
      last.decoded ? last.end : last.start + (span[1] - 1 - last.at) + 1
    ]
  }
  return span
}

/** Whether any of units `start` to `end` was written by the decoder that made the reading. */
function decodedWithin(reading: Reading, start: number, end: number): boolean {
  const runs = reading.runs
  if (runs === undefined) return false
  for (let index = runAt(runs, start); index < runs.length && runs[index]!.at < end; index++) {
    if (runs[index]!.decoded) return true
  }
  return false
}

/** Builds the reading of a parent reading with one encoding undone, run by run. */
class ReadingBuilder {
  private readonly parts: string[] = []
  private readonly runs: Run[] = []
  private length = 0

  /** Adds `value`, which decoding the parent's units `start` to `end` (exclusive) gave. */
  add(value: string, start: number, end: number): void {
    if (value === '') return
    this.parts.push(value)
    this.runs.push({ at: this.length, length: value.length, start, end, decoded: true })
    this.length += value.length
  }

  /** Copies the parent's units from `start` to `end` as they are. */
  keep(source: string, start: number, end: number): void {
    if (end <= start) return
    this.parts.push(source.slice(start, end))
    this.runs.push({ at: this.length, length: end - start, start, end, decoded: false })
    this.length += end - start
  }

  /** The reading of `parent`, made by decoder `by`. */
  build(parent: Reading, by: number): Reading {
    return { text: this.parts.join(''), parent, runs: this.runs, by }
  }
}

/**
 * One encoding to undo: the marks of it a text may hold (a global pattern), and the reading with it
 * undone.
 */
interface Decoder {
  marks: RegExp
  decode: (source: string, out: ReadingBuilder) => void
}

/**
 * Where base64 was wrapped: the white space after a whole line of it (a multiple of four characters,
 * at least forty: MIME wraps at 76, PEM at 64) before more of it. A line break, or the one space a
 * log line shows in its place.
 */
const WRAPPED_BASE64 =
  /(?<=(?:^|[^A-Za-z0-9+/_=-])(?:[A-Za-z0-9+/_-]{4}){10,})[ \t]*(?:\r?\n|[ \t])[ \t]*(?=[A-Za-z0-9+/_-])/g

const DECODERS: readonly Decoder[] = [
  // Percent-encoding with any set of characters left as they are (`quote`, `encodeURIComponent`).
  { marks: /%[0-9a-f]{2}/gi, decode: (source, out) => percentDecode(source, out, false) },
  // Form encoding, where `+` is a space.
  { marks: /\+/g, decode: (source, out) => percentDecode(source, out, true) },
  // JSON, JavaScript and Python escapes, and Markdown's backslash before punctuation.
  { marks: /\\/g, decode: backslashDecode },
  // HTML character references, and the comments that keep text inert in the job summary.
  { marks: /&#?[0-9a-z]+;|<!--/gi, decode: htmlDecode },
  // Base64 wrapped onto lines (MIME at 76 characters, PEM at 64), or a log's spaces for its breaks.
  { marks: WRAPPED_BASE64, decode: unwrapBase64 }
]

/** The text as given, then with each encoding undone, in layers. */
export function readingsOf(text: string): Reading[] {
  const readings: Reading[] = [{ text }]
  const seen = new Set([text])
  let layer: Reading[] = readings.slice()
  for (let depth = 0; depth < MAX_DEPTH && layer.length > 0; depth++) {
    const next: Reading[] = []
    for (const reading of layer) {
      for (let index = 0; index < DECODERS.length; index++) {
        if (readings.length >= MAX_READINGS) return readings
        if (!worthDecoding(reading, index)) continue
        const out = new ReadingBuilder()
        DECODERS[index]!.decode(reading.text, out)
        const decoded = out.build(reading, index)
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

/**
 * Whether decoder `index` can reveal something in `reading`. Two encodings of separate parts of a
 * text give the same reading in either order, so a reading is decoded further only in the order of
 * DECODERS, unless the last decoder wrote a mark of the next one itself (`%255C` gives `%5C`, which
 * gives `\`): that is the one case where the order matters.
 */
function worthDecoding(reading: Reading, index: number): boolean {
  const marks = DECODERS[index]!.marks
  if (reading.by === undefined || index > reading.by) {
    marks.lastIndex = 0
    const found = marks.test(reading.text)
    marks.lastIndex = 0
    return found
  }
  for (const match of reading.text.matchAll(marks)) {
    if (decodedWithin(reading, match.index, match.index + Math.max(1, match[0].length))) return true
  }
  return false
}

/** Runs of `%XX` escapes become bytes, read as UTF-8 where they are UTF-8 and as Latin-1 otherwise. */
function percentDecode(source: string, out: ReadingBuilder, plusIsSpace: boolean): void {
  const escapes = plusIsSpace ? /(?:%[0-9a-f]{2})+|\+/gi : /(?:%[0-9a-f]{2})+/gi
  let done = 0
  for (const match of source.matchAll(escapes)) {
    out.keep(source, done, match.index)
    done = match.index + match[0].length
    if (match[0] === '+') {
      out.add(' ', match.index, done)
      continue
    }
    const bytes: number[] = []
    for (let i = 0; i < match[0].length; i += 3)
      bytes.push(parseInt(match[0].slice(i + 1, i + 3), 16))
    // Each byte was written as an escape of three characters.
    utf8Decode(
      bytes,
      (first, count) => [match.index + 3 * first, match.index + 3 * (first + count)],
      out
    )
  }
  out.keep(source, done, source.length)
}

/**
 * Decodes bytes as UTF-8 sequence by sequence; a byte of no valid sequence stands for itself.
 * `source` gives the span of the source that `count` bytes from `first` were written as.
 */
function utf8Decode(
  bytes: readonly number[],
  source: (first: number, count: number) => [number, number],
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
      out.add(String.fromCodePoint(codePoint), ...source(i, length))
      i += length
    } else {
      out.add(String.fromCharCode(lead), ...source(i, 1))
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
    out.keep(source, done, match.index)
    const [, unit, byte, control, punctuation] = match
    const decoded =
      unit !== undefined || byte !== undefined
        ? String.fromCharCode(parseInt((unit ?? byte)!, 16))
        : control !== undefined
          ? CONTROL_ESCAPES[control]!
          : punctuation!
    done = match.index + match[0].length
    out.add(decoded, match.index, done)
  }
  out.keep(source, done, source.length)
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
    out.keep(source, done, match.index)
    const [whole, decimal, hex, name] = match
    let decoded: string | undefined = ''
    if (decimal !== undefined || hex !== undefined) {
      const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16)
      decoded = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : undefined
    } else if (name !== undefined) decoded = NAMED_REFERENCES[name.toLowerCase()]
    done = match.index + whole.length
    if (decoded === undefined) out.keep(source, match.index, done)
    else out.add(decoded, match.index, done)
  }
  out.keep(source, done, source.length)
}

/** Base64 lines joined again: the white space between a long base64 line and the next left out. */
function unwrapBase64(source: string, out: ReadingBuilder): void {
  let done = 0
  for (const match of source.matchAll(WRAPPED_BASE64)) {
    out.keep(source, done, match.index)
    done = match.index + match[0].length
  }
  out.keep(source, done, source.length)
}
