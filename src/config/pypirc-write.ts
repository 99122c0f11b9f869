/**
 * The temporary `.pypirc` this action writes for its own run and for later steps
 * (`twine upload --config-file <path> -r <section>`).
 */
import { tmpdir } from 'node:os'
import { open, realpath, unlink } from 'node:fs/promises'
import path from 'node:path'
import { renderConfig, type ConfigSection } from '../configparser.js'
import { SECTION_KEYS, type PypircRepository } from './pypirc-read.js'
import { randomToken } from '../random-token.js'
import { isWithinFolder } from '../within-folder.js'

/** A section to write: its name (listed in `[distutils] index-servers`) and its keys. */
export type PypircServer = PypircRepository & { repository: string }

/**
 * Renders a `.pypirc` that twine, distutils and flit all read back exactly.
 * `index-servers` has one name per line: twine splits it on whitespace and distutils on line breaks,
 * and this form satisfies both.
 */
export function renderPypirc(servers: readonly PypircServer[]): string {
  const sections: ConfigSection[] = [
    { name: 'distutils', entries: [['index-servers', servers.map(server => server.section)]] }
  ]
  for (const server of servers) {
    const entries: ConfigSection['entries'] = []
    for (const [key, field] of SECTION_KEYS) {
      const value = server[field]
      if (value !== undefined) entries.push([key, value])
    }
    sections.push({ name: server.section, entries })
  }
  return renderConfig(sections)
}

/**
 * Writes `content` to a new file with a random name in `directory`, readable by its owner only.
 * The file is created exclusively with mode 0600 from the start, so the secret is never readable by
 * others, not even for a moment, and never goes into a file or link that was there before: a name
 * that exists already is passed over for a new one.
 * @returns the absolute path of the new file
 */
export async function writePypirc(
  content: string,
  directory: string,
  newName: () => string = () => `pypi-register-${randomToken(16)}.pypirc`
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const filePath = path.join(path.resolve(directory), newName())
    let handle
    try {
      handle = await open(filePath, 'wx', 0o600)
    } catch (error) {
      // Random names collide once in 2^64; a hundred in a row means something else is wrong.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue
      throw error
    }
    try {
      await handle.writeFile(content, 'utf8')
    } finally {
      await handle.close()
    }
    return filePath
  }
}

export type RemovalResult = 'removed' | 'already-gone' | 'outside-scratch-directory'

/**
 * Deletes a `.pypirc` written by {@link writePypirc}, but only when it lies inside `scratchDirectory`:
 * the path comes from saved state, and a post step must never delete anything else.
 */
export async function removePypirc(
  filePath: string,
  scratchDirectory: string
): Promise<RemovalResult> {
  const scratch = await realpath(scratchDirectory)
  let resolved: string
  try {
    resolved = path.join(await realpath(path.dirname(filePath)), path.basename(filePath))
  } catch (error) {
    if (isFileNotFound(error)) return 'already-gone'
    throw error
  }
  if (resolved === scratch || !isWithinFolder(resolved, scratch)) return 'outside-scratch-directory'
  try {
    await unlink(resolved)
    return 'removed'
  } catch (error) {
    if (isFileNotFound(error)) return 'already-gone'
    throw error
  }
}

function isFileNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/** The job's scratch folder: RUNNER_TEMP on a runner, the system's temp folder elsewhere. */
export function scratchDirectory(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP?.trim() || tmpdir()
}
