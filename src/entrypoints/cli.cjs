#!/usr/bin/env node
// The command line (node dist/cli/index.cjs). A CommonJS launcher, like main.cjs.
const { runCli } = require('../cli.ts')

void runCli(process.argv.slice(2)).then(status => {
  process.exitCode = status
})
