/** The post step: removes the .pypirc that main wrote. It warns, and never fails the job. */
import * as core from '@actions/core'
import { State } from './constants.js'
import { removePypirc } from './pypirc.js'
import { scratchDirectory } from './settings.js'

/** Runs the post step. Never throws and never fails: cleanup problems are warnings. */
export async function run(): Promise<void> {
  const pypircPath = core.getState(State.pypircPath)
  if (pypircPath === '') {
    core.info('No .pypirc was written by the main step; nothing to remove.')
    return
  }
  try {
    const result = await removePypirc(pypircPath, scratchDirectory(process.env))
    if (result === 'removed') core.info(`Removed ${pypircPath}`)
    else if (result === 'already-gone') core.info(`${pypircPath} was already removed.`)
    else
      core.warning(`Did not remove ${pypircPath}: it is not inside the runner's temporary folder.`)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    core.warning(
      `Could not remove ${pypircPath} (${reason}). The runner deletes its temporary folder after the job.`
    )
  }
}
