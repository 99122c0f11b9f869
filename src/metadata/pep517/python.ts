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
  /** sys.prefix and sys.base_prefix: the folders the interpreter needs to see. */
  prefix: string
  basePrefix: string
  /** The version of the pip installed for it, or undefined when it has none. */
  pip?: string
}

/**
 * Run with `-I` from the root folder: nothing of the project's, and no PYTHON* variable, can be
 * imported by it. pip's version is read from its `__init__.py` without importing pip, and without
 * importlib.metadata, whose import doubles the probe's time.
 */
const PROBE = String.raw`
import importlib.util, json, re, sys
pip = None
spec = importlib.util.find_spec("pip")
if spec is not None and spec.origin:
    try:
        with open(spec.origin, encoding="utf-8") as stream:
            found = re.search(r"^__version__\s*=\s*[\"']([^\"']+)", stream.read(), re.M)
        pip = found.group(1) if found else None
    except OSError:
        pass
print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "executable": sys.executable,
                  "prefix": sys.prefix, "basePrefix": sys.base_prefix, "pip": pip}))
`

/** The default search order, as actions/setup-python leaves both names on PATH. */
export const DEFAULT_PYTHONS = ['python3', 'python'] as const

/**
 * The first of `candidates` that starts and is Python 3.8 or later. A program that is missing, or
 * is Python 2, is passed over; if none fits, the error names actions/setup-python.
 */
export async function findPython(
  candidates: readonly string[],
  env: Record<string, string>,
  deadline: number
): Promise<FoundPython> {
  const passedOver: string[] = []
  for (const candidate of candidates) {
    const probe = await runProcess(candidate, ['-I', '-c', PROBE], { cwd: '/', env, deadline })
    const found = probe.code === 0 ? parseProbe(probe.output) : undefined
    if (found === undefined) {
      passedOver.push(
        `${candidate}: ${probe.startError?.code === 'ENOENT' ? 'not found' : 'does not run as Python 3'}`
      )
      continue
    }
    const [major, minor] = found.version.split('.').map(Number)
    if (major !== 3 || (minor ?? 0) < 8) {
      passedOver.push(`${candidate}: Python ${found.version}`)
      continue
    }
    return found
  }
  throw new MetadataError(
    `No Python 3.8 or later was found to run the project's build backend (${passedOver.join('; ')}).`,
    `${either('Add an actions/setup-python step before this one', 'Install Python 3 as python3 on PATH')} (or set ${inputName(Inputs.python)} to an interpreter), or build the distributions first and register from ${inputName(Inputs.distDir)}.`
  )
}

function parseProbe(output: string): FoundPython | undefined {
  try {
    const value = JSON.parse(output.trim().split('\n').pop() ?? '') as Record<string, unknown>
    const { version, executable, prefix, basePrefix, pip } = value
    if (
      typeof version !== 'string' ||
      typeof executable !== 'string' ||
      executable === '' ||
      typeof prefix !== 'string' ||
      typeof basePrefix !== 'string'
    )
      return undefined
    return { version, executable, prefix, basePrefix, ...(typeof pip === 'string' ? { pip } : {}) }
  } catch {
    return undefined
  }
}

/** pip 22.3 added `--python`: it can install into an environment that has no pip of its own. */
export function installsIntoOtherPythons(pip: string | undefined): boolean {
  const [major = 0, minor = 0] = (pip ?? '').split('.').map(part => parseInt(part, 10) || 0)
  return major > 22 || (major === 22 && minor >= 3)
}
