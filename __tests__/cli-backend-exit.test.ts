/**
 * Ctrl-C on the command line while the build backend runs: the backend and everything it started
 * stop, and the scratch folder goes, before the command exits. The command runs with its own
 * temporary folder (TMPDIR), so the folder can be checked to be empty afterwards.
 */
import { expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { processesOf } from '../src/metadata/pep517/sandbox.js'
import { cleanUpAfterEach, closeAfterTest } from './support/action-harness.js'
import { DEBIAN_PYTHON } from './support/python.js'
import { REPO_ROOT } from './support/runner-job.js'

cleanUpAfterEach()

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.cjs')

it('SIGINT during the backend path stops the backend and removes the scratch folder', async () => {
  const project = await mkdtemp(path.join(tmpdir(), 'hanging-'))
  const scratch = await mkdtemp(path.join(tmpdir(), 'cli-tmp-'))
  closeAfterTest(() => rm(project, { recursive: true, force: true }))
  closeAfterTest(() => rm(scratch, { recursive: true, force: true }))
  await mkdir(path.join(project, 'backend'))
  await writeFile(
    path.join(project, 'pyproject.toml'),
    '[build-system]\nrequires = []\nbuild-backend = "hanging"\nbackend-path = ["backend"]\n'
  )
  await writeFile(
    path.join(project, 'backend', 'hanging.py'),
    'import subprocess, sys, time\n\ndef prepare_metadata_for_build_wheel(directory, config_settings=None):\n    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)\n    print("backend started", flush=True)\n    time.sleep(60)\n'
  )
  const child = spawn(
    process.execPath,
    [
      CLI,
      '--repository',
      'pypi',
      '--dry-run',
      '--build-isolation',
      'false',
      '--python',
      DEBIAN_PYTHON
    ],
    {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: scratch },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let output = ''
  const ended = new Promise<number | null>(resolve => child.on('close', resolve))
  await new Promise<void>(resolve =>
    child.stdout.on('data', chunk => {
      output += String(chunk)
      if (output.includes('Asking the build backend')) resolve()
    })
  )
  // While the hook sleeps, its scratch folder is there; then Ctrl-C.
  await new Promise(resolve => setTimeout(resolve, 1500))
  expect(await readdir(scratch)).toHaveLength(1)
  child.kill('SIGINT')
  expect(await ended).toBe(130)
  expect(await readdir(scratch)).toEqual([])
  const sandboxUser = /run as user id (\d+)/.exec(output)?.[1]
  if (sandboxUser !== undefined) expect(processesOf(Number(sandboxUser))).toEqual([])
  else expect(output).toContain('Project code runs as this user, not contained')
})
