/**
 * Finds the project's metadata on disk. The only source so far is `pyproject.toml`; the choice among
 * sources lives here so that new ones slot in beside it.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { MetadataError } from '../errors.js'
import { projectFilesAt } from './project-files.js'
import { metadataFromPyproject, parsePyprojectToml, type ExtractedMetadata } from './pyproject.js'

export interface LoadedMetadata extends ExtractedMetadata {
  /** The file the metadata came from, for logs and the job summary. */
  source: string
}

/** Reads the metadata of the project in `projectDir`. */
export async function loadProjectMetadata(projectDir: string): Promise<LoadedMetadata> {
  const pyprojectPath = path.join(projectDir, 'pyproject.toml')
  let text: string
  try {
    text = await readFile(pyprojectPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new MetadataError(
      `No pyproject.toml in ${projectDir}.`,
      (await folderExists(projectDir))
        ? 'Set the project-dir input to the folder that holds pyproject.toml, and make sure an actions/checkout step runs before this one.'
        : 'That folder does not exist: check the project-dir input, and that actions/checkout runs before this step.'
    )
  }
  const extracted = metadataFromPyproject(
    parsePyprojectToml(text),
    projectFilesAt(projectDir, 'pyproject.toml')
  )
  return { ...extracted, source: pyprojectPath }
}

async function folderExists(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory()
  } catch {
    return false
  }
}
