/**
 * Finding a secret in text however it was encoded on the way. Pure.
 *
 * Servers echo what they received in the encoding their language gives them: `urllib.parse.quote`
 * keeps `/`, `json.dumps` writes `\u00e4`, PHP's `json_encode` writes `\/`, MIME wraps base64 at 76
 * characters, a Latin-1 log shows UTF-8 as `Ã¤`; and the job summary escapes Markdown (`Pass\_word`).
 * Listing spellings of the secret cannot keep up with their combinations. Instead the text is read
 * again with each encoding undone (a "reading"), every character of a reading remembering where in
 * the original it came from, and the secret is looked for in each reading. A match names the span
 * of the original to replace, whatever escapes it was written with.
 *
 * Base64 needs no decoding: bytes at a given position of a stream always give the same base64
 * characters, apart from one at each end that they share with their neighbours. So the secret's
 * bytes are looked for as those characters, for each of the three positions a byte can take in a
 * group of three, in both alphabets; a reading with the line breaks of wrapped base64 taken out
 * finds them across lines, and the characters shared with the neighbours are replaced too.
 */

/** A secret as the search looks for it. */
export interface Needle {
  /** Spellings looked for in every reading: the secret, and its UTF-8 bytes read as Latin-1 or cp1252. */
  texts: readonly string[]
  /** Its bytes (UTF-8, and Latin-1 when it fits) as base64 characters. */
  base64: readonly Base64Form[]
}

/** A secret's bytes in base64, at one position in the groups of three, in one alphabet. */
export interface Base64Form {
  /** The characters only the secret's bytes decide. */
  core: string
  /** How many characters before and after the core carry bits of it too (0 or 1). */
  before: number
  after: number
  /** For a secret too short to look for inside longer base64: the core is a whole token. */
  whole: boolean
}

/** A span of the original text, start inclusive, end exclusive. */
export type Span = [number, number]

/**
 * Bytes shorter than this are looked for in base64 only as a whole token: four bytes give a core of
 * at least four characters, which prose does not hold by chance; two would give one.
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
  const byteForms = [utf8]
  // A secret of Latin-1 characters may have been encoded as Latin-1 before base64.
  const latin1 = Buffer.from(secret, 'latin1')
  if (!latin1.equals(utf8) && latin1.toString('latin1') === secret) byteForms.push(latin1)
  return { texts: [...texts], base64: byteForms.flatMap(base64Forms) }
}

/** The search form of bytes that are only ever seen in base64 (`user:password`). Pure. */
export function base64Needle(bytes: Buffer): Needle {
  return { texts: [], base64: base64Forms(bytes) }
}

/** What is looked for in each reading: every form of every needle, as one pattern. */
export interface Matcher {
  pattern: RegExp
  /** The forms behind each string the pattern finds: a plain spelling, or a base64 form. */
  forms: ReadonlyMap<string, ReadonlyArray<Base64Form | 'text'>>
}

/**
 * The matcher for `needles`: one pattern for all their forms, so that a line costs one search per
 * reading however many secrets there are. Pure.
 */
