/**
 * Metadata-Version, Name and Version: the fields every index reads first. Pure.
 */
import { explain } from '@renovatebot/pep440'
import { METADATA_VERSIONS } from '../metadata/fields.js'
import { NAME_RULE, isValidName } from '../packaging/names.js'
import { normalizeVersion } from '../packaging/version.js'
import { type Check, type Problem, problem, pypiRule, showValue } from './problem.js'

/** Metadata versions the indexes read; 2.0 was never specified but is in circulation. */
const KNOWN_METADATA_VERSIONS = new Set<string>([...METADATA_VERSIONS, '2.0'])

export const checkMetadataVersion: Check = ({ metadata_version: version }) =>
  KNOWN_METADATA_VERSIONS.has(version)
    ? []
    : [
        problem(
          'metadata_version',
          'error',
          `Metadata-Version ${showValue(version)} is not a core metadata version (known: ${[...KNOWN_METADATA_VERSIONS].sort().join(', ')}); rebuild the distribution with a current build backend.`
        )
      ]

export const checkName: Check = ({ name }) => {
  if (name.trim() === '') return [problem('name', 'error', 'Name is empty; set the project name.')]
  if (isValidName(name)) return []
  return [
    problem('name', 'error', `Name ${showValue(name)} is not a valid project name: ${NAME_RULE}.`)
  ]
}

export const checkVersion: Check = ({ version }) => {
  if (version.trim() === '') {
    return [problem('version', 'error', 'Version is empty; set the release version.')]
  }
  const normal = normalizeVersion(version)
  if (normal === undefined) {
    return [
      problem(
        'version',
        'error',
        `Version ${showValue(version)} is not a PEP 440 version; use a version such as 1.2.0, 1.2.0rc1, 1.2.0.post1 or 1.2.0.dev1.`
      )
    ]
  }
  const problems: Problem[] = []
  if (normal !== version) {
    problems.push(
      problem(
        'version',
        'warning',
        `Version ${showValue(version)} is valid but not in PEP 440 normal form, which indexes and installers show: ${showValue(normal)}; write it that way so the version reads the same everywhere.`
      )
    )
  }
  const local = explain(version.trim())?.local
  if (local) {
    problems.push(
      pypiRule(
        problem(
          'version',
          'warning',
          `Version ${showValue(version)} has the local version label "+${local}", which pypi.org refuses (private indexes accept it); drop the "+..." part for a public release.`
        )
      )
    )
  }
  return problems
}
