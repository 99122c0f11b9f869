/**
 * The global teardown of a jest run: stops the servers startServers started, by process id, fails the
 * run if any survives, and removes their folders.
 */
import { rm } from 'node:fs/promises'
import { stopAll } from './launch.js'

export async function stopServers(): Promise<void> {
  const run = globalThis.pypiRegisterRealServers
  if (run === undefined) return
  globalThis.pypiRegisterRealServers = undefined
  const survivors = await stopAll(run.processes)
  if (survivors.length > 0) {
    throw new Error(`Test servers still running after the run: ${survivors.join(', ')}.`)
  }
  await rm(run.folder, { recursive: true, force: true })
}
