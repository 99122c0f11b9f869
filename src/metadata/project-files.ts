/** {@link ProjectFiles} backed by the file system, rooted at a project folder. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { globSync } from 'tinyglobby'
import { MetadataError } from '../errors.js'
import type { ProjectFiles } from './pyproject.js'

export function projectFilesAt(projectDir: string, describedIn: string): ProjectFiles {
  return {
    readBytes(relativePath, key) {
      const absolute = path.resolve(projectDir, relativePath)
      try {
        return readFileSync(absolute)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        const problem = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`
        throw new MetadataError(
          `${describedIn}: ${key} names "${relativePath}", which ${problem} (looked for ${absolute}).`,
          'Fix the path in the file, or check out the file before this step.'
        )
      }
    },
    glob(pattern) {
      return globSync(pattern, {
        cwd: projectDir,
        onlyFiles: true,
        dot: true,
        expandDirectories: false
      })
        .map(file => file.split(path.sep).join('/'))
        .sort()
    }
  }
}
