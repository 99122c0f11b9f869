/**
 * Reading a user's `.pypirc` the way twine does: the sections `[distutils] index-servers` lists
 * (split on whitespace; `pypi testpypi` when there is no such list), `[server-login]` values as
 * defaults, and the built-in `pypi` and `testpypi` URLs. A section is found by its name (twine) or by
 * its `repository` URL (distutils). Pure.
 */
import { getConfigValue, parseConfig } from '../configparser.js'
import { InputError } from '../errors.js'
import { PUBLIC_INDEXES } from './repository.js'

export interface PypircRepository {
  section: string
  repository?: string
  username?: string
  password?: string
  caCert?: string
  clientCert?: string
}

export interface PypircConfig {
  /** How to name the file in messages: `the pypirc input` or a path. */
  origin: string
  /** The usable repositories by section name, built-in ones included. */
  repositories: Map<string, PypircRepository>
  /** Sections in the file that index-servers does not list, which twine does not use either. */
  unlisted: string[]
}

/** The keys of a section that twine reads, in the order they are written, with the field of each. */
export const SECTION_KEYS = [
  ['repository', 'repository'],
  ['username', 'username'],
  ['password', 'password'],
  ['ca_cert', 'caCert'],
  ['client_cert', 'clientCert']
] as const

/** Parses `.pypirc` text; syntax errors name the line, never its content. */
export function parsePypirc(text: string, origin: string): PypircConfig {
  const config = parseConfig(text, origin)
  const defaults = {
    username: getConfigValue(config, 'server-login', 'username'),
    password: getConfigValue(config, 'server-login', 'password')
  }
  const listed = (getConfigValue(config, 'distutils', 'index-servers') ?? 'pypi testpypi')
    .split(/\s+/)
    .filter(Boolean)
  const repositories = new Map<string, PypircRepository>()
  for (const section of new Set(['pypi', 'testpypi', ...listed])) {
    const entry: PypircRepository = { section }
    if (defaults.username !== undefined) entry.username = defaults.username
    if (defaults.password !== undefined) entry.password = defaults.password
    // twine gives testpypi its URL only when it is listed; pypi always.
    if (section === 'pypi' || (section === 'testpypi' && listed.includes('testpypi'))) {
      entry.repository = PUBLIC_INDEXES[section]
    }
    if (listed.includes(section)) {
      if (!config.sections.has(section) && section !== 'pypi' && section !== 'testpypi') {
        throw new InputError(
          `${origin}: index-servers lists "${section}", but there is no [${section}] section.`,
          `Add a [${section}] section with repository, username and password, or remove it from index-servers.`
        )
      }
      for (const [key, field] of SECTION_KEYS) {
        const value = getConfigValue(config, section, key)
        if (value !== undefined) entry[field] = value
      }
    }
    if (entry.repository !== undefined) repositories.set(section, entry)
    else if (listed.includes(section)) {
      throw new InputError(
        `${origin}: section [${section}] has no repository URL.`,
        `Add "repository = https://..." to [${section}].`
      )
    }
  }
  const unlisted = [...config.sections.keys()].filter(
    name => !repositories.has(name) && name !== 'distutils' && name !== 'server-login'
  )
  return { origin, repositories, unlisted }
}

export interface FoundRepository {
  repository: PypircRepository
  /** How it was found: by section name, by its URL, or by its URL once a trailing slash is set aside. */
  matchedBy: 'name' | 'url' | 'url-but-slash'
}

/** Finds a section by name, or by its repository URL as distutils did. */
export function findRepository(
  config: PypircConfig,
  nameOrUrl: string
): FoundRepository | undefined {
  const byName = config.repositories.get(nameOrUrl)
  if (byName !== undefined) return { repository: byName, matchedBy: 'name' }
  const trimmed = nameOrUrl.replace(/\/+$/, '')
  for (const repository of config.repositories.values()) {
    if (repository.repository === nameOrUrl) return { repository, matchedBy: 'url' }
  }
  for (const repository of config.repositories.values()) {
    if (repository.repository?.replace(/\/+$/, '') === trimmed)
      return { repository, matchedBy: 'url-but-slash' }
  }
  return undefined
}

/**
 * Every password-like value in `.pypirc` text, found leniently so that secrets can be masked before
 * the file is parsed, even when parsing then fails.
 */
export function pypircSecrets(text: string): string[] {
  const secrets: string[] = []
  for (const line of text.split(/\r\n?|\n/)) {
    const match = /^\s*password\s*[=:](.*)$/i.exec(line)
    const value = match?.[1]?.trim()
    if (value) secrets.push(value)
  }
  return secrets
}
