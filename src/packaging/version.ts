/** PEP 440 versions in their normal form, which build backends write into metadata. Pure. */
import { explain } from '@renovatebot/pep440'

/**
 * The normal form of a PEP 440 version (`1.0.0-RC1` → `1.0.0rc1`, `v2` → `2`), or undefined when
 * the text is not a valid version. Built from the parsed parts rather than the library's `clean()`,
 * which mangles local versions (`1.0+local.1` → `1.0+local,1`).
 */
export function normalizeVersion(version: string): string | undefined {
  const text = version.trim()
  const parsed = explain(text)
  if (parsed === null) return undefined
  return parsed.local
    ? `${parsed.public}+${normalLocal(text.slice(text.indexOf('+') + 1))}`
    : parsed.public
}

/**
 * A local version label as packaging writes it: lower case, `.` between parts, digits-only parts
 * as integers. The library's own `local` reads `6e3` as the number 6000, so it is not used.
 */
function normalLocal(local: string): string {
  return local
    .toLowerCase()
    .split(/[-_.]/)
    .map(part => (/^\d+$/.test(part) ? BigInt(part).toString() : part))
    .join('.')
}