export function matcherFor(needles: readonly Needle[]): Matcher {
  const forms = new Map<string, Array<Base64Form | 'text'>>()
  const addForm = (key: string, form: Base64Form | 'text') => {
    if (key === '') return
    const known = forms.get(key)
    if (known === undefined) forms.set(key, [form])
    else known.push(form)
  }
  for (const needle of needles) {
    for (const text of needle.texts) addForm(text, 'text')
    for (const form of needle.base64) addForm(form.core, form)
  }
  // Longest first, so that of two forms starting at one place the longer is the one reported.
  const alternatives = [...forms.keys()]
    .sort((a, b) => b.length - a.length)
    .map(key => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return { pattern: new RegExp(alternatives.join('|') || '(?!)', 'g'), forms }
}

/**
 * The spans of `text` that hold one of the matcher's needles in any reading, merged where they
 * overlap, in order. Pure.
 */
export function findSecrets(text: string, matcher: Matcher): Span[] {
  const spans: Span[] = []
  const { pattern } = matcher
  for (const reading of readingsOf(text)) {
    const found = (start: number, end: number) => spans.push(originalSpan(reading, start, end))
    pattern.lastIndex = 0
    for (
      let match = pattern.exec(reading.text);
      match !== null;
      match = pattern.exec(reading.text)
    ) {
      for (const form of matcher.forms.get(match[0]) ?? []) {
        if (form === 'text') found(match.index, match.index + match[0].length)
        else base64Match(reading.text, match.index, form, found)
      }
      // From the next character on, so that overlapping secrets are all found.
      pattern.lastIndex = match.index + 1
    }
  }
  pattern.lastIndex = 0
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
 * A text with an encoding undone. Unit `i` of it came from the original's units `from[i]` to
 * `to[i]` (exclusive); identity readings carry no maps. `by` is the decoder that made it from its
 * parent, and `fresh[i]` is 1 where that decoder wrote unit `i` (rather than copying it).
 */
interface Reading {
  text: string
  from?: Int32Array
  to?: Int32Array
  by?: number
  fresh?: Uint8Array
}

/** The span of the original that units `start` to `end` (exclusive, at least one) came from. */
function originalSpan(reading: Reading, start: number, end: number): Span {
  const { from, to } = reading
  return from === undefined || to === undefined ? [start, end] : [from[start]!, to[end - 1]!]
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

/**
 * Builds the reading of a parent reading with one encoding undone: its text and, for each of its
 * units, the span of the original it came from (mapped through the parent's own maps at once).
 * Undoing an encoding never lengthens a text, so the parent's length bounds the maps.
 */
class ReadingBuilder {
  private readonly parts: string[] = []
  private count = 0
  private readonly from: Int32Array
  private readonly to: Int32Array
  private readonly fresh: Uint8Array

  constructor(private readonly parent: Reading) {
    const capacity = parent.text.length
    this.from = new Int32Array(capacity)
    this.to = new Int32Array(capacity)
    this.fresh = new Uint8Array(capacity)
  }

  /** Adds `value`, which decoding the parent's units `start` to `end` (exclusive) gave. */
  add(value: string, start: number, end: number): void {
    this.parts.push(value)
    const { from, to } = this.parent
    const first = from === undefined ? start : from[start]!
    const last = to === undefined ? end : to[end - 1]!
    for (let i = 0; i < value.length; i++) this.push(first, last, 1)
  }

  /** Copies the parent's units from `start` to `end` as they are. */
  keep(source: string, start: number, end: number): void {
    if (end <= start) return
    this.parts.push(source.slice(start, end))
    const { from, to } = this.parent
    for (let i = start; i < end; i++) {
      this.push(from === undefined ? i : from[i]!, to === undefined ? i + 1 : to[i]!, 0)
    }
  }

  /** The reading, made by decoder `by`. */
  build(by: number): Reading {
    const count = this.count
    return {
      text: this.parts.join(''),
      from: this.from.subarray(0, count),
      to: this.to.subarray(0, count),
      by,
      fresh: this.fresh.subarray(0, count)
    }
  }

  private push(start: number, end: number, fresh: number): void {
    this.from[this.count] = start
    this.to[this.count] = end
    this.fresh[this.count] = fresh
    this.count++
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
function readingsOf(text: string): Reading[] {
  const readings: Reading[] = [{ text }]
  const seen = new Set([text])
  let layer: Reading[] = readings.slice()
  for (let depth = 0; depth < MAX_DEPTH && layer.length > 0; depth++) {
    const next: Reading[] = []
    for (const reading of layer) {
      for (let index = 0; index < DECODERS.length; index++) {
        if (readings.length >= MAX_READINGS) return readings
        if (!worthDecoding(reading, index)) continue
        const out = new ReadingBuilder(reading)
        DECODERS[index]!.decode(reading.text, out)
        const decoded = out.build(index)
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
  const { by, fresh } = reading
  if (by === undefined || fresh === undefined || index > by) {
    marks.lastIndex = 0
    const found = marks.test(reading.text)
    marks.lastIndex = 0
    return found
  }
  for (const match of reading.text.matchAll(marks)) {
    for (let i = match.index; i < match.index + match[0].length; i++)
      if (fresh[i] === 1) return true
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
    else if (decoded !== '') out.add(decoded, match.index, done)
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

const BASE64_CHAR = /[A-Za-z0-9+/_=-]/

/** The base64 forms of `bytes`: at each position in a group of three, in both alphabets. */
function base64Forms(bytes: Buffer): Base64Form[] {
  const forms: Base64Form[] = []
  if (bytes.length < BYTES_ANYWHERE) {
    const standard = bytes.toString('base64')
    for (const token of new Set([standard, standard.replace(/=+$/, '')])) {
      forms.push({ core: token, before: 0, after: 0, whole: true })
      forms.push({ core: toUrlAlphabet(token), before: 0, after: 0, whole: true })
    }
    return forms
  }
  for (let offset = 0; offset < 3; offset++) {
    // Six bits a character: the bytes' bits run from 8 * offset to 8 * (offset + length).
    const stream = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const first = Math.ceil((8 * offset) / 6)
    const last = Math.floor((8 * (offset + bytes.length)) / 6)
    const core = stream.slice(first, last)
    const before = first - Math.floor((8 * offset) / 6)
    const after = Math.ceil((8 * (offset + bytes.length)) / 6) - last
    forms.push({ core, before, after, whole: false })
    forms.push({ core: toUrlAlphabet(core), before, after, whole: false })
  }
  return forms
}

function toUrlAlphabet(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_')
}

/**
 * Calls `found` with the span of the form found at `at` in `text`, with the characters at either
 * end that carry bits of it; a whole-token form only where no base64 character touches it.
 */
function base64Match(
  text: string,
  at: number,
  form: Base64Form,
  found: (start: number, end: number) => void
): void {
  const end = at + form.core.length
  if (form.whole) {
    const padded = /^=*/.exec(text.slice(end, end + 2))![0].length
    const touches = (char: string | undefined) => char !== undefined && BASE64_CHAR.test(char)
    if (!touches(text[at - 1]) && !touches(text[end + padded])) found(at, end)
    return
  }
  const start = form.before > 0 && BASE64_CHAR.test(text[at - 1] ?? '') ? at - 1 : at
  found(start, form.after > 0 && BASE64_CHAR.test(text[end] ?? '') ? end + 1 : end)
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
