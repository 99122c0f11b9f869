/**
 * The version setuptools_scm (and hatch-vcs, pdm-backend's scm source, which use the same rules)
 * derives when HEAD is exactly at a release tag, the common case in a tag-triggered workflow. Any
 * other state would give a development version that only a real build can compute. Pure.
 */
import { MetadataError } from '../errors.js'
import type { HeadState } from './git.js'
import { normalizeVersion } from './version.js'

/** setuptools_scm's default tag pattern: an optional `name-` prefix, an optional `v`, then the version. */
const TAG_PATTERN = /^(?:[\w-]+-)?[vV]?(\d+(?:\.\d+){0,2}[^+]*)(?:\+.*)?$/

/** The version a tag names, in PEP 440 normal form, or undefined when it names none. */
export function versionFromTag(tag: string): string | undefined {
  const match = TAG_PATTERN.exec(tag)
  return match?.[1] === undefined ? undefined : normalizeVersion(match[1])
}

export interface TagSource {
  /** git's view of HEAD, or undefined outside a checkout. */
  head: HeadState | undefined
  /** The tag GitHub says this run is for (GITHUB_REF_TYPE=tag), with the commit it is at. */
  runnerTag?: { name: string; commit: string }
  projectDir: string
}

/** The release version at HEAD, or a MetadataError explaining why there is none. */
export function releaseVersionAtHead(source: TagSource, tool: string): string {
  const { head } = source
  if (head === undefined) {
    throw new MetadataError(
      `The version comes from a git tag (${tool}), but ${source.projectDir} is not a git checkout, or git is not installed.`,
      'Check out the repository with actions/checkout before this step, or build the distribution first and register from dist/.'
    )
  }
  const tags = [...head.tags]
  // A shallow checkout of a tag push may lack the tag itself; the runner still names it.
  if (
    tags.length === 0 &&
    source.runnerTag !== undefined &&
    source.runnerTag.commit === head.commit
  )
    tags.push(source.runnerTag.name)
  const versions = tags
    .map(versionFromTag)
    .filter((version): version is string => version !== undefined)
  if (versions.length === 0) {
    throw new MetadataError(
      `The version comes from a git tag (${tool}), but HEAD (${head.commit.slice(0, 12)}) has no release tag${tags.length > 0 ? ` (only ${tags.join(', ')})` : ''}, so ${tool} would compute a development version that only a build can know.`,
      'Register from a tag-triggered workflow (on: push: tags: ["v*"]), or build the distribution and register from dist/.'
    )
  }
  if (head.dirty) {
    throw new MetadataError(
      `The version comes from a git tag (${tool}), but tracked files in ${source.projectDir} differ from HEAD, so ${tool} would add a local version to ${versions[0]}.`,
      'Register from a clean checkout, or build the distribution and register from dist/.'
    )
  }
  if (new Set(versions).size > 1) {
    throw new MetadataError(
      `HEAD carries several release tags (${tags.join(', ')}) naming different versions, so the version is ambiguous.`,
      'Keep one release tag on the commit, or build the distribution and register from dist/.'
    )
  }
  return versions[0] as string
}
