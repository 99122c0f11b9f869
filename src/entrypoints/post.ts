import { actionsHost } from '../host/actions-host.js'
import { run } from '../post.js'

await run(actionsHost())
