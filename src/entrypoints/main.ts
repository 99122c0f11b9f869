import { actionsHost } from '../host/actions-host.js'
import { run } from '../main.js'

await run(actionsHost())
