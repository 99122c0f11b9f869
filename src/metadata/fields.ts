/**
 * The core metadata fields (packaging.python.org, "Core metadata specifications") with the form
 * field each is sent as in the legacy `:action=submit` request. One table serves the form encoder,
 * the metadata-version choice and every metadata source.
 */

interface FieldSpec {
  /** Header name in PKG-INFO / METADATA. */
  readonly header: string
  /** Form field name in the register request. */
  readonly form: string
  /** Repeated fields are sent as one form part per value. */
  readonly multiple: boolean
  /** The first metadata version that has the field. */
  readonly since: MetadataVersion
}

export const METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'] as const
export type MetadataVersion = (typeof METADATA_VERSIONS)[number]

export const CORE_METADATA_FIELDS = [
  { header: 'Metadata-Version', form: 'metadata_version', multiple: false, since: '1.0' },
  { header: 'Name', form: 'name', multiple: false, since: '1.0' },
  { header: 'Version', form: 'version', multiple: false, since: '1.0' },
  { header: 'Dynamic', form: 'dynamic', multiple: true, since: '2.2' },
  { header: 'Platform', form: 'platform', multiple: true, since: '1.0' },
  { header: 'Supported-Platform', form: 'supported_platform', multiple: true, since: '1.1' },
  { header: 'Summary', form: 'summary', multiple: false, since: '1.0' },
  { header: 'Description', form: 'description', multiple: false, since: '1.0' },
  {
    header: 'Description-Content-Type',
    form: 'description_content_type',
    multiple: false,
    since: '2.1'
  },
  { header: 'Keywords', form: 'keywords', multiple: false, since: '1.0' },
  { header: 'Home-page', form: 'home_page', multiple: false, since: '1.0' },
  { header: 'Download-URL', form: 'download_url', multiple: false, since: '1.1' },
  { header: 'Author', form: 'author', multiple: false, since: '1.0' },
  { header: 'Author-email', form: 'author_email', multiple: false, since: '1.0' },
  { header: 'Maintainer', form: 'maintainer', multiple: false, since: '1.2' },
  { header: 'Maintainer-email', form: 'maintainer_email', multiple: false, since: '1.2' },
  { header: 'License', form: 'license', multiple: false, since: '1.0' },
  { header: 'License-Expression', form: 'license_expression', multiple: false, since: '2.4' },
  { header: 'License-File', form: 'license_file', multiple: true, since: '2.4' },
  { header: 'Classifier', form: 'classifiers', multiple: true, since: '1.1' },
  { header: 'Requires-Dist', form: 'requires_dist', multiple: true, since: '1.2' },
  { header: 'Requires-Python', form: 'requires_python', multiple: false, since: '1.2' },
  { header: 'Requires-External', form: 'requires_external', multiple: true, since: '1.2' },
  { header: 'Project-URL', form: 'project_urls', multiple: true, since: '1.2' },
  { header: 'Provides-Extra', form: 'provides_extra', multiple: true, since: '2.1' },
  { header: 'Provides-Dist', form: 'provides_dist', multiple: true, since: '1.2' },
  { header: 'Obsoletes-Dist', form: 'obsoletes_dist', multiple: true, since: '1.2' },
  { header: 'Requires', form: 'requires', multiple: true, since: '1.1' },
  { header: 'Provides', form: 'provides', multiple: true, since: '1.1' },
  { header: 'Obsoletes', form: 'obsoletes', multiple: true, since: '1.1' },
  { header: 'Import-Name', form: 'import_name', multiple: true, since: '2.5' },
  { header: 'Import-Namespace', form: 'import_namespace', multiple: true, since: '2.5' }
] as const satisfies readonly FieldSpec[]

type Spec = (typeof CORE_METADATA_FIELDS)[number]
export type SingleField = Extract<Spec, { multiple: false }>['form']
export type MultipleField = Extract<Spec, { multiple: true }>['form']
export type MetadataField = Spec['form']

const BY_FIELD = new Map<string, Spec>(CORE_METADATA_FIELDS.map(spec => [spec.form, spec]))
const BY_HEADER = new Map<string, Spec>(
  CORE_METADATA_FIELDS.map(spec => [spec.header.toLowerCase(), spec])
)

/** The header a field is written under in PKG-INFO and METADATA (`requires_dist`: `Requires-Dist`). */
export function headerOf(field: MetadataField): string {
  return BY_FIELD.get(field)?.header ?? field
}

/**
 * The field a PKG-INFO or METADATA header holds, its name matched without regard to case as email
 * headers are; undefined for a header the core metadata does not define.
 */
export function fieldOfHeader(header: string): Spec | undefined {
  return BY_HEADER.get(header.toLowerCase())
}

/**
 * A project's core metadata, keyed by form field name. Absent fields are left out; values are kept
 * exactly as the source wrote them.
 */
export type CoreMetadata = { readonly [K in SingleField]?: string } & {
  readonly [K in MultipleField]?: readonly string[]
} & { readonly metadata_version: string; readonly name: string; readonly version: string }

/** The baseline for metadata generated from a source tree: what current build backends write. */
const GENERATED_BASELINE: MetadataVersion = '2.1'

/**
 * The lowest metadata version that can carry every field present, and never below 2.1 (the
 * version that introduced Description-Content-Type and Provides-Extra). Used when metadata is
 * generated from a source tree rather than read from a built distribution.
 */
export function minimumMetadataVersion(
  metadata: Omit<CoreMetadata, 'metadata_version'>
): MetadataVersion {
  let chosen = METADATA_VERSIONS.indexOf(GENERATED_BASELINE)
  for (const spec of CORE_METADATA_FIELDS) {
    const value = (metadata as Record<string, unknown>)[spec.form]
    const present = Array.isArray(value) ? value.length > 0 : value !== undefined
    if (present) chosen = Math.max(chosen, METADATA_VERSIONS.indexOf(spec.since))
  }
  return METADATA_VERSIONS[chosen] as MetadataVersion
}
