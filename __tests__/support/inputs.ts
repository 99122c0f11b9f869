import { Inputs } from '../../src/constants.js'
import type { RawInputs } from '../../src/config/settings.js'

/** Every input as the runner passes an unset one (empty), with `values` given. */
export function rawInputs(values: Partial<RawInputs> = {}): RawInputs {
  const empty = Object.fromEntries(Object.values(Inputs).map(name => [name, ''])) as RawInputs
  return { ...empty, ...values }
}
