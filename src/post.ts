/** The post step: removes the .pypirc that main wrote. It warns, and never fails the job. */
import { State } from './constants.js'
import { removePypirc, scratchDirectory } from './config/pypirc-write.js'
import type { Host } from './host/host.js'
import { redactingHost } from './host/redacting-host.js'
import { Secrets } from './secrets.js'
import { either, speakingTo } from './wording.js'

/**
 * Runs the post step. Never throws and never fails: cleanup problems are warnings. Its host is
 * wrapped like main's, so that whatever it prints passes the same redaction.
 */
export function run(runner: Host, secrets = new Secrets()): Promise<void> {
  return speakingTo(runner.audience, () => cleanUp(runner, secrets))
}

async function cleanUp(runner: Host, secrets: Secrets): Promise<void> {
  const host = redactingHost(runner, secrets)
  const pypircPath = host.getState(State.pypircPath)
  if (pypircPath === '') {
    host.info(`No .pypirc was written${either(' by the main step', '')}; nothing to remove.`)
    return
  }
  try {
    const result = await removePypirc(pypircPath, scratchDirectory(process.env))
    if (result === 'removed') host.info(`Removed ${pypircPath}`)
    else if (result === 'already-gone')
      host.info(
        `Found no file at ${pypircPath}, where the main step wrote its .pypirc: something removed it before this step.`
      )
    else
      host.warning(
        `Did not remove ${pypircPath}, the path the main step saved: it is not inside ${either("the runner's", 'the')} temporary folder.`
      )
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    host.warning(
      `Could not remove ${pypircPath} (${reason}). ${either('The runner deletes its temporary folder after the job.', 'Remove it by hand: it holds the password.')}`
    )
  }
}
