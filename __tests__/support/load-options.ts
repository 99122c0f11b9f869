import path from 'node:path'
import type { LoadOptions } from '../../src/metadata/load.js'

/** Options that read a project folder the way the action's defaults do. */
export function sourceTree(projectDir: string, overrides: Partial<LoadOptions> = {}): LoadOptions {
  return { projectDir, distDir: path.join(projectDir, 'dist'), source: 'auto', ...overrides }
}
