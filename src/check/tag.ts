/**
 * A release from a tag must register the version the tag names: `v1.2.0` (with the default prefix)
 * or `1.2.0` for 1.2.0, compared in PEP 440 normal form so that `v1.0.0-rc1` matches `1.0.0rc1`.
 * Pure: the run's ref and the project's version are passed in.
 */
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { normalizeVersion } from '../packaging/version.js'
import { either, inputName, setting, startOfSentence } from '../wording.js'

export type CheckTag = 'auto' | 'true' | 'false'

export interface TagCheckInput {
  checkTag: CheckTag
  tagPrefix: string
  /** The tag the run is for, when it was triggered by one. */
  tag?: string
  /** What the run is for otherwise (GITHUB_REF), for the message. */
  ref?: string
  version: string
  /** Where the version came from, for the message. */
  source: string
}

/**
 * Undefined when there is nothing to check (auto off a tag, or false), a line for the log when the
 * tag matches; throws with both values when it does not.
 */
export function checkReleaseTag(input: TagCheckInput): string | undefined {
  const { checkTag, tag, version } = input
  if (checkTag === 'false' || (checkTag === 'auto' && tag === undefined)) return undefined
  if (tag === undefined) {
    throw new InputError(
      `${startOfSentence(inputName(Inputs.checkTag))} is true, but this run is not for a tag (${input.ref ? `GITHUB_REF is ${input.ref}` : 'GITHUB_REF is not set'}).`,
      `${either('Run the workflow on a tag push (on: push: tags)', 'Set GITHUB_REF=refs/tags/<tag> for the release tag')}, or set ${setting(Inputs.checkTag, 'auto')}.`
    )
  }
  const named = tag.startsWith(input.tagPrefix) ? tag.slice(input.tagPrefix.length) : tag
  const tagVersion = normalizeVersion(named)
  if (tagVersion === undefined) {
    throw new InputError(
      `The tag ${tag} does not name a version: "${named}" is not a PEP 440 version${input.tagPrefix ? ` (after the tag prefix "${input.tagPrefix}")` : ''}.`,
      `Tag releases as ${input.tagPrefix}${version}, set ${inputName(Inputs.tagPrefix)} to what your tags start with, or set ${setting(Inputs.checkTag, 'false')}.`
    )
  }
  const projectVersion = normalizeVersion(version)
  if (projectVersion !== tagVersion) {
    throw new InputError(
      `The tag ${tag} names version ${tagVersion}, but the project's version is ${version}${projectVersion && projectVersion !== version ? ` (${projectVersion})` : ''} (from ${input.source}). Nothing was sent.`,
      `Set the version to ${tagVersion} and tag again, or tag this commit ${input.tagPrefix}${projectVersion ?? version}; set ${setting(Inputs.checkTag, 'false')} to register anyway.`
    )
  }
  return `The tag ${tag} names version ${tagVersion}, the version being registered.`
}
