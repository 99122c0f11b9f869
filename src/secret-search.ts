/**
 * Finding a secret in text however it was encoded on the way. Pure.
 *
 * Servers echo what they received in the encoding their language gives them: `urllib.parse.quote`
 * keeps `/`, `json.dumps` writes `\u00e4`, PHP's `json_encode` writes `\/`, MIME wraps base64 at 76
 * characters, a Latin-1 log shows UTF-8 as `Ã¤`; and the job summary escapes Markdown (`Pass\_word`).
 * Listing spellings of the secret cannot keep up with their combinations. Instead the text is read
 * again with each encoding undone (text-readings.ts), every character of a reading remembering
 * where in the original it came from, and the secret is looked for in each reading. A match names
 * the span of the original to replace, whatever escapes it was written with.
 *
 * Base64 needs no decoding: bytes at a given position of a stream always give the same base64
 * characters, apart from one at each end that they share with their neighbours. So the secret's
 * bytes are looked for as those characters, for each of the three positions a byte can take in a
 * group of three, in both alphabets; a reading with the line breaks of wrapped base64 taken out
 * finds them across lines, and the characters shared with the neighbours are replaced too.
 */
import { originalSpan, readingsOf, type Span } from './text-readings.js'

/** A secret as the search looks for it. */
export interface Needle {
  /**
   * Spellings looked for in every reading: the secret, its UTF-8 bytes read as Latin-1 or cp1252,
   * and its Latin-1 bytes read as UTF-8.
   */
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

/**
 * Bytes shorter than this are looked for in base64 only as a whole token: four bytes give a core of
 * at least four characters, which prose does not hold by chance; two would give one.
 */
const BYTES_ANYWHERE = 4

/** The search form of one secret value. Pure. */
export function needleFor(secret: string): Needle {
  const utf8 = Buffer.from(secret, 'utf8')
  const texts = new Set([secret, utf8.toString('latin1'), cp1252(utf8)])
  const byteForms = [utf8]
  const latin1 = Buffer.from(secret, 'latin1')
  if (!latin1.equals(utf8) && latin1.toString('latin1') === secret) {
    // A secret of Latin-1 characters may have been encoded as Latin-1 before base64, or echoed
    // in a Latin-1 body that is read as UTF-8: `Pässwort` arrives as `P\ufffdsswort`.
    byteForms.push(latin1)
    texts.add(latin1.toString('utf8'))
  }
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

/** The spans in order, those that overlap or touch made one. */
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
