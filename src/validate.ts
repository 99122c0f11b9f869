/**
 * Checks core metadata before it is sent, and reports every problem at once. Pure.
 *
 * Severity:
 * - **error**: the value is malformed for its field, so an index that validates metadata refuses
 *   it: it breaks the grammar the specifications define (PEP 508 names and requirements, PEP 440
 *   versions and specifiers, PEP 639 SPDX expressions, RFC 5322 addresses, absolute http(s) URLs,
 *   the description content types the core metadata specification lists), or a rule that
 *   `packaging.metadata` (which pypi.org runs) or pypi.org's own metadata validation applies to
 *   every project (one-line summary of at most 512 characters, Project-URL labels of at most 32
 *   characters, charset=UTF-8 spelled exactly so, License and License-Expression not both set).
 * - **warning**: the value is well-formed but will be changed, ignored or misread (not in normal
 *   form, a deprecated SPDX id, an ignored parameter, a placeholder, a legacy marker spelling, an
 *   extra no Provides-Extra declares), or pypi.org refuses it as a publishing policy while private
 *   indexes such as devpi accept it (local versions, direct URL references, e-mail addresses that
 *   are quoted, use an IP literal or a special-use domain).
 *
 * Empty values are not checked: the register request leaves them out.
 */
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' }
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json' with { type: 'json' }
import exceptionIds from 'spdx-exceptions/index.json' with { type: 'json' }
import deprecatedExceptionIds from 'spdx-exceptions/deprecated.json' with { type: 'json' }
import { explain } from '@renovatebot/pep440'
import {
  CORE_METADATA_FIELDS,
  METADATA_VERSIONS,
  type CoreMetadata,
  type MetadataField
} from './metadata/fields.js'
import { normalizeVersion } from './metadata/version.js'
import {
  LEGACY_MARKER_VARIABLES,
  parseRequirement,
  parseSpecifierSet,
  type Requirement
} from './requirements.js'

export type Severity = 'error' | 'warning'

export interface Problem {
  readonly field: MetadataField
  readonly severity: Severity
  /** What is wrong, with the offending value (shortened), and what to do. */
  readonly message: string
  /** For a repeated field, the 0-based index of the offending value. */
  readonly value?: number
  /** A rule of pypi.org's own publishing policy, not of the specifications. */
  readonly pypiOnly?: true
}

/**
 * Every problem in `metadata`, errors and warnings, in the order of the core metadata fields.
 * An empty list means the metadata can be sent as it is.
 */
export function validateMetadata(metadata: CoreMetadata): Problem[] {
  return CHECKS.flatMap(check => check(metadata))
}

type Check = (metadata: CoreMetadata) => Problem[]

// ---------------------------------------------------------------------------------------------
// Message helpers
// ---------------------------------------------------------------------------------------------

const SHOWN_LENGTH = 100

/** A value for a message: quoted, control characters visible, at most about 100 characters. */
export function showValue(value: string): string {
  const characters = [...value]
  const shown = characters.length > SHOWN_LENGTH ? characters.slice(0, SHOWN_LENGTH - 1) : null
  return shown === null ? JSON.stringify(value) : `${JSON.stringify(shown.join('')).slice(0, -1)}…"`
}

const HEADERS = new Map<string, string>(CORE_METADATA_FIELDS.map(spec => [spec.form, spec.header]))

function header(field: MetadataField): string {
  return HEADERS.get(field) ?? field
}

function problem(
  field: MetadataField,
  severity: Severity,
  message: string,
  value?: number
): Problem {
  return value === undefined ? { field, severity, message } : { field, severity, message, value }
}

/** Marks a problem as pypi.org's own rule (when `applies`), which other indexes do not have. */
function pypiRule(found: Problem, applies: boolean | undefined = true): Problem {
  return applies ? { ...found, pypiOnly: true } : found
}

/** Python's `len()`: code points, not UTF-16 units. */
function length(text: string): number {
  return [...text].length
}

