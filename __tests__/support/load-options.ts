import path from 'node:path'
import type { LoadOptions } from '../../src/metadata/loaded-metadata.js'
import { DEBIAN_PYTHON } from './python.js'

/**
 * Options that read a project folder the way the action's defaults do, except that a build backend
 * runs in Debian's Python as it is, where the real backends are installed.
 */
export function sourceTree(projectDir: string, overrides: Partial<LoadOptions> = {}): LoadOptions {
  return {
    projectDir,
    distDir: path.join(projectDir, 'dist'),
    source: 'auto',
    ...overrides,
    backend: { python: DEBIAN_PYTHON, isolation: false, ...overrides.backend }
  }
}
