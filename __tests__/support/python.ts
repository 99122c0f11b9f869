/**
 * Python as a test oracle: runs a short script with JSON on stdin and parses JSON from stdout.
 * Python's own configparser and email parser decide what twine and the indexes will read.
 */
import { execFileSync } from 'node:child_process'

/**
 * The Python that has the real build backends (Debian's setuptools, hatchling, flit, poetry-core,
 * pdm-pep517, meson-python, build, twine), as .ci/run installs them.
 */
export const DEBIAN_PYTHON = '/usr/bin/python3'

/** packaging's normal form of each requirement: `a (>=1)` and `a>=1` are one requirement. */
export function normaliseRequirements(requirements: readonly string[]): string[] {
  return runPython<string[]>(
    'import json, sys\nfrom packaging.requirements import Requirement\nprint(json.dumps([str(Requirement(r)) for r in json.load(sys.stdin)]))',
    requirements
  )
}

export function runPython<T>(script: string, input: unknown, env: Record<string, string> = {}): T {
  const stdout = execFileSync('python3', ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1', ...env }
  })
  return JSON.parse(stdout) as T
}
