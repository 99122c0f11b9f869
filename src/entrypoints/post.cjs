// The post step: removes the .pypirc. A CommonJS launcher, like main.cjs.
const { actionsHost } = require('../host/actions-host.ts')
const { run } = require('../post.ts')

void run(actionsHost())
