/**
 * Metadata of a project that only a `setup.py` describes: the project's own setup.py is run by the
 * runner's Python up to the point where setup() has read its arguments and config files (no command
 * runs, nothing is built), and the metadata is written as PKG-INFO into a temporary folder.
 */
import { execFile, type ExecFileException } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MetadataError } from '../errors.js'
import { parsePkgInfo, type ParsedPkgInfo } from './pkginfo.js'

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
    return parsePkgInfo(await readFile(target), 'PKG-INFO written by setup.py')
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function runPython(python: string, args: string[], cwd: string): Promise<void> {
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
