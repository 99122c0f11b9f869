/**
 * `npx tsx scripts/local-index.ts`: runs the local test index until stopped, for trying the action
 * by hand and for the self-test workflow. Options: --port N (default 3141), --path /user/index/
 * (default /ci/dev/), --flavour devpi|pypiserver|warehouse|gitlab (default devpi), and
 * --user name:password (repeatable). GET on the index URL returns what it stored, as JSON.
 */
import { startLocalIndex, type Flavour } from '../__tests__/local-index/server.js'

function option(name: string): string[] {
  const values: string[] = []
  process.argv.forEach((argument, i) => {
    if (argument === `--${name}` && process.argv[i + 1] !== undefined)
      values.push(process.argv[i + 1]!)
  })
  return values
}

const port = Number(option('port')[0] ?? '3141')
const users = Object.fromEntries(
  option('user').map(pair => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)])
)
const index = await startLocalIndex({
  flavour: (option('flavour')[0] ?? 'devpi') as Flavour,
  users,
  path: option('path')[0] ?? '/ci/dev/',
  port
})
console.log(
  `Local ${index.flavour} index at ${index.url} (users: ${Object.keys(users).join(', ') || 'none'})`
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void index.close().then(() => process.exit(0)))
}
