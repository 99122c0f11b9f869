/**
 * Metadata of a project that only a `setup.py` describes: the project's own setup.py is run by the
 * runner's Python up to the point where setup() has read its arguments and config files (no command
 * runs, nothing is built), and the metadata is written as PKG-INFO into a temporary folder.
 */
import type { ExecFileException } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MetadataError } from '../errors.js'
import type { CoreMetadata } from './fields.js'
import { parsePkgInfo, type ParsedPkgInfo } from './pkginfo.js'
import { normalizeExtraName, withExtraMarker } from './pyproject.js'

/** How long setup.py may take before it is stopped. */
export const SETUP_PY_TIMEOUT_MS = 60_000

/**
 * Runs setup() with `stop_after="config"`, the stage after which setuptools and distutils have the
 * complete metadata but have not run any command, then writes PKG-INFO with the project's own
 * setuptools or distutils. Errors go to stderr, prefixed so they can be told from setup.py's output.
 */
const DRIVER = `
import os, sys
project, target = sys.argv[1], sys.argv[2]
os.chdir(project)
sys.path.insert(0, project)
try:
    import setuptools  # noqa: F401  (makes run_setup use setuptools' Distribution when present)
except ImportError:
    pass
try:
    from distutils.core import run_setup
except ImportError:
    sys.stderr.write("PYPI-REGISTER: neither setuptools nor distutils is installed\\n")
    sys.exit(3)
sys.argv = ["setup.py"]
dist = run_setup(os.path.join(project, "setup.py"), stop_after="config")
with open(target, "w", encoding="utf-8") as stream:
    dist.metadata.write_pkg_file(stream)
import json
def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]
extras = getattr(dist, "extras_require", None) or {}
with open(target + ".json", "w", encoding="utf-8") as stream:
    json.dump({
        "install_requires": [line for item in as_list(getattr(dist, "install_requires", None)) for line in item.splitlines()],
        "extras_require": {key: [line for item in as_list(value) for line in item.splitlines()] for key, value in extras.items()},
    }, stream)
`

/** Reads a setup.py project's metadata by running its setup.py with `python`. */
export async function metadataFromSetupPy(
  projectDir: string,
  python = 'python3'
): Promise<ParsedPkgInfo> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'pypi-register-setup-py-'))
  const target = path.join(scratch, 'PKG-INFO')
  try {
    await runPython(python, [projectDir, target], projectDir)
    const parsed = parsePkgInfo(await readFile(target), 'PKG-INFO written by setup.py')
    const requirements = JSON.parse(await readFile(`${target}.json`, 'utf8')) as SetupRequirements
    return { ...parsed, metadata: withRequirements(parsed.metadata, requirements) }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

interface SetupRequirements {
  install_requires: string[]
  /** Keys may carry a marker, setuptools' `extra:marker` form. */
  extras_require: Record<string, string[]>
}

/**
 * setuptools writes Requires-Dist into a wheel's METADATA but, before version 68 or so, not into
 * PKG-INFO; the wheel's entries come from install_requires and extras_require, converted here the
 * same way (an extra's requirements get `extra == "name"`, with its marker).
 */
export function withRequirements(
  metadata: CoreMetadata,
  requirements: SetupRequirements
): CoreMetadata {
  if ((metadata.requires_dist ?? []).length > 0) return metadata
  const lines = (list: string[]): string[] =>
    list.map(line => line.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean)
  const requiresDist = [...lines(requirements.install_requires)]
  for (const [key, list] of Object.entries(requirements.extras_require)) {
    const [extra = '', keyMarker] = key.split(':', 2)
    for (const requirement of lines(list)) {
      const withKeyMarker =
        keyMarker === undefined ? requirement : addMarker(requirement, keyMarker.trim())
      // setuptools files a marked install_requires entry under ":marker", an extra with no name.
      requiresDist.push(
        extra.trim() === ''
          ? withKeyMarker
          : withExtraMarker(withKeyMarker, normalizeExtraName(extra.trim()))
      )
    }
  }
  return requiresDist.length === 0 ? metadata : { ...metadata, requires_dist: requiresDist }
}

function addMarker(requirement: string, marker: string): string {
  const at = requirement.indexOf(';')
  return at === -1
    ? `${requirement}; ${marker}`
    : `${requirement.slice(0, at).trim()}; (${requirement.slice(at + 1).trim()}) and (${marker})`
}

function runPython(python: string, args: string[], cwd: string): Promise<void> {
  // Loaded here, not at the top, for the same reason as in git.ts.
  const { execFile } = process.getBuiltinModule('node:child_process')
  return new Promise((resolve, reject) => {
    execFile(
      python,
      ['-c', DRIVER, ...args],
      {
        cwd,
        timeout: SETUP_PY_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        env: { ...process.env, PYTHONIOENCODING: 'utf-8' }
      },
      (error, _stdout, stderr) => {
        if (error === null) return resolve()
        reject(setupPyError(error, stderr, python))
      }
    )
  })
}

function setupPyError(error: ExecFileException, stderr: string, python: string): MetadataError {
  if (error.code === 'ENOENT') {
    return new MetadataError(
      `Reading setup.py needs Python, but "${python}" is not installed on this runner.`,
      'Add an actions/setup-python step before this one, or build the distribution first and register from dist/.'
    )
  }
  if (error.killed) {
    return new MetadataError(
      `setup.py did not finish within ${SETUP_PY_TIMEOUT_MS / 1000} s, so it was stopped.`,
      'Build the distribution first and register from dist/.'
    )
  }
  if (stderr.includes('PYPI-REGISTER: neither setuptools nor distutils')) {
    return new MetadataError(
      'Reading setup.py needs setuptools, which is not installed for this runner’s Python (distutils left Python in 3.12).',
      'Run `pip install setuptools` in a step before this one, or build the distribution first and register from dist/.'
    )
  }
  const lastLine = stderr.trim().split('\n').pop() ?? ''
  return new MetadataError(
    `setup.py failed${lastLine ? `: ${lastLine}` : ''}.`,
    'Run `python setup.py --name` locally to see the full error, or build the distribution first and register from dist/.'
  )
}
