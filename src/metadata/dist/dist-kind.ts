/**
 * Which files are built distributions, by name alone. Kept apart from archive.ts so that looking at
 * a dist folder does not load the archive readers, which only a dist source needs.
 */
export type DistKind = 'wheel' | 'sdist-tar' | 'sdist-zip'

/**
 * The kind of distribution a file name denotes, or undefined for anything else (signatures,
 * checksums, attestations, eggs, other compressions), so callers can skip those files quietly.
 */
export function distKindOf(fileName: string): DistKind | undefined {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.whl')) return 'wheel'
  if (lower.endsWith('.tar.gz')) return 'sdist-tar'
  if (lower.endsWith('.zip')) return 'sdist-zip'
  return undefined
}