/** Values of a field as a list with their indexes; empty values are left out. */
function entries(metadata: CoreMetadata, field: MetadataField): Array<[string, number?]> {
  const value = (metadata as Record<string, string | readonly string[] | undefined>)[field]
  if (value === undefined) return []
  if (typeof value === 'string') return value === '' ? [] : [[value]]
  return value.flatMap((item, index) => (item === '' ? [] : [[item, index] as [string, number]]))
}

/** The placeholder old distutils wrote for a missing value. */
const PLACEHOLDER = 'UNKNOWN'

function isPlaceholder(value: string): boolean {
  return value.trim() === PLACEHOLDER
}

/** Runs `check` on every non-empty, non-placeholder value of the field. */
function eachValue(
  field: MetadataField,
  check: (value: string, index: number | undefined) => Problem[]
): Check {
  return metadata =>
    entries(metadata, field).flatMap(([value, index]) =>
      isPlaceholder(value) ? [] : check(value, index)
    )
}

// ---------------------------------------------------------------------------------------------
// Metadata-Version, Name, Version
// ---------------------------------------------------------------------------------------------

/** Metadata versions the indexes read; 2.0 was never specified but is in circulation. */
const KNOWN_METADATA_VERSIONS = new Set<string>([...METADATA_VERSIONS, '2.0'])

const checkMetadataVersion: Check = ({ metadata_version: version }) =>
  KNOWN_METADATA_VERSIONS.has(version)
    ? []
    : [
        problem(
          'metadata_version',
          'error',
          `Metadata-Version ${showValue(version)} is not a core metadata version (known: ${[...KNOWN_METADATA_VERSIONS].sort().join(', ')}); rebuild the distribution with a current build backend.`
        )
      ]

/** PEP 508 names; `packaging` validates project and extra names with the same rule. */
const PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i

const NAME_RULE =
  'use ASCII letters, digits, ".", "_" and "-", starting and ending with a letter or digit (PEP 508)'

const checkName: Check = ({ name }) => {
  if (name.trim() === '') return [problem('name', 'error', 'Name is empty; set the project name.')]
  if (PROJECT_NAME.test(name)) return []
  return [
    problem('name', 'error', `Name ${showValue(name)} is not a valid project name: ${NAME_RULE}.`)
  ]
}

