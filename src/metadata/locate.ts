/**
 * Where in its source file a metadata field was written, so that a message (or a GitHub
 * annotation) can point at the line: the key in pyproject.toml's [project] table, or the header of a
 * PKG-INFO file. Only what is read directly is located: a build backend's answer need not follow the
 * file's order. Pure and lexical (see toml-marks.ts); main.ts loads it only when there is a problem
 * to point at.
 */
import { headerOf, type MetadataField } from './fields.js'
import type { SourceKind } from './loaded-metadata.js'
import { isElement, scanToml, type TomlMark } from './toml-marks.js'
import { tomlKey } from './toml-shape.js'

export interface FieldLocation {
  /** 1-based line, when the key (or the entry) was found. */
  readonly line?: number
  /** The key as a user would look for it: `project.version`, `metadata.version`, `Version`. */
  readonly key: string
}

/** Finds where a field (the index-th value of a repeated one) was written. */
export type FieldLocator = (field: MetadataField, index?: number) => FieldLocation | undefined

/**
 * The locator for the text of a metadata source, which reads the file once for every field.
 * @param kind the source kind, as the loader names it; only pyproject.toml and PKG-INFO are read
 *   directly (a distribution's METADATA sits inside an archive, no file a user can open)
 * @param fileText the whole file
 * @returns for a field (the form field name) and, for a repeated field, which value (0-based, as in
 *   the metadata): its own line when it can be found, else the key's; undefined when the field does
 *   not come from this file (computed, or from elsewhere)
 */
export function fieldLocator(kind: SourceKind, fileText: string): FieldLocator {
  switch (kind) {
    case 'pyproject': {
      const marks = scanToml(fileText)
      return (field, index) => locateInPyproject(marks, field, index)
    }
    case 'pkg-info':
      return (field, index) => locateInPkgInfo(fileText, field, index)
    case 'dist':
    case 'setup-cfg':
    case 'setup-py':
      return () => undefined
  }
}

// ---------------------------------------------------------------------------------------------
// pyproject.toml
// ---------------------------------------------------------------------------------------------

/** The [project] keys each field comes from, the first found being the one reported. */
const PROJECT_KEYS: Partial<Record<MetadataField, readonly string[]>> = {
  name: ['name'],
  version: ['version'],
  summary: ['description'],
  description: ['readme'],
  description_content_type: ['readme'],
  requires_python: ['requires-python'],
  license: ['license'],
  license_expression: ['license'],
  license_file: ['license-files'],
  author: ['authors'],
  author_email: ['authors'],
  maintainer: ['maintainers'],
  maintainer_email: ['maintainers'],
  keywords: ['keywords'],
  classifiers: ['classifiers'],
  project_urls: ['urls'],
  requires_dist: ['dependencies', 'optional-dependencies'],
  provides_extra: ['optional-dependencies'],
  import_name: ['import-names'],
  import_namespace: ['import-namespaces'],
  dynamic: ['dynamic']
}

function locateInPyproject(
  marks: readonly TomlMark[],
  field: MetadataField,
  index: number | undefined
): FieldLocation | undefined {
  const keys = PROJECT_KEYS[field]
  if (keys === undefined) return undefined
  const entry = index === undefined ? undefined : pyprojectEntry(marks, field, index)
  if (entry !== undefined) return entry
  for (const key of keys) {
    const line = lineOf(marks, ['project', key])
    if (line !== undefined) return { line, key: `project.${key}` }
  }
  // A field the backend fills in at build time is named in project.dynamic instead.
  const dynamic = marks.find(
    mark =>
      mark.path.length === 3 &&
      startsWith(mark.path, ['project', 'dynamic']) &&
      mark.text !== undefined &&
      keys.includes(mark.text)
  )
  return dynamic === undefined ? undefined : { line: dynamic.line, key: 'project.dynamic' }
}

