// Jest loads its global setup with Node's own module loader, which runs no TypeScript: tsx's
// public API loads the TypeScript modules that start the real servers (start-servers.ts).
import { tsImport } from 'tsx/esm/api'

export default async function globalSetup() {
  const { startServers } = await tsImport('./start-servers.ts', import.meta.url)
  await startServers()
}
