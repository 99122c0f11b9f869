/**
 * `npm run demo`: registers the example project on a local devpi-like index, running the bundled
 * action exactly as a GitHub runner would (main step, then post step), and shows what happened.
 */
import path from 'node:path'
import { startLocalIndex } from '../__tests__/local-index/server.js'
import { REPO_ROOT, RunnerJob } from '../__tests__/support/runner-job.js'
import { existsSync } from 'node:fs'

const PROJECT = path.join(REPO_ROOT, '__tests__', 'data', 'sample-project')
const USER = 'demo'
const PASSWORD = 'demo-password'

function banner(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`)
}

async function main(): Promise<void> {
  const index = await startLocalIndex({
    flavour: 'devpi',
    users: { [USER]: PASSWORD },
    path: '/demo/dev/'
  })
  const job = await RunnerJob.create()
  try {
    banner(`Local index (devpi flavour) listening on ${index.url}`)
    banner(`Main step: registering ${path.relative(process.cwd(), PROJECT)}`)
    const main = await job.run('main', {
      cwd: PROJECT,
      inputs: {
        repository: index.url,
        username: USER,
        password: PASSWORD,
        'project-dir': '.',
        'dry-run': 'false'
      }
    })
    process.stdout.write(main.stdout)
    process.stderr.write(main.stderr)
    console.log(`(exit code ${main.code})`)

    banner('Outputs')
    for (const [name, value] of Object.entries(main.outputs)) console.log(`${name} = ${value}`)

    banner('Job summary')
    console.log(main.summary.trim())

    banner('What the index stored')
    const name = main.outputs.name ?? ''
    const version = main.outputs.version ?? ''
    console.log(JSON.stringify(index.record(name, version) ?? null, null, 2))

    banner('Post step: removing the temporary .pypirc')
    const post = await job.run('post')
    process.stdout.write(post.stdout)
    const pypirc = main.outputs['pypirc-path'] ?? ''
    console.log(`${pypirc} ${existsSync(pypirc) ? 'still exists!' : 'is gone.'}`)

    const ok = main.code === 0 && main.outputs.status === 'registered' && post.code === 0
    banner(ok ? 'Demo succeeded' : 'Demo FAILED')
    process.exitCode = ok ? 0 : 1
  } finally {
    await job.cleanup()
    await index.close()
  }
}

await main()