/** The line of one value of a repeated field, following the order pyproject.ts maps them in. */
function pyprojectEntry(
  marks: readonly TomlMark[],
  field: MetadataField,
  index: number
): FieldLocation | undefined {
  const element = (key: string): FieldLocation | undefined => {
    const line = elementsOf(marks, ['project', key])[index]
    return line === undefined ? undefined : { line, key: `project.${key}` }
  }
  const child = (key: string): FieldLocation | undefined => {
    const found = childrenOf(marks, ['project', key])[index]
    return found === undefined
      ? undefined
      : { line: found.line, key: `project.${key}.${tomlKey(found.name)}` }
  }
  switch (field) {
    case 'classifiers':
      return element('classifiers')
    case 'import_name':
      return element('import-names')
    case 'import_namespace':
      return element('import-namespaces')
    case 'dynamic':
      return element('dynamic')
    case 'project_urls':
      return child('urls')
    case 'provides_extra':
      return child('optional-dependencies')
    case 'requires_dist':
      return requirementEntry(marks, index)
    default:
      return undefined
  }
}

/** Requires-Dist lists project.dependencies first, then each optional-dependencies list in order. */
function requirementEntry(marks: readonly TomlMark[], index: number): FieldLocation | undefined {
  const lists = [
    { path: ['project', 'dependencies'], key: 'project.dependencies' },
    ...childrenOf(marks, ['project', 'optional-dependencies']).map(({ name }) => ({
      path: ['project', 'optional-dependencies', name],
      key: `project.optional-dependencies.${tomlKey(name)}`
    }))
  ]
  let remaining = index
  for (const list of lists) {
    const lines = elementsOf(marks, list.path)
    if (remaining < lines.length) return { line: lines[remaining], key: list.key }
    remaining -= lines.length
  }
  return undefined
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((segment, at) => path[at] === segment)
}

/** The line of a key: where it is assigned, or where its table or first dotted sub-key starts. */
function lineOf(marks: readonly TomlMark[], path: readonly string[]): number | undefined {
  return marks.find(mark => startsWith(mark.path, path))?.line
}

/** The lines of an array's elements, in order. */
function elementsOf(marks: readonly TomlMark[], path: readonly string[]): number[] {
  return marks
    .filter(
      mark =>
        mark.path.length === path.length + 1 &&
        startsWith(mark.path, path) &&
        isElement(mark.path[path.length]!)
    )
    .map(mark => mark.line)
}

/** The direct sub-keys of a table, in order of first appearance. */
function childrenOf(
  marks: readonly TomlMark[],
  path: readonly string[]
): Array<{ name: string; line: number }> {
  const children = new Map<string, number>()
  for (const mark of marks) {
    const name = mark.path[path.length]
    if (name === undefined || !startsWith(mark.path, path) || isElement(name)) continue
    if (!children.has(name)) children.set(name, mark.line)
  }
  return [...children].map(([name, line]) => ({ name, line }))
}

// ---------------------------------------------------------------------------------------------
// PKG-INFO
// ---------------------------------------------------------------------------------------------

/**
 * The line of the field's header (the index-th one for a repeated field). The description may be
 * the message body instead, which wins when both are there, as the parser reads it.
 */
function locateInPkgInfo(
  text: string,
  field: MetadataField,
  index: number | undefined
): FieldLocation | undefined {
  const header = headerOf(field)
  const wanted = header.toLowerCase()
  const lines = text.split(/\r?\n/)
  const found: number[] = []
  let bodyLine: number | undefined
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!
    if (line === '') {
      if (at + 1 < lines.length && lines.slice(at + 1).some(rest => rest !== '')) bodyLine = at + 2
      break
    }
    const colon = line.indexOf(':')
    if (/^[ \t]/.test(line) || colon <= 0) continue
    if (line.slice(0, colon).toLowerCase() === wanted) found.push(at + 1)
  }
  if (field === 'description' && bodyLine !== undefined) return { line: bodyLine, key: header }
  const line = found[index ?? 0] ?? found[0]
  return line === undefined ? undefined : { line, key: header }
}
