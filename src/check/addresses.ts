/**
 * Author-email and Maintainer-email: RFC 5322 address lists, read the way Python's email.utils reads them. Pure.
 */
import { headerOf } from '../metadata/fields.js'
import { type Check, type Severity, eachValue, problem, pypiRule, showValue } from './problem.js'

/** One entry of an address list as Python's `email.utils.getaddresses` splits it. */
export interface Mailbox {
  /** The display name, unquoted; '' when there is none. */
  readonly name: string
  /** The address between `<` and `>`, or the whole entry without comments. */
  readonly address: string
}

/**
 * Splits an address list (`a@example.org, Name <b@example.org>, "Last, First" <c@example.org>`)
 * at the commas outside quotes, comments and angle brackets, as `getaddresses` does.
 * @returns each entry's mailbox, or the reason it cannot be read
 */
export function readAddressList(text: string): Array<Mailbox | { readonly unreadable: string }> {
  return splitAddressList(text).map(readMailbox)
}

function splitAddressList(text: string): string[] {
  const items: string[] = []
  let current = ''
  let quoted = false
  let comment = 0
  let angle = false
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    if ((quoted || comment > 0) && char === '\\') {
      current += char + text.charAt(index + 1)
      index++
      continue
    }
    if (quoted) quoted = char !== '"'
    else if (comment > 0) comment += char === '(' ? 1 : char === ')' ? -1 : 0
    else if (char === '"') quoted = true
    else if (char === '(') comment = 1
    else if (char === '<') angle = true
    else if (char === '>') angle = false
    else if (char === ',' && !angle) {
      items.push(current)
      current = ''
      continue
    }
    current += char
  }
  items.push(current)
  return items
}

/**
 * Separates RFC 5322 comments, `(like this)`, from the rest of an entry. Python takes the comment
 * after a bare address as its display name.
 */
function splitComments(text: string): { rest: string; comments: string[] } {
  let rest = ''
  const comments: string[] = []
  let current = ''
  let quoted = false
  let depth = 0
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    if ((quoted || depth > 0) && char === '\\') {
      if (depth > 0) current += text.charAt(index + 1)
      else rest += char + text.charAt(index + 1)
      index++
    } else if (depth > 0) {
      depth += char === '(' ? 1 : char === ')' ? -1 : 0
      if (depth > 0) current += char
      else comments.push(current.trim())
    } else if (quoted) {
      quoted = char !== '"'
      rest += char
    } else if (char === '(') {
      depth = 1
      current = ''
    } else {
      if (char === '"') quoted = true
      rest += char
    }
  }
  return { rest, comments }
}

/** A display name as Python reads it: a quoted string unquoted, other words single-spaced. */
function displayName(text: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"$/s.exec(text)
  return quoted ? (quoted[1] ?? '').replace(/\\(.)/gs, '$1') : text.split(/\s+/).join(' ')
}

function readMailbox(item: string): Mailbox | { unreadable: string } {
  const { rest, comments } = splitComments(item)
  const text = rest.trim()
  const open = indexOutsideQuotes(text, '<')
  if (open === -1) return { name: comments.join(' '), address: text }
  const close = text.indexOf('>', open)
  if (close === -1) return { unreadable: 'the "<" before the address is not closed with ">"' }
  if (text.slice(close + 1).trim() !== '') {
    return { unreadable: 'there is text after the ">" that closes the address' }
  }
  return {
    name: displayName(text.slice(0, open).trim()),
    address: text.slice(open + 1, close).trim()
  }
}

function indexOutsideQuotes(text: string, wanted: string): number {
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    if (quoted && char === '\\') index++
    else if (char === '"') quoted = !quoted
    else if (char === wanted && !quoted) return index
  }
  return -1
}

/** RFC 5322 atext, with any non-ASCII character as RFC 6532 allows. */
const DOT_ATOM =
  /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+)*$/u
/** A DNS label; letters of any script for internationalised domain names. */
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u
/** Special-use domains (RFC 6761 and others) that pypi.org's address check refuses. */
const SPECIAL_USE_DOMAINS = new Set(['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'])

type AddressVerdict = { severity: Severity; reason: string; pypiOnly?: true } | undefined

/** Whether `address` is a usable addr-spec (`local@domain`). */
function judgeAddress(address: string): AddressVerdict {
  if (address === '') return { severity: 'error', reason: 'the address is empty' }
  const at = address.lastIndexOf('@')
  if (at === -1) {
    return {
      severity: 'error',
      reason: /\s/.test(address)
        ? 'it is a name without an address (put names in Author/Maintainer, or write Name <user@example.org>)'
        : 'it has no "@"'
    }
  }
  const local = address.slice(0, at)
  const domain = address.slice(at + 1)
  if (local === '') return { severity: 'error', reason: 'nothing comes before the "@"' }
  if (domain === '') return { severity: 'error', reason: 'nothing comes after the "@"' }
  if (/^".*"$/s.test(local)) {
    return {
      severity: 'warning',
      pypiOnly: true,
      reason: 'pypi.org refuses a quoted part before the "@"'
    }
  }
  if (!DOT_ATOM.test(local)) {
    return {
      severity: 'error',
      reason: `the part before the "@" has a space, a misplaced dot or a character addresses cannot have`
    }
  }
  if (/^\[.*\]$/s.test(domain)) {
    return {
      severity: 'warning',
      pypiOnly: true,
      reason: 'pypi.org refuses an IP address as the domain'
    }
  }
  const labels = domain.split('.')
  if (labels.length < 2) return { severity: 'error', reason: 'the domain has no dot' }
  if (!labels.every(label => DOMAIN_LABEL.test(label))) {
    return { severity: 'error', reason: `${showValue(domain)} is not a valid domain name` }
  }
  const top = labels[labels.length - 1]!.toLowerCase()
  if (/^[0-9]+$/.test(top)) return { severity: 'error', reason: 'the domain ends in a number' }
  if (SPECIAL_USE_DOMAINS.has(top)) {
    return {
      severity: 'warning',
      pypiOnly: true,
      reason: `pypi.org refuses addresses at the special-use domain .${top}`
    }
  }
  return undefined
}

export function checkAddressField(field: 'author_email' | 'maintainer_email'): Check {
  return eachValue(field, value => {
    const items = readAddressList(value)
    return items.flatMap((item, position) => {
      const where = `${headerOf(field)} ${showValue(value)}`
      if ('unreadable' in item) {
        return [
          problem(
            field,
            'error',
            `${where}: entry ${position + 1} cannot be read: ${item.unreadable}. ${ADDRESS_FORM}`
          )
        ]
      }
      if (item.address === '' && item.name === '') {
        return [
          problem(
            field,
            'warning',
            `${where}: entry ${position + 1} is empty (a comma too many); remove the extra comma.`
          )
        ]
      }
      const verdict = judgeAddress(item.address)
      if (verdict === undefined) return []
      return [
        verdict.severity === 'error'
          ? problem(
              field,
              'error',
              `${where}: ${showValue(item.address)} is not a valid e-mail address: ${verdict.reason}. ${ADDRESS_FORM}`
            )
          : pypiRule(
              problem(
                field,
                'warning',
                `${where}: ${showValue(item.address)} is a valid address, but ${verdict.reason}; use a plain address at a public domain to publish there too.`
              ),
              verdict.pypiOnly
            )
      ]
    })
  })
}

const ADDRESS_FORM =
  'Write addresses as user@example.org or Name <user@example.org>, separated by commas; quote a name that has a comma: "Last, First" <user@example.org>.'
