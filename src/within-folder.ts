/**
 * Whether a path lies within a folder: the one test behind every confinement (the project's files,
 * the workspace, the runner's temporary folder, a backend's path). Pure.
 */
import path from 'node:path'

/**
 * Whether `file` is `folder` itself or lies below it. Both are absolute with their links already
 * resolved; they are compared by path segments (so `/a/bc` is not within `/a/b`) and, on Windows,
 * as the file system compares them.
 */
export function isWithinFolder(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  )
}
