/**
 * Text from outside (an index's status line and body, the project's own name and version) made
 * safe to show. Pure. A hostile or careless server can colour or rewrite the log with terminal
 * escapes (ANSI CSI, OSC 8 hyperlinks), and inject images, links or table breaks into the job
 * summary with HTML or Markdown; neither may reach the user as anything but plain text.
 */

/**
 * Escape sequences as terminals read them: CSI (`ESC [` ... final byte, or the C1 form U+009B),
 * OSC, DCS, SOS, PM and APC strings up to their terminator (BEL or ST), and two-byte `ESC x`.
 */
// Matching control characters is this file's purpose.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x7e]?/g

/** C0 and C1 controls and DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g

/**
 * One line of plain text: escape sequences removed whole, each other control character (tabs and
 * line breaks included) shown as a space, so that no server text can start a workflow command on
 * a line of its own either.
 */
export function plainText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, ' ')
}

/** Characters that would start Markdown or HTML markup inside a table cell. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+!|~<>&]/g

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' }

/**
 * What GitHub's Markdown (GFM) turns into a link without any markup: `scheme://...` and `www.`
 * (broken by escaping the `:` or the `.`, which then no longer starts a link), and an address with
 * an `@` (email, `mailto:`, `xmpp:`), which escaping does not break because the extension reads the
 * text after escapes are undone: an empty HTML comment after the `@` splits it, and shows nothing.
 */
const AUTOLINK_START = /(:)(?=\/\/)|(?<=www)(\.)|(@)/gi

/**
 * Plain text for the job summary's Markdown: controls removed as in `plainText`, HTML
 * characters written as entities, Markdown punctuation (links, images, code spans, emphasis,
 * table pipes) escaped with a backslash, and the starts of GFM's automatic links broken, so that
 * the text shows as written and nothing renders, not even a bare URL as a link.
 */
export function markdownText(text: string): string {
  return plainText(text)
    .replace(MARKDOWN_SPECIAL, char => ENTITIES[char] ?? `\\${char}`)
    .replace(AUTOLINK_START, (char: string) => (char === '@' ? '@<!-- -->' : `\\${char}`))
}
