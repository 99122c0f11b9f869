/** Wheels built by the real backends, with Debian's Python, as `python -m build` makes them. */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEBIAN_PYTHON } from './python.js'

/** Builds a wheel of the project in `dir` (no isolation: Debian's backends) and returns its path. */
export async function buildWheel(dir: string, out?: string): Promise<string> {
  const target = out ?? (await mkdtemp(path.join(tmpdir(), 'wheel-')))
  execFileSync(
    DEBIAN_PYTHON,
    [
      '-m',
      'build',
      '--no-isolation',
      '--skip-dependency-check',
      '--wheel',
      '--outdir',
      target,
      dir
    ],
    { stdio: 'pipe', env: { ...process.env, SOURCE_DATE_EPOCH: '1704067200' } }
  )
  const wheel = (await readdir(target)).find(name => name.endsWith('.whl'))
  if (wheel === undefined) throw new Error(`python -m build made no wheel of ${dir}`)
  return path.join(target, wheel)
}

/** The bytes of a wheel's `*.dist-info/METADATA`, read by Python's zipfile. */
export function readWheelMetadata(wheel: string): Buffer {
  const script =
    'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nsys.stdout.buffer.write(z.read([n for n in z.namelist() if n.endswith(".dist-info/METADATA")][0]))'
  return execFileSync(DEBIAN_PYTHON, ['-c', script, wheel])
}
