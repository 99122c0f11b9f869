/**
 * Core metadata from setuptools' declarative `setup.cfg` ([metadata], [options],
 * [options.extras_require]), read with Python's configparser rules and setuptools' value rules:
 * lists split by lines or by commas, requirement lists by lines or by semicolons, `file:` and
 * `attr:` directives. Pure apart from the injected project files.
 */
import { getConfigValue, parseConfig, type ParsedConfig } from '../configparser.js'
import { MetadataError } from '../errors.js'
import { backendDialect } from './backends.js'
import { checkedVersion, packageDirsFrom, versionFromAttr, type DynamicContext } from './dynamic.js'
import { minimumMetadataVersion, type CoreMetadata } from './fields.js'
import type { ExtractedMetadata } from './pyproject.js'
import { normalizeExtraName, withExtraMarker } from './pyproject.js'

const FILE = 'setup.cfg'

/** [metadata] keys setuptools accepts under a second name. */
const ALIASES: Record<string, string> = {
  home_page: 'url',
  summary: 'description',
  classifier: 'classifiers',
  platform: 'platforms'
}

/** True when the text has a [metadata] section naming the project: the sign of a declarative setup. */
export function declaresMetadata(text: string): boolean {
  try {
    return getConfigValue(parseConfig(text, FILE), 'metadata', 'name') !== undefined
  } catch {
    return true // A malformed file is worth reading, so that its error is shown.
  }
}

/** Maps setup.cfg text to core metadata as setuptools would write it. */
export function metadataFromSetupCfg(text: string, context: DynamicContext): ExtractedMetadata {
  const config = parseConfig(text, FILE)
  const get = (key: string): string | undefined => metadataValue(config, key)
  const name = get('name')
  if (name === undefined || name === '') {
    throw new MetadataError(
      `${FILE}: [metadata] has no name.`,
      'Add name = your-project to [metadata].'
    )
  }
  const version = readVersion(get('version'), config, context)
  // setuptools' defaults when no backend is named: the setuptools dialect.
  const dialect = backendDialect({})
  const fields: Record<string, string | string[]> = { name, version }
  const put = (key: string, value: string | string[] | undefined): void => {
    if (value !== undefined && value.length > 0) fields[key] = value
  }

  put('summary', withFile(get('description'), context, 'description'))
  const longDescription = withFile(get('long_description'), context, 'long_description')
  if (longDescription !== undefined && longDescription !== '') {
    put('description', longDescription.endsWith('\n') ? longDescription : `${longDescription}\n`)
  }
  put('description_content_type', get('long_description_content_type'))
  put('home_page', get('url'))
  put('download_url', get('download_url'))
  put('author', get('author'))
  put('author_email', get('author_email'))
  put('maintainer', get('maintainer'))
  put('maintainer_email', get('maintainer_email'))
  put('license', get('license'))
  put('keywords', splitList(get('keywords'))?.join(','))
  put('platform', splitList(get('platforms')))
  put('classifiers', splitList(withFile(get('classifiers'), context, 'classifiers')))
  put('project_urls', readUrls(get('project_urls')))
  put('provides', splitList(get('provides')))
  put('requires', splitList(get('requires')))
  put('obsoletes', splitList(get('obsoletes')))
  // Explicit license_files are globs too; without them setuptools uses its default globs.
  const patterns = splitList(get('license_files')) ?? dialect.defaultLicenseFiles
  put('license_file', [...new Set(patterns.flatMap(pattern => context.files.glob(pattern)))].sort())

  const options = (key: string): string | undefined => getConfigValue(config, 'options', key)
  put('requires_python', sortSpecifiers(options('python_requires')))
  const extras = config.sections.get('options.extras_require')
  const extraRequirements: string[] = []
  const extraNames: string[] = []
  for (const [extra, entry] of extras?.entries ?? []) {
    const normalized = normalizeExtraName(extra)
    extraNames.push(normalized)
    for (const requirement of requirementList(entry.value, context)) {
      extraRequirements.push(withExtraMarker(requirement, normalized))
    }
  }
  put('requires_dist', [
    ...requirementList(options('install_requires'), context),
    ...extraRequirements
  ])
  put('provides_extra', extraNames)

  const partial = fields as unknown as Omit<CoreMetadata, 'metadata_version'>
  return {
    metadata: { metadata_version: minimumMetadataVersion(partial), ...partial },
    warnings: []
  }

  function readVersion(
    value: string | undefined,
    parsed: ParsedConfig,
    files: DynamicContext
  ): string {
    if (value === undefined || value.trim() === '') {
      throw new MetadataError(
        `${FILE}: [metadata] has no version.`,
        'Add version = 1.0.0, or version = attr: your_package.__version__.'
      )
    }
    if (value.startsWith('attr:')) {
      const packageDir = getConfigValue(parsed, 'options', 'package_dir')
      return versionFromAttr(
        value.slice('attr:'.length),
        packageDirsFrom(parseDict(packageDir)),
        files,
        'metadata.version',
        FILE
      )
    }
    if (value.startsWith('file:'))
      return checkedVersion(
        (withFile(value, files, 'version') ?? '').trim(),
        `${FILE} [metadata] version`
      )
    return checkedVersion(value, `${FILE} [metadata] version`)
  }
}

function metadataValue(config: ParsedConfig, key: string): string | undefined {
  const direct = getConfigValue(config, 'metadata', key)
  if (direct !== undefined) return direct
  const alias = Object.entries(ALIASES).find(([, target]) => target === key)?.[0]
  return alias === undefined ? undefined : getConfigValue(config, 'metadata', alias)
}

/** `file: a.md, b.md`: the files' text joined with newlines, read as Python reads text. */
function withFile(
  value: string | undefined,
  context: DynamicContext,
  key: string
): string | undefined {
  if (value === undefined || !value.startsWith('file:')) return value
  return value
    .slice('file:'.length)
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
    .map(name =>
      Buffer.from(context.files.readBytes(name, `[metadata] ${key}`))
        .toString('utf8')
        .replace(/\r\n?/g, '\n')
    )
    .join('\n')
}

/** setuptools' list: one item per line when the value has several lines, else comma-separated. */
function splitList(value: string | undefined, separator = ','): string[] | undefined {
  if (value === undefined) return undefined
  const chunks = value.includes('\n') ? value.split('\n') : value.split(separator)
  return chunks.map(chunk => chunk.trim()).filter(Boolean)
}

function parseDict(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined
  const result: Record<string, string> = {}
  for (const line of splitList(value) ?? []) {
    const at = line.indexOf('=')
    if (at === -1)
      throw new MetadataError(
        `${FILE}: "${line}" is not a "key = value" pair.`,
        'Write one key = value per line.'
      )
    result[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return result
}

function readUrls(value: string | undefined): string[] | undefined {
  const urls = parseDict(value)
  return urls === undefined
    ? undefined
    : Object.entries(urls).map(([label, url]) => `${label}, ${url}`)
}

/** Requirement lists are split by lines, or by `;` on one line, and `#` comment lines dropped. */
function requirementList(value: string | undefined, context: DynamicContext): string[] {
  return (splitList(withFile(value, context, 'install_requires'), ';') ?? []).filter(
    line => !line.startsWith('#')
  )
}

/** setuptools stores python_requires as a SpecifierSet, which writes its parts sorted. */
function sortSpecifiers(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  return value
    .split(',')
    .map(part => part.replace(/\s+/g, ''))
    .filter(Boolean)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(',')
}
