// See global-setup.mjs: the TypeScript that stops the servers, loaded through tsx's public API.
import { tsImport } from 'tsx/esm/api'

export default async function globalTeardown() {
  const { stopServers } = await tsImport('./stop-servers.ts', import.meta.url)
  await stopServers()
}
