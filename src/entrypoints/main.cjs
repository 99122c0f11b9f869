// The main step. A CommonJS launcher, so that the bundle starts without Node's ES module loader
// (about 12 ms of every start); the code it runs is the ES modules under src/.
const { actionsHost } = require('../host/actions-host.ts')
const { run } = require('../main.ts')

void run(actionsHost())
