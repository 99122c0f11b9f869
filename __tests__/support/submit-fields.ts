/** The form fields of a minimal register request (`:action=submit`), for tests that build one. */
export function submitFields(
  name: string,
  version: string,
  extra: ReadonlyArray<readonly [string, string]> = []
): Array<readonly [string, string]> {
  return [
    [':action', 'submit'],
    ['protocol_version', '1'],
    ['metadata_version', '2.1'],
    ['name', name],
    ['version', version],
    ...extra
  ]
}
