/**
 * Summary and Description-Content-Type (the content types the core metadata specification lists). Pure.
 */
import { type Problem, codePointCount, eachValue, problem, showValue } from './problem.js'

const SUMMARY_LIMIT = 512

export const checkSummary = eachValue('summary', summary => {
  const problems: Problem[] = []
  if (/[\r\n]/.test(summary)) {
    problems.push(
      problem(
        'summary',
        'error',
        `Summary ${showValue(summary)} has a line break; the summary must be one line: move the rest to the description (readme).`
      )
    )
  }
  if (codePointCount(summary) > SUMMARY_LIMIT) {
    problems.push(
      problem(
        'summary',
        'error',
        `Summary ${showValue(summary)} has ${codePointCount(summary)} characters; pypi.org accepts at most ${SUMMARY_LIMIT}: shorten it and move the detail to the description.`
      )
    )
  }
  return problems
})

const CONTENT_TYPES = ['text/plain', 'text/x-rst', 'text/markdown']
const MARKDOWN_VARIANTS = ['GFM', 'CommonMark']
/** RFC 2045 token characters. */
const MIME_TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"

interface ContentType {
  readonly type: string
  /** Parameter names lower-cased; values unquoted. */
  readonly parameters: ReadonlyMap<string, string>
}

/** Reads `type/subtype; name=value; name="value"`, or undefined when the type is malformed. */
function readContentType(value: string): ContentType | undefined {
  const [mediaType = '', ...rest] = splitOutsideQuotes(value, ';')
  const type = mediaType.trim()
  if (!new RegExp(`^${MIME_TOKEN}/${MIME_TOKEN}$`).test(type)) return undefined
  const parameters = new Map<string, string>()
  for (const part of rest) {
    const equals = part.indexOf('=')
    if (equals === -1) continue // Python's email parser drops a parameter without a value too.
    const name = part.slice(0, equals).trim().toLowerCase()
    const raw = part.slice(equals + 1).trim()
    const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(raw)
    parameters.set(name, quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : raw)
  }
  return { type: type.toLowerCase(), parameters }
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    if (quoted && char === '\\') {
      current += char + text.charAt(index + 1)
      index++
      continue
    }
    if (char === '"') quoted = !quoted
    if (char === separator && !quoted) {
      parts.push(current)
      current = ''
    } else {
      current += char
    }
  }
  parts.push(current)
  return parts
}

export const checkContentType = eachValue('description_content_type', value => {
  const field = 'description_content_type'
  const shown = `Description-Content-Type ${showValue(value)}`
  const parsed = readContentType(value)
  if (parsed === undefined || !CONTENT_TYPES.includes(parsed.type)) {
    return [
      problem(
        field,
        'error',
        `${shown} is not a type the core metadata specification allows (pypi.org refuses it); use text/markdown, text/x-rst or text/plain (for a readme file: a .md, .rst or .txt name).`
      )
    ]
  }
  const problems: Problem[] = []
  for (const [name, parameter] of parsed.parameters) {
    if (name === 'charset') {
      if (parameter !== 'UTF-8') {
        problems.push(
          problem(
            field,
            'error',
            parameter.toUpperCase() === 'UTF-8'
              ? `${shown}: packaging, and so pypi.org, accepts the charset only when spelled exactly "UTF-8"; write charset=UTF-8.`
              : `${shown}: descriptions must be UTF-8, not ${showValue(parameter)}; save the readme as UTF-8 and write charset=UTF-8 (or leave charset out).`
          )
        )
      }
    } else if (name === 'variant' && parsed.type === 'text/markdown') {
      if (!MARKDOWN_VARIANTS.includes(parameter)) {
        const fixed = MARKDOWN_VARIANTS.find(v => v.toLowerCase() === parameter.toLowerCase())
        problems.push(
          problem(
            field,
            'error',
            fixed === undefined
              ? `${shown}: the Markdown variant must be GFM or CommonMark, not ${showValue(parameter)}.`
              : `${shown}: the Markdown variant is spelled exactly ${fixed}; write variant=${fixed}.`
          )
        )
      }
    } else {
      problems.push(
        problem(
          field,
          'warning',
          `${shown}: the parameter "${name}" is ignored${name === 'variant' ? ' (variants apply to text/markdown only)' : ''}; remove it.`
        )
      )
    }
  }
  return problems
})
