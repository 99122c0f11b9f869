import { MetadataError } from '../../src/errors.js'
import type { ProjectFiles } from '../../src/metadata/pyproject.js'

/** Project files held in memory: name → content; `*` in a glob matches within one folder. */
export function memoryFiles(files: Record<string, string | Uint8Array> = {}): ProjectFiles {
  return {
    readBytes(relativePath, key) {
      const content = files[relativePath]
      if (content === undefined) throw new MetadataError(`${key}: ${relativePath} missing`)
      return typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    },
    glob(pattern) {
      const regex = new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`)
      return Object.keys(files)
        .filter(name => regex.test(name))
        .sort()
    }
  }
}
