/** Finding the runner's Python 3, which runs the project's build backend. */
import { MetadataError } from '../../errors.js'
import { runProcess } from './run.js'
import { Inputs } from '../../constants.js'
import { either, inputName } from '../../wording.js'

export interface FoundPython {
  /** The interpreter's own path (sys.executable), so that later calls use exactly this one. */
  executable: string
  /** `3.12`, for the log. */
  version: string
}

const PROBE = 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)'

/** The default search order, as actions/setup-python leaves both names on PATH. */
export const DEFAULT_PYTHONS = ['python3', 'python'] as const

/**
 * The first of `candidates` that starts and is Python 3.8 or later. A program that is missing, or
 * is Python 2, is passed over; if none fits, the error names actions/setup-python.
 */
export async function findPython(
  candidates: readonly string[],
  env: Record<string, string>,
  cwd: string,
  deadline: number
): Promise<FoundPython> {
  const passedOver: string[] = []
  for (const candidate of candidates) {
    const probe = await runProcess(candidate, ['-c', PROBE], { cwd, env, deadline })
    if (probe.startError !== undefined || probe.code !== 0) {
      passedOver.push(
        `${candidate}: ${probe.startError?.code === 'ENOENT' ? 'not found' : 'does not run'}`
      )
      continue
    }
    const [version = '', executable = ''] = probe.output.trim().split(/\r?\n/)
    const [major, minor] = version.split('.').map(Number)
    if (major !== 3 || (minor ?? 0) < 8) {
      passedOver.push(`${candidate}: Python ${version}`)
      continue
    }
    return { executable: executable.trim() || candidate, version }
  }
  throw new MetadataError(
    `No Python 3.8 or later was found to run the project's build backend (${passedOver.join('; ')}).`,
    `${either('Add an actions/setup-python step before this one', 'Install Python 3 as python3 on PATH')} (or set ${inputName(Inputs.python)} to an interpreter), or build the distributions first and register from ${inputName(Inputs.distDir)}.`
  )
}
