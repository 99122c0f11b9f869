/**
 * The loaders of source trees: pyproject.toml (with its dynamic values and poetry's tables),
 * setup.cfg and setup.py. Kept apart from load.ts, which imports this module only when a source
 * tree is read.
 */
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { resolveDynamic, type DynamicContext } from './dynamic.js'
import { readHeadState } from './git.js'
import type { LoadedMetadata, LoadOptions } from './load.js'
import { projectFilesAt } from './project-files.js'
import { metadataFromPyproject, parsePyprojectToml } from './pyproject.js'
import { releaseVersionAtHead } from './scm.js'
import { declaresMetadata, metadataFromSetupCfg } from './setup-cfg.js'
import { metadataFromSetupPy } from './setup-py.js'
import { isTable } from './toml-shape.js'

export async function loadFromPyproject(
  options: LoadOptions
): Promise<Omit<LoadedMetadata, 'kind' | 'reason'> | undefined> {
  const file = path.join(options.projectDir, 'pyproject.toml')
  if (!existsSync(file)) return undefined
  const document = parsePyprojectToml(await readFile(file, 'utf8'))
  if (!isTable(document.project)) {
    const tool = isTable(document.tool) ? document.tool : {}
    if (isTable(tool.poetry) && tool.poetry.name !== undefined) {
      // poetry-core 1.x: the metadata is in [tool.poetry], written out the way poetry-core does.
      // Loaded only for such projects: its constraint, marker and license tables are large.
      const { metadataFromPoetry } = await import('./poetry.js')
      const files = projectFilesAt(options.projectDir, 'pyproject.toml')
      const { metadata, warnings } = metadataFromPoetry(document, files)
      return {
        metadata,
        source: file,
        warnings,
        notices: ['Read [tool.poetry] the way poetry-core 1.x writes it into METADATA.']
      }
    }
    const legacy = ['setup.cfg', 'setup.py'].some(name =>
      existsSync(path.join(options.projectDir, name))
    )
    if (options.source === 'pyproject' || !legacy) {
      // Let the mapping explain what is missing.
      metadataFromPyproject(document, projectFilesAt(options.projectDir, 'pyproject.toml'))
    }
    return undefined
  }
  const context = dynamicContext(options, 'pyproject.toml')
  const { project, notes } = resolveDynamic(document, context)
  const { metadata, warnings } = metadataFromPyproject({ ...document, project }, context.files)
  return { metadata, source: file, warnings, notices: notes.map(note => `Resolved ${note}.`) }
}

export async function loadFromSetupCfg(
  options: LoadOptions
): Promise<Omit<LoadedMetadata, 'kind' | 'reason'> | undefined> {
  const file = path.join(options.projectDir, 'setup.cfg')
  if (!existsSync(file)) return undefined
  const text = await readFile(file, 'utf8')
  if (!declaresMetadata(text)) return undefined
  const { metadata, warnings } = metadataFromSetupCfg(text, dynamicContext(options, 'setup.cfg'))
  const notices = existsSync(path.join(options.projectDir, 'setup.py'))
    ? [
        'Read setup.cfg statically; if setup.py also passes metadata to setup(), set metadata-source: setup-py.'
      ]
    : []
  return { metadata, source: file, warnings, notices }
}

export async function loadFromSetupPy(
  options: LoadOptions
): Promise<Omit<LoadedMetadata, 'kind' | 'reason'> | undefined> {
  if (!existsSync(path.join(options.projectDir, 'setup.py'))) return undefined
  const { metadata, warnings } = await metadataFromSetupPy(options.projectDir)
  return { metadata, source: path.join(options.projectDir, 'setup.py'), warnings, notices: [] }
}

/** File access and the git tag lookup, for the resolvers of dynamic values. */
function dynamicContext(options: LoadOptions, describedIn: string): DynamicContext {
  return {
    files: projectFilesAt(options.projectDir, describedIn),
    isFile: relative => isFile(path.join(options.projectDir, relative)),
    versionFromGitTag: tool =>
      releaseVersionAtHead(
        {
          head: readHeadState(options.projectDir),
          projectDir: options.projectDir,
          ...(options.runnerTag ? { runnerTag: options.runnerTag } : {})
        },
        tool
      )
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}
