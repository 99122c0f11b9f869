/**
 * `npx tsx scripts/local-index.ts`: runs the local test index until stopped, for trying the action
 * by hand (TLS, proxies and the other flavours the real servers cannot show). Options: --port N (default 3141), --path /user/index/
 * (default /ci/dev/), --flavour devpi|pypiserver|warehouse|gitlab (default devpi), and
 * --user name:password (repeatable). GET on the index URL returns what it stored, as JSON.
 */
import { startLocalIndex, type Flavour } from '../__tests__/local-index/server.js'
import { optionValues } from './command-options.js'

const port = Number(optionValues('port')[0] ?? '3141')
const users = Object.fromEntries(
  optionValues('user').map(pair => [
    pair.slice(0, pair.indexOf(':')),
    pair.slice(pair.indexOf(':') + 1)
  ])
)
const index = await startLocalIndex({
  flavour: (optionValues('flavour')[0] ?? 'devpi') as Flavour,
  users,
  path: optionValues('path')[0] ?? '/ci/dev/',
  port
})
console.log(
  `Local ${index.flavour} index at ${index.url} (users: ${Object.keys(users).join(', ') || 'none'})`
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void index.close().then(() => process.exit(0)))
}
