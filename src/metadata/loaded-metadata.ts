/**
 * What a reading of the project's metadata is asked for and gives back: the contract between
 * sources.ts, which picks the source, and the readers it loads on demand (source-tree.ts). Types and
 * constants only.
 */
import type { CoreMetadata } from './fields.js'
import type { BackendOptions } from './pep517/backend.js'

export const SOURCE_KINDS = ['dist', 'pkg-info', 'pyproject', 'setup-cfg', 'setup-py'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export interface LoadOptions {
  projectDir: string
  /** Absolute folder of built distributions. */
  distDir: string
  source: 'auto' | SourceKind
  /** How to run the build backend, for a source tree that is not read statically. */
  backend?: Partial<Omit<BackendOptions, 'projectDir'>>
}

export interface LoadedMetadata {
  metadata: CoreMetadata
  kind: SourceKind
  /** The file(s) the metadata came from, for logs and the job summary. */
  source: string
  /** Why this source was chosen. */
  reason: string
  warnings: string[]
  /** Things worth saying that need no action (skipped files, how the metadata was had). */
  notices: string[]
  /** Read directly from files, or answered by the project's build backend (PEP 517). */
  path: 'static' | 'backend'
}