const checkVersion: Check = ({ version }) => {
  if (version.trim() === '') {
    return [problem('version', 'error', 'Version is empty; set the release version.')]
  }
  const normal = normalizeVersion(version)
  if (normal === undefined) {
    return [
      problem(
        'version',
        'error',
        `Version ${showValue(version)} is not a PEP 440 version; use a version such as 1.2.0, 1.2.0rc1, 1.2.0.post1 or 1.2.0.dev1.`
      )
    ]
  }
  const problems: Problem[] = []
  if (normal !== version) {
    problems.push(
      problem(
        'version',
        'warning',
        `Version ${showValue(version)} is valid but not in PEP 440 normal form, which indexes and installers show: ${showValue(normal)}; write it that way so the version reads the same everywhere.`
      )
    )
  }
  const local = explain(version.trim())?.local
  if (local) {
    problems.push(
      pypiRule(
        problem(
          'version',
          'warning',
          `Version ${showValue(version)} has the local version label "+${local}", which pypi.org refuses (private indexes accept it); drop the "+..." part for a public release.`
        )
      )
    )
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// Dynamic, placeholders
// ---------------------------------------------------------------------------------------------

const HEADER_NAMES = new Set(CORE_METADATA_FIELDS.map(spec => spec.header.toLowerCase()))
const NEVER_DYNAMIC = new Set(['name', 'version', 'metadata-version'])

const checkDynamic = eachValue('dynamic', (value, index) => {
  const lower = value.trim().toLowerCase()
  if (NEVER_DYNAMIC.has(lower)) {
    return [
      problem(
        'dynamic',
        'error',
        `Dynamic lists ${showValue(value)}, which may never be dynamic (Name, Version and Metadata-Version are always fixed); remove it from Dynamic.`,
        index
      )
    ]
  }
  if (HEADER_NAMES.has(lower)) return []
  return [
    problem(
      'dynamic',
      'error',
      `Dynamic lists ${showValue(value)}, which is not a core metadata field; list field names such as Requires-Dist or Classifier.`,
      index
    )
  ]
})

/** Single-valued fields where old distutils wrote UNKNOWN for a value it did not have. */
const PLACEHOLDER_FIELDS = CORE_METADATA_FIELDS.filter(
  spec => !spec.multiple && !['metadata_version', 'name', 'version'].includes(spec.form)
).map(spec => spec.form)

const checkPlaceholders: Check = metadata => {
  const single = PLACEHOLDER_FIELDS.filter(field =>
    entries(metadata, field).some(([value]) => isPlaceholder(value))
  ).map(field => placeholderProblem(field))
  const platforms = entries(metadata, 'platform')
    .filter(([value]) => isPlaceholder(value))
    .map(([, index]) => placeholderProblem('platform', index))
  return [...single, ...platforms]
}

function placeholderProblem(field: MetadataField, index?: number): Problem {
  return problem(
    field,
    'warning',
    `${header(field)} is "${PLACEHOLDER}", the placeholder old distutils wrote for a missing value; an index would show it as the value. Leave the field out (a current build backend does).`,
    index
  )
}

// ---------------------------------------------------------------------------------------------
// Summary, Description-Content-Type
// ---------------------------------------------------------------------------------------------

const SUMMARY_LIMIT = 512

const checkSummary = eachValue('summary', summary => {
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
  if (length(summary) > SUMMARY_LIMIT) {
    problems.push(
      problem(
        'summary',
        'error',
        `Summary ${showValue(summary)} has ${length(summary)} characters; pypi.org accepts at most ${SUMMARY_LIMIT}: shorten it and move the detail to the description.`
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

const checkContentType = eachValue('description_content_type', value => {
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

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

/** Why `value` is not an absolute http(s) URL, or undefined when it is one. */
function urlProblem(value: string): string | undefined {
  if (/[\s\p{Cc}]/u.test(value)) return 'it contains a space or control character'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'it is not an absolute URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `indexes accept only http and https links, not ${url.protocol.slice(0, -1)}`
  }
  if (url.hostname === '' || !/^https?:\/\//i.test(value)) return 'it has no host'
  return undefined
}

function checkUrlField(field: 'home_page' | 'download_url'): Check {
  return eachValue(field, value => {
    const reason = urlProblem(value)
    return reason === undefined
      ? []
      : [
          problem(
            field,
            'error',
            `${header(field)} ${showValue(value)} is not a valid link: ${reason}. Write a full URL such as https://example.org/project.`
          )
        ]
  })
}

const LABEL_LIMIT = 32

const checkProjectUrls: Check = metadata => {
  const problems: Problem[] = []
  const labels = new Map<string, number>()
  for (const [entry, index] of entries(metadata, 'project_urls')) {
    const shown = `Project-URL ${showValue(entry)}`
    const comma = entry.indexOf(',')
    if (comma === -1) {
      problems.push(
        problem(
          'project_urls',
          'error',
          `${shown} is not "Label, URL"; write the label, a comma, then the link (in pyproject.toml: [project.urls] Label = "https://...").`,
          index
        )
      )
      continue
    }
    const label = entry.slice(0, comma).trim()
    const url = entry.slice(comma + 1).trim()
    const add = (message: string): void => {
      problems.push(problem('project_urls', 'error', `${shown}: ${message}`, index))
    }
    if (label === '') add('the label is empty; give the link a label such as Documentation.')
    else if (length(label) > LABEL_LIMIT)
      add(
        `the label has ${length(label)} characters; the core metadata specification allows at most ${LABEL_LIMIT}: shorten it.`
      )
    if (labels.has(label)) {
      add(
        `the label is used twice (also in entry ${labels.get(label)! + 1}); give each link its own label.`
      )
    } else {
      labels.set(label, index ?? 0)
    }
    if (url === '') add('the URL is empty; give the link after the comma.')
    else {
      const reason = urlProblem(url)
      if (reason !== undefined)
        add(
          `${showValue(url)} is not a valid link: ${reason}. Write a full URL such as https://example.org/docs.`
        )
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses
// ---------------------------------------------------------------------------------------------

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

function checkAddressField(field: 'author_email' | 'maintainer_email'): Check {
  return eachValue(field, value => {
    const items = readAddressList(value)
    return items.flatMap((item, position) => {
      const where = `${header(field)} ${showValue(value)}`
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

// ---------------------------------------------------------------------------------------------
// License, License-Expression, License-File
// ---------------------------------------------------------------------------------------------

interface SpdxEntry {
  readonly id: string
  readonly deprecated: boolean
}

function byLowerCase(ids: readonly string[], deprecated: boolean): Array<[string, SpdxEntry]> {
  return ids.map(id => [id.toLowerCase(), { id, deprecated }])
}

/**
 * SPDX exceptions that the SPDX list has and the spdx-exceptions package (last published in 2024)
 * does not yet; without them a valid expression would be refused.
 */
const NEWER_EXCEPTIONS = [
  'Asterisk-linking-protocols-exception',
  'CGAL-linking-exception',
  'Digia-Qt-LGPL-exception-1.1',
  'erlang-otp-linking-exception',
  'GPL-3.0-389-ds-base-exception',
  'harbour-exception',
  'Independent-modules-exception',
  'mxml-exception',
  'PCRE2-exception',
  'polyparse-exception',
  'romic-exception',
  'RRDtool-FLOSS-exception-2.0'
]

const SPDX_LICENSES = new Map([
  ...byLowerCase(deprecatedLicenseIds, true),
  ...byLowerCase(licenseIds, false)
])
const SPDX_EXCEPTIONS = new Map([
  ...byLowerCase(deprecatedExceptionIds, true),
  ...byLowerCase([...exceptionIds, ...NEWER_EXCEPTIONS], false)
])

const SPDX_OPERATORS = new Set(['AND', 'OR', 'WITH'])
const SPDX_IDSTRING = /^[A-Za-z0-9.-]+$/

export type LicenseExpressionReading =
  | { readonly ok: true; readonly normal: string; readonly deprecated: readonly string[] }
  | { readonly ok: false; readonly reason: string }

/**
 * Reads an SPDX license expression as PEP 639 wants it: SPDX license ids (matched without regard
 * to case, as SPDX allows) with an optional `+`, `LicenseRef-` ids, `WITH` an SPDX exception,
 * `AND` binding tighter than `OR`, and parentheses.
 * @returns the normal form (ids and operators spelled as SPDX does, single spaces) and the
 *   deprecated ids used, or why the expression is not valid
 */
export function readLicenseExpression(text: string): LicenseExpressionReading {
  const reader = new LicenseExpressionReader(text.match(/\(|\)|[^\s()]+/g) ?? [])
  try {
    return { ok: true, ...reader.readAll() }
  } catch (error) {
    if (error instanceof InvalidLicenseExpression) return { ok: false, reason: error.message }
    throw error
  }
}

class InvalidLicenseExpression extends Error {}

/** Recursive descent over the tokens: or = and (OR and)*; and = term (AND term)*. */
class LicenseExpressionReader {
  private next = 0
  private readonly rendered: string[] = []
  private readonly deprecated: string[] = []

  constructor(private readonly tokens: readonly string[]) {}

  readAll(): { normal: string; deprecated: string[] } {
    if (this.tokens.length === 0) this.fail('it is empty')
    this.readOr()
    const left = this.tokens[this.next]
    if (left !== undefined) {
      this.fail(
        this.peekOperator() === 'WITH'
          ? 'WITH may follow a single license id only, not a parenthesised expression'
          : `${showValue(left)} is unexpected there; join licenses with AND or OR`
      )
    }
    const normal = this.rendered.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')')
    return { normal, deprecated: this.deprecated }
  }

  private fail(reason: string): never {
    throw new InvalidLicenseExpression(reason)
  }

  /** The operator at the current token, upper-cased; SPDX ids never collide with one. */
  private peekOperator(): string | undefined {
    const upper = this.tokens[this.next]?.toUpperCase()
    return upper !== undefined && SPDX_OPERATORS.has(upper) ? upper : undefined
  }

  private readOr(): void {
    this.readAnd()
    while (this.peekOperator() === 'OR') {
      this.next++
      this.rendered.push('OR')
      this.readAnd()
    }
  }

  private readAnd(): void {
    this.readTerm()
    while (this.peekOperator() === 'AND') {
      this.next++
      this.rendered.push('AND')
      this.readTerm()
    }
  }

  /** term = "(" or ")" | license (WITH exception)? */
  private readTerm(): void {
    const token = this.tokens[this.next]
    if (token === undefined) this.fail('it ends where a license id is expected')
    if (token === '(') {
      this.next++
      this.rendered.push('(')
      this.readOr()
      if (this.tokens[this.next] !== ')') this.fail('a "(" is not closed')
      this.next++
      this.rendered.push(')')
      return
    }
    if (token === ')' || this.peekOperator() !== undefined) {
      this.fail(`${showValue(token)} stands where a license id is expected`)
    }
    this.next++
    this.rendered.push(this.licenseId(token))
    if (this.peekOperator() === 'WITH') {
      this.next++
      this.rendered.push('WITH')
      this.rendered.push(this.exceptionId(this.tokens[this.next]))
      this.next++
    }
  }

  private licenseId(token: string): string {
    if (/^DocumentRef-/i.test(token)) {
      this.fail(
        `${showValue(token)}: PEP 639 does not allow DocumentRef- references; use LicenseRef-`
      )
    }
    const plus = token.endsWith('+')
    const id = plus ? token.slice(0, -1) : token
    if (/^LicenseRef-/i.test(id)) {
      const suffix = id.slice('LicenseRef-'.length)
      if (plus)
        this.fail(`${showValue(token)}: "+" may follow SPDX license ids only, not LicenseRef-`)
      if (!SPDX_IDSTRING.test(suffix)) {
        this.fail(
          `${showValue(token)}: after LicenseRef- only letters, digits, "." and "-" may follow`
        )
      }
      return `LicenseRef-${suffix}`
    }
    const license = SPDX_LICENSES.get(id.toLowerCase())
    if (license === undefined) {
      this.fail(
        SPDX_EXCEPTIONS.has(id.toLowerCase())
          ? `${showValue(id)} is a license exception, which must follow a license and WITH`
          : `${showValue(id)} is not an SPDX license id (see https://spdx.org/licenses/; name a license that is not on the list LicenseRef-Your-Name)`
      )
    }
    if (license.deprecated) this.deprecated.push(license.id)
    return license.id + (plus ? '+' : '')
  }

  private exceptionId(token: string | undefined): string {
    if (
      token === undefined ||
      token === '(' ||
      token === ')' ||
      this.peekOperator() !== undefined
    ) {
      this.fail('an SPDX exception id must follow WITH')
    }
    const exception = SPDX_EXCEPTIONS.get(token.toLowerCase())
    if (exception === undefined) {
      this.fail(
        SPDX_LICENSES.has(token.toLowerCase())
          ? `${showValue(token)} is a license, not an exception; join licenses with AND or OR`
          : `${showValue(token)} is not an SPDX license exception id (see https://spdx.org/licenses/exceptions-index.html)`
      )
    }
    if (exception.deprecated) this.deprecated.push(exception.id)
    return exception.id
  }
}

/** The current ids that replace a deprecated one, where SPDX's rule for them is simple. */
function replacementFor(id: string): string {
  const versioned = /^((?:A|L)?GPL|GFDL)-(\d\.\d)(\+?)$/.exec(id)
  if (versioned) {
    const [, family, version, plus] = versioned
    return plus
      ? `${family}-${version}-or-later`
      : `${family}-${version}-only or ${family}-${version}-or-later`
  }
  return 'its current id from https://spdx.org/licenses/'
}

const checkLicenseExpression = eachValue('license_expression', value => {
  const shown = `License-Expression ${showValue(value)}`
  const reading = readLicenseExpression(value)
  if (!reading.ok) {
    return [
      problem(
        'license_expression',
        'error',
        `${shown} is not a valid SPDX license expression: ${reading.reason}.`
      )
    ]
  }
  const problems: Problem[] = reading.deprecated.map(id =>
    problem(
      'license_expression',
      'warning',
      `${shown} uses the deprecated SPDX id ${id}; use ${replacementFor(id)}.`
    )
  )
  if (reading.normal !== value) {
    problems.push(
      problem(
        'license_expression',
        'warning',
        `${shown} is valid but not in normal form: ${showValue(reading.normal)}; write it that way.`
      )
    )
  }
  return problems
})

const checkLicenseConflict: Check = metadata => {
  const text = entries(metadata, 'license').filter(([value]) => !isPlaceholder(value))
  if (text.length === 0 || entries(metadata, 'license_expression').length === 0) return []
  return [
    problem(
      'license',
      'error',
      'License and License-Expression are both set, which PEP 639 forbids; keep the SPDX expression and remove the License text (in pyproject.toml: license = "SPDX expression" instead of a table, with the files in license-files).'
    )
  ]
}

const checkLicenseFiles = eachValue('license_file', (path, index) => {
  const reason = path.split(/[/\\]/).includes('..')
    ? 'it climbs out of the project with ".."'
    : path.includes('*')
      ? 'it is a pattern, not a file (list the files it matches)'
      : /^(?:\/|[A-Za-z]:|\\)/.test(path)
        ? 'it is an absolute path'
        : path.includes('\\')
          ? 'it uses "\\" instead of "/"'
          : undefined
  if (reason === undefined) return []
  return [
    problem(
      'license_file',
      'error',
      `License-File ${showValue(path)} is not a relative path inside the project: ${reason}.`,
      index
    )
  ]
})

// ---------------------------------------------------------------------------------------------
// Classifiers
// ---------------------------------------------------------------------------------------------

const checkClassifiers: Check = metadata => {
  const seen = new Map<string, number>()
  return entries(metadata, 'classifiers').flatMap(([classifier, index]) => {
    const shown = `Classifier ${showValue(classifier)}`
    const reason = classifierProblem(classifier)
    if (reason !== undefined) {
      return [
        problem(
          'classifiers',
          'error',
          `${shown} is not a trove classifier: ${reason}. Copy classifiers from https://pypi.org/classifiers/, e.g. "Programming Language :: Python :: 3".`,
          index
        )
      ]
    }
    const earlier = seen.get(classifier)
    seen.set(classifier, index ?? 0)
    return earlier === undefined
      ? []
      : [problem('classifiers', 'warning', `${shown} is listed twice; remove one.`, index)]
  })
}

function classifierProblem(classifier: string): string | undefined {
  if (/[\r\n]/.test(classifier)) return 'it has a line break'
  if (classifier !== classifier.trim()) return 'it begins or ends with a space'
  const segments = classifier.split(' :: ')
  if (segments.length < 2) {
    return classifier.includes('::')
      ? 'its parts must be separated by " :: " (a space on each side)'
      : 'it has a single part; classifiers have parts separated by " :: "'
  }
  if (segments.some(segment => segment.includes('::'))) {
    return 'its parts must be separated by " :: " (a space on each side)'
  }
  if (segments.some(segment => segment.trim() === '')) return 'it has an empty part'
  if (segments.some(segment => segment !== segment.trim())) {
    return 'a part begins or ends with extra space'
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Requirements: Requires-Python, Requires-Dist, Provides-Dist, Obsoletes-Dist, Provides-Extra
// ---------------------------------------------------------------------------------------------

const checkRequiresPython = eachValue('requires_python', value => {
  const parsed = parseSpecifierSet(value)
  if (parsed.ok) return []
  return [
    problem(
      'requires_python',
      'error',
      `Requires-Python ${showValue(value)} is not a PEP 440 specifier set: ${parsed.problem.message}. Write comma-separated specifiers such as ">=3.9" or ">=3.9, <4".`
    )
  ]
})

const REQUIREMENT_FORM =
  'Write it as name[extras] specifiers ; marker, e.g. requests[socks]>=2.31, <3 ; python_version >= "3.9".'

/** Marker variables that only lock files (PEP 751) define; installers cannot evaluate them here. */
const LOCK_FILE_VARIABLES = new Set(['extras', 'dependency_groups'])

type DistField = 'requires_dist' | 'provides_dist' | 'obsoletes_dist'

/** A URL an installer can fetch: a scheme and a host, or a file: URL. */
const ABSOLUTE_URL = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]|file:)/i

function readRequirementOrProblem(
  field: DistField,
  value: string,
  index: number | undefined
): Requirement | Problem {
  const parsed = parseRequirement(value)
  if (parsed.ok) return parsed.value
  if (
    field === 'provides_dist' &&
    /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*\(\s*[^()<>=!~\s]+\s*\)/.test(value)
  ) {
    return problem(
      field,
      'warning',
      `Provides-Dist ${showValue(value)} uses the bare "name (version)" form, which the core metadata specification allows but pypi.org reads as a PEP 508 requirement and refuses; write name (==version).`,
      index
    )
  }
  return problem(
    field,
    'error',
    `${header(field)} ${showValue(value)} is not a valid PEP 508 requirement: ${parsed.problem.message} (at character ${parsed.problem.position + 1}). ${REQUIREMENT_FORM}`,
    index
  )
}

/** Warnings about a requirement that reads fine but will not do what it seems to. */
function requirementWarnings(
  field: DistField,
  value: string,
  index: number | undefined,
  requirement: Requirement
): Problem[] {
  const shown = `${header(field)} ${showValue(value)}`
  const problems: Problem[] = []
  if (!PROJECT_NAME.test(requirement.name)) {
    problems.push(
      problem(
        field,
        'warning',
        `${shown}: the project name ${showValue(requirement.name)} ends in "_", which packaging tolerates but PEP 508 does not; ${NAME_RULE}.`,
        index
      )
    )
  }
  if (requirement.url !== undefined) {
    problems.push(
      pypiRule(
        problem(
          field,
          'warning',
          `${shown} is a direct reference (name @ URL), which pypi.org refuses (private indexes accept it); depend on a released version instead.`,
          index
        )
      )
    )
    if (!ABSOLUTE_URL.test(requirement.url)) {
      problems.push(
        problem(
          field,
          'warning',
          `${shown}: the URL ${showValue(requirement.url)} is not absolute (scheme://host/path), so installers cannot fetch it (and older releases of packaging refuse the whole requirement); write the full URL.`,
          index
        )
      )
    }
  }
  for (const comparison of requirement.marker ?? []) {
    for (const operand of [comparison.left, comparison.right]) {
      if (operand.kind !== 'variable') continue
      const modern = LEGACY_MARKER_VARIABLES[operand.written]
      if (modern !== undefined) {
        problems.push(
          problem(
            field,
            'warning',
            `${shown} uses the legacy marker name ${operand.written}; write ${modern}.`,
            index
          )
        )
      } else if (LOCK_FILE_VARIABLES.has(operand.name)) {
        problems.push(
          problem(
            field,
            'warning',
            `${shown} uses the marker variable ${operand.name}, which only lock files define; installers fail to evaluate it here. Use extra == "name" for an optional dependency.`,
            index
          )
        )
      }
    }
  }
  return problems
}

function checkDistField(field: DistField): Check {
  return eachValue(field, (value, index) => {
    const read = readRequirementOrProblem(field, value, index)
    return 'severity' in read ? [read] : requirementWarnings(field, value, index, read)
  })
}

/** PEP 685 normal form of an extra name, as installers compare them. */
function normalizeExtra(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

const checkProvidesExtra = eachValue('provides_extra', (extra, index) =>
  PROJECT_NAME.test(extra)
    ? []
    : [
        problem(
          'provides_extra',
          'error',
          `Provides-Extra ${showValue(extra)} is not a valid extra name: ${NAME_RULE}.`,
          index
        )
      ]
)

/** Requires-Dist entries for an extra that no Provides-Extra declares are never installed. */
const checkUndeclaredExtras: Check = metadata => {
  const declared = new Set(
    entries(metadata, 'provides_extra').map(([extra]) => normalizeExtra(extra))
  )
  return entries(metadata, 'requires_dist').flatMap(([value, index]) => {
    const parsed = parseRequirement(value)
    if (!parsed.ok) return []
    const missing = new Set<string>()
    for (const { left, operator, right } of parsed.value.marker ?? []) {
      if (operator !== '==') continue
      const pair = [left, right]
      const variable = pair.find(side => side.kind === 'variable' && side.name === 'extra')
      const named = pair.find(side => side.kind === 'string')
      if (variable && named?.kind === 'string' && !declared.has(normalizeExtra(named.value))) {
        missing.add(named.value)
      }
    }
    return [...missing].map(extra =>
      problem(
        'requires_dist',
        'warning',
        `Requires-Dist ${showValue(value)} belongs to the extra ${showValue(extra)}, which no Provides-Extra declares, so installers never install it; add Provides-Extra: ${normalizeExtra(extra)} (optional-dependencies in pyproject.toml) or fix the marker.`,
        index
      )
    )
  })
}

// ---------------------------------------------------------------------------------------------
// Import-Name, Import-Namespace
// ---------------------------------------------------------------------------------------------

const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' ')
)
const PYTHON_IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u

function checkImportField(field: 'import_name' | 'import_namespace'): Check {
  return eachValue(field, (value, index) => {
    const [dotted = '', ...options] = value.split(';')
    const name = dotted.trimEnd()
    const bad = name
      .split('.')
      .find(part => !PYTHON_IDENTIFIER.test(part) || PYTHON_KEYWORDS.has(part))
    const problems: Problem[] = []
    if (bad !== undefined) {
      problems.push(
        problem(
          field,
          'error',
          `${header(field)} ${showValue(value)} is not a dotted Python import name: ${showValue(bad)} is ${PYTHON_KEYWORDS.has(bad) ? 'a Python keyword' : 'not an identifier'}.`,
          index
        )
      )
    }
    if (options.length > 0 && options.join(';').trim() !== 'private') {
      problems.push(
        problem(
          field,
          'error',
          `${header(field)} ${showValue(value)}: the only option after ";" is "private".`,
          index
        )
      )
    }
    return problems
  })
}

/** In the order of the core metadata fields, so that problems read top to bottom. */
const CHECKS: readonly Check[] = [
  checkMetadataVersion,
  checkName,
  checkVersion,
  checkDynamic,
  checkPlaceholders,
  checkSummary,
  checkContentType,
  checkUrlField('home_page'),
  checkUrlField('download_url'),
  checkAddressField('author_email'),
  checkAddressField('maintainer_email'),
  checkLicenseConflict,
  checkLicenseExpression,
  checkLicenseFiles,
  checkClassifiers,
  checkDistField('requires_dist'),
  checkUndeclaredExtras,
  checkRequiresPython,
  checkProjectUrls,
  checkProvidesExtra,
  checkDistField('provides_dist'),
  checkDistField('obsoletes_dist'),
  checkImportField('import_name'),
  checkImportField('import_namespace')
]
